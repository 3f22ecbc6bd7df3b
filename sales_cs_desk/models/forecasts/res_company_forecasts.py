from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_forecast_enabled = fields.Boolean(
        string="Customer forecasts",
        help="Customer forecasts are recorded per version and compared with the orders; deviations above "
        "the tolerance are raised to the specialist. Off: nothing is compared, menus are hidden.",
    )
    cs_forecast_tolerance_qty = fields.Float(
        string="Forecast tolerance (quantity)",
        default=10.0,
        help="A deviation between orders and forecast is raised when it exceeds this quantity "
        "and the percentage (unless the customer has its own tolerance).",
    )
    cs_forecast_tolerance_pct = fields.Float(string="Forecast tolerance (%)", default=20.0)

    @api.constrains("cs_forecast_tolerance_qty", "cs_forecast_tolerance_pct")
    def _check_cs_forecast_tolerance(self):
        for company in self:
            if company.cs_forecast_tolerance_qty < 0 or company.cs_forecast_tolerance_pct < 0:
                raise ValidationError(self.env._("Forecast tolerances cannot be negative."))
