from . import cs_inquiry_report
