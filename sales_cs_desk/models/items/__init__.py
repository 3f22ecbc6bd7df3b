from . import product_template_items
from . import cs_customer_item
