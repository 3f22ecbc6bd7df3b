from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_delivery_enabled = fields.Boolean(related="company_id.cs_delivery_enabled", readonly=False)
    cs_delivery_transit_days = fields.Integer(related="company_id.cs_delivery_transit_days", readonly=False)
    cs_delivery_otif_target = fields.Float(related="company_id.cs_delivery_otif_target", readonly=False)
    cs_delivery_target_a = fields.Float(related="company_id.cs_delivery_target_a", readonly=False)
    cs_delivery_target_b = fields.Float(related="company_id.cs_delivery_target_b", readonly=False)
    cs_delivery_target_c = fields.Float(related="company_id.cs_delivery_target_c", readonly=False)
