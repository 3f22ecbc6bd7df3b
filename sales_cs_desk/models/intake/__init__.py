from . import cs_intake_edi
