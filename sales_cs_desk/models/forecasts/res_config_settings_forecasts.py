from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_forecast_enabled = fields.Boolean(related="company_id.cs_forecast_enabled", readonly=False)
    cs_forecast_tolerance_qty = fields.Float(related="company_id.cs_forecast_tolerance_qty", readonly=False)
    cs_forecast_tolerance_pct = fields.Float(related="company_id.cs_forecast_tolerance_pct", readonly=False)
