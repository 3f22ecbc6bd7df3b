from . import cs_revisit
from . import cs_revisit_rule
from . import res_partner_revisits
from . import cs_complaint_revisits
from . import sale_order_revisits
from . import res_company_revisits
from . import res_config_settings_revisits
from . import ir_ui_menu_revisits
