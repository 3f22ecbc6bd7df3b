from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_policy_enabled = fields.Boolean(
        string="Sales policy items",
        help="Sales policies grant free items (samples, promotional material) on orders at review, "
        "within a budget at cost. Off: orders are as in standard Odoo.",
    )
