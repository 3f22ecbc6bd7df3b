from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_monthly_report_enabled = fields.Boolean(related="company_id.cs_monthly_report_enabled", readonly=False)
