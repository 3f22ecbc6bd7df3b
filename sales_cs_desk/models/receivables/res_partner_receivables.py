from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL, format_amount

from ..common.cs_guard import cs_guard_fields

# who reads a customer's receivables (docs/SECURITY.md): CS roles (record rules narrow specialists to
# their own customers) and invoicing users; not plain salespeople
RECEIVABLE_READERS = "sales_cs_desk.group_cs_specialist,account.group_account_invoice"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Receivables and credit (C5)
    # ------------------------------------------------------------------
    # the SQL report's rows of this customer, one per company the reader may see; the report's record
    # rules decide which rows a reader gets (a specialist: its own customers only)
    cs_receivable_ids = fields.One2many(
        "cs.receivable.report",
        "cs_customer_id",
        string="Receivables and credit",
        readonly=True,
        groups=RECEIVABLE_READERS,
    )
    cs_receivables_enabled = fields.Boolean(
        string="Receivables shown",
        compute="_compute_cs_receivables_enabled",
        groups=RECEIVABLE_READERS,
        help="The current company shows receivables and credit to the desk (Settings).",
    )
    cs_overdue_alerted = fields.Boolean(
        string="Overdue raised to the supervisor",
        readonly=True,
        copy=False,
        groups="sales_cs_desk.group_cs_specialist",
        help="Set by the daily job when the customer's overdue receivables were raised to the CS supervisor; "
        "cleared once they are paid, so that a later overdue is raised again.",
    )

    # no depends: the switch is the current company's, not the partner's
    def _compute_cs_receivables_enabled(self):
        self.cs_receivables_enabled = self.env.company.cs_receivables_enabled

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_overdue_alerted",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_overdue_alerted",))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Daily job: overdue customers raised to the supervisor
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_receivables_overdue(self, batch_size=500):
        """Daily: one activity for the CS supervisor per customer newly overdue beyond the threshold.

        A customer is *overdue beyond the threshold* in a company with the
        feature on when its open receivable items more than the company's days
        past due (unapplied payments and credit notes of that age included, as
        in the report's buckets) add up to more than its amount. ``cs_overdue_alerted`` remembers
        that it was raised, so an activity marked done is not raised again
        while the customer stays overdue (idempotent: a second run the same day
        changes nothing); once it is overdue beyond the threshold nowhere, its
        open activity is marked done and the mark cleared. One batch of
        ``batch_size`` customers to raise and as many to close per call; the
        cron framework commits and calls again while work remains.
        """
        over = {}
        for partner_id, company_id, amount, days in self.env.execute_query(self._cs_overdue_query()):
            over.setdefault(partner_id, (company_id, amount, days))
        alerted = set(self.env.execute_query(SQL("SELECT id FROM res_partner WHERE cs_overdue_alerted")))
        alerted = {row[0] for row in alerted}
        to_raise = sorted(set(over) - alerted)
        to_close = sorted(alerted - set(over))
        remaining = max(len(to_raise) - batch_size, 0) + max(len(to_close) - batch_size, 0)
        to_raise, to_close = to_raise[:batch_size], to_close[:batch_size]
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_overdue")
        Activity = self.env["mail.activity"]
        if to_close:
            closing = self.sudo().browse(to_close)
            Activity._cs_close(closing, activity_type, feedback=self.env._("Overdue receivables paid."))
            closing.with_context(tracking_disable=True).write({"cs_overdue_alerted": False})
        if to_raise:
            partners = self.sudo().browse(to_raise)
            today = fields.Date.context_today(self)
            supervisors = {}
            situations = []
            for partner in partners:
                company_id, amount, days = over[partner.id]
                company = self.env["res.company"].browse(company_id)
                if company not in supervisors:
                    supervisors[company] = company._cs_duty_supervisor()
                note = self.env._(
                    "%(customer)s has %(amount)s overdue in %(company)s; the oldest invoice is %(days)s days "
                    "past due. Agree a payment date with the customer and finance.",
                    customer=partner.display_name,
                    amount=format_amount(self.env, amount, company.currency_id),
                    company=company.name,
                    days=days,
                )
                situations.append((partner, supervisors[company], today, self.env._("Overdue receivables"), note))
            Activity._cs_raise(activity_type, situations, per_user=False)
            # a company without a supervisor raises nothing: its customers are tried again tomorrow
            raised = self.sudo().browse([situation[0].id for situation in situations if situation[1]])
            raised.with_context(tracking_disable=True).write({"cs_overdue_alerted": True})
        self.env["ir.cron"]._notify_progress(done=len(to_raise) + len(to_close), remaining=remaining)
        return len(to_raise) + len(to_close)

    @api.model
    def _cs_overdue_query(self):
        """Rows ``(customer, company, amount overdue beyond the threshold, oldest days past due)``.

        Companies with receivables switched on only; the largest amount first,
        so a customer overdue in two companies is raised to the company where
        it owes most.
        """
        self.env["account.move.line"].flush_model(
            ["amount_residual", "partner_id", "account_id", "parent_state", "reconciled", "date_maturity", "company_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "cs_overdue_alerted"])
        self.env["res.company"].flush_model(
            ["cs_receivables_enabled", "cs_overdue_alert_days", "cs_overdue_alert_amount"]
        )
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT p.commercial_partner_id, aml.company_id, SUM(aml.amount_residual),
                   COALESCE(MAX(%(today)s::date - aml.date_maturity) FILTER (WHERE aml.amount_residual > 0), 0)
              FROM account_move_line aml
              JOIN account_account acc ON acc.id = aml.account_id
              JOIN res_partner p ON p.id = aml.partner_id
              JOIN res_company c ON c.id = aml.company_id
             WHERE c.cs_receivables_enabled
               AND acc.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND NOT aml.reconciled
               AND aml.date_maturity < %(today)s::date - c.cs_overdue_alert_days
             GROUP BY p.commercial_partner_id, aml.company_id, c.cs_overdue_alert_amount
            HAVING SUM(aml.amount_residual) > COALESCE(c.cs_overdue_alert_amount, 0)
             ORDER BY SUM(aml.amount_residual) DESC
            """,
            today=today,
        )

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_receivables(self):
        """Demo: posted invoices of the demo customers in every overdue bucket, then the overdue job."""
        company = self.env.ref("base.main_company")
        journal = self.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        product = self.env.ref("sales_cs_desk.product_bracket_demo", raise_if_not_found=False)
        if not journal or not product:
            return  # no chart of accounts: nothing to invoice
        today = fields.Date.context_today(self)
        # credit limits that the demo's released orders fit in (the review's finance stage checks them),
        # except 长江 Changjiang's: its order waits in finance review for the credit
        plan = [
            ("res_partner_huitong_demo", 60, 12000.0, 500000.0),
            ("res_partner_huitong_demo", 20, 8000.0, 0),
            ("res_partner_nordwerk_demo", 40, 4500.0, 60000.0),
            ("res_partner_nordwerk_demo", 75, 2600.0, 0),
            ("res_partner_changjiang_demo", 120, 3800.0, 5000.0),
            ("res_partner_atlas_demo", -15, 6400.0, 20000.0),
            ("res_partner_midwest_demo", 10, 1500.0, 0),
        ]
        moves = self.env["account.move"]
        for xmlid, days_overdue, amount, limit in plan:
            partner = self.env.ref(f"sales_cs_desk.{xmlid}")
            if limit:
                partner.with_company(company).credit_limit = limit
            moves |= moves.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "invoice_date": today - timedelta(days=max(days_overdue, 0) + 30),
                    "invoice_date_due": today - timedelta(days=days_overdue),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 1, "price_unit": amount, "tax_ids": False}
                        )
                    ],
                }
            )
        moves.action_post()
        company.account_use_credit_limit = True
        self._cron_cs_receivables_overdue()
