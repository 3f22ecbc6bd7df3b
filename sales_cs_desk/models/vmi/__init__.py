from . import res_company_vmi
from . import res_config_settings_vmi
from . import stock_warehouse_vmi
from . import cs_vmi_stock_alert
from . import cs_vmi_reconcile
from . import cs_vmi_reconcile_line
from . import cs_logistics_fee
from . import ir_ui_menu_vmi
