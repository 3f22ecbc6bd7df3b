from . import res_company_delivery
from . import res_config_settings_delivery
from . import cs_delivery_exception
from . import cs_delivery_exception_line
from . import stock_picking_delivery_exception
from . import ir_ui_menu_delivery_exception
