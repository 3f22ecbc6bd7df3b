from . import cs_complaint_report
from . import cs_container_balance
from . import cs_vmi_daily_report
from . import cs_vmi_daily_report_pdf
from . import cs_container_need
from . import cs_revisit_report
from . import cs_vmi_fee_report
from . import cs_vmi_stock_flow
