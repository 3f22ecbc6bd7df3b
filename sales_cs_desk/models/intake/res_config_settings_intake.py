from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_intake_enabled = fields.Boolean(related="company_id.cs_intake_enabled", readonly=False)
    cs_intake_max_rows = fields.Integer(related="company_id.cs_intake_max_rows", readonly=False)
