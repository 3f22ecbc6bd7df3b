from . import complaints
from . import containers
from . import vmi
from . import revisits
from . import delivery
from . import loads
