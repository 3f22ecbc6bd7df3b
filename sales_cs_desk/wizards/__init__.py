from . import containers
from . import review
from . import vmi
from . import loads
