from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_container_tracking = fields.Boolean(related="company_id.cs_container_tracking", readonly=False)
    cs_container_shortage_policy = fields.Selection(related="company_id.cs_container_shortage_policy", readonly=False)
    cs_container_forecast_days = fields.Integer(related="company_id.cs_container_forecast_days", readonly=False)
