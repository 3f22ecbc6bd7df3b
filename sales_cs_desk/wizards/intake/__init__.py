from . import cs_order_intake_upload
