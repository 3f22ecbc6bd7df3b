from . import res_company_shipping
from . import res_config_settings_shipping
from . import product_template_shipping
from . import stock_picking_shipping
