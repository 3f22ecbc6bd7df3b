from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_vmi_enabled = fields.Boolean(related="company_id.cs_vmi_enabled", readonly=False)
    cs_vmi_cover_days = fields.Integer(related="company_id.cs_vmi_cover_days", readonly=False)
    cs_vmi_recon_tolerance = fields.Float(related="company_id.cs_vmi_recon_tolerance", readonly=False)
    cs_vmi_import_max_size = fields.Integer(related="company_id.cs_vmi_import_max_size", readonly=False)
    cs_vmi_import_max_rows = fields.Integer(related="company_id.cs_vmi_import_max_rows", readonly=False)
