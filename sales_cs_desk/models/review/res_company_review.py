from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Order review (O3–O11)
    # ------------------------------------------------------------------
    cs_review_required = fields.Boolean(
        string="Orders need CS review before confirmation",
        help="Quotations pass the review stages (CS check, supervisor, finance) and are confirmed "
        "when they reach Released. Off: orders are confirmed as in standard Odoo.",
    )
    cs_release_days = fields.Integer(
        string="Release deadline (working days)",
        default=3,
        help="The warehouse ships a released order within this many working days of the company calendar.",
    )
    cs_shortfall_amount = fields.Monetary(
        string="Small credit shortfall (amount)",
        currency_field="currency_id",
        help="A credit shortfall up to this amount is small: the order can be reduced to fit the credit.",
    )
    cs_shortfall_percent = fields.Float(
        string="Small credit shortfall (%)",
        default=10.0,
        help="A credit shortfall up to this share of the order total is small: the order can be reduced to fit.",
    )
    cs_price_tolerance = fields.Float(
        string="Price tolerance (%)",
        default=5.0,
        help="A net price below the customer's pricelist price by more than this share needs a supervisor.",
    )
    cs_queue_weight_amount = fields.Float(
        string="Queue weight: order size",
        default=1.0,
        help="Points per tenfold order amount (1,000 → 3 points, 10,000 → 4 points, times the weight).",
    )
    cs_queue_weight_customer = fields.Float(
        string="Queue weight: customer size",
        default=1.0,
        help="Points for a key customer (2) or an A-grade customer (1), times the weight.",
    )
    cs_retention_months = fields.Integer(
        string="Retention (months)",
        default=6,
        help="A closed order cannot be cancelled or deleted during this many months after its close-out.",
    )
    cs_auto_close_days = fields.Integer(
        string="Close automatically after (days)",
        help="Close delivered orders this many days after the last delivery without a receipt confirmation. "
        "0: close only when the customer's receipt is confirmed.",
    )

    @api.constrains(
        "cs_release_days",
        "cs_shortfall_amount",
        "cs_shortfall_percent",
        "cs_price_tolerance",
        "cs_queue_weight_amount",
        "cs_queue_weight_customer",
        "cs_retention_months",
        "cs_auto_close_days",
    )
    def _check_cs_review_settings(self):
        for company in self:
            values = [
                company.cs_release_days,
                company.cs_shortfall_amount,
                company.cs_shortfall_percent,
                company.cs_price_tolerance,
                company.cs_queue_weight_amount,
                company.cs_queue_weight_customer,
                company.cs_retention_months,
                company.cs_auto_close_days,
            ]
            if any(v < 0 for v in values) or company.cs_shortfall_percent > 100:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: review settings (deadline, tolerances, weights, retention) "
                        "cannot be negative, and the shortfall share is at most 100 %%.",
                        company=company.name,
                    )
                )

    def write(self, vals):
        switched_off = self.browse()
        if "cs_review_required" in vals and not vals["cs_review_required"]:
            switched_off = self.filtered("cs_review_required")
        res = super().write(vals)
        # switched on: orders created from now on enter the review; open quotations only through
        # the previewed action (cs.review.enter.wizard). Switched off: the queue is emptied.
        if switched_off:
            self.env["sale.order"]._cs_leave_review(switched_off)
        return res
