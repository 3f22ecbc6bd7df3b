from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields
from ..common.cs_i18n import _lt, cs_text_dump, cs_text_render

# The kinds of check. An addon adds one with ``selection_add`` on ``kind``, a
# ``_cs_check_<kind>(orders)`` method returning ``_cs_result`` dicts, and a
# ``check_<kind>`` boolean on ``cs.review.stage`` saying where it runs.
CHECK_KINDS = [
    ("credit", "Credit"),
    ("stock", "Stock today"),
    ("moq", "Order quantity"),
    ("price", "Price"),
    ("completeness", "Completeness"),
]
CHECK_LEVELS = [("pass", "Pass"), ("warning", "Warning"), ("block", "Block")]

# Results are written by the check engine, waivers by ``_cs_waive`` (a CS
# supervisor, with a reason, noted on the order): nobody writes them directly.
CHECK_GUARDED = (
    "order_id",
    "company_id",
    "line_id",
    "kind",
    "level",
    "message",
    "message_data",
    "waived",
    "waived_by_id",
    "waived_on",
    "waiver_reason",
    "sequence",
    "is_blocking",
)


class CsOrderCheck(models.Model):
    """One result of the review checks (O4) of an order.

    The results are written by ``sale.order._cs_run_checks`` for a batch of
    orders; a block keeps the order in the stage where its kind runs until
    the cause is fixed (the check re-runs when the order changes) or a CS
    supervisor waives it with a reason. A waiver holds while the check keeps
    giving the same result; a new situation needs a new decision.
    """

    _name = "cs.order.check"
    _description = "Order review check"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True, readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True, precompute=True)
    line_id = fields.Many2one(
        "sale.order.line", string="Order line", ondelete="cascade", check_company=True, readonly=True
    )
    kind = fields.Selection(CHECK_KINDS, required=True, readonly=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True, precompute=True)
    level = fields.Selection(CHECK_LEVELS, required=True, default="pass", readonly=True)
    message = fields.Text(
        string="Message (source)",
        required=True,
        readonly=True,
        help="The verdict in the language of the module's source texts; shown translated as Message.",
    )
    message_data = fields.Json(readonly=True, copy=False)
    message_text = fields.Text(
        string="Message",
        compute="_compute_message_text",
        help="What the check found and what to do, in the reader's language.",
    )
    waived = fields.Boolean(readonly=True, copy=False)
    waived_by_id = fields.Many2one("res.users", string="Waived by", readonly=True, copy=False)
    waived_on = fields.Datetime(readonly=True, copy=False)
    waiver_reason = fields.Text(readonly=True, copy=False)
    is_blocking = fields.Boolean(
        compute="_compute_is_blocking", store=True, precompute=True, help="A block that is not waived."
    )

    @api.depends("kind")
    def _compute_sequence(self):
        order = self._cs_kinds()
        for check in self:
            check.sequence = order.index(check.kind) if check.kind in order else 99

    @api.depends("level", "waived")
    def _compute_is_blocking(self):
        for check in self:
            check.is_blocking = check.level == "block" and not check.waived

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, CHECK_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, CHECK_GUARDED)
        return super().write(vals)

    @api.depends("message", "message_data")
    @api.depends_context("lang")
    def _compute_message_text(self):
        lang = self.env.lang or "en_US"
        for check in self:
            check.message_text = cs_text_render(check.message_data, lang) if check.message_data else check.message

    def _cs_key(self):
        self.ensure_one()
        return (self.order_id.id, self.kind, self.line_id.id or False)

    def action_cs_waive(self):
        """Open the waiver wizard (supervisors only)."""
        self._cs_ensure_can_waive()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Waive check"),
            "res_model": "cs.review.waive.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_check_ids": self.ids},
        }

    def _cs_ensure_can_waive(self):
        if not self:
            raise UserError(self.env._("Choose the blocking checks to waive."))
        if not self.env.user.has_group("sales_cs_desk.group_cs_supervisor"):
            raise UserError(self.env._("Only a CS supervisor can waive a check. Ask your supervisor."))
        if any(check.level != "block" for check in self):
            raise UserError(self.env._("Only blocking checks can be waived; passes and warnings need no waiver."))

    def _cs_waive(self, reason):
        """Waive blocking checks with ``reason``; noted in the order's chatter."""
        self._cs_ensure_can_waive()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the waiver: it is kept with the order."))
        # the supervisor's own right to these checks (their company, their
        # rules) before the waiver is written as superuser
        self.check_access("write")
        self.sudo().write(
            {
                "waived": True,
                "waived_by_id": self.env.user.id,
                "waived_on": fields.Datetime.now(),
                "waiver_reason": reason.strip(),
            }
        )
        for order, checks in self.grouped("order_id").items():
            order.message_post(
                body=self.env._(
                    "Check waived by %(user)s: %(checks)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    checks="; ".join(checks.mapped("message_text")),
                    reason=reason.strip(),
                ),
                subtype_xmlid="mail.mt_note",
            )
            order._cs_update_credit_hold()
        return True

    # ------------------------------------------------------------------
    # The engine: every check computes a batch of orders in a fixed number
    # of queries (bulk SQL aggregates and batched ORM reads), whatever the
    # number of orders and lines.
    # ------------------------------------------------------------------
    @api.model
    def _cs_run(self, orders, kinds=None, locked=False):
        """Compute the checks (all, or the ``kinds`` given) of ``orders`` and store the results.

        ``locked``: the caller holds the orders' rows locked (a move), so they exist; else the
        deleted ones are left out first.
        """
        if not locked:
            orders = orders.exists()
        kinds = [kind for kind in self._cs_kinds() if not kinds or kind in kinds]
        if not orders:
            return self.browse()
        results = []
        for kind in kinds:
            results += getattr(self, f"_cs_check_{kind}")(orders)
        return self._cs_store(orders, results, kinds)

    @api.model
    def _cs_kinds(self):
        """The check kinds, in the order they run: those of the ``kind`` selection (extended by addons)."""
        return [kind for kind, _label in self._fields["kind"].selection]

    @api.model
    def _cs_result(self, order, kind, level, message, line=None):
        """One check result. ``message`` is best a lazy text (``_lt``): it is then shown in each reader's
        language; a plain string is shown as it is."""
        data = cs_text_dump(message)
        return {
            "order_id": order.id,
            "line_id": line.id if line else False,
            "kind": kind,
            "level": level,
            "message": cs_text_render(data, "en_US") if isinstance(data, dict) else str(message),
            "message_data": data if isinstance(data, dict) else None,
        }

    @api.model
    def _cs_store(self, orders, results, kinds):
        """Replace the results of ``kinds`` of ``orders``; unchanged results keep their waiver."""
        existing = self.sudo().search_fetch(
            [("order_id", "in", orders.ids), ("kind", "in", kinds)],
            ["order_id", "line_id", "kind", "level", "message", "waived"],
        )
        by_key = {(c.order_id.id, c.kind, c.line_id.id or False): c for c in existing}
        keep = self.browse()
        to_create = []
        for vals in results:
            old = by_key.get((vals["order_id"], vals["kind"], vals["line_id"]))
            if old and old.level == vals["level"] and old.message == vals["message"]:
                keep |= old
            else:
                to_create.append(vals)
        (existing - keep).sudo().unlink()
        created = self.sudo().create(to_create)
        return (keep | created).sudo(False)

    # Credit (O4) ---------------------------------------------------------
    @api.model
    def _cs_credit_exposure(self, orders):
        """{(commercial partner id, company id): (open receivables, unapplied credits, to invoice)}.

        Open receivables and unapplied payments/credit notes come from the
        posted, unreconciled receivable journal items; "to invoice" is the
        not yet invoiced part (taxes included) of the customer's confirmed
        orders outside ``orders``. Two queries for the whole batch.
        """
        partners = orders.partner_id.commercial_partner_id
        companies = orders.company_id
        self.env["account.move.line"].flush_model(
            ["amount_residual", "partner_id", "account_id", "parent_state", "reconciled", "company_id"]
        )
        self.env["sale.order.line"].flush_model(["untaxed_amount_to_invoice", "price_total", "price_subtotal"])
        self.env["sale.order"].flush_model(["state", "partner_id", "company_id", "currency_rate"])
        exposure = {}
        # one query: open receivables and unapplied credits from the ledger,
        # "to invoice" from the other confirmed orders
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, aml.company_id,
                       SUM(GREATEST(aml.amount_residual, 0)),
                       SUM(GREATEST(-aml.amount_residual, 0)),
                       0
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE acc.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND NOT aml.reconciled
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND aml.company_id = ANY(%(companies)s)
                 GROUP BY 1, 2
                 UNION ALL
                SELECT p.commercial_partner_id, so.company_id, 0, 0,
                       SUM(sol.untaxed_amount_to_invoice
                           * CASE WHEN sol.price_subtotal <> 0 THEN sol.price_total / sol.price_subtotal ELSE 1 END
                           / COALESCE(NULLIF(so.currency_rate, 0), 1))
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND sol.untaxed_amount_to_invoice > 0
                   AND p.commercial_partner_id = ANY(%(partners)s)
                   AND so.company_id = ANY(%(companies)s)
                   AND so.id <> ALL(%(orders)s)
                 GROUP BY 1, 2
                """,
                partners=partners.ids,
                companies=companies.ids,
                orders=orders.ids,
            )
        )
        for partner_id, company_id, receivable, credits, to_invoice in self.env.cr.fetchall():
            figures = exposure.setdefault((partner_id, company_id), [0.0, 0.0, 0.0])
            figures[0] += receivable or 0.0
            figures[1] += credits or 0.0
            figures[2] += to_invoice or 0.0
        return exposure

    @api.model
    def _cs_check_credit(self, orders):
        results = []
        # the exposure only where a credit limit is checked against it
        limited = orders.filtered(lambda o: o.company_id.account_use_credit_limit)
        exposure = self._cs_credit_exposure(limited) if limited else {}
        for company, company_orders in orders.grouped("company_id").items():
            if not company.account_use_credit_limit:
                results += [
                    self._cs_result(o, "credit", "pass", _lt("Credit limits are not used by this company."))
                    for o in company_orders
                ]
                continue
            # credit limits are accounting data: read for the check only
            partners = company_orders.partner_id.commercial_partner_id.with_company(company).sudo()
            limits = {p.id: p.credit_limit for p in partners}
            for order in company_orders:
                results.append(order._cs_credit_result(limits, exposure))
        return results

    # Stock today (O4) ----------------------------------------------------
    @api.model
    def _cs_free_quantities(self, orders):
        """{(warehouse id, product id): free quantity today} in one query."""
        warehouses = orders.warehouse_id
        products = orders.order_line.product_id
        if not warehouses or not products:
            return {}
        self.env["stock.quant"].flush_model(["quantity", "reserved_quantity", "product_id", "location_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT wh.id, q.product_id, SUM(q.quantity - q.reserved_quantity)
                  FROM stock_warehouse wh
                  JOIN stock_location view ON view.id = wh.view_location_id
                  JOIN stock_location loc ON loc.parent_path LIKE view.parent_path || %(any)s
                  JOIN stock_quant q ON q.location_id = loc.id
                 WHERE wh.id = ANY(%(warehouses)s)
                   AND loc.usage = 'internal'
                   AND q.product_id = ANY(%(products)s)
                 GROUP BY 1, 2
                """,
                warehouses=warehouses.ids,
                products=products.ids,
                any="%",
            )
        )
        return {(wh, product): qty for wh, product, qty in self.env.cr.fetchall()}

    @api.model
    def _cs_check_stock(self, orders):
        free = self._cs_free_quantities(orders)
        results = []
        for order in orders:
            demand = order._cs_demand_by_product()
            short = []
            for product, qty in demand.items():
                available = max(free.get((order.warehouse_id.id, product.id), 0.0), 0.0)
                if available < qty:
                    short.append(
                        _lt(
                            "%(product)s: %(free)s %(uom)s free of %(qty)s ordered",
                            product=product.display_name,
                            free=round(available, 2),
                            qty=round(qty, 2),
                            uom=product.uom_id.name,
                        )
                    )
            if short:
                message = _lt(
                    "Short in %(warehouse)s today: %(lines)s. Allocate the free stock (Shortage) or defer the rest.",
                    warehouse=order.warehouse_id.name,
                    lines=short,
                )
                results.append(self._cs_result(order, "stock", "warning", message))
            else:
                results.append(self._cs_result(order, "stock", "pass", _lt("Every line is in stock today.")))
        return results

    # Minimum order quantity and pack multiple (O4) --------------------------
    @api.model
    def _cs_order_rules(self, orders):
        """{(company id, commercial partner id, product id): (moq, pack multiple)} for the lines of ``orders``."""
        rules = {}
        for company, company_orders in orders.grouped("company_id").items():
            lines = company_orders.order_line.filtered(lambda line: line.product_id and not line.display_type)
            pairs = {(line.order_id.partner_id.commercial_partner_id.id, line.product_id.id) for line in lines}
            if "cs.customer.item" in self.env:
                found = self.env["cs.customer.item"].sudo()._cs_order_rules(pairs, company=company)
            else:
                found = {}
            rules.update({(company.id, *pair): value for pair, value in found.items()})
        return rules

    @api.model
    def _cs_check_moq(self, orders):
        rules = self._cs_order_rules(orders)
        results = []
        for order in orders:
            failures = []
            partner = order.partner_id.commercial_partner_id
            for line in order.order_line.filtered(lambda ln: ln.product_id and not ln.display_type):
                moq, pack = rules.get((order.company_id.id, partner.id, line.product_id.id), (0.0, 0.0))
                message = line._cs_quantity_problem(moq, pack)
                if message:
                    failures.append(self._cs_result(order, "moq", "block", message, line))
            results += failures or [
                self._cs_result(order, "moq", "pass", _lt("Every line meets its minimum quantity and pack multiple."))
            ]
        return results

    # Price (O4) --------------------------------------------------------------
    @api.model
    def _cs_check_price(self, orders):
        results = []
        now = fields.Datetime.now()
        lines = orders.order_line.filtered(lambda ln: ln.product_id and not ln.display_type)
        for pricelist, pl_lines in lines.grouped(lambda ln: ln.order_id.pricelist_id).items():
            # one search of the pricelist's rules for all its lines
            rules = pricelist._get_applicable_rules(pl_lines.product_id, now) if pricelist else []
            for line in pl_lines:
                message = line._cs_price_problem(rules)
                if message:
                    results.append(self._cs_result(line.order_id, "price", "block", message, line))
        flagged = {vals["order_id"] for vals in results}
        for order in orders:
            if order.id not in flagged:
                results.append(
                    self._cs_result(order, "price", "pass", _lt("Prices are within the tolerance of the pricelist."))
                )
        return results

    # Completeness (O4) -------------------------------------------------------
    @api.model
    def _cs_check_completeness(self, orders):
        results = []
        for order in orders:
            missing = order._cs_missing_information()
            if missing:
                message = _lt("Missing: %(missing)s. Complete the order.", missing=missing)
                results.append(self._cs_result(order, "completeness", "block", message))
            else:
                results.append(
                    self._cs_result(
                        order,
                        "completeness",
                        "pass",
                        _lt("Delivery address, requested date and payment terms are set."),
                    )
                )
        return results
