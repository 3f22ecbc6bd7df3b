from odoo import fields, models
from odoo.tools import format_amount

from ..common.cs_i18n import _lt
from .sale_order_review import _RECHECK_DEFERRED


class SaleOrder(models.Model):
    """Review checks and credit hold on the sale order (O4)."""

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Checks (O4)
    # ------------------------------------------------------------------
    def _cs_in_review(self):
        return self.filtered(
            lambda o: o.cs_stage_id.stage_type == "review" and o.company_id.cs_review_required and o.state != "cancel"
        )

    def _cs_recheck(self):
        """Re-run the checks of the orders still in review, after a change.

        Runs as superuser: the change itself was the user's, allowed by their
        rights; the engine reads credit and CS data they may not read, and
        writes only its own results. Orders whose write is in progress are
        re-checked once at its end (``_cs_recheck_deferred``).
        """
        deferred = self.env.cr.cache.get(_RECHECK_DEFERRED)
        orders = self.filtered(lambda o: not deferred.get(o.id)) if deferred else self
        orders.sudo()._cs_in_review()._cs_run_checks()

    def _cs_run_checks(self, kinds=None, locked=False):
        """Run the review checks (all, or ``kinds``) on a batch of orders (a fixed number of queries).

        ``locked``: the caller locked the orders' rows (``_cs_move``).
        """
        checks = self.env["cs.order.check"]._cs_run(self, kinds, locked=locked)
        self._cs_update_credit_hold()
        return checks

    def action_cs_run_checks(self):
        self.check_access("write")
        self._cs_run_checks()
        return True

    def _cs_demand_by_product(self):
        """{product: ordered quantity in the product's unit} of the storable lines."""
        self.ensure_one()
        demand = {}
        for line in self.order_line:
            if line.product_id.is_storable and not line.display_type:
                demand[line.product_id] = demand.get(line.product_id, 0.0) + line._cs_qty_in_product_uom()
        return demand

    def _cs_missing_information(self):
        self.ensure_one()
        missing = []
        address = self.partner_shipping_id
        if not address or not (address.street and address.city):
            missing.append(_lt("delivery address (street and city)"))
        if not self.commitment_date:
            missing.append(_lt("requested delivery date"))
        if not self.payment_term_id:
            missing.append(_lt("payment terms"))
        return missing

    def _cs_credit_figures(self, limits, exposure):
        """Credit limit, exposure and its parts (company currency) for this order."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        receivable, credits, to_invoice = exposure.get((customer.id, self.company_id.id), (0.0, 0.0, 0.0))
        amount = self.amount_total / (self.currency_rate or 1.0)
        total = amount + receivable + to_invoice - credits
        return {
            "limit": limits.get(customer.id) or 0.0,
            "amount": amount,
            "receivable": receivable,
            "credits": credits,
            "to_invoice": to_invoice,
            "exposure": total,
        }

    def _cs_credit_result(self, limits, exposure):
        self.ensure_one()
        fig = self._cs_credit_figures(limits, exposure)
        currency = self.company_id.currency_id
        check = self.env["cs.order.check"]
        if not fig["limit"]:
            return check._cs_result(self, "credit", "pass", _lt("The customer has no credit limit."))
        if currency.compare_amounts(fig["exposure"], fig["limit"]) <= 0:
            return check._cs_result(
                self,
                "credit",
                "pass",
                _lt(
                    "Exposure %(exposure)s within the credit limit %(limit)s.",
                    exposure=format_amount(self.env, fig["exposure"], currency),
                    limit=format_amount(self.env, fig["limit"], currency),
                ),
            )
        shortfall = fig["exposure"] - fig["limit"]
        advice = (
            _lt("The shortfall is small: reduce the order with Fit to credit, or ask for prepayment.")
            if self._cs_shortfall_is_small(shortfall, fig["amount"])
            else _lt("Ask for prepayment or payment of open invoices, or a supervisor's decision.")
        )
        return check._cs_result(
            self,
            "credit",
            "block",
            _lt(
                "Credit limit %(limit)s exceeded by %(shortfall)s: order %(amount)s + open receivables "
                "%(receivable)s + confirmed not invoiced %(to_invoice)s − unapplied payments %(credits)s. %(advice)s",
                limit=format_amount(self.env, fig["limit"], currency),
                shortfall=format_amount(self.env, shortfall, currency),
                amount=format_amount(self.env, fig["amount"], currency),
                receivable=format_amount(self.env, fig["receivable"], currency),
                to_invoice=format_amount(self.env, fig["to_invoice"], currency),
                credits=format_amount(self.env, fig["credits"], currency),
                advice=advice,
            ),
        )

    def _cs_shortfall_is_small(self, shortfall, amount):
        self.ensure_one()
        company = self.company_id
        tolerance = max(company.cs_shortfall_amount, amount * company.cs_shortfall_percent / 100.0)
        return shortfall <= tolerance

    def _cs_update_credit_hold(self):
        """Hold the orders whose credit check blocks; record every hold and release."""
        hold_type = None
        for order in self:
            hold = any(c.kind == "credit" and c.is_blocking for c in order.cs_check_ids)
            if hold == order.cs_credit_hold:
                continue
            if hold_type is None:  # looked up once a hold changes, not on every re-check
                hold_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_credit_hold", raise_if_not_found=False)
            order.sudo().cs_credit_hold = hold
            if hold:
                order._cs_schedule_credit_hold_activities(hold_type)
            else:
                waived = order.cs_check_ids.filtered(lambda c: c.kind == "credit" and c.waived)[:1]
                if waived:
                    body = self.env._(
                        "Credit hold released by %(user)s: %(reason)s",
                        user=waived.waived_by_id.name,
                        reason=waived.waiver_reason,
                    )
                else:
                    body = self.env._("Credit hold lifted: the exposure is within the credit limit again.")
                order.message_post(body=body, subtype_xmlid="mail.mt_note")
                if hold_type:
                    self.env["mail.activity"]._cs_close(order, hold_type)

    def _cs_schedule_credit_hold_activities(self, hold_type):
        self.ensure_one()
        if not hold_type:
            return
        message = self.cs_check_ids.filtered(lambda c: c.kind == "credit" and c.is_blocking)[:1].message
        summary = self.env._("%(order)s on credit hold", order=self.name)
        today = fields.Date.context_today(self)
        users = self.user_id | self.company_id._cs_duty_supervisor()
        self.env["mail.activity"]._cs_raise(hold_type, [(self, user, today, summary, message) for user in users])
