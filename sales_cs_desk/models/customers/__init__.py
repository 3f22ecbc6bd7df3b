from . import cs_weekday
from . import res_company_customers
from . import res_config_settings_customers
from . import cs_absence
from . import res_users_customers
from . import res_partner_customers
from . import cs_customer_note
from . import mail_activity_customers
