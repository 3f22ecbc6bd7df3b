from . import cs_receivable_report
