from . import cs_review_back_wizard
from . import cs_review_waive_wizard
from . import cs_fit_credit_wizard
from . import cs_fit_credit_wizard_line
from . import cs_shortage_wizard
from . import cs_shortage_wizard_line
from . import cs_review_enter_wizard
