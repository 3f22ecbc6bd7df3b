from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class SaleOrder(models.Model):
    """Daily review job: late releases and automatic close-out (O8, O10)."""

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Daily job (O8, O10)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_review_daily(self, batch_size=500):
        """Escalate late releases once each; close delivered orders when configured.

        One batch of each per call: the orders handled leave the job's domain
        (escalated for their ship-by date, or closed), so the cron framework,
        told what remains, calls again after committing the batch. Running it
        twice escalates and closes nothing more.
        """
        escalated, late_left = self._cs_escalate_late_releases(batch_size)
        closed, close_left = self._cs_auto_close(batch_size)
        self.env["ir.cron"]._notify_progress(done=escalated + closed, remaining=late_left + close_left)
        return escalated + closed

    @api.model
    def _cs_late_release_query(self, today, companies):
        """Released orders past their ship-by date whose miss was not escalated yet (one per deadline)."""
        query = self.sudo()._search(
            [
                ("company_id", "in", companies.ids),
                ("cs_stage_id.stage_type", "=", "released"),
                ("cs_ship_by_date", "<", today),
            ]
        )
        query.add_where(
            SQL(
                "(%(escalated)s IS NULL OR %(escalated)s <> %(ship_by)s)",
                escalated=SQL.identifier(self._table, "cs_late_escalated_for"),
                ship_by=SQL.identifier(self._table, "cs_ship_by_date"),
            )
        )
        return query

    @api.model
    def _cs_escalate_late_releases(self, batch_size=500):
        """One activity for the duty supervisor per missed ship-by date; returns (done, remaining)."""
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_release_late")
        today = fields.Date.context_today(self)
        Order = self.sudo()
        companies = self.env["res.company"].sudo().search([]).filtered(lambda c: c._cs_duty_supervisor())
        if not companies:
            return 0, 0
        query = self._cs_late_release_query(today, companies)
        total = len(query)  # COUNT(*)
        query.order = SQL.identifier(self._table, "id")
        query.limit = batch_size
        late = Order.browse(list(query))
        late.fetch(["name", "company_id", "cs_ship_by_date"])
        supervisors = {company: company._cs_duty_supervisor() for company in late.company_id}
        # an open activity raised before the order kept track of it (or by hand) counts as raised
        self.env["mail.activity"]._cs_raise(
            activity_type,
            [
                (
                    order,
                    supervisors[order.company_id],
                    today,
                    self.env._(
                        "%(order)s not shipped by %(deadline)s",
                        order=order.name,
                        deadline=fields.Date.to_string(order.cs_ship_by_date),
                    ),
                )
                for order in late
            ],
            per_user=False,
        )
        for ship_by, orders in late.grouped("cs_ship_by_date").items():
            orders.write({"cs_late_escalated_for": ship_by})
        return len(late), total - len(late)

    @api.model
    def _cs_auto_close_domain(self, now):
        companies = self.env["res.company"].sudo().search([("cs_auto_close_days", ">", 0)])
        return expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("cs_stage_id.stage_type", "=", "delivered"),
                    ("cs_delivered_date", "<=", now - timedelta(days=company.cs_auto_close_days)),
                ]
                for company in companies
            ]
        )

    @api.model
    def _cs_auto_close(self, batch_size=500):
        """Close one batch of orders delivered long enough ago; returns (done, remaining)."""
        if not self.env["cs.review.stage"]._cs_stage_of_type("closed"):
            return 0, 0
        domain = self._cs_auto_close_domain(fields.Datetime.now())
        if not domain or domain == expression.FALSE_DOMAIN:
            return 0, 0
        Order = self.sudo()
        to_close = Order.search(domain, order="id", limit=batch_size)
        remaining = Order.search_count(domain) - len(to_close) if len(to_close) == batch_size else 0
        to_close._cs_close()
        return len(to_close), remaining
