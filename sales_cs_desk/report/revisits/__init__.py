from . import cs_revisit_report
