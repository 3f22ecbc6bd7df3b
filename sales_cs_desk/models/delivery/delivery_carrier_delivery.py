from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    cs_transit_days = fields.Integer(
        string="Transit days",
        help="Days this carrier's shipments travel, used when neither the customer item nor the customer "
        "gives them (L1). 0: not set.",
    )

    _sql_constraints = [
        ("cs_transit_days_positive", "CHECK(cs_transit_days >= 0)", "Transit days cannot be negative."),
    ]
