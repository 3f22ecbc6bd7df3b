from dateutil.relativedelta import relativedelta

from odoo import fields, models


def _last_month_start(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


def _last_month_end(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(days=1)


def _selected_customers(wizard):
    """Customers ticked in a customer list, when the wizard is opened from it."""
    if wizard.env.context.get("active_model") == "res.partner":
        return wizard.env["res.partner"].browse(wizard.env.context.get("active_ids", [])).commercial_partner_id
    return wizard.env["res.partner"]


class CsContainerStatementWizard(models.TransientModel):
    """Issue container statements for one or many customers and print them."""

    _name = "cs.container.statement.wizard"
    _description = "Issue container statements"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        domain=[("parent_id", "=", False)],
        default=_selected_customers,
    )
    date_from = fields.Date(string="From", required=True, default=_last_month_start)
    date_to = fields.Date(string="To", required=True, default=_last_month_end)

    def action_issue(self):
        """Create one statement per customer for the period and print them together."""
        self.ensure_one()
        statements = self.env["cs.container.statement"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
                for partner in self.partner_ids.commercial_partner_id
            ]
        )
        return statements.action_print()
