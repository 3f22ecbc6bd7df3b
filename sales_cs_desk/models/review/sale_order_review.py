from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields
from ..common.cs_transit import cs_item_transit_days, cs_transit_days
from .cs_order_check import CHECK_LEVELS

# Fields whose change re-runs the review checks of an order in review.
CS_CHECKED_FIELDS = {
    "partner_id",
    "partner_shipping_id",
    "commitment_date",
    "payment_term_id",
    "pricelist_id",
    "warehouse_id",
    "order_line",
}

# Review state and audit fields: written only by the review's own methods
# (moves, release, deliveries, close-out, the check engine), in superuser mode
# after their own checks (docs/SECURITY.md). The stage itself is moved by
# ``_cs_move`` (a plain write of it is routed there); the promised date of a
# confirmed order by an applied change request.
CS_ORDER_GUARDED = (
    "cs_received_date",
    "cs_deferred_from_id",
    "cs_check_ids",
    "cs_check_state",
    "cs_credit_hold",
    "cs_released_date",
    "cs_ship_by_date",
    "cs_shipped_date",
    "cs_delivered_date",
    "cs_closed_date",
    "cs_receipt_confirmed",
    "cs_retention_until",
    "cs_late_escalated_for",
)

# The queue's priority: urgency is the desk's call, or any salesman would
# put their own orders first.
CS_ORDER_DESK_ONLY = ("cs_urgent",)
CS_DESK_GROUPS = ("sales_cs_desk.group_cs_specialist",)

# Who reads the review's fields on orders: the stage and the dates are
# operational (sales, finance reviewing, the warehouse shipping by the
# deadline); checks, credit hold and the queue are the review's (sales and
# finance). Portal users and plain employees read none of them.
CS_OPS_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice,stock.group_stock_user"
CS_REVIEW_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"

