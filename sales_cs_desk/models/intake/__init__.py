from . import res_company_intake
from . import res_config_settings_intake
from . import res_partner_intake
from . import cs_intake_reader
from . import cs_intake_layout
from . import cs_order_intake_line
from . import cs_order_intake_line_checks
from . import cs_order_intake
from . import cs_order_intake_import
from . import sale_order_line_intake
from . import cs_customer_item_intake
from . import ir_ui_menu_intake

# channels: EDIFACT, e-mail alias, Web EDI portal
from . import cs_intake_edi
from . import cs_order_intake_edi
from . import cs_order_intake_mail
from . import cs_order_intake_portal
from . import cs_order_intake_line_portal
from . import res_company_intake_mail
from . import res_config_settings_intake_mail
