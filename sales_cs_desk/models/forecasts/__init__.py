from . import res_company_forecasts
from . import res_config_settings_forecasts
from . import res_partner_forecasts
from . import cs_customer_forecast_version
from . import cs_customer_forecast
from . import cs_forecast_deviation
from . import ir_ui_menu_forecasts
