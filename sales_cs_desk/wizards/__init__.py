from . import cs_container_receive
from . import cs_container_writeoff
from . import cs_container_statement_wizard
from . import cs_review_back_wizard
from . import cs_review_waive_wizard
from . import cs_fit_credit_wizard
from . import cs_fit_credit_wizard_line
