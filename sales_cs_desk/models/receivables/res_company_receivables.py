from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Receivables and credit (C5)
    # ------------------------------------------------------------------
    cs_receivables_enabled = fields.Boolean(
        string="Receivables and credit",
        help="Show each customer's sales, open and overdue receivables and credit usage to the desk, and "
        "raise customers newly overdue to the supervisor.",
    )
    cs_overdue_alert_days = fields.Integer(
        string="Raise overdue after (days)",
        default=30,
        help="A customer with invoices overdue by more than this many days is raised to the CS supervisor.",
    )
    cs_overdue_alert_amount = fields.Monetary(
        string="Raise overdue from (amount)",
        default=0.0,
        currency_field="currency_id",
        help="Only when the amount overdue beyond the days above is larger than this (company currency).",
    )

    @api.constrains("cs_overdue_alert_days", "cs_overdue_alert_amount")
    def _check_cs_overdue_alert(self):
        for company in self:
            if company.cs_overdue_alert_days < 0 or company.cs_overdue_alert_amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the overdue alert needs a number of days and an amount of 0 or more.",
                        company=company.name,
                    )
                )
