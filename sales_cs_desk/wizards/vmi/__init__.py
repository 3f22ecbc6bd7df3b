from . import cs_vmi_daily_report_wizard
