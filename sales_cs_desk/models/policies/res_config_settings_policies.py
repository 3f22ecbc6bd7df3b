from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_policy_enabled = fields.Boolean(related="company_id.cs_policy_enabled", readonly=False)
