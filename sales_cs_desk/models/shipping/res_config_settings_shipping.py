from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_shipping_docs_enabled = fields.Boolean(related="company_id.cs_shipping_docs_enabled", readonly=False)
    cs_trade_mode = fields.Selection(related="company_id.cs_trade_mode", readonly=False)
