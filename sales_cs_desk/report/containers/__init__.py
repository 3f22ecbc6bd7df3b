from . import cs_container_balance
from . import cs_container_need
