# Order matters: mixins before the models that inherit them.
from . import cs_customer_mixin
from . import cs_weekday
from . import res_company
from . import res_config_settings
from . import cs_absence
from . import res_users
from . import res_partner
from . import cs_customer_note
from . import mail_activity
from . import cs_complaint_stage
from . import cs_complaint_category
from . import cs_complaint_cause
from . import cs_complaint_department
from . import cs_complaint
from . import cs_complaint_action
