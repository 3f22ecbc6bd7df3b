import base64
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..common.cs_guard import cs_guard_fields
from .cs_intake_layout import INTAKE_COLUMNS
from .cs_order_intake_line import RAW_FIELDS

INTAKE_SOURCES = [
    ("manual", "Keyed in"),
    ("file", "File"),
    ("email", "E-mail"),
    ("portal", "Portal"),
    ("edi", "EDI"),
]
INTAKE_STATES = [
    ("draft", "To import"),
    ("partial", "Partly imported"),
    ("done", "Imported"),
    ("held", "Held"),
    ("cancel", "Cancelled"),
]
# Written by the entry points, the checks and the import only.
INTAKE_GUARDED = (
    "name",
    "source",
    "filename",
    "attachment_id",
    "layout_id",
    "decimal_comma",
    "state",
    "hold_message",
)


class CsOrderIntake(models.Model):
    """A customer order as received (O1): one batch per file, keyed-in order, e-mail, portal upload or EDI message.

    Nothing is lost: the raw file is kept as an attachment, every input line becomes a
    ``cs.order.intake.line`` with its raw values, what the desk read from them, a status
    (pass / warning / block / ignored / imported) and every anomaly with a readable reason. The import
    turns the ready lines into quotations (which enter the order review when it is on), updates a
    quotation still in review when the customer re-sends its PO, or proposes a change request
    (``cs.order.change``) on a confirmed order — never a second order for the same PO.

    Entry points for the channels (file upload, e-mail alias, portal, EDI). They run with the caller's
    rights (a channel running as superuser must have checked the sender first) and raise a translated
    ``UserError`` leaving nothing behind when the input cannot be read as a whole:

    * ``_cs_intake_from_file(partner, filename, data, source="file", po_number=None)`` — a CSV/XLSX file
      (``data`` in bytes), read with ``cs.intake.reader`` and the customer's layout (``cs.intake.layout``,
      recorded from the headers of its first file); returns the batch, its lines checked.
    * ``_cs_intake_from_rows(partner, rows, source="manual", filename=None, data=None, po_number=None,
      decimal_comma=False)`` — ``rows`` are dicts keyed by ``INTAKE_COLUMNS`` (``part``, ``product``,
      ``description``, ``qty``, ``uom``, ``date``, ``ship_to``, ``price``, ``po``, ``po_line``) with
      string, number or date values, plus optional ``line_number`` and ``raw_text``; ``data`` (bytes) is
      kept as the raw attachment. Returns the batch, its lines checked.
    * ``_cs_intake_hold(partner, filename, data, source, message)`` — keep an input that cannot be read
      (malformed EDI, unknown sender: ``partner`` may be empty) as a held batch with its file and the
      reason, for a supervisor.
    * ``_cs_import()`` on a batch — what the "Create quotations" button does.
    """

    _name = "cs.order.intake"
    _description = "Order intake batch"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Batch", readonly=True, copy=False, default="/")
    source = fields.Selection(INTAKE_SOURCES, required=True, default="manual", readonly=True, copy=False, tracking=True)
    # empty only on a batch held because its sender is unknown (supervisors see those)
    partner_id = fields.Many2one(string="Customer", required=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    po_number = fields.Char(
        string="Customer PO", tracking=True, help="The customer's PO number, for lines whose file gives none."
    )
    filename = fields.Char(string="File", readonly=True, copy=False)
    attachment_id = fields.Many2one("ir.attachment", string="File as received", readonly=True, copy=False)
    layout_id = fields.Many2one("cs.intake.layout", string="File layout", readonly=True, copy=False)
    decimal_comma = fields.Boolean(
        string="Decimal comma", readonly=True, copy=False, help="The file writes 1,5 for one and a half."
    )
    state = fields.Selection(INTAKE_STATES, required=True, default="draft", readonly=True, copy=False, tracking=True)
    hold_message = fields.Text(string="Why held", readonly=True, copy=False)
    note = fields.Text()
    line_ids = fields.One2many("cs.order.intake.line", "intake_id", string="Lines", copy=False)
    line_count = fields.Integer(compute="_compute_counts")
    block_count = fields.Integer(string="Blocked", compute="_compute_counts")
    warning_count = fields.Integer(string="Warnings", compute="_compute_counts")
    ready_count = fields.Integer(string="Ready", compute="_compute_counts")
    done_count = fields.Integer(string="Imported", compute="_compute_counts")
    ignored_count = fields.Integer(string="Ignored", compute="_compute_counts")
    order_ids = fields.Many2many("sale.order", string="Quotations", compute="_compute_documents")
    change_ids = fields.Many2many("cs.order.change", string="Change requests", compute="_compute_documents")
    order_count = fields.Integer(string="Quotation count", compute="_compute_documents")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("line_ids.status")
    def _compute_counts(self):
        counts = defaultdict(int)
        for intake, status, count in self.env["cs.order.intake.line"]._read_group(
            [("intake_id", "in", self.ids)], ["intake_id", "status"], ["__count"]
        ):
            counts[intake.id, status] = count
        for intake in self:
            get = lambda status, i=intake: counts[i.id, status]  # noqa: E731
            intake.block_count = get("block")
            intake.warning_count = get("warning")
            intake.ready_count = get("pass") + get("warning")
            intake.done_count = get("done")
            intake.ignored_count = get("ignored")
            intake.line_count = sum(get(status) for status in ("pass", "warning", "block", "done", "ignored"))

    @api.depends("line_ids.order_line_id", "line_ids.change_id")
    def _compute_documents(self):
        for intake in self:
            lines = intake.line_ids
            intake.order_ids = lines.order_line_id.order_id
            intake.change_ids = lines.change_id
            intake.order_count = len(intake.order_ids)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, INTAKE_GUARDED, operation="create")
        intakes = super().create(vals_list)
        for intake in intakes:
            intake.sudo().name = (
                self.env["ir.sequence"].with_company(intake.company_id).next_by_code("cs.order.intake") or "/"
            )
        return intakes

    def write(self, vals):
        cs_guard_fields(self, vals, INTAKE_GUARDED)
        if not self.env.su and {"partner_id", "company_id", "po_number"} & set(vals):
            if any(intake.done_count for intake in self):
                raise UserError(
                    self.env._(
                        "Lines of this batch are already imported: its customer, company and PO stay as they were."
                    )
                )
        res = super().write(vals)
        if not self.env.su and {"partner_id", "po_number"} & set(vals):
            self._cs_check()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_imported(self):
        if any(intake.done_count for intake in self):
            raise UserError(
                self.env._("A batch with imported lines is kept with its quotations: cancel it instead of deleting it.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_check(self):
        """Check the open lines again (after the customer's items, addresses or layout changed)."""
        self.check_access("write")
        self._cs_ensure_open()
        self._cs_check()
        return True

    def action_import(self):
        """Create the quotations (or updates and change requests) from the lines ready for it."""
        self.check_access("write")
        for intake in self:
            intake._cs_import()
        return self.action_open_orders() if len(self) == 1 and len(self.order_ids) == 1 else True

    def action_cancel(self):
        self.check_access("write")
        if any(intake.done_count for intake in self):
            raise UserError(
                self.env._("Lines of this batch are already imported: cancel or change their quotations instead.")
            )
        self.sudo().write({"state": "cancel"})
        return True

    def action_reimport(self):
        """Read the file again with the customer's current layout (nothing imported yet)."""
        self.check_access("write")
        for intake in self:
            if intake.done_count or not intake.attachment_id or not intake.partner_id:
                raise UserError(
                    self.env._(
                        "Only a batch read from a file, with a customer and nothing imported yet, can be read again."
                    )
                )
            data = base64.b64decode(intake.attachment_id.sudo().datas or b"")
            table = self.env["cs.intake.reader"]._cs_read_table(intake.filename, data)
            rows, decimal_comma, layout = self._cs_rows_from_table(intake.partner_id, table, intake.filename)
            intake.line_ids.sudo().unlink()
            intake.sudo().write({"state": "draft", "decimal_comma": decimal_comma, "layout_id": layout.id})
            intake._cs_stage([self._cs_raw_vals(row, decimal_comma) for row in rows])
            intake.message_post(body=self.env._("File read again: %(count)s lines.", count=len(rows)))
        return True

    def action_open_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        orders = self.order_ids
        if len(orders) == 1:
            action.update({"res_id": orders.id, "views": [(False, "form")], "view_mode": "form"})
        else:
            action["domain"] = [("id", "in", orders.ids)]
        return action

    # ------------------------------------------------------------------
    # Entry points (see the class docstring)
    # ------------------------------------------------------------------
    @api.model
    def _cs_intake_from_file(self, partner, filename, data, source="file", po_number=None):
        if not partner:
            raise UserError(self.env._("Choose the customer whose order file this is."))
        table = self.env["cs.intake.reader"]._cs_read_table(filename, data)
        rows, decimal_comma, layout = self._cs_rows_from_table(partner, table, filename)
        intake = self._cs_intake_from_rows(
            partner,
            rows,
            source=source,
            filename=filename,
            data=data,
            po_number=po_number,
            decimal_comma=decimal_comma,
            layout=layout,
        )
        return intake

    @api.model
    def _cs_intake_from_rows(
        self, partner, rows, source="manual", filename=None, data=None, po_number=None, decimal_comma=False, layout=None
    ):
        if not rows:
            raise UserError(self.env._("The order has no lines: nothing to import."))
        intake = self.create({"partner_id": partner.id, "po_number": po_number or False})
        intake.sudo().write(
            {
                "source": source,
                "filename": filename or False,
                "decimal_comma": decimal_comma,
                "layout_id": layout.id if layout else False,
            }
        )
        if data:
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename or intake.name,
                        "raw": data,
                        "res_model": self._name,
                        "res_id": intake.id,
                    }
                )
            )
            intake.sudo().attachment_id = attachment
        intake._cs_stage([self._cs_raw_vals(row, decimal_comma) for row in rows])
        return intake

    @api.model
    def _cs_intake_hold(self, partner, filename, data, source, message):
        intake = self.sudo().create(
            {
                "partner_id": partner.id if partner else False,
                "company_id": (partner.company_id or self.env.company).id if partner else self.env.company.id,
                "source": source,
                "filename": filename or False,
                "state": "held",
                "hold_message": message,
            }
        )
        if data:
            intake.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create({"name": filename or intake.name, "raw": data, "res_model": self._name, "res_id": intake.id})
            )
        intake.message_post(body=message, subtype_xmlid="mail.mt_note")
        return intake

    # ------------------------------------------------------------------
    # Reading a table into lines
    # ------------------------------------------------------------------
    @api.model
    def _cs_rows_from_table(self, partner, table, filename):
        """Rows keyed by column key, the decimal mark, and the customer's layout (recorded when new)."""
        Layout = self.env["cs.intake.layout"]
        customer = partner.commercial_partner_id
        layout = Layout.search([("partner_id", "=", customer.id), ("company_id", "=", self.env.company.id)], limit=1)
        labels = Layout._cs_column_labels()
        mapping = self.env["cs.intake.reader"]._cs_map_columns(
            table["header"], layout._cs_aliases(), required=("qty",), labels=labels, filename=filename
        )
        if "part" not in mapping and "product" not in mapping:
            raise UserError(
                self.env._(
                    "%(file)s has no column with the customer's part number or our product code. The header "
                    "found is: %(header)s. Rename the column, or set it in the customer's file layout.",
                    file=filename,
                    header=" | ".join(table["header"]),
                )
            )
        if layout and layout.decimal_separator != "auto":
            decimal_comma = layout.decimal_separator == "comma"
        else:
            decimal_comma = table["decimal_comma"]
        header = table["header"]
        rows = []
        for number, values in zip(table["line_numbers"], table["rows"], strict=True):
            row = {key: values[index] if index < len(values) else "" for key, index in mapping.items()}
            row["line_number"] = number
            row["raw_text"] = " | ".join(
                f"{header[i] if i < len(header) else i + 1}: {value}" for i, value in enumerate(values) if value != ""
            )
            rows.append(row)
        if not layout and customer:
            # the customer's layout is remembered from its first file
            layout = Layout.create(
                {
                    "partner_id": customer.id,
                    "company_id": self.env.company.id,
                    **{f"col_{key}": header[index] for key, index in mapping.items()},
                }
            )
        return rows, decimal_comma, layout

    @api.model
    def _cs_raw_vals(self, row, decimal_comma=False):
        """An input row (dict by column key) as the raw values of an intake line (text, as received)."""
        vals = {"line_number": row.get("line_number") or 0, "raw_text": row.get("raw_text") or False}
        for key in INTAKE_COLUMNS:
            value = row.get(key)
            if value is None or value is False:
                text = ""
            elif isinstance(value, datetime):
                text = value.date().isoformat()
            elif hasattr(value, "isoformat"):
                text = value.isoformat()
            elif isinstance(value, float):
                text = f"{value:.6f}".rstrip("0").rstrip(".")
                text = text.replace(".", ",") if decimal_comma else text
            else:
                text = str(value).strip()
            vals[f"raw_{key}"] = text or False
        if not vals["raw_text"]:
            vals["raw_text"] = " | ".join(
                f"{key}: {vals[f'raw_{key}']}" for key in INTAKE_COLUMNS if vals[f"raw_{key}"]
            )
        return vals

    def _cs_stage(self, raw_vals_list):
        """Create the lines of the batch, checked, in one batch (no query per line)."""
        self.ensure_one()
        self.check_access("write")
        results = self.env["cs.order.intake.line"]._cs_evaluate(self, raw_vals_list)
        vals_list = [
            {**raw, **result, "intake_id": self.id, "sequence": index}
            for index, (raw, result) in enumerate(zip(raw_vals_list, results, strict=True), start=1)
        ]
        self.env["cs.order.intake.line"].sudo().create(vals_list)
        pos = {result["po_number"] for result in results}
        if not self.po_number and len(pos) == 1 and pos != {False}:
            # one PO in the file: the batch shows it (and lines keyed in later take it)
            self.sudo().po_number = pos.pop()
        self._cs_update_state()

    # ------------------------------------------------------------------
    # Checks and state
    # ------------------------------------------------------------------
    def _cs_ensure_open(self):
        for intake in self:
            if intake.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Batch %(batch)s is closed: its lines are no longer checked or changed.", batch=intake.name
                    )
                )

    def _cs_check(self):
        """Check the open lines of the batches again (batched per batch)."""
        Line = self.env["cs.order.intake.line"]
        for intake in self:
            if intake.state in ("cancel", "held") or not intake.partner_id:
                continue
            lines = intake.line_ids.filtered(lambda ln: ln.status in ("pass", "warning", "block"))
            done = intake.line_ids.filtered(lambda ln: ln.status == "done")
            seen = {(ln.po_number, ln.po_line): ln.line_number for ln in done if ln.po_number and ln.po_line}
            raws = [
                {name: line[name] or "" for name in RAW_FIELDS} | {"line_number": line.line_number} for line in lines
            ]
            for line, result in zip(lines, Line._cs_evaluate(intake, raws, seen=seen), strict=True):
                line.sudo().write(result)
            intake._cs_update_state()

    def _cs_update_state(self):
        for intake in self:
            if intake.state in ("cancel", "held"):
                continue
            statuses = set(intake.line_ids.mapped("status"))
            if statuses and statuses <= {"done", "ignored"}:
                state = "done"
            elif "done" in statuses:
                state = "partial"
            else:
                state = "draft"
            if intake.state != state:
                intake.sudo().state = state

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def _cs_import(self):
        """Turn the ready lines into quotation lines, quotation updates or change requests."""
        self.ensure_one()
        self.check_access("write")
        self._cs_ensure_open()
        if self.state == "held" or not self.partner_id:
            raise UserError(self.env._("A held batch is not imported: read the reason, then cancel it."))
        self._cs_check()
        lines = self.line_ids.filtered(lambda ln: ln.status in ("pass", "warning"))
        if not lines:
            raise UserError(
                self.env._("No line is ready to import: fix the blocked lines or ignore them with a reason first.")
            )
        again = lines.filtered("existing_line_id")
        summary = self._cs_import_resent(again)
        summary += self._cs_import_new(lines - again)
        self._cs_update_state()
        self.message_post(body="\n".join(summary), subtype_xmlid="mail.mt_note")
        return True

    def _cs_import_resent(self, lines):
        """Lines of a re-sent PO: unchanged → linked; changed → quotation updated or change request proposed."""
        summary = []
        changes = defaultdict(list)
        for line in lines:
            existing = line.existing_line_id.sudo()
            order = existing.order_id
            qty = line.uom_id._compute_quantity(line.quantity, existing.product_uom, round=False)
            changed_qty = (
                float_compare(qty, existing.product_uom_qty, precision_rounding=existing.product_uom.rounding) != 0
            )
            changed_product = existing.product_id != line.product_id
            if not (changed_qty or changed_product):
                line.sudo().write({"status": "done", "order_line_id": existing.id})
            elif order.state in ("draft", "sent"):
                order.with_env(self.env).write(
                    {
                        "order_line": [
                            Command.update(
                                existing.id,
                                {"product_id": line.product_id.id, "product_uom_qty": qty}
                                if changed_product
                                else {"product_uom_qty": qty},
                            )
                        ]
                    }
                )
                line.sudo().write({"status": "done", "order_line_id": existing.id})
                summary.append(
                    self.env._("%(order)s updated: PO line %(line)s.", order=order.name, line=line.po_line or "-")
                )
            else:
                changes[order].append((line, existing, qty))
        for order, items in changes.items():
            change = self.env["cs.order.change"].create(self._prepare_cs_change_vals(order, items))
            for line, existing, _qty in items:
                line.sudo().write({"status": "done", "order_line_id": existing.id, "change_id": change.id})
            summary.append(
                self.env._(
                    "Change request proposed on confirmed order %(order)s (%(count)s lines).",
                    order=order.name,
                    count=len(items),
                )
            )
        return summary

    def _prepare_cs_change_vals(self, order, items):
        return {
            "order_id": order.id,
            "kind": "quantity",
            "reason": self.env._(
                "The customer re-sent PO %(po)s with changed quantities (intake batch %(batch)s).",
                po=items[0][0].po_number,
                batch=self.name,
            ),
            "line_ids": [
                Command.create({"order_line_id": existing.id, "new_qty": qty}) for _ln, existing, qty in items
            ],
        }

    def _cs_import_new(self, lines):
        """New lines: added to the open quotation of their PO, or to a new quotation per PO and ship-to."""
        if not lines:
            return []
        Order = self.env["sale.order"]
        pos = list({line.po_number for line in lines if line.po_number})
        open_orders = (
            {
                order.client_order_ref: order
                for order in Order.search(
                    [
                        ("partner_id", "child_of", self.cs_customer_id.id),
                        ("company_id", "=", self.company_id.id),
                        ("client_order_ref", "in", pos),
                        ("state", "in", ("draft", "sent")),
                    ],
                    order="id",
                )
            }
            if pos
            else {}
        )
        groups = defaultdict(lambda: self.env["cs.order.intake.line"])
        for line in lines:
            groups[line.po_number or False, line.ship_to_id.id or False] |= line
        targets = {}
        to_create = []
        for key, group in groups.items():
            order = open_orders.get(key[0])
            if order and (not key[1] or order.partner_shipping_id.id == key[1]):
                targets[key] = order
            else:
                to_create.append((key, self._prepare_cs_order_vals(key[0], group)))
        if to_create:
            created = Order.create([vals for _key, vals in to_create])
            targets.update({key: order for (key, _vals), order in zip(to_create, created, strict=True)})
        ordered = [line for key, group in groups.items() for line in group]
        order_lines = self.env["sale.order.line"].create(
            [
                self._prepare_cs_order_line_vals(line, targets[line.po_number or False, line.ship_to_id.id or False])
                for line in ordered
            ]
        )
        for line, order_line in zip(ordered, order_lines, strict=True):
            line.sudo().write({"status": "done", "order_line_id": order_line.id})
        orders = order_lines.order_id
        return [
            self.env._(
                "%(count)s lines imported into %(orders)s.",
                count=len(order_lines),
                orders=", ".join(orders.mapped("name")),
            )
        ]

    def _prepare_cs_order_vals(self, po_number, lines):
        dates = [date for date in lines.mapped("requested_date") if date and date >= fields.Date.context_today(self)]
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "client_order_ref": po_number or False,
            "origin": self.name,
        }
        if lines[:1].ship_to_id:
            vals["partner_shipping_id"] = lines[:1].ship_to_id.id
        if dates:
            vals["commitment_date"] = datetime.combine(min(dates), time(12))
        return vals

    def _prepare_cs_order_line_vals(self, line, order):
        vals = {
            "order_id": order.id,
            "product_id": line.product_id.id,
            "product_uom_qty": line.quantity,
            "product_uom": line.uom_id.id,
            "cs_customer_po": line.po_number or False,
            "cs_customer_po_line": line.po_line or False,
            "sequence": line.sequence,
        }
        if line.raw_description:
            vals["name"] = f"{line.product_id.display_name}\n{line.raw_description}"
        return vals

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_batches(self):
        """Demo: customer files as they arrive, each with anomalies to handle, dated from today."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        day = lambda n: today + timedelta(days=n)  # noqa: E731
        specialist = ref("sales_cs_desk.res_users_cs_specialist_demo")
        huitong = ref("sales_cs_desk.res_partner_huitong_demo")
        nordwerk = ref("sales_cs_desk.res_partner_nordwerk_demo")
        Intake = self.with_user(specialist).with_company(ref("base.main_company"))
        # Huitong: its own Chinese headers, GB18030, two ship-to codes; an unknown part and an unknown plant
        rows = [
            "客户料号;数量;单位;交货日期;收货地;单价;采购单号;行号",
            f"HT-BD-4471;200;个;{day(21).isoformat()};HT-SH01;185;HT4500-{today:%m%d};10",
            f"HT-BR-0210;1000;;{day(21).isoformat()};HT-SH01;12,5;HT4500-{today:%m%d};20",
            f"HT-BR-0299;500;;{day(28).isoformat()};HT-SH02;12,5;HT4500-{today:%m%d};30",
            f"HT-BD-4471;130;个;{day(2).isoformat()};HT-SH09;160;HT4500-{today:%m%d};40",
        ]
        first = Intake._cs_intake_from_file(
            huitong, f"汇通采购订单_{today:%Y%m%d}.csv", ("\n".join(rows) + "\n").encode("gb18030")
        )
        # the plant code is fixed, the unknown part waits for the customer's answer; the rest is imported
        line = first.line_ids.filtered(lambda ln: ln.raw_ship_to == "HT-SH09")
        line.write({"raw_ship_to": "HT-SH02"})
        first.action_import()
        # Nordwerk: English, day-first dates, one line repeated, one quantity typed as text
        rows = [
            "Material;Order qty;Delivery date;PO number;Pos",
            f"BD-220;40;{day(30):%d.%m.%Y};NW-77{today:%m%d};1",
            f"MB-40;two hundred;{day(30):%d.%m.%Y};NW-77{today:%m%d};2",
            f"MB-40;200;{day(30):%d.%m.%Y};NW-77{today:%m%d};2",
        ]
        Intake.with_user(ref("sales_cs_desk.res_users_cs_backup_demo"))._cs_intake_from_file(
            nordwerk, f"NW-77{today:%m%d}.csv", ("\n".join(rows) + "\n").encode()
        )
        return True
