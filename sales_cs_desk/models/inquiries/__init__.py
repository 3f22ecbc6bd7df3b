from . import res_company_inquiries
from . import res_config_settings_inquiries
from . import cs_inquiry
