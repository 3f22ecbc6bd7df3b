from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_receivables_enabled = fields.Boolean(related="company_id.cs_receivables_enabled", readonly=False)
    cs_overdue_alert_days = fields.Integer(related="company_id.cs_overdue_alert_days", readonly=False)
    cs_overdue_alert_amount = fields.Monetary(related="company_id.cs_overdue_alert_amount", readonly=False)
