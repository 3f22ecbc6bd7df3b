from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_loads_enabled = fields.Boolean(related="company_id.cs_loads_enabled", readonly=False)
    cs_load_grouping = fields.Selection(related="company_id.cs_load_grouping", readonly=False)
    cs_load_zip_digits = fields.Integer(related="company_id.cs_load_zip_digits", readonly=False)
