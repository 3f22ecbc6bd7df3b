from . import cs_staff_kpi
