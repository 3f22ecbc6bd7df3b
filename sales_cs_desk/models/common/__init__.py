from . import cs_customer_mixin
