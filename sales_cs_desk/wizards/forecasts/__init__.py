from . import cs_forecast_import_wizard
