from . import cs_sales_policy
from . import cs_sales_policy_step
from . import res_company_policies
from . import res_config_settings_policies
from . import cs_order_check_policies
from . import cs_review_stage_policies
from . import sale_order_policies
from . import sale_order_line_policies
