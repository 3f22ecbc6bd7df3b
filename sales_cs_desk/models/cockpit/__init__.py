from . import cs_desk_overview
