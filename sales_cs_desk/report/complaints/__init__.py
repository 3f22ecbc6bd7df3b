from . import cs_complaint_report
