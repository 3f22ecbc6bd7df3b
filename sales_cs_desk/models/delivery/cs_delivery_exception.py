from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from ..common.cs_guard import cs_guard_fields

EXCEPTION_KINDS = [
    ("short", "Short"),
    ("missing", "Missing"),
    ("wrong", "Wrong item"),
    ("damaged", "Damaged"),
    ("late", "Late"),
]
STATES = [
    ("new", "New"),
    ("investigating", "Investigating"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]
RESOLUTIONS = [
    ("replacement", "Replacement delivery"),
    ("return", "Return"),
    ("exchange", "Return and replacement"),
    ("credit_note", "Credit note"),
    ("none", "No compensation"),
]
CS_SPECIALIST = "sales_cs_desk.group_cs_specialist"
# set by the exception's own actions only (docs/SECURITY.md)
GUARDED_FIELDS = (
    "name",
    "state",
    "replacement_picking_id",
    "return_picking_id",
    "credit_note_id",
    "complaint_id",
    "date_answered",
    "date_resolved",
    "date_closed",
)
# what the warehouse writes while it investigates (stock users who are not CS users)
WAREHOUSE_FIELDS = ("warehouse_finding",)


class CsDeliveryException(models.Model):
    """Something went wrong with a delivery (L4): short, missing, wrong item, damaged or late.

    Recorded on the delivery with lines expected vs received; investigated with
    the warehouse (an activity for the stock users); resolved through Odoo's own
    flows — a replacement delivery (procurement on the order's group), a return
    (``stock.return.picking``), a credit note (the invoice's reversal) — each
    linked from the exception; answered to the customer; root cause from the
    complaints' catalogue; escalated into a complaint (C7) in one click.
    A CS record of the customer: confidentiality follows ``cs.customer.mixin``.
    """

    _name = "cs.delivery.exception"
    _description = "Delivery Exception"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_reported desc, id desc"
    _check_company_auto = True
    _cs_checked_links = ("picking_id", "cause_id")

    # ------------------------------------------------------------------
    # What happened
    # ------------------------------------------------------------------
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales order", related="picking_id.sale_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer who reported it, or its contact; the delivery's customer by default.",
    )
    kind = fields.Selection(EXCEPTION_KINDS, required=True, default="short", tracking=True)
    date_reported = fields.Datetime(string="Reported on", required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
        tracking=True,
    )
    description = fields.Html(string="What the customer reports")
    line_ids = fields.One2many("cs.delivery.exception.line", "exception_id", string="Lines", copy=True)
    state = fields.Selection(STATES, default="new", required=True, readonly=True, copy=False, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    # ------------------------------------------------------------------
    # Investigation and root cause
    # ------------------------------------------------------------------
    warehouse_finding = fields.Text(
        string="Warehouse finding", tracking=True, help="What the warehouse found: picking record, photos, count."
    )
    cause_id = fields.Many2one("cs.complaint.cause", string="Cause (catalogue)", tracking=True, ondelete="restrict")
    root_cause = fields.Text(string="Root cause analysis")

    # ------------------------------------------------------------------
    # Resolution and answer
    # ------------------------------------------------------------------
    resolution = fields.Selection(RESOLUTIONS, tracking=True, help="How the customer is made whole.")
    replacement_picking_id = fields.Many2one(
        "stock.picking", string="Replacement delivery", readonly=True, copy=False, check_company=True
    )
    return_picking_id = fields.Many2one("stock.picking", string="Return", readonly=True, copy=False, check_company=True)
    credit_note_id = fields.Many2one("account.move", string="Credit note", readonly=True, copy=False)
    complaint_id = fields.Many2one("cs.complaint", readonly=True, copy=False, index=True)
    customer_answer = fields.Html(string="Answer to the customer")
    date_answered = fields.Datetime(string="Answered on", readonly=True, copy=False)
    date_resolved = fields.Datetime(string="Resolved on", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference must be unique."),
    ]

    @api.depends("picking_id")
    def _compute_partner_id(self):
        for exception in self:
            if exception.picking_id and not exception.partner_id:
                exception.partner_id = exception.picking_id.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cs_guard(self, vals_list, operation):
        if self.env.su:
            return
        if operation == "create":
            vals_list = [{k: v for k, v in vals.items() if not (k == "name" and v == "/")} for vals in vals_list]
        cs_guard_fields(self, vals_list, GUARDED_FIELDS, operation=operation)
        if operation == "write":
            cs_guard_fields(self, vals_list, ("picking_id",), operation=operation)
            if not self.env.user.has_group(CS_SPECIALIST):
                # the warehouse investigates: it writes its finding, nothing of the customer's record
                other = set(vals_list[0]) - set(WAREHOUSE_FIELDS)
                if other:
                    raise AccessError(
                        self.env._(
                            "The warehouse writes its finding on a delivery exception; the rest is the CS "
                            "desk's. Ask the responsible (%(user)s) to change it.",
                            user=", ".join(self.mapped("user_id.name")),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_guard(vals_list, "create")
        self._cs_check_links(vals_list)
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if not company.cs_delivery_enabled:
                raise UserError(
                    self.env._(
                        "Delivery performance is off for %(company)s: switch it on in CS Desk > Settings "
                        "to record delivery exceptions.",
                        company=company.name,
                    )
                )
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("cs.delivery.exception") or "/"
                )
        exceptions = super().create(vals_list)
        for exception in exceptions.filtered(lambda e: not e.line_ids and e.kind != "late"):
            # the delivery's lines, as shipped; the user enters what arrived
            exception.sudo().line_ids = [Command.create(vals) for vals in exception._cs_prepare_lines()]
        return exceptions

    def write(self, vals):
        self._cs_guard([vals], "write")
        self._cs_check_links(vals)
        return super().write(vals)

    @api.depends("name", "kind", "picking_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for exception in self:
            exception.display_name = (
                f"{exception.name} {kinds.get(exception.kind, '')} {exception.picking_id.name or ''}"
            )

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        if self.picking_id and not self.line_ids:
            self.line_ids = [Command.create(vals) for vals in self._cs_prepare_lines()]

    def _cs_prepare_lines(self):
        """Lines of the delivery as shipped (done quantities in the move's unit); received = shipped."""
        self.ensure_one()
        return [
            {
                "move_id": move.id,
                "product_id": move.product_id.id,
                "uom_id": move.product_uom.id,
                "expected_qty": move.quantity,
                "received_qty": move.quantity,
            }
            for move in self.picking_id.move_ids
            if move.state == "done" and move.quantity
        ]

    # ------------------------------------------------------------------
    # Actions: investigation
    # ------------------------------------------------------------------
    def _cs_check_write(self):
        self.check_access("write")
        if not self.env.user.has_group(CS_SPECIALIST):
            raise AccessError(self.env._("Only the CS desk moves a delivery exception on."))

    def action_investigate(self):
        """Ask the warehouse to investigate: one activity per exception for its stock users."""
        self._cs_check_write()
        self._cs_ensure_state(("new",))
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_delivery_exception")
        today = fields.Date.context_today(self)
        situations = []
        for exception in self:
            summary = self.env._(
                "%(exception)s: investigate %(picking)s for %(customer)s",
                exception=exception.name,
                picking=exception.picking_id.name,
                customer=exception.cs_customer_id.display_name,
            )
            note = exception._cs_investigation_note()
            for user in exception._cs_warehouse_users():
                situations.append((exception, user, today, summary, note))
        self.env["mail.activity"]._cs_raise(activity_type, situations)
        self.sudo().write({"state": "investigating"})
        return True

    def _cs_warehouse_users(self):
        """Who investigates for the warehouse: the delivery's responsible, else the company's stock managers."""
        self.ensure_one()
        responsible = self.picking_id.user_id
        if responsible and responsible._has_group("stock.group_stock_user"):
            return responsible
        group = self.env.ref("stock.group_stock_manager")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [("groups_id", "in", group.id), ("share", "=", False), ("company_ids", "in", self.company_id.id)],
                order="id",
                limit=1,
            )
        )

    def _cs_investigation_note(self):
        rows = "".join(
            f"<li>{line.product_id.display_name}: {line.expected_qty:g} / {line.received_qty:g} {line.uom_id.name}</li>"
            for line in self.line_ids
        )
        return self.env._("Expected / received:") + f"<ul>{rows}</ul>" if rows else ""

    # ------------------------------------------------------------------
    # Actions: resolution through Odoo's own flows
    # ------------------------------------------------------------------
    def _cs_ensure_state(self, states):
        for exception in self:
            if exception.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(exception)s is %(state)s: this step is not possible any more.",
                        exception=exception.name,
                        state=labels[exception.state],
                    )
                )

    def _cs_affected_lines(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.affected_qty > 0)
        if not lines:
            raise UserError(
                self.env._(
                    "%(exception)s has no line with a quantity to make good: enter what the customer received.",
                    exception=self.name,
                )
            )
        return lines

    def action_replacement(self):
        """Ship the affected quantities again, through the warehouse's rules (procurement on the order's group)."""
        self.ensure_one()
        self._cs_check_write()
        self._cs_ensure_state(("new", "investigating"))
        self.picking_id.check_access("write")
        lines = self._cs_affected_lines()
        picking = self.picking_id
        Group = self.env["procurement.group"]
        # the order's group links the replacement to the order (without counting it as delivered again)
        group = picking.group_id or Group.sudo().create(
            {"name": self.name, "partner_id": picking.partner_id.id, "move_type": "direct"}
        )
        Move = self.env["stock.move"].sudo()
        before = Move.search([("group_id", "=", group.id)])
        procurements = [
            Group.Procurement(
                line.product_id,
                line.affected_qty,
                line.uom_id,
                picking.location_dest_id,
                line.product_id.display_name,
                picking.origin or picking.name,
                picking.company_id,
                {
                    "group_id": group,
                    "warehouse_id": picking.picking_type_id.warehouse_id,
                    "partner_id": picking.partner_id.id,
                    "date_planned": fields.Datetime.now(),
                    "company_id": picking.company_id,
                },
            )
            for line in lines
        ]
        # the user may write the delivery (checked above); the warehouse's rules create the moves
        Group.sudo().run(procurements)
        moves = Move.search([("group_id", "=", group.id)]) - before
        new_picking = moves.picking_id.filtered(lambda p: p.picking_type_code == "outgoing")[:1]
        self.sudo().write({"replacement_picking_id": new_picking.id, "resolution": "replacement"})
        self._cs_log_resolution(new_picking)
        return True  # the form shows the link; the CS user goes on with the root cause and the answer

    def action_return(self):
        """Take the affected goods back with Odoo's return wizard."""
        return self._cs_return(exchange=False)

    def action_exchange(self):
        """Take the affected goods back and ship them again (Odoo's exchange)."""
        return self._cs_return(exchange=True)

    def _cs_return(self, exchange):
        self.ensure_one()
        self._cs_check_write()
        self._cs_ensure_state(("new", "investigating"))
        self.picking_id.check_access("write")
        lines = self._cs_affected_lines()
        wizard = self.env["stock.return.picking"].sudo().create({"picking_id": self.picking_id.id})
        for return_line in wizard.product_return_moves:
            line = lines.filtered(lambda line, m=return_line.move_id: line.move_id == m)[:1]
            qty = line.uom_id._compute_quantity(line.affected_qty, return_line.uom_id) if line else 0.0
            return_line.quantity = qty
        action = wizard.action_create_exchanges() if exchange else wizard.action_create_returns()
        returned = self.env["stock.picking"].sudo().browse(action["res_id"])
        vals = {"return_picking_id": returned.id, "resolution": "exchange" if exchange else "return"}
        if exchange:
            replacement = (
                self.env["stock.picking"]
                .sudo()
                .search(
                    [
                        ("group_id", "=", self.picking_id.group_id.id),
                        ("picking_type_code", "=", "outgoing"),
                        ("state", "not in", ("done", "cancel")),
                        ("id", "!=", self.picking_id.id),
                    ],
                    order="id desc",
                    limit=1,
                )
                if self.picking_id.group_id
                else False
            )
            vals["replacement_picking_id"] = replacement.id if replacement else False
        self.sudo().write(vals)
        self._cs_log_resolution(returned)
        return True

    def action_credit_note(self):
        """A draft credit note for the affected quantities: the reversal of the order's invoice."""
        self.ensure_one()
        self._cs_check_write()
        self._cs_ensure_state(("new", "investigating"))
        if not self.env["account.move"].has_access("create"):
            raise UserError(
                self.env._(
                    "Credit notes are made by users with invoicing rights. Ask finance to create it from "
                    "%(exception)s, or to give you the Invoicing role.",
                    exception=self.name,
                )
            )
        lines = self._cs_affected_lines()
        invoice = self._cs_invoice_to_credit(lines)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"move_ids": [Command.set(invoice.ids)], "reason": self.name, "journal_id": invoice.journal_id.id})
        )
        reversal.refund_moves()
        credit_note = reversal.new_move_ids[:1]
        self._cs_fit_credit_note(credit_note, lines)
        self.sudo().write({"credit_note_id": credit_note.id, "resolution": "credit_note"})
        self._cs_log_resolution(credit_note)
        return True

    def _cs_invoice_to_credit(self, lines):
        invoices = self.sale_order_id.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )
        invoice = invoices.filtered(lambda inv: lines.product_id & inv.invoice_line_ids.product_id)[-1:]
        if not invoice:
            raise UserError(
                self.env._(
                    "%(exception)s: the order %(order)s has no posted invoice with these products to credit. "
                    "Invoice the order first, or choose a replacement or a return.",
                    exception=self.name,
                    order=self.sale_order_id.name or "-",
                )
            )
        return invoice

    def _cs_fit_credit_note(self, credit_note, lines):
        """Keep the credit note's lines of the affected products, for the affected quantities."""
        commands = []
        remaining = {
            line.product_id: line.uom_id._compute_quantity(line.affected_qty, line.product_id.uom_id) for line in lines
        }
        for move_line in credit_note.invoice_line_ids:
            product = move_line.product_id
            if product not in remaining or remaining[product] <= 0:
                commands.append(Command.delete(move_line.id))
                continue
            qty = product.uom_id._compute_quantity(remaining[product], move_line.product_uom_id)
            qty = min(qty, move_line.quantity)
            remaining[product] -= move_line.product_uom_id._compute_quantity(qty, product.uom_id)
            commands.append(Command.update(move_line.id, {"quantity": qty}))
        credit_note.write({"invoice_line_ids": commands})

    def _cs_log_resolution(self, document):
        if document:
            self.message_post(
                body=self.env._("Resolution: %(document)s", document=document._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )

    def _cs_open(self, record):
        if not record:
            return True
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    def action_resolve(self):
        """The customer is made whole: a resolution and a root cause are needed."""
        self._cs_check_write()
        self._cs_ensure_state(("new", "investigating"))
        for exception in self:
            missing = []
            if not exception.resolution:
                missing.append(self.env._("a resolution"))
            if not (exception.cause_id or (exception.root_cause or "").strip()):
                missing.append(self.env._("a root cause (catalogue cause or analysis)"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(exception)s cannot be resolved yet. Fill in %(missing)s.",
                        exception=exception.name,
                        missing=self.env._(" and ").join(missing),
                    )
                )
        self.sudo().write({"state": "resolved", "date_resolved": fields.Datetime.now()})
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_delivery_exception")
        self.env["mail.activity"]._cs_close(self, activity_type, feedback=self.env._("Resolved"))
        return True

    def action_send_answer(self):
        """Send the answer to the customer (a message in the chatter, e-mailed to the contact)."""
        self.ensure_one()
        self._cs_check_write()
        if is_html_empty(self.customer_answer):
            raise UserError(self.env._("Write the answer to the customer first."))
        self.message_post(
            body=self.customer_answer,
            partner_ids=self.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        self.sudo().write({"date_answered": fields.Datetime.now()})
        return True

    def action_close(self):
        self._cs_check_write()
        self._cs_ensure_state(("resolved",))
        for exception in self.filtered(lambda e: not e.date_answered):
            raise UserError(self.env._("%(exception)s: answer the customer before closing.", exception=exception.name))
        self.sudo().write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._cs_check_write()
        self._cs_ensure_state(("new", "investigating"))
        self.sudo().write({"state": "cancel"})
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_delivery_exception")
        self.env["mail.activity"]._cs_close(self, activity_type)
        return True

    # ------------------------------------------------------------------
    # Escalation into a complaint (C7)
    # ------------------------------------------------------------------
    def action_escalate(self):
        """Open a complaint from this exception, keeping the link both ways."""
        self.ensure_one()
        self._cs_check_write()
        if self.complaint_id:
            return self._cs_open(self.complaint_id)
        complaint = self.env["cs.complaint"].create(self._prepare_cs_complaint_vals())
        self.sudo().write({"complaint_id": complaint.id})
        complaint.message_post(
            body=self.env._("Escalated from delivery exception %(exception)s", exception=self._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return self._cs_open(complaint)

    def _prepare_cs_complaint_vals(self):
        self.ensure_one()
        category = self.env.ref("sales_cs_desk.cs_complaint_category_logistics", raise_if_not_found=False)
        category = category or self.env["cs.complaint.category"].search([], limit=1)
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return {
            "subject": self.env._("%(kind)s delivery %(picking)s", kind=kinds[self.kind], picking=self.picking_id.name),
            "partner_id": self.partner_id.id,
            "category_id": category.id,
            "picking_id": self.picking_id.id,
            "sale_order_id": self.sale_order_id.id,
            "product_id": self.line_ids.product_id.id if len(self.line_ids.product_id) == 1 else False,
            "description": self.description,
            "cause_id": self.cause_id.id,
            "root_cause": self.root_cause,
            "company_id": self.company_id.id,
        }

    # ------------------------------------------------------------------
    # Demo data (demo/delivery/cs_delivery_exception_demo.xml)
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_exceptions(self):
        """A short delivery under investigation and a damaged one made good and answered."""
        ref = self.env.ref
        pickings = self.env["stock.picking"].search(
            [
                ("partner_id", "=", ref("sales_cs_desk.res_partner_huitong_demo").id),
                ("picking_type_code", "=", "outgoing"),
                ("state", "=", "done"),
            ],
            order="date_done desc, id desc",
            limit=2,
        )
        if len(pickings) < 2:
            return False
        specialist = ref("sales_cs_desk.res_users_cs_specialist_demo")
        short = self.create(
            {
                "picking_id": pickings[0].id,
                "kind": "short",
                "user_id": specialist.id,
                "description": "<p>仓库收货少了 2 个制动钳。Two calipers short at goods receipt.</p>",
            }
        )
        calipers = short.line_ids.filtered(lambda line: line.product_id == ref("sales_cs_desk.product_caliper_demo"))
        (short.line_ids - calipers).unlink()
        calipers.received_qty = max(calipers.expected_qty - 2, 0)
        short.action_investigate()
        damaged = self.create(
            {
                "picking_id": pickings[1].id,
                "kind": "damaged",
                "user_id": specialist.id,
                "description": "<p>One tote of brake discs crushed in transit. 一箱制动盘运输中压坏。</p>",
                "cause_id": ref("sales_cs_desk.cs_complaint_cause_transport").id,
                "root_cause": "Tote stacked under a pallet cage on the truck.",
                "customer_answer": "<p>We replace the 20 damaged discs with tomorrow's East line truck.</p>",
            }
        )
        discs = damaged.line_ids.filtered(lambda line: line.product_id == ref("sales_cs_desk.product_brake_disc_demo"))
        (damaged.line_ids - discs).unlink()
        discs.received_qty = max(discs.expected_qty - 20, 0)
        damaged.action_replacement()
        damaged.action_resolve()
        damaged.action_send_answer()
        return True
