from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..common.cs_guard import cs_guard_fields

CHANGE_KINDS = [
    ("quantity", "Quantity"),
    ("date", "Date"),
    ("product", "Product / specification"),
    ("address", "Delivery address"),
    ("other", "Other"),
]
CHANGE_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
    ("applied", "Applied"),
    ("refused", "Refused"),
]

# Written only by the request's own steps (submit, approve, refuse, apply) and
# on creation; the related and computed fields would write through to the
# order or move the request to another customer's confidentiality.
CHANGE_GUARDED = (
    "state",
    "approved_by_id",
    "approved_on",
    "applied_on",
    "old_date",
    "old_address_id",
    "partner_id",
    "company_id",
    "cs_customer_id",
)
# What the supervisor approves: fixed once the request is submitted.
CHANGE_LOCKED_AFTER_DRAFT = ("order_id", "kind", "reason", "line_ids", "new_date", "new_address_id", "note")
# The customer's confirmation: recorded until the request is applied or refused.
CHANGE_LOCKED_WHEN_DONE = ("customer_confirmed", "customer_confirmation")


class CsOrderChange(models.Model):
    """A change the customer asks for on an order (O9).

    Recorded with the old and new values, the reason and the impact (free
    stock now, credit effect, a note for production); approved by a CS
    supervisor, confirmed by the customer, then applied to the order —
    confirmed orders included: quantities flow to the deliveries through
    Odoo's own procurement of changed sale lines.
    """

    _name = "cs.order.change"
    _description = "Order change request"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.customer.mixin"]
    _order = "id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", check_company=True, tracking=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, precompute=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="order_id.company_id.currency_id")
    kind = fields.Selection(CHANGE_KINDS, required=True, default="quantity", tracking=True)
    state = fields.Selection(CHANGE_STATES, required=True, default="draft", tracking=True, copy=False, readonly=True)
    reason = fields.Text(required=True, tracking=True)
    line_ids = fields.One2many("cs.order.change.line", "change_id", string="Lines", copy=True)
    old_date = fields.Date(string="Old promised date", readonly=True, copy=False)
    new_date = fields.Date(string="New promised date")
    old_address_id = fields.Many2one("res.partner", string="Old delivery address", readonly=True, copy=False)
    new_address_id = fields.Many2one("res.partner", string="New delivery address")
    note = fields.Text(string="Change", help="The change as the customer asked for it.")
    # impact
    stock_impact = fields.Text(string="Free stock now", compute="_compute_impact")
    credit_effect = fields.Monetary(
        compute="_compute_impact", currency_field="currency_id", help="Change of the order total, taxes included."
    )
    production_note = fields.Text(help="What production, purchasing or the warehouse must change.")
    # decisions
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    customer_confirmed = fields.Boolean(tracking=True, copy=False)
    customer_confirmation = fields.Char(help="Who confirmed for the customer, how and when.", copy=False)
    applied_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("line_ids.new_qty", "line_ids.old_qty", "line_ids.new_product_id", "kind")
    def _compute_impact(self):
        for change in self:
            order = change.order_id
            lines = change.line_ids
            free = self.env["cs.order.check"]._cs_free_quantities(order) if order and lines else {}
            texts, delta = [], 0.0
            for line in lines:
                product = line.new_product_id or line.product_id
                extra = line.new_qty - (0.0 if line.new_product_id else line.old_qty)
                available = free.get((order.warehouse_id.id, product.id), 0.0)
                if product:
                    texts.append(
                        self.env._(
                            "%(product)s: %(free)s free, %(extra)s more needed",
                            product=product.display_name,
                            free=round(available, 2),
                            extra=round(max(extra, 0.0), 2),
                        )
                    )
                unit = line.order_line_id.price_total / line.old_qty if line.old_qty else line.order_line_id.price_unit
                delta += (line.new_qty - line.old_qty) * unit / (order.currency_rate or 1.0)
            change.stock_impact = "\n".join(texts)
            change.credit_effect = delta

    @api.constrains("order_id", "line_ids")
    def _check_lines_of_the_order(self):
        for change in self:
            foreign = change.line_ids.order_line_id.filtered(lambda ln, c=change: ln.order_id != c.order_id)
            if foreign:
                raise self._cs_foreign_line_error(change.order_id, foreign[0])

    @api.model
    def _cs_foreign_line_error(self, order, line):
        return ValidationError(
            self.env._(
                "The line %(line)s belongs to %(other)s, not to %(order)s: a change request changes the lines "
                "of its own order only.",
                line=line.display_name,
                other=line.order_id.name,
                order=order.name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, CHANGE_GUARDED, operation="create")
        changes = super().create(vals_list)
        # the request is about an order the user may change (the customer of
        # the request follows from it, so its rules apply)
        changes.order_id.check_access("write")
        for change in changes:
            order = change.order_id.sudo()
            change.sudo().write(
                {
                    "old_date": order.cs_promised_date or order.commitment_date,
                    "old_address_id": order.partner_shipping_id.id,
                }
            )
        return changes

    def write(self, vals):
        cs_guard_fields(self, vals, CHANGE_GUARDED)
        if not self.env.su:
            self._cs_ensure_editable(vals)
        return super().write(vals)

    def _cs_ensure_editable(self, vals):
        """What was submitted is what the supervisor approves; a confirmation is kept once applied."""
        if set(vals) & set(CHANGE_LOCKED_AFTER_DRAFT) and any(change.state != "draft" for change in self):
            raise UserError(
                self.env._(
                    "This change request has been submitted: its order, kind, reason and new values can no longer "
                    "be edited. Refuse it and create a new one if the customer asks for something else."
                )
            )
        if set(vals) & set(CHANGE_LOCKED_WHEN_DONE) and any(c.state in ("applied", "refused") for c in self):
            raise UserError(
                self.env._("This change request is closed: the customer's confirmation it records is kept as is.")
            )

    @api.onchange("order_id", "kind")
    def _onchange_fill_lines(self):
        if self.kind in ("quantity", "product") and self.order_id and not self.line_ids:
            self.line_ids = [
                Command.create(
                    {"order_line_id": line.id, "old_qty": line.product_uom_qty, "new_qty": line.product_uom_qty}
                )
                for line in self.order_id.order_line.filtered(lambda ln: ln.product_id and not ln.display_type)
            ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self.check_access("write")
        for change in self:
            change._cs_ensure_state("draft")
            change._cs_ensure_complete()
            change._cs_ensure_valid_quantities()
        self.sudo().write({"state": "to_approve"})
        return True

    def action_approve(self):
        """Approve (CS supervisors only): the state is written here, never by the requester."""
        self._cs_ensure_supervisor()
        self.check_access("write")
        for change in self:
            change._cs_ensure_state("to_approve")
        self.sudo().write(
            {"state": "approved", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        return True

    def action_refuse(self):
        self._cs_ensure_supervisor()
        self.check_access("write")
        for change in self:
            change._cs_ensure_state("to_approve", "approved")
        self.sudo().write({"state": "refused"})
        return True

    def action_apply(self):
        self.check_access("write")
        for change in self:
            change._cs_ensure_state("approved")
            if not change.customer_confirmed:
                raise UserError(
                    self.env._(
                        "Record the customer's confirmation of the change on %(order)s before applying it.",
                        order=change.order_id.name,
                    )
                )
            change._cs_apply()
        return True

    # ------------------------------------------------------------------
    # Validators and the change itself
    # ------------------------------------------------------------------
    def _cs_ensure_state(self, *states):
        self.ensure_one()
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._("This change request is %(state)s: that step is not possible now.", state=labels[self.state])
            )

    def _cs_ensure_valid_quantities(self):
        """New quantities: 0 (the line goes) or at least the MOQ in pack multiples, and something changes."""
        self.ensure_one()
        if self.kind not in ("quantity", "product"):
            return
        lines = self.line_ids
        if self.kind == "quantity" and all(
            float_compare(
                line.new_qty,
                line.order_line_id.product_uom_qty,
                precision_rounding=line.order_line_id.product_uom.rounding or 0.01,
            )
            == 0
            for line in lines
        ):
            raise UserError(
                self.env._("The change leaves every quantity as it is: enter the new quantities the customer asks for.")
            )
        order = self.order_id
        rules = self.env["cs.order.check"]._cs_order_rules(order)
        customer = order.partner_id.commercial_partner_id
        for line in lines:
            order_line = line.order_line_id
            product = line.new_product_id or order_line.product_id
            if line.new_product_id:
                qty = order_line.product_uom._compute_quantity(line.new_qty, product.uom_id, raise_if_failure=False)
            else:
                qty = order_line._cs_qty_in_product_uom(line.new_qty)
            if not qty:
                continue
            moq, pack = rules.get((order.company_id.id, customer.id, product.id), (0.0, 0.0))
            problem = self._cs_quantity_problem(product, qty, moq, pack)
            if problem:
                raise UserError(problem)

    @api.model
    def _cs_quantity_problem(self, product, qty, moq, pack):
        """The line's quantity check (at least 1 unit, the MOQ, pack multiples) for a new quantity."""
        Line = self.env["sale.order.line"]
        rounding = product.uom_id.rounding or 0.01
        least = max(moq or 0.0, 1.0)
        if qty < least - rounding / 2 or (pack and not Line._cs_is_multiple(qty, pack, rounding)):
            return self.env._(
                "%(product)s: %(qty)s %(uom)s is not a valid quantity for this customer: order 0 (to drop the "
                "line) or at least %(moq)s %(uom)s in multiples of %(pack)s.",
                product=product.display_name,
                qty=round(qty, 4),
                uom=product.uom_id.name,
                moq=least,
                pack=pack or 1,
            )
        return ""

    def _cs_ensure_supervisor(self):
        if not self.env.user.has_group("sales_cs_desk.group_cs_supervisor"):
            raise UserError(self.env._("Only a CS supervisor approves or refuses change requests."))

    def _cs_ensure_complete(self):
        self.ensure_one()
        missing = {
            "quantity": not self.line_ids,
            "product": not self.line_ids.filtered("new_product_id"),
            "date": not self.new_date,
            "address": not self.new_address_id,
            "other": not self.note,
        }[self.kind]
        if missing:
            raise UserError(
                self.env._(
                    "Fill in the new values of the change (lines, new product, new date, new address or the "
                    "change described) before submitting it."
                )
            )

    def _cs_apply(self):
        self.ensure_one()
        order = self.order_id
        order.check_access("write")
        # one method per kind: an addon adding a kind by ``selection_add`` adds its ``_cs_apply_<kind>``
        getattr(self, f"_cs_apply_{self.kind}")(order)
        self.sudo().write({"state": "applied", "applied_on": fields.Datetime.now()})
        order.message_post(
            body=self.env._(
                "Change applied (%(kind)s), approved by %(approver)s, confirmed by the customer (%(confirmation)s). "
                "Reason: %(reason)s",
                kind=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
                approver=self.approved_by_id.name,
                confirmation=self.customer_confirmation or "",
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _cs_apply_quantity(self, order):
        order.write(
            {
                "order_line": [
                    Command.update(line.order_line_id.id, {"product_uom_qty": line.new_qty})
                    for line in self.line_ids
                    if line.new_qty != line.old_qty
                ]
            }
        )

    def _cs_apply_product(self, order):
        commands = []
        for line in self.line_ids.filtered("new_product_id"):
            commands.append(Command.update(line.order_line_id.id, {"product_uom_qty": 0.0}))
            commands.append(Command.create({"product_id": line.new_product_id.id, "product_uom_qty": line.new_qty}))
        order.write({"order_line": commands})

    def _cs_apply_date(self, order):
        order.write({"commitment_date": self.new_date})
        # the promised date of a confirmed order moves only here: approved
        # by a supervisor, confirmed by the customer, the user may write the order
        order.sudo().write({"cs_promised_date": self.new_date})

    def _cs_apply_address(self, order):
        order.write({"partner_shipping_id": self.new_address_id.id})

    def _cs_apply_other(self, order):
        """A change described in words (packing, labels, documents …): nothing the desk can write for it.

        Applying records that the described change was made, on the order, for the warehouse and the
        salesperson to read; the request keeps who approved it and the customer's confirmation.
        """
        order.message_post(
            body=self.env._("Change to make on this order: %(change)s", change=self.note),
            subtype_xmlid="mail.mt_note",
        )

    def _cs_ensure_lines_editable(self):
        if any(change.state != "draft" for change in self):
            raise UserError(
                self.env._(
                    "The lines of a submitted change request are what the supervisor approves: they can no longer "
                    "be edited. Refuse the request and create a new one if the customer asks for something else."
                )
            )
