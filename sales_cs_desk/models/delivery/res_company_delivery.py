from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Delivery performance (L1, L3, L5)
    # ------------------------------------------------------------------
    cs_delivery_enabled = fields.Boolean(
        string="Delivery performance",
        help="Plan the latest ship date from the customer's receiving window and transit time, track "
        "shipments to their arrival and measure on-time-in-full per customer. Off: deliveries are as in "
        "standard Odoo and the Delivery menus are hidden.",
    )
    cs_delivery_transit_days = fields.Integer(
        string="Default transit days",
        default=1,
        help="Days in transit when neither the customer item, the customer nor the carrier gives them.",
    )
    cs_delivery_otif_target = fields.Float(
        string="On-time-in-full target (%)",
        default=95.0,
        help="The target when neither the customer nor its grade has one of its own.",
    )

    cs_delivery_target_a = fields.Float(string="Target for A customers (%)", help="0: the company's target.")
    cs_delivery_target_b = fields.Float(string="Target for B customers (%)", help="0: the company's target.")
    cs_delivery_target_c = fields.Float(string="Target for C customers (%)", help="0: the company's target.")

    @api.constrains(
        "cs_delivery_transit_days",
        "cs_delivery_otif_target",
        "cs_delivery_target_a",
        "cs_delivery_target_b",
        "cs_delivery_target_c",
    )
    def _check_cs_delivery_settings(self):
        for company in self:
            targets = (
                company.cs_delivery_otif_target,
                company.cs_delivery_target_a,
                company.cs_delivery_target_b,
                company.cs_delivery_target_c,
            )
            if not 0 <= company.cs_delivery_transit_days <= 365 or not all(0 <= t <= 100 for t in targets):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: transit days go from 0 to 365 and the on-time-in-full target "
                        "is a percentage from 0 to 100.",
                        company=company.name,
                    )
                )
