from . import cs_xlsx
from . import delivery
