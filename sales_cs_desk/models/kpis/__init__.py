from . import res_company_kpis
from . import res_config_settings_kpis
from . import ir_ui_menu_kpis
from . import cs_order_change_kpis
