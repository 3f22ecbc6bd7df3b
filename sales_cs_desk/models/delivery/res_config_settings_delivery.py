from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_delivery_enabled = fields.Boolean(related="company_id.cs_delivery_enabled", readonly=False)
    cs_delivery_transit_days = fields.Integer(related="company_id.cs_delivery_transit_days", readonly=False)
    cs_delivery_otif_target = fields.Float(related="company_id.cs_delivery_otif_target", readonly=False)
