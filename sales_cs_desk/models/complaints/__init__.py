from . import cs_complaint_stage
from . import cs_complaint_category
from . import cs_complaint_cause
from . import cs_complaint_department
from . import cs_complaint
from . import cs_complaint_action
