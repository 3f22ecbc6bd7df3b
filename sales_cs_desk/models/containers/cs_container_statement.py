from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..common.cs_guard import cs_guard_fields

STATEMENT_STATES = [
    ("draft", "To confirm"),
    ("confirmed", "Confirmed"),
    ("disputed", "Disputed"),
]


class CsContainerStatement(models.Model):
    """A customer's returnable-container statement (对账单) for a period.

    Opening balance, every movement of the period and the closing balance come
    from the container ledger (done stock moves). Once the customer confirms
    it, movements on or before its end date are locked.
    """

    _name = "cs.container.statement"
    _description = "Container statement"
    _inherit = ["mail.thread", "cs.customer.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        string="Customer",
        domain=[("parent_id", "=", False)],
        help="The commercial customer.",
    )
    cs_customer_id = fields.Many2one(string="CS customer")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(STATEMENT_STATES, default="draft", required=True, tracking=True, readonly=True, copy=False)
    confirmed_by = fields.Char(
        string="Confirmed by (customer)", tracking=True, help="Who at the customer confirmed the statement."
    )
    confirmed_date = fields.Date(string="Confirmed on", readonly=True, tracking=True, copy=False)
    confirmed_user_id = fields.Many2one("res.users", string="Recorded by", readonly=True, copy=False)
    dispute_reason = fields.Text(string="Dispute", tracking=True)
    opening_balance = fields.Integer(compute="_compute_balances")

    # change only through the actions (action_confirm is supervisor-only)
    _CS_GUARDED = ("state", "confirmed_date", "confirmed_user_id")
    # what the customer confirmed: frozen once confirmed, for everyone
    _CS_FROZEN = ("partner_id", "company_id", "date_from", "date_to", "confirmed_by", "dispute_reason")
    closing_balance = fields.Integer(compute="_compute_balances")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._("The statement period must end on or after its start (%(name)s).", name=statement.name)
                )

    @api.depends("partner_id", "date_from", "date_to", "company_id")
    def _compute_balances(self):
        for statement in self:
            data = statement._cs_statement_data()
            statement.opening_balance = sum(data["opening"].values())
            statement.closing_balance = sum(data["closing"].values())

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, self._CS_GUARDED, operation="create")
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("cs.container.statement") or "/"
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, self._CS_GUARDED)
        if not self.env.su and set(self._CS_FROZEN) & set(vals):
            confirmed = self.filtered(lambda s: s.state == "confirmed")
            if confirmed:
                raise UserError(
                    self.env._(
                        "%(name)s is confirmed by the customer: its customer, period and confirmation are "
                        "frozen. Issue a new statement for another period instead.",
                        name=confirmed[0].name,
                    )
                )
        res = super().write(vals)
        if "partner_id" in vals and not self.env.su:
            # not moved to a customer the user may not work on (rules see the new customer)
            self.check_access("write")
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _cs_check_can_write(self):
        """The caller may work on these statements (access rights and the customer rules)."""
        self.check_access("write")

    def action_confirm(self):
        """The customer agreed: record who and when, and lock the period's movements.

        Supervisor-only: a confirmed statement locks every movement of the
        customer on or before its end date.
        """
        if not (self.env.su or self.env.user.has_group("sales_cs_desk.group_cs_supervisor")):
            raise AccessError(
                self.env._(
                    "Only a CS supervisor can record a customer's confirmation of a container statement: "
                    "it locks the customer's container movements up to its end date. Ask your supervisor."
                )
            )
        self._cs_check_can_write()
        for statement in self:
            if statement.state == "confirmed":
                continue
            # a period ending today is still open: today's deliveries must not hit a locked date
            if statement.date_to >= fields.Date.context_today(statement):
                raise UserError(
                    self.env._(
                        "%(name)s ends on %(date)s, which is not over yet: a customer can only confirm a past "
                        "period. End the period yesterday or wait.",
                        name=statement.name,
                        date=statement.date_to,
                    )
                )
            if not statement.confirmed_by:
                raise UserError(
                    self.env._(
                        "%(name)s: enter who at the customer confirmed the statement first.", name=statement.name
                    )
                )
        self.filtered(lambda s: s.state != "confirmed").sudo().write(
            {
                "state": "confirmed",
                "confirmed_date": fields.Date.context_today(self),
                "confirmed_user_id": self.env.uid,
            }
        )

    def action_dispute(self):
        self._cs_check_can_write()
        for statement in self:
            if statement.state == "confirmed":
                raise UserError(
                    self.env._("%(name)s is already confirmed and cannot be disputed.", name=statement.name)
                )
            if not statement.dispute_reason:
                raise UserError(
                    self.env._(
                        "%(name)s: describe what the customer disputes before marking it disputed.",
                        name=statement.name,
                    )
                )
        self.sudo().write({"state": "disputed"})

    def action_reset_draft(self):
        self._cs_check_can_write()
        self.filtered(lambda s: s.state == "disputed").sudo().write({"state": "draft"})

    def action_print(self):
        return self.env.ref("sales_cs_desk.cs_container_statement_report").report_action(self)

    # ------------------------------------------------------------------
    # Statement data
    # ------------------------------------------------------------------
    def _cs_statement_data(self):
        """Opening and closing balance per container, and the movements of the period."""
        self.ensure_one()
        empty = {"opening": {}, "closing": {}, "lines": [], "products": self.env["product.product"]}
        if not (self.partner_id and self.date_from and self.date_to and self.company_id):
            return empty
        Move = self.env["stock.move"].sudo()
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.to_datetime(self.date_to).replace(hour=23, minute=59, second=59)
        domain = [
            ("cs_container_partner_id", "=", self.partner_id.commercial_partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("state", "=", "done"),
            ("cs_container_kind", "!=", False),
        ]
        opening = {}
        for product, kind, qty in Move._read_group(
            [*domain, ("date", "<", start)], ["product_id", "cs_container_kind"], ["product_qty:sum"]
        ):
            opening[product] = opening.get(product, 0) + (qty if kind == "issue" else -qty)
        moves = Move.search([*domain, ("date", ">=", start), ("date", "<=", end)], order="date, id")
        closing = dict(opening)
        lines = []
        for move in moves:
            qty = int(move.product_qty)
            kind = move.cs_container_kind
            closing[move.product_id] = closing.get(move.product_id, 0) + (qty if kind == "issue" else -qty)
            lines.append(
                {
                    "date": move.date,
                    "reference": move.reference,
                    "product": move.product_id,
                    "issued": qty if kind == "issue" else 0,
                    "returned": qty if kind == "return" else 0,
                    "written_off": qty if kind in ("lost", "damaged") else 0,
                    "kind": dict(move._fields["cs_container_kind"]._description_selection(self.env))[kind],
                    "balance": closing[move.product_id],
                }
            )
        products = self.env["product.product"].union(*opening, *closing)
        return {
            "opening": {p: int(opening.get(p, 0)) for p in products},
            "closing": {p: int(closing.get(p, 0)) for p in products},
            "lines": lines,
            "products": products,
        }
