# One sub-package per capability (docs/LAYOUT.md); order matters: mixins first.
from . import common
from . import customers
from . import items
from . import complaints
from . import containers
from . import review
from . import vmi
from . import revisits
from . import intake
from . import policies
from . import forecasts
from . import delivery
from . import loads
from . import shipping
from . import inquiries
from . import receivables
from . import kpis
