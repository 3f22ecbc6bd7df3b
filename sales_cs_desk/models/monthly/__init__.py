from . import res_company_monthly
from . import res_config_settings_monthly
from . import cs_monthly_report
from . import cs_monthly_report_sent
from . import ir_ui_menu_monthly
