from . import cs_load_proposal
from . import cs_load_proposal_line
