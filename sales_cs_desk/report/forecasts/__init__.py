from . import cs_forecast_accuracy_report
