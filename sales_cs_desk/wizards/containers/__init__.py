from . import cs_container_booking
from . import cs_container_receive
from . import cs_container_writeoff
from . import cs_container_statement_wizard
