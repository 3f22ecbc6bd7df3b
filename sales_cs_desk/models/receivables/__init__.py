from . import res_company_receivables
from . import res_config_settings_receivables
from . import res_partner_receivables
from . import ir_ui_menu_receivables
from . import sale_order_receivables
