from . import containers
from . import review
from . import vmi
from . import intake
from . import forecasts
