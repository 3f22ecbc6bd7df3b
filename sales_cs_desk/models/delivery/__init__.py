from . import res_company_delivery
from . import res_config_settings_delivery
