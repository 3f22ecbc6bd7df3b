from . import cs_delivery_otif_report
