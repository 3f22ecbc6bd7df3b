from odoo import Command, api, fields, models
from odoo.exceptions import UserError

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
    state = fields.Selection(CHANGE_STATES, required=True, default="draft", tracking=True, copy=False)
    reason = fields.Text(required=True, tracking=True)
    line_ids = fields.One2many("cs.order.change.line", "change_id", string="Lines", copy=True)
    old_date = fields.Date(string="Old promised date", readonly=True)
    new_date = fields.Date(string="New promised date")
    old_address_id = fields.Many2one("res.partner", string="Old delivery address", readonly=True)
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

    @api.model_create_multi
    def create(self, vals_list):
        changes = super().create(vals_list)
        for change in changes:
            change.write(
                {
                    "old_date": change.order_id.cs_promised_date or change.order_id.commitment_date,
                    "old_address_id": change.order_id.partner_shipping_id.id,
                }
            )
        return changes

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
        for change in self:
            change._cs_ensure_state("draft")
            change._cs_ensure_complete()
        self.write({"state": "to_approve"})
        return True

    def action_approve(self):
        self._cs_ensure_supervisor()
        for change in self:
            change._cs_ensure_state("to_approve")
        self.write({"state": "approved", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()})
        return True

    def action_refuse(self):
        self._cs_ensure_supervisor()
        for change in self:
            change._cs_ensure_state("to_approve", "approved")
        self.write({"state": "refused"})
        return True

    def action_apply(self):
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
        order = self.order_id.with_context(cs_change_apply=True)
        if self.kind == "quantity":
            order.write(
                {
                    "order_line": [
                        Command.update(line.order_line_id.id, {"product_uom_qty": line.new_qty})
                        for line in self.line_ids
                        if line.new_qty != line.old_qty
                    ]
                }
            )
        elif self.kind == "product":
            commands = []
            for line in self.line_ids.filtered("new_product_id"):
                commands.append(Command.update(line.order_line_id.id, {"product_uom_qty": 0.0}))
                commands.append(Command.create({"product_id": line.new_product_id.id, "product_uom_qty": line.new_qty}))
            order.write({"order_line": commands})
        elif self.kind == "date":
            order.write({"cs_promised_date": self.new_date, "commitment_date": self.new_date})
        elif self.kind == "address":
            order.write({"partner_shipping_id": self.new_address_id.id})
        self.write({"state": "applied", "applied_on": fields.Datetime.now()})
        order.message_post(
            body=self.env._(
                "Change applied (%(kind)s), approved by %(approver)s, confirmed by the customer (%(confirmation)s). "
                "Reason: %(reason)s",
                kind=dict(CHANGE_KINDS)[self.kind],
                approver=self.approved_by_id.name,
                confirmation=self.customer_confirmation or "",
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
