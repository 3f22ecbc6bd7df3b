from . import cs_load_report
