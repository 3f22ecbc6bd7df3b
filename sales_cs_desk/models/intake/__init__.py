from . import cs_intake_edi
from . import res_company_intake_mail
from . import res_config_settings_intake_mail
