from . import res_company_inquiries
from . import res_config_settings_inquiries
from . import cs_inquiry
from . import ir_ui_menu_inquiries
