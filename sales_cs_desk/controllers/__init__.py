from . import cs_xlsx
from . import portal_intake
from . import delivery
