from . import cs_customer_mixin
from . import cs_satisfaction_mixin
from . import res_company_common
from . import mail_activity_common
from . import ir_ui_menu_common
from . import cs_xlsx
from . import cs_i18n
from . import res_company_demo
