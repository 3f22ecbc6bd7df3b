from . import cs_xlsx
