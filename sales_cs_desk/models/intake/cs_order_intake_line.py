from odoo import api, fields, models
from odoo.exceptions import UserError

from ..common.cs_guard import cs_guard_fields

LINE_STATUSES = [
    ("pass", "Pass"),
    ("warning", "Warning"),
    ("block", "Blocked"),
    ("ignored", "Ignored"),
    ("done", "Imported"),
]
# What a person types to fix a line: the values as received. Everything else is the check's result.
RAW_FIELDS = (
    "raw_part",
    "raw_product",
    "raw_description",
    "raw_qty",
    "raw_uom",
    "raw_date",
    "raw_ship_to",
    "raw_price",
    "raw_po",
    "raw_po_line",
)
# Written only by the checks and the import (superuser, after the caller's own rights were checked).
LINE_GUARDED = (
    "status",
    "product_id",
    "customer_item_id",
    "quantity",
    "uom_id",
    "requested_date",
    "ship_to_id",
    "price_unit",
    "po_number",
    "po_line",
    "anomalies",
    "anomaly_text",
    "existing_line_id",
    "order_line_id",
    "change_id",
    "company_id",
    "raw_text",
    "line_number",
)


class CsOrderIntakeLine(models.Model):
    """One line of a customer order as received, what the desk read from it, and where it went.

    The raw values stay as received (``raw_*``, and ``raw_text`` with the whole input line); the check
    (``_cs_evaluate``) reads them into product, quantity, unit, date, ship-to and PO reference and lists
    every anomaly with its level. A person fixes the raw values (the line is checked again), ignores the
    line with a reason, or the batch's import turns it into a quotation line (``order_line_id``) or a
    change request line (``change_id``).
    """

    _name = "cs.order.intake.line"
    _description = "Order intake line"
    _order = "intake_id, sequence, line_number, id"
    _check_company_auto = True

    intake_id = fields.Many2one("cs.order.intake", string="Batch", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="intake_id.company_id", store=True, index=True, precompute=True)
    partner_id = fields.Many2one(related="intake_id.partner_id", string="Customer")
    sequence = fields.Integer(default=10)
    line_number = fields.Integer(
        string="File line", readonly=True, copy=False, help="The line (or sheet row) in the file."
    )
    raw_text = fields.Text(string="As received", readonly=True, copy=False, help="The whole input line, as received.")
    # ------------------------------------------------------------------
    # Values as received (editable to fix the line)
    # ------------------------------------------------------------------
    raw_part = fields.Char(string="Customer part number")
    raw_product = fields.Char(string="Our product code")
    raw_description = fields.Char(string="Description")
    raw_qty = fields.Char(string="Quantity (as received)")
    raw_uom = fields.Char(string="Unit (as received)")
    raw_date = fields.Char(string="Requested date (as received)")
    raw_ship_to = fields.Char(string="Ship-to code")
    raw_price = fields.Char(string="Price (as received)")
    raw_po = fields.Char(string="Customer PO (as received)")
    raw_po_line = fields.Char(string="PO line (as received)")
    # ------------------------------------------------------------------
    # Values read by the check
    # ------------------------------------------------------------------
    product_id = fields.Many2one("product.product", readonly=True, copy=False)
    customer_item_id = fields.Many2one("cs.customer.item", string="Customer item", readonly=True, copy=False)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True, copy=False)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True, copy=False)
    requested_date = fields.Date(string="Requested date", readonly=True, copy=False)
    ship_to_id = fields.Many2one("res.partner", string="Delivery address", readonly=True, copy=False)
    price_unit = fields.Float(string="Customer's price", digits="Product Price", readonly=True, copy=False)
    po_number = fields.Char(string="Customer PO", readonly=True, copy=False, index="btree_not_null")
    po_line = fields.Char(string="PO line", readonly=True, copy=False)
    # ------------------------------------------------------------------
    # Result
    # ------------------------------------------------------------------
    status = fields.Selection(LINE_STATUSES, required=True, default="block", readonly=True, copy=False, index=True)
    anomalies = fields.Json(
        string="Anomaly details", readonly=True, copy=False, help="[{code, level, message}] found by the last check."
    )
    anomaly_text = fields.Text(string="Anomalies", readonly=True, copy=False)
    ignore_reason = fields.Char(string="Ignore reason", help="Why the line is not ordered (required to ignore it).")
    existing_line_id = fields.Many2one(
        "sale.order.line",
        string="Already ordered on",
        readonly=True,
        copy=False,
        help="The order line that carries the same customer PO line from an earlier import.",
    )
    order_line_id = fields.Many2one(
        "sale.order.line",
        string="Quotation line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    order_id = fields.Many2one(related="order_line_id.order_id", string="Quotation")
    change_id = fields.Many2one(
        "cs.order.change", string="Change request", readonly=True, copy=False, ondelete="set null"
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, LINE_GUARDED, operation="create")
        lines = super().create(vals_list)
        if not self.env.su:
            # keyed-in lines: the batch must be one the user may change, still open
            lines.intake_id.check_access("write")
            lines.intake_id._cs_ensure_open()
            lines.intake_id._cs_check()
        return lines

    def write(self, vals):
        cs_guard_fields(self, vals, (*LINE_GUARDED, "intake_id"))
        if not self.env.su and set(vals) & set(RAW_FIELDS):
            closed = self.filtered(lambda line: line.status in ("done", "ignored"))
            if closed:
                raise UserError(
                    self.env._(
                        "File line %(line)s is %(status)s: its values are kept as they were. Restore an ignored "
                        "line before fixing it.",
                        line=closed[0].line_number or closed[0].sequence,
                        status=dict(self._fields["status"]._description_selection(self.env))[closed[0].status],
                    )
                )
        res = super().write(vals)
        if not self.env.su and set(vals) & set(RAW_FIELDS):
            self.intake_id._cs_check()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_imported(self):
        if not self.env.su and any(line.status == "done" for line in self):
            raise UserError(
                self.env._("An imported intake line is kept with its quotation line: it cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_ignore(self):
        """Leave the line out of the order, with the reason written on it."""
        self.check_access("write")
        for line in self:
            if line.status == "done":
                raise UserError(self.env._("File line %(line)s is already imported.", line=line.line_number))
            if not (line.ignore_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write why file line %(line)s is ignored (Ignore reason) before ignoring it.",
                        line=line.line_number or line.sequence,
                    )
                )
        self.sudo().write({"status": "ignored"})
        for intake in self.intake_id:
            ignored = self.filtered(lambda ln, i=intake: ln.intake_id == i)
            intake.message_post(
                body=self.env._(
                    "Lines ignored: %(lines)s",
                    lines="; ".join(f"{ln.line_number or ln.sequence}: {ln.ignore_reason}" for ln in ignored),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.intake_id._cs_update_state()
        return True

    def action_restore(self):
        """Take an ignored line back: it is checked again."""
        self.check_access("write")
        lines = self.filtered(lambda line: line.status == "ignored")
        lines.sudo().write({"status": "block", "ignore_reason": False})
        lines.intake_id._cs_check()
        return True