# Orders whose checks re-run once after the write in progress, not once per
# line: kept on the cursor, which no client can reach (a context key could be
# sent by anyone to switch the checks off).
_RECHECK_DEFERRED = "sales_cs_desk.recheck_deferred"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Review pipeline (O3)
    # ------------------------------------------------------------------
    cs_review_required = fields.Boolean(related="company_id.cs_review_required", groups=CS_OPS_GROUPS)
    # Not readonly on purpose: a drag in the review queue writes it, and every
    # write outside superuser mode is the move ``_cs_move`` with its checks
    # (write access, stage owners, blocking checks, reason to go back).
    cs_stage_id = fields.Many2one(
        "cs.review.stage",
        string="Review stage",
        tracking=True,
        copy=False,
        index=True,
        ondelete="restrict",
        group_expand="_read_group_cs_stage_ids",
        groups=CS_OPS_GROUPS,
        help="Moves with the review buttons (or a drag in the review queue), which check who may move it.",
    )
    cs_stage_type = fields.Selection(related="cs_stage_id.stage_type", string="Review stage type", groups=CS_OPS_GROUPS)
    cs_received_date = fields.Datetime(string="Received for review", copy=False, readonly=True, groups=CS_REVIEW_GROUPS)
    cs_deferred_from_id = fields.Many2one(
        "sale.order",
        string="Deferred from",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups=CS_REVIEW_GROUPS,
    )
    cs_urgent = fields.Boolean(
        string="Urgent",
        tracking=True,
        copy=False,
        groups=CS_REVIEW_GROUPS,
        help="The customer's market is out of stock: reviewed first.",
    )

    # ------------------------------------------------------------------
    # Checks (O4) and credit hold
    # ------------------------------------------------------------------
    cs_check_ids = fields.One2many(
        "cs.order.check", "order_id", string="Review checks", copy=False, readonly=True, groups=CS_REVIEW_GROUPS
    )
    cs_check_state = fields.Selection(
        CHECK_LEVELS,
        string="Checks",
        compute="_compute_cs_check_state",
        store=True,
        copy=False,
        groups=CS_REVIEW_GROUPS,
        help="The worst result of the review checks; waived blocks count as passed.",
    )
    cs_credit_hold = fields.Boolean(
        string="Credit hold", copy=False, readonly=True, tracking=True, groups=CS_REVIEW_GROUPS
    )
    cs_block_summary = fields.Text(
        string="Blocked by",
        compute="_compute_cs_block_summary",
        groups=CS_REVIEW_GROUPS,
        help="What blocks the order in the review: the messages of its blocking checks not waived.",
    )
    # Whether Confirm is the review's to decide. It hides Odoo's own Confirm buttons, which every reader
    # of the order sees (portal customers too), so it carries their groups: it only says "wait".
    cs_review_decides = fields.Boolean(
        string="Waits for the review",
        compute="_compute_cs_review_decides",
        groups="base.group_user,base.group_portal",
    )
    cs_handled_by_id = fields.Many2one(
        "res.users",
        string="Handled in CS by",
        related="partner_id.commercial_partner_id.cs_covering_user_id",
        groups=CS_REVIEW_GROUPS,
        help="Who answers for this customer in customer service today.",
    )

    # ------------------------------------------------------------------
    # Queue (O5): the rank is an SQL expression (see _field_to_sql)
    # ------------------------------------------------------------------
    # computed as superuser (the customer's tier and grade are CS data); the
    # field groups keep the result to the review's readers
    cs_queue_score = fields.Float(
        string="Queue score",
        compute="_compute_cs_queue",
        compute_sudo=True,
        groups=CS_REVIEW_GROUPS,
        help="Urgent orders first, then large orders and customers by the configured weights.",
    )
    cs_rank_reason = fields.Char(
        string="Why here", compute="_compute_cs_queue", compute_sudo=True, groups=CS_REVIEW_GROUPS
    )

    # ------------------------------------------------------------------
    # Release, deliveries and close-out (O8, O10)
    # ------------------------------------------------------------------
    cs_released_date = fields.Datetime(string="Released on", copy=False, readonly=True, groups=CS_OPS_GROUPS)
    cs_ship_by_date = fields.Date(string="Ship by", copy=False, readonly=True, tracking=True, groups=CS_OPS_GROUPS)
    cs_shipped_date = fields.Datetime(string="First shipped on", copy=False, readonly=True, groups=CS_OPS_GROUPS)
    cs_delivered_date = fields.Datetime(string="Delivered on", copy=False, readonly=True, groups=CS_OPS_GROUPS)
    cs_closed_date = fields.Date(string="Closed on", copy=False, readonly=True, groups=CS_OPS_GROUPS)
    cs_receipt_confirmed = fields.Boolean(
        string="Receipt confirmed", copy=False, readonly=True, tracking=True, groups=CS_OPS_GROUPS
    )
    cs_retention_until = fields.Date(
        string="Retained until",
        compute="_compute_cs_retention_until",
        store=True,
        copy=False,
        groups=CS_OPS_GROUPS,
        help="A closed order cannot be cancelled or deleted before this date.",
    )
    cs_late_escalated_for = fields.Date(
        string="Late release escalated for",
        copy=False,
        readonly=True,
        groups="sales_cs_desk.group_cs_supervisor",
        help="The ship-by date whose miss was escalated: the daily job raises one activity per missed "
        "deadline, not one a day.",
    )

    # ------------------------------------------------------------------
    # Changes and promise (O9, O11)
    # ------------------------------------------------------------------
    # change requests are CS records: Odoo's own sales users read orders without them
    cs_change_ids = fields.One2many(
        "cs.order.change",
        "order_id",
        string="Change requests",
        copy=False,
        groups="sales_cs_desk.group_cs_specialist",
    )
    cs_change_count = fields.Integer(compute="_compute_cs_change_count", groups="sales_cs_desk.group_cs_specialist")
    cs_promised_date = fields.Date(
        string="Promised date",
        tracking=True,
        copy=False,
        groups=CS_OPS_GROUPS,
        help="The delivery date promised to the customer. Once the order is confirmed, it moves only "
        "through an approved change request confirmed by the customer.",
    )
    cs_proposed_date = fields.Date(
        string="Feasible date",
        compute="_compute_cs_proposed_date",
        compute_sudo=True,
        groups=CS_REVIEW_GROUPS,
        help="Earliest arrival at the customer: stock today or the product lead time, then the transit days.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_cs_change_count(self):
        counts = dict(
            self.env["cs.order.change"]._read_group([("order_id", "in", self.ids)], ["order_id"], ["__count"])
        )
        for order in self:
            order.cs_change_count = counts.get(order, 0)

    @api.depends(
        "order_line.product_uom_qty",
        "order_line.product_id",
        "warehouse_id",
        "partner_id",
        "partner_shipping_id",
        "carrier_id",
        "picking_ids.cs_transit_days",
    )
    def _compute_cs_proposed_date(self):
        real = self.filtered("id")
        free = self.env["cs.order.check"]._cs_free_quantities(real) if real else {}
        transit = self._cs_transit_days()
        today = fields.Date.context_today(self)
        for order in self:
            lead = 0
            for product, qty in order._cs_demand_by_product().items():
                days = product.sale_delay or 0
                if free.get((order.warehouse_id.id, product.id), 0.0) < qty:
                    days += order._cs_replenish_days(product)
                lead = max(lead, days)
            order.cs_proposed_date = today + timedelta(days=lead + transit[order])

    def _cs_transit_days(self):
        """{order: transit days to its customer}, by the ship plan's rule (``cs_transit_days``).

        Once the order has planned deliveries, theirs (the slowest); before, the same rule over the
        order's goods, its delivery address's customer, its carrier and its company. A fixed number
        of queries for the batch.
        """
        goods = self.order_line.filtered(lambda line: not line.display_type and line.product_id.type == "consu")
        customers = self.partner_shipping_id.commercial_partner_id | self.partner_id.commercial_partner_id
        item_transit = cs_item_transit_days(self.env, customers, goods.product_id)
        goods_of = goods.grouped("order_id")
        result = {}
        for order in self:
            planned = order.picking_ids.sudo().filtered(lambda p: p.state != "cancel" and p._cs_is_planned())
            if planned:
                result[order] = max(planned.mapped("cs_transit_days"))
                continue
            customer = (order.partner_shipping_id or order.partner_id).commercial_partner_id
            products = set(goods_of.get(order, goods.browse()).product_id.ids)
            result[order] = cs_transit_days(item_transit, customer, products, order.carrier_id, order.company_id)
        return result

    @api.model
    def _read_group_cs_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("cs_check_ids.level", "cs_check_ids.waived", "cs_check_ids.message")
    @api.depends_context("lang")
    def _compute_cs_block_summary(self):
        for order in self:
            blocks = order.cs_check_ids.filtered(lambda c: c.level == "block" and not c.waived)
            order.cs_block_summary = "\n".join(blocks.mapped("message_text")) or False

    @api.depends("state", "cs_stage_id", "company_id.cs_review_required")
    def _compute_cs_review_decides(self):
        waiting = self._cs_waits_for_review()
        for order in self:
            order.cs_review_decides = order in waiting

    @api.depends("cs_check_ids.level", "cs_check_ids.waived")
    def _compute_cs_check_state(self):
        for order in self:
            levels = {c.level if not c.waived else "pass" for c in order.cs_check_ids}
            order.cs_check_state = next((level for level in ("block", "warning", "pass") if level in levels), False)

    @api.depends("cs_closed_date", "company_id.cs_retention_months")
    def _compute_cs_retention_until(self):
        for order in self:
            order.cs_retention_until = order.cs_closed_date and order.cs_closed_date + relativedelta(
                months=order.company_id.cs_retention_months
            )

    @api.depends_context("lang", "uid")
    @api.depends("cs_urgent", "amount_untaxed", "partner_id", "cs_received_date", "date_order")
    def _compute_cs_queue(self):
        scores = self._cs_read_queue_scores()
        now = fields.Datetime.now()
        # computed as superuser: the grade (CS data) is named only to those who may read it
        show_grade = self.env.user.has_group("sales_cs_desk.group_cs_specialist")
        for order in self:
            order.cs_queue_score = scores.get(order.id, 0.0)
            order.cs_rank_reason = order._cs_rank_reason(now, show_grade=show_grade)

    def _cs_read_queue_scores(self):
        """The queue score of the orders in ``self``, by the same SQL that sorts the queue."""
        ids = [i for i in self.ids if i]
        if not ids:
            return {}
        query = self._search([("id", "in", ids)])
        query.add_where("TRUE")
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s FROM %s WHERE %s",
                SQL.identifier(self._table, "id"),
                self._field_to_sql(self._table, "cs_queue_score", query),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )
        return dict(self.env.cr.fetchall())

    def _cs_rank_reason(self, now, show_grade=True):
        """Why the order ranks where it does: "urgent · key customer · 12,300 · waiting 2 days"."""
        self.ensure_one()
        parts = []
        if self.cs_urgent:
            parts.append(self.env._("urgent"))
        customer = self.partner_id.commercial_partner_id
        if customer.cs_tier == "key":
            parts.append(self.env._("key customer"))
        elif show_grade and customer.with_company(self.company_id).cs_grade == "A":
            parts.append(self.env._("A customer"))
        amount = self.amount_untaxed / (self.currency_rate or 1.0)
        parts.append(f"{amount:,.0f}")
        since = self.cs_received_date or self.date_order or now
        days = max((now - since).days, 0)
        parts.append(self.env._("waiting %(days)s days", days=days) if days != 1 else self.env._("waiting 1 day"))
        return " · ".join(parts)

    @api.model
    def _cs_queue_score_sql(self, alias, query=None):
        """Queue score of the order at ``alias``: urgency, size and customer, in SQL.

        Urgent orders get 1,000 points; the order size (company currency)
        gives ``weight_amount`` × its number of digits (log10), so orders of
        the same order of magnitude tie; key customers get 2 × and A-grade
        customers 1 × ``weight_customer``. Ties are served first come, first
        served by the queue's secondary order (received date).
        """
        ident = SQL.identifier
        if query is not None:
            company = query.make_alias(alias, "cs_queue_company")
            partner = query.make_alias(alias, "cs_queue_partner")
            customer = query.make_alias(partner, "commercial")
            query.add_join(
                "LEFT JOIN", company, "res_company", SQL("%s = %s", ident(alias, "company_id"), ident(company, "id"))
            )
            query.add_join(
                "LEFT JOIN", partner, "res_partner", SQL("%s = %s", ident(alias, "partner_id"), ident(partner, "id"))
            )
            query.add_join(
                "LEFT JOIN",
                customer,
                "res_partner",
                SQL("%s = %s", ident(partner, "commercial_partner_id"), ident(customer, "id")),
            )
            weight_amount = ident(company, "cs_queue_weight_amount")
            weight_customer = ident(company, "cs_queue_weight_customer")
            tier, grade = ident(customer, "cs_tier"), ident(customer, "cs_grade")
        else:
            weight_amount = SQL(
                "(SELECT cs_queue_weight_amount FROM res_company WHERE id = %s)", ident(alias, "company_id")
            )
            weight_customer = SQL(
                "(SELECT cs_queue_weight_customer FROM res_company WHERE id = %s)", ident(alias, "company_id")
            )
            commercial = SQL(
                "(SELECT commercial_partner_id FROM res_partner WHERE id = %s)", ident(alias, "partner_id")
            )
            tier = SQL("(SELECT cs_tier FROM res_partner WHERE id = %s)", commercial)
            grade = SQL("(SELECT cs_grade FROM res_partner WHERE id = %s)", commercial)
        return SQL(
            """(
                CASE WHEN COALESCE(%(urgent)s, FALSE) THEN 1000 ELSE 0 END
                + COALESCE(%(weight_amount)s, 1)
                  * FLOOR(LOG(10, 1 + GREATEST(COALESCE(%(amount)s, 0)
                                   / COALESCE(NULLIF(%(rate)s, 0), 1), 0)::numeric))
                + COALESCE(%(weight_customer)s, 1)
                  * (CASE WHEN %(tier)s = 'key' THEN 2
                          WHEN %(grade)s ->> %(company_id)s::text = 'A' THEN 1
                          ELSE 0 END)
            )""",
            urgent=ident(alias, "cs_urgent"),
            weight_amount=weight_amount,
            weight_customer=weight_customer,
            amount=ident(alias, "amount_untaxed"),
            rate=ident(alias, "currency_rate"),
            tier=tier,
            grade=grade,
            company_id=ident(alias, "company_id"),
        )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        if fname == "cs_queue_score":
            # not stored: the score depends on the company's weights and the
            # customer's tier and grade; computed by the database so that the
            # queue sorts and pages on the server.
            self.env["sale.order"].flush_model(["cs_urgent", "amount_untaxed", "currency_rate", "partner_id"])
            self.env["res.partner"].flush_model(["cs_tier", "cs_grade", "commercial_partner_id"])
            self.env["res.company"].flush_model(["cs_queue_weight_amount", "cs_queue_weight_customer"])
            return self._cs_queue_score_sql(alias, query)
        return super()._field_to_sql(alias, fname, query, flush)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            cs_guard_fields(self, vals_list, (*CS_ORDER_GUARDED, "cs_stage_id"), operation="create")
            cs_guard_fields(self, vals_list, CS_ORDER_DESK_ONLY, groups=CS_DESK_GROUPS, operation="create")
        orders = super().create(vals_list)
        if not self.env.su:
            # a quotation created confirmed would skip the review
            orders.filtered(lambda o: o.state not in ("draft", "sent", "cancel"))._cs_ensure_reviewed(created=True)
        orders._cs_enter_review_orders()
        return orders

    def write(self, vals):
        if not self.env.su:
            cs_guard_fields(self, vals, CS_ORDER_GUARDED)
            cs_guard_fields(self, vals, CS_ORDER_DESK_ONLY, groups=CS_DESK_GROUPS)
            if "cs_promised_date" in vals:
                self._cs_ensure_promise_editable()
            if vals.get("state") == "sale":
                self._cs_ensure_reviewed()
            if "cs_stage_id" in vals:
                # a drag in the review queue: the same move as the buttons, with its checks
                vals = dict(vals)
                target = self.env["cs.review.stage"].browse(vals.pop("cs_stage_id") or [])
                for order in self:
                    order._cs_move(target)
                if not vals:
                    return True
        with self._cs_recheck_deferred():
            res = super().write(vals)
        if CS_CHECKED_FIELDS & set(vals):
            self._cs_recheck()
        return res

    @contextmanager
    def _cs_recheck_deferred(self):
        """Inside the block, changes of the lines of ``self`` do not re-run the checks (the caller does, once)."""
        deferred = self.env.cr.cache.setdefault(_RECHECK_DEFERRED, Counter())
        ids = [order_id for order_id in self.ids if order_id]
        deferred.update(ids)
        try:
            yield
        finally:
            deferred.subtract(ids)
            for order_id in ids:
                if deferred[order_id] <= 0:
                    del deferred[order_id]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_cs_retained(self):
        self._cs_ensure_not_retained(self.env._("deleted"))

    # ------------------------------------------------------------------
    # Entering the review
    # ------------------------------------------------------------------
    @api.model
    def _cs_outside_review_domain(self, companies):
        """Open quotations of ``companies`` that are not in the review: created before it was switched on.

        They stay ordinary quotations until a supervisor brings them in (cs.review.enter.wizard).
        """
        return [("company_id", "in", companies.ids), ("state", "in", ("draft", "sent")), ("cs_stage_id", "=", False)]

    @api.model
    def _cs_in_queue_domain(self, companies):
        """Quotations waiting in the review stages of ``companies``."""
        return [
            ("company_id", "in", companies.ids),
            ("state", "in", ("draft", "sent")),
            ("cs_stage_id.stage_type", "=", "review"),
        ]

    @api.model
    def _cs_leave_review(self, companies):
        """Review switched off: the queue's quotations become ordinary quotations again.

        Their stage is cleared (checks and history stay) and the chatter says why; orders the
        review already released keep their stages, which follow the deliveries.
        """
        orders = self.sudo().search(self._cs_in_queue_domain(companies))
        if not orders:
            return
        orders.write({"cs_stage_id": False})
        for order in orders:
            order._message_log(
                body=self.env._(
                    "CS review was switched off for %(company)s: this quotation left the review queue and "
                    "can be confirmed as usual.",
                    company=order.company_id.name,
                )
            )

    def _cs_enter_review_orders(self):
        todo = self.filtered(
            lambda o: o.company_id.cs_review_required and o.state in ("draft", "sent") and not o.cs_stage_id
        )
        if not todo:
            return
        first = self.env["cs.review.stage"].search([("stage_type", "=", "review")], limit=1)
        if not first:
            return
        todo.sudo().write({"cs_stage_id": first.id, "cs_received_date": fields.Datetime.now()})
        todo._cs_run_checks()

    # ------------------------------------------------------------------
    # Moves (O3)
    # ------------------------------------------------------------------
    def action_cs_next_stage(self):
        """Move on to the next stage (button).

        The context may say which stage the user saw (``cs_stage_seen_id``):
        a concurrency hint only — when it differs from the stored stage the
        move is refused; it never allows a move.
        """
        seen_id = self.env.context.get("cs_stage_seen_id")
        seen = None
        if seen_id is not None:
            valid = isinstance(seen_id, int) and not isinstance(seen_id, bool)
            seen = self.env["cs.review.stage"].browse(seen_id if valid else [])
        for order in self:
            if seen is not None and seen != order.cs_stage_id:
                # moved on (or released) by someone else since the user saw it: the same answer as a
                # move that meets it, not "not in a review stage"
                raise order._cs_moved_meanwhile(order.cs_stage_id)
            stages = self.env["cs.review.stage"].search([("stage_type", "in", ("review", "released"))])
            later = stages.filtered(lambda s, o=order: (s.sequence, s.id) > (o.cs_stage_id.sequence, o.cs_stage_id.id))
            if not order.cs_stage_id or order.cs_stage_id.stage_type != "review" or not later:
                raise UserError(
                    self.env._(
                        "%(order)s is not in a review stage: only orders under review move on by hand.",
                        order=order.name,
                    )
                )
            order._cs_move(later[0], seen=seen)
        return True

    def action_cs_move_back(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send back"),
            "res_model": "cs.review.back.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id, "default_from_stage_id": self.cs_stage_id.id},
        }

    def _cs_move(self, target, reason=None, seen=None):
        """Move one order to ``target``: checks, owner groups, lock, tracking.

        ``seen`` is the stage the user saw (defaults to the stage in the
        cache). The row is locked without waiting: when someone else is
        moving the order, or moved it since the user loaded it, the move
        stops with a clear error and changes nothing.
        """
        self.ensure_one()
        if not target:
            raise UserError(self.env._("Choose the stage to move %(order)s to.", order=self.name))
        # the stage is written as superuser below: the user's own right to
        # change the order comes first, then the stage owners
        self.check_access("write")
        seen = self.cs_stage_id if seen is None else seen
        current = self._cs_lock_stage()
        if current != seen:
            raise self._cs_moved_meanwhile(current)
        if current == target:
            return True
        forward = (target.sequence, target.id) > (current.sequence, current.id)
        if forward:
            self._cs_ensure_can_move_forward(current, target)
        else:
            self._cs_ensure_can_move_back(current, target, reason)
        vals = {"cs_stage_id": target.id}
        if target.stage_type == "released":
            # one write with the stage: the deliveries created by the confirmation below are then
            # planned with the order's release deadline at once, not planned again after it
            vals.update(self._cs_release_values())
        self.sudo().write(vals)
        if not forward:
            self.message_post(
                body=self.env._(
                    "Sent back from %(from)s to %(to)s by %(user)s. Reason: %(reason)s",
                    **{"from": current.name, "to": target.name, "user": self.env.user.name, "reason": reason.strip()},
                ),
                subtype_xmlid="mail.mt_note",
            )
        if target.stage_type == "released":
            self._cs_release()
        elif target.stage_type == "review":
            self._cs_run_checks()
        return True

    def _cs_moved_meanwhile(self, current):
        """The answer to a move of an order someone else moved since the user loaded it."""
        return UserError(
            self.env._(
                "%(order)s was moved to %(stage)s by someone else meanwhile. Reload the order and try again.",
                order=self.name,
                stage=current.name or self.env._("no stage"),
            )
        )

    def _cs_lock_stage(self):
        """Lock the order row without waiting and return its stage as stored.

        ``SKIP LOCKED`` returns no row while another transaction holds the
        lock: that user is moving the order right now. (No exception, so
        the transaction stays usable and no savepoint is needed.) A change
        committed by someone else since this transaction began raises a
        serialization failure, on which Odoo retries the request; the retry
        then sees the new stage and reports it.
        """
        self.flush_recordset(["cs_stage_id"])
        self.env.cr.execute(SQL("SELECT id, cs_stage_id FROM sale_order WHERE id = %s FOR UPDATE SKIP LOCKED", self.id))
        row = self.env.cr.fetchone()
        if not row:
            raise UserError(
                self.env._(
                    "Someone else is moving %(order)s right now. Wait a moment, reload the order and try again.",
                    order=self.name,
                )
            )
        return self.env["cs.review.stage"].browse(row[1] or [])

    def _cs_ensure_can_move_forward(self, current, target):
        if not current:
            raise UserError(self.env._("%(order)s is not in the review pipeline; it cannot be moved.", order=self.name))
        if target.stage_type not in ("review", "released"):
            raise UserError(
                self.env._(
                    "%(stage)s follows the deliveries and the close-out: orders get there by themselves.",
                    stage=target.name,
                )
            )
        if current.stage_type != "review":
            raise UserError(
                self.env._("%(order)s is already released; change it through a change request.", order=self.name)
            )
        review = self.env["cs.review.stage"]._cs_review_stages()

        def key(stage):
            return (stage.sequence, stage.id)

        passed = review.filtered(lambda s: key(current) <= key(s) < key(target))
        for stage in passed:
            group = stage._cs_owner_group()
            if group not in self.env.user.groups_id:
                raise UserError(
                    self.env._(
                        "Only %(group)s can move orders on from %(stage)s. Ask a colleague of that group.",
                        # "Invoicing / Invoicing" reads as a stutter: the category only where it adds something
                        group=group.name if group.category_id.name == group.name else group.full_name,
                        stage=stage.name,
                    )
                )
        # the checks of the stages being left run again now (credit and stock
        # change outside the order); the others re-ran on every change of it
        leaving = {kind for stage in passed for kind in stage._cs_check_kinds()}
        if leaving:
            self._cs_run_checks(kinds=leaving, locked=True)  # the move locked the order's row
        last = passed[-1:] or current
        kinds = {kind for stage in review if key(stage) <= key(last) for kind in stage._cs_check_kinds()}
        blocking = self.cs_check_ids.filtered(lambda c: c.is_blocking and c.kind in kinds)
        if blocking:
            raise UserError(
                self.env._(
                    "%(order)s cannot leave %(stage)s: %(problems)s Fix the order, or ask a CS supervisor "
                    "to waive the check with a reason.",
                    order=self.name,
                    stage=current.name,
                    problems=" ".join(blocking.mapped("message")),
                )
            )

    def _cs_ensure_can_move_back(self, current, target, reason):
        if target.stage_type != "review" or current.stage_type != "review":
            raise UserError(
                self.env._(
                    "%(order)s can only be sent back between review stages; after release, use a change request.",
                    order=self.name,
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Sending %(order)s back needs a reason: use the Send back button and say what must be fixed.",
                    order=self.name,
                )
            )
        user = self.env.user
        groups = current._cs_owner_group() | target._cs_owner_group()
        if not (groups & user.groups_id) and not user.has_group("sales_cs_desk.group_cs_supervisor"):
            raise UserError(
                self.env._(
                    "Only the owners of %(stage)s or a CS supervisor can send %(order)s back.",
                    stage=current.name,
                    order=self.name,
                )
            )

    # ------------------------------------------------------------------
    # Confirmation and release (O3, O8)
    # ------------------------------------------------------------------
    def _cs_waits_for_review(self):
        """Quotations that only the CS review may confirm (review on, not Released).

        Read as superuser: whoever confirms (a portal payment, a stock user)
        is refused on the review's own state, whether or not they may read it.
        """
        # every quotation created while review is on enters it (``create``); one without a stage
        # was created before, and stays an ordinary quotation until it is brought in
        waiting = self.sudo().filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.company_id.cs_review_required
                and o.cs_stage_id
                and not o.cs_stage_id.is_released
            )
        )
        return self.browse(waiting.ids)

    def _cs_ensure_reviewed(self, created=False):
        """Refuse confirming orders the review has not released.

        Only the move into a Released stage (``_cs_move``, which checks the
        stage owners and the blocking checks) puts an order there.
        """
        if created:
            waiting = self.sudo().filtered(lambda o: o.company_id.cs_review_required and not o.cs_stage_id.is_released)
            waiting = self.browse(waiting.ids)
        else:
            waiting = self._cs_waits_for_review()
        if waiting:
            raise UserError(
                self.env._(
                    "%(orders)s must pass the CS review first: move it through the review stages to "
                    "Released, which confirms it.",
                    orders=", ".join(waiting.mapped("name")),
                )
            )

    def action_confirm(self):
        self._cs_ensure_reviewed()
        return super().action_confirm()

    def _cs_release_values(self):
        """The release date and ship-by deadline of an order released now (O8); written with its stage."""
        self.ensure_one()
        now = fields.Datetime.now()
        return {"cs_released_date": now, "cs_ship_by_date": self._cs_ship_by(now)}

    def _cs_release(self):
        """Released: confirm the order (called by ``_cs_move``, which wrote the stage and the deadline)."""
        self.ensure_one()
        if self.state in ("draft", "sent"):
            self.action_confirm()  # the order is in a Released stage now: the review lets it through

    def _cs_ship_by(self, released):
        """Release + N working days of the company calendar (O8)."""
        self.ensure_one()
        return self.company_id._cs_working_day(released, self.company_id.cs_release_days)[0]

    # ------------------------------------------------------------------
    # Deliveries and close-out (O3, O10)
    # ------------------------------------------------------------------
    def _cs_sync_delivery_stage(self):
        """Shipped when the first delivery is done, delivered when all are."""
        Stage = self.env["cs.review.stage"]
        shipped, delivered = Stage._cs_stage_of_type("shipped"), Stage._cs_stage_of_type("delivered")
        now = fields.Datetime.now()
        for order in self.filtered(lambda o: o.cs_stage_id.stage_type in ("released", "shipped")):
            outs = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
            done = outs.filtered(lambda p: p.state == "done")
            if not done:
                continue
            vals = {"cs_shipped_date": order.cs_shipped_date or now}
            if done == outs and delivered:
                vals.update(cs_stage_id=delivered.id, cs_delivered_date=now)
            elif shipped and order.cs_stage_id != shipped:
                vals["cs_stage_id"] = shipped.id
            order.sudo().write(vals)

    def action_cs_confirm_receipt(self):
        """The customer confirmed receipt: close the order (O10). A step of the CS desk."""
        if not self.env.user.has_group("sales_cs_desk.group_cs_specialist"):
            raise AccessError(
                self.env._(
                    "Only the CS desk records the customer's receipt confirmation. "
                    "Ask the customer's CS specialist to close the order."
                )
            )
        for order in self:
            if order.cs_stage_id.stage_type != "delivered":
                raise UserError(
                    self.env._(
                        "%(order)s can be closed once all its deliveries are done (it is at %(stage)s).",
                        order=order.name,
                        stage=order.cs_stage_id.name or self.env._("no stage"),
                    )
                )
        self.check_access("write")
        self.sudo().write({"cs_receipt_confirmed": True})
        self._cs_close()
        return True

    def _cs_close(self):
        closed = self.env["cs.review.stage"]._cs_stage_of_type("closed")
        if not closed:
            return
        self.sudo().write({"cs_stage_id": closed.id, "cs_closed_date": fields.Date.context_today(self)})
        self._cs_on_closed()

    @api.model
    def _cs_on_closed(self):
        """Hook called when orders close; the revisit feature plans its revisits here."""
        return True

    def _cs_ensure_not_retained(self, what):
        today = fields.Date.context_today(self)
        retained = self.filtered(lambda o: o.cs_retention_until and o.cs_retention_until > today)
        if retained:
            raise UserError(
                self.env._(
                    "%(orders)s is closed and kept until %(until)s: it cannot be %(what)s before then.",
                    orders=", ".join(retained.mapped("name")),
                    until=fields.Date.to_string(max(retained.mapped("cs_retention_until"))),
                    what=what,
                )
            )

    def action_cancel(self):
        self._cs_ensure_not_retained(self.env._("cancelled"))
        return super().action_cancel()
