from . import cs_vmi_daily_report
from . import cs_vmi_daily_report_pdf
from . import cs_vmi_fee_report
from . import cs_vmi_stock_flow
