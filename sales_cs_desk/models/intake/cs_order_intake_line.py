from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..common.cs_guard import cs_guard_fields

LINE_STATUSES = [
    ("pass", "Pass"),
    ("warning", "Warning"),
    ("block", "Blocked"),
    ("ignored", "Ignored"),
    ("done", "Imported"),
]
LEVEL_ORDER = {"pass": 0, "warning": 1, "block": 2}
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
# The customer's way of writing common units (files rarely use Odoo's unit names).
UOM_ALIASES = {
    "uom.product_uom_unit": (
        "unit",
        "units",
        "pcs",
        "pc",
        "pce",
        "ea",
        "each",
        "st",
        "stk",
        "个",
        "件",
        "只",
        "支",
        "pcs.",
    ),
    "uom.product_uom_dozen": ("dozen", "dozens", "dz", "doz", "打"),
    "uom.product_uom_kgm": ("kg", "kgs", "公斤", "千克"),
    "uom.product_uom_gram": ("g", "gram", "grams", "克"),
    "uom.product_uom_meter": ("m", "meter", "metre", "米"),
    "uom.product_uom_litre": ("l", "litre", "liter", "升"),
}


def _num(value):
    """A quantity or price as a person writes it: 130, 12.5 (not 130.0)."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


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
    product_id = fields.Many2one("product.product", string="Product", readonly=True, copy=False)
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

    # ------------------------------------------------------------------
    # The check: values as received → values read, anomalies, status
    # ------------------------------------------------------------------
    @api.model
    def _cs_evaluate(self, intake, raws, seen=None):
        """Read and check many input lines of one batch in a fixed number of queries.

        :param intake: the batch (customer, company, decimal mark, layout)
        :param raws: dicts of ``raw_*`` values (and ``id`` for existing lines)
        :param seen: ``{(po, po_line): line number}`` of lines already imported from the batch
        :return: one dict of checked values (``LINE_GUARDED`` names) per input, in order
        """
        lookups = self._cs_lookups(intake, raws)
        seen = dict(seen or {})
        results = []
        for raw in raws:
            result = self._cs_evaluate_one(intake, raw, lookups)
            key = (result["po_number"], result["po_line"])
            if key[0] and key[1]:
                if key in seen:
                    self._cs_add(
                        result,
                        "po_line_repeated",
                        "block",
                        self.env._(
                            "PO %(po)s line %(line)s appears twice in this batch (also on file line %(first)s): "
                            "fix the PO line or ignore one of them.",
                            po=key[0],
                            line=key[1],
                            first=seen[key],
                        ),
                    )
                else:
                    seen[key] = raw.get("line_number") or ""
            result["anomaly_text"] = "\n".join(a["message"] for a in result["anomalies"]) or False
            results.append(result)
        return results

    @api.model
    def _cs_add(self, result, code, level, message):
        result["anomalies"].append({"code": code, "level": level, "message": message})
        if LEVEL_ORDER[level] > LEVEL_ORDER[result["status"]]:
            result["status"] = level

    @api.model
    def _cs_lookups(self, intake, raws):
        """Everything the check needs for ``raws``, read in batches (no query per line)."""
        env = self.env
        Reader = env["cs.intake.reader"]
        company = intake.company_id
        customer = intake.partner_id.commercial_partner_id
        parts = {(raw.get("raw_part") or "").strip() for raw in raws} - {""}
        items = (
            env["cs.customer.item"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("customer_part_number", "in", list(parts)),
                ],
                ["customer_part_number", "product_id", "intake_uom_id"],
            )
            if parts and customer
            else env["cs.customer.item"]
        )
        item_by_part = {item.customer_part_number.casefold(): item for item in items}
        codes = {(raw.get("raw_product") or "").strip() for raw in raws} - {""}
        codes |= {part for part in parts if part.casefold() not in item_by_part}
        products = (
            env["product.product"]
            .sudo()
            .search_fetch(
                [
                    ("default_code", "in", list(codes)),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [company.id, False]),
                ],
                ["default_code", "uom_id", "product_tmpl_id"],
            )
            if codes
            else env["product.product"]
        )
        product_by_code = {product.default_code.casefold(): product for product in products}
        all_products = (products | items.product_id).sudo()
        all_products.fetch(["uom_id", "product_tmpl_id", "display_name"])
        all_products.product_tmpl_id.fetch(["sale_delay", "uom_id", "list_price"])
        ship_codes = {(raw.get("raw_ship_to") or "").strip() for raw in raws} - {""}
        ship_tos = (
            env["res.partner"]
            .sudo()
            .search_fetch(
                [("commercial_partner_id", "=", customer.id), ("cs_ship_to_code", "in", list(ship_codes))],
                ["cs_ship_to_code", "display_name"],
            )
            if ship_codes and customer
            else env["res.partner"]
        )
        pos = {(raw.get("raw_po") or "").strip() for raw in raws} | {(intake.po_number or "").strip()}
        pos.discard("")
        existing_lines, orders = env["sale.order.line"], env["sale.order"]
        if pos and customer:
            existing_lines = (
                env["sale.order.line"]
                .sudo()
                .search_fetch(
                    [
                        ("order_id.partner_id", "child_of", customer.id),
                        ("company_id", "=", company.id),
                        ("cs_customer_po", "in", list(pos)),
                        ("state", "!=", "cancel"),
                    ],
                    [
                        "cs_customer_po",
                        "cs_customer_po_line",
                        "product_id",
                        "product_uom_qty",
                        "product_uom",
                        "order_id",
                    ],
                )
            )
            orders = (
                env["sale.order"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id", "child_of", customer.id),
                        ("company_id", "=", company.id),
                        ("client_order_ref", "in", list(pos)),
                        ("state", "!=", "cancel"),
                    ],
                    ["client_order_ref", "state", "name"],
                    order="id",
                )
            )
            (existing_lines.order_id | orders).fetch(["state", "name"])
        rules = (
            env["cs.customer.item"]._cs_order_rules(
                [(customer.id, product.id) for product in all_products], company=company
            )
            if customer
            else {}
        )
        pricelist = customer.with_company(company).sudo().property_product_pricelist if customer else False
        price_rules = (
            pricelist._get_applicable_rules(all_products, fields.Datetime.now())
            if pricelist and any(raw.get("raw_price") for raw in raws)
            else env["product.pricelist.item"]
        )
        uoms = env["uom.uom"].sudo().search_fetch([], ["name", "category_id", "factor", "rounding", "uom_type"])
        uom_by_name = {}
        for uom in uoms:
            uom_by_name.setdefault(uom.name.casefold(), uom)
        for uom in uoms.with_context(lang="en_US"):
            uom_by_name.setdefault(uom.name.casefold(), uom)
        for xmlid, names in UOM_ALIASES.items():
            uom = env.ref(xmlid, raise_if_not_found=False)
            for name in names:
                if uom:
                    uom_by_name.setdefault(name.casefold(), uom.sudo())
        layout = intake.layout_id
        return {
            "reader": Reader,
            "customer": customer,
            "company": company,
            "today": fields.Date.context_today(self),
            "item_by_part": item_by_part,
            "product_by_code": product_by_code,
            "ship_to_by_code": {partner.cs_ship_to_code.casefold(): partner for partner in ship_tos},
            "existing": {
                (line.cs_customer_po, (line.cs_customer_po_line or "").strip()): line for line in existing_lines
            },
            "order_by_po": {order.client_order_ref: order for order in orders},
            "rules": rules,
            "pricelist": pricelist,
            "price_rules": price_rules,
            "tolerance": company.cs_price_tolerance,
            "uom_by_name": uom_by_name,
            "date_format": layout.date_format if layout and layout.date_format != "auto" else None,
            "decimal_comma": intake.decimal_comma,
        }

    @api.model
    def _cs_evaluate_one(self, intake, raw, lk):
        """The check of one input line, from the pre-fetched lookups ``lk`` (no query)."""
        result = {
            "status": "pass",
            "anomalies": [],
            "product_id": False,
            "customer_item_id": False,
            "quantity": 0.0,
            "uom_id": False,
            "requested_date": False,
            "ship_to_id": False,
            "price_unit": 0.0,
            "po_number": ((raw.get("raw_po") or "").strip() or (intake.po_number or "").strip()) or False,
            "po_line": (raw.get("raw_po_line") or "").strip() or False,
            "existing_line_id": False,
            "_product": None,
            "_item": None,
            "_uom": None,
        }
        self._cs_check_product(result, raw, lk)
        self._cs_check_quantity(result, raw, lk)
        self._cs_check_order_rules(result, raw, lk)
        self._cs_check_date(result, raw, lk)
        self._cs_check_ship_to(result, raw, lk)
        self._cs_check_price_given(result, raw, lk)
        self._cs_check_po_line(result, result["_product"], result["_uom"], lk)
        for key in ("_product", "_item", "_uom"):
            del result[key]
        return result

    @api.model
    def _cs_check_product(self, result, raw, lk):
        """Product, through the customer's part number or our code."""
        env = self.env
        customer = lk["customer"]
        part = (raw.get("raw_part") or "").strip()
        code = (raw.get("raw_product") or "").strip()
        item = lk["item_by_part"].get(part.casefold()) if part else None
        product = item.product_id if item else lk["product_by_code"].get((code or part).casefold())
        if not part and not code:
            self._cs_add(
                result,
                "part_missing",
                "block",
                env._("No part number on this line: enter the customer's part number or our product code."),
            )
        elif not product:
            self._cs_add(
                result,
                "part_unknown",
                "block",
                env._(
                    "Part number %(part)s is not known for %(customer)s: add it to the customer's items "
                    "(customer part number) or correct the line.",
                    part=part or code,
                    customer=customer.display_name,
                ),
            )
        else:
            result["product_id"] = product.id
            result["customer_item_id"] = item.id if item else False
        result["_product"], result["_item"] = product or None, item or None

    @api.model
    def _cs_check_quantity(self, result, raw, lk):
        """Quantity and unit."""
        env = self.env
        reader = lk["reader"]
        product = result["_product"]
        item = result["_item"]
        raw_qty = (raw.get("raw_qty") or "").strip()
        qty = reader._cs_parse_number(raw_qty, lk["decimal_comma"])
        if not raw_qty:
            self._cs_add(result, "qty_missing", "block", env._("No quantity on this line: enter the quantity ordered."))
        elif qty is None:
            self._cs_add(
                result,
                "qty_nan",
                "block",
                env._("Quantity %(value)s is not a number: enter the quantity in figures.", value=raw_qty),
            )
        elif qty <= 0:
            self._cs_add(
                result,
                "qty_not_positive",
                "block",
                env._(
                    "Quantity %(qty)s must be above 0: correct it, or ignore the line if the customer cancels it.",
                    qty=_num(qty),
                ),
            )
        else:
            result["quantity"] = qty
        raw_uom = (raw.get("raw_uom") or "").strip()
        uom = lk["uom_by_name"].get(raw_uom.casefold()) if raw_uom else None
        if raw_uom and not uom:
            self._cs_add(
                result,
                "uom_unknown",
                "block",
                env._(
                    "Unit %(unit)s is not known: write a unit of the desk (e.g. Units, kg, Dozens) or leave it "
                    "empty to use the customer's ordering unit of the item.",
                    unit=raw_uom,
                ),
            )
        elif product:
            uom = uom or (item.intake_uom_id if item else None) or product.uom_id
            if uom.category_id != product.uom_id.category_id:
                self._cs_add(
                    result,
                    "uom_category",
                    "block",
                    env._(
                        "Unit %(unit)s cannot be converted to %(product)s's unit %(product_unit)s: correct the unit.",
                        unit=uom.name,
                        product=product.display_name,
                        product_unit=product.uom_id.name,
                    ),
                )
                uom = None
            else:
                result["uom_id"] = uom.id
        result["_uom"] = uom or None

    @api.model
    def _cs_check_order_rules(self, result, raw, lk):
        """Order rules (MOQ, pack multiple), in the product's unit."""
        env = self.env
        customer = lk["customer"]
        product = result["_product"]
        uom = result["_uom"]
        if product and uom and result["quantity"]:
            qty_product = uom._compute_quantity(result["quantity"], product.uom_id, round=False)
            moq, pack = lk["rules"].get((customer.id, product.id), (0.0, 0.0))
            rounding = product.uom_id.rounding or 0.01
            Line = env["sale.order.line"]
            if moq and float_compare(qty_product, moq, precision_rounding=rounding) < 0:
                self._cs_add(
                    result,
                    "moq",
                    "warning",
                    env._(
                        "%(qty)s %(unit)s is below the minimum order quantity %(moq)s %(unit)s of %(product)s: "
                        "the review will ask to raise it or waive the minimum.",
                        qty=_num(qty_product),
                        unit=product.uom_id.name,
                        moq=_num(moq),
                        product=product.display_name,
                    ),
                )
            if pack and not Line._cs_is_multiple(qty_product, pack, rounding):
                self._cs_add(
                    result,
                    "pack",
                    "warning",
                    env._(
                        "%(qty)s %(unit)s is not a multiple of the pack of %(pack)s; the next full pack is %(up)s.",
                        qty=_num(qty_product),
                        unit=product.uom_id.name,
                        pack=_num(pack),
                        up=_num(Line._cs_round_up_to_pack(qty_product, pack, rounding)),
                    ),
                )

    @api.model
    def _cs_check_date(self, result, raw, lk):
        """Requested date."""
        env = self.env
        reader = lk["reader"]
        product = result["_product"]
        raw_date = (raw.get("raw_date") or "").strip()
        if raw_date:
            requested = reader._cs_parse_date(raw_date, lk["date_format"])
            if requested == "ambiguous":
                self._cs_add(
                    result,
                    "date_ambiguous",
                    "block",
                    env._(
                        "Requested date %(value)s can be read day-first or month-first: set the customer's date "
                        "format in its file layout, or write the date as year-month-day.",
                        value=raw_date,
                    ),
                )
            elif not requested:
                self._cs_add(
                    result,
                    "date_unreadable",
                    "block",
                    env._(
                        "Requested date %(value)s cannot be read as a date: write it as year-month-day "
                        "(2026-12-31) or set the customer's date format in its file layout.",
                        value=raw_date,
                    ),
                )
            else:
                result["requested_date"] = requested
                delay = product.product_tmpl_id.sale_delay if product else 0
                if requested < lk["today"]:
                    self._cs_add(
                        result,
                        "date_past",
                        "warning",
                        env._(
                            "Requested date %(date)s is in the past: agree a new date with the customer.",
                            date=requested,
                        ),
                    )
                elif delay and requested < lk["today"] + timedelta(days=delay):
                    self._cs_add(
                        result,
                        "date_lead_time",
                        "warning",
                        env._(
                            "Requested date %(date)s is inside the lead time of %(days)s days: the earliest "
                            "date is %(earliest)s.",
                            date=requested,
                            days=delay,
                            earliest=lk["today"] + timedelta(days=delay),
                        ),
                    )

    @api.model
    def _cs_check_ship_to(self, result, raw, lk):
        """Delivery address by the customer's own code."""
        env = self.env
        customer = lk["customer"]
        raw_ship = (raw.get("raw_ship_to") or "").strip()
        if raw_ship:
            ship_to = lk["ship_to_by_code"].get(raw_ship.casefold())
            if ship_to:
                result["ship_to_id"] = ship_to.id
            else:
                self._cs_add(
                    result,
                    "ship_to_unknown",
                    "block",
                    env._(
                        "Ship-to code %(code)s is not a delivery address of %(customer)s: write the code on the "
                        "delivery address (Customer's ship-to code) or correct the line.",
                        code=raw_ship,
                        customer=customer.display_name,
                    ),
                )

    @api.model
    def _cs_check_price_given(self, result, raw, lk):
        """The customer's price against the pricelist."""
        env = self.env
        reader = lk["reader"]
        product = result["_product"]
        uom = result["_uom"]
        raw_price = (raw.get("raw_price") or "").strip()
        if raw_price:
            price = reader._cs_parse_number(raw_price, lk["decimal_comma"])
            if price is None or price < 0:
                self._cs_add(
                    result,
                    "price_nan",
                    "block",
                    env._("Price %(value)s is not a price: enter it in figures, or leave it empty.", value=raw_price),
                )
            else:
                result["price_unit"] = price
                self._cs_check_price(result, product, uom, lk)

    @api.model
    def _cs_check_price(self, result, product, uom, lk):
        if not (product and uom):
            return
        qty = result["quantity"] or 1.0
        if lk["pricelist"]:
            rule = self.env["product.pricelist.item"]
            qty_product = uom._compute_quantity(qty, product.uom_id, round=False)
            for candidate in lk["price_rules"]:
                if candidate._is_applicable_for(product, qty_product):
                    rule = candidate
                    break
            reference = rule._compute_price(
                product, qty, uom, fields.Datetime.now(), currency=lk["pricelist"].currency_id
            )
        else:
            # no pricelist in the company: quotations take the sales price
            reference = product.uom_id._compute_price(product.lst_price, uom)
        price = result["price_unit"]
        if reference <= 0:
            return
        gap = abs(price - reference) / reference * 100.0
        if gap > lk["tolerance"] + 1e-9:
            self._cs_add(
                result,
                "price",
                "warning",
                self.env._(
                    "The customer's price %(price)s differs from the pricelist price %(reference)s by %(gap)s %% "
                    "(tolerance %(tolerance)s %%): the quotation takes the pricelist price; agree the price with "
                    "the customer.",
                    price=_num(price),
                    reference=_num(reference),
                    gap=round(gap, 1),
                    tolerance=_num(lk["tolerance"]),
                ),
            )

    @api.model
    def _cs_check_po_line(self, result, product, uom, lk):
        po, po_line = result["po_number"], result["po_line"]
        if not po:
            return
        existing = lk["existing"].get((po, po_line or ""))
        order = existing.order_id if existing else lk["order_by_po"].get(po)
        if not existing:
            if order and order.state == "sale":
                self._cs_add(
                    result,
                    "po_confirmed_new_line",
                    "block",
                    self.env._(
                        "PO %(po)s is already confirmed as %(order)s, which has no line %(line)s: add the line "
                        "to the order by hand (or a new PO), or ignore it here.",
                        po=po,
                        order=order.name,
                        line=po_line or "-",
                    ),
                )
            return
        result["existing_line_id"] = existing.id
        same_product = not product or existing.product_id == product
        new_qty = (
            uom._compute_quantity(result["quantity"], existing.product_uom, round=False)
            if uom and result["quantity"] and uom.category_id == existing.product_uom.category_id
            else result["quantity"]
        )
        same_qty = (
            float_compare(new_qty, existing.product_uom_qty, precision_rounding=existing.product_uom.rounding) == 0
        )
        confirmed = order.state == "sale"
        if same_product and same_qty:
            self._cs_add(
                result,
                "po_line_imported",
                "warning",
                self.env._(
                    "PO %(po)s line %(line)s is already on %(order)s with the same product and quantity: "
                    "it is not ordered twice.",
                    po=po,
                    line=po_line or "-",
                    order=order.name,
                ),
            )
        elif not same_product and confirmed:
            self._cs_add(
                result,
                "po_line_product_changed",
                "block",
                self.env._(
                    "PO %(po)s line %(line)s was %(old)s on confirmed order %(order)s and is now %(new)s: "
                    "record a product change request on the order, or ignore the line.",
                    po=po,
                    line=po_line or "-",
                    old=existing.product_id.display_name,
                    new=product.display_name,
                    order=order.name,
                ),
            )
        else:
            self._cs_add(
                result,
                "po_line_changed",
                "warning",
                (
                    self.env._(
                        "PO %(po)s line %(line)s changed: %(old)s on confirmed order %(order)s, now %(new)s. "
                        "The import proposes a change request on the order (no second order).",
                        po=po,
                        line=po_line or "-",
                        old=_num(existing.product_uom_qty),
                        new=_num(new_qty),
                        order=order.name,
                    )
                    if confirmed
                    else self.env._(
                        "PO %(po)s line %(line)s changed: %(old)s on quotation %(order)s, now %(new)s. "
                        "The import updates the quotation (no second order).",
                        po=po,
                        line=po_line or "-",
                        old=_num(existing.product_uom_qty),
                        new=_num(new_qty),
                        order=order.name,
                    )
                ),
            )
