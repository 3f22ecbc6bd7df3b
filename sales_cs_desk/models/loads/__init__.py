from . import res_company_loads
from . import res_config_settings_loads
from . import stock_move_loads
from . import stock_picking_loads
from . import stock_picking_batch_loads
from . import ir_ui_menu_loads
