from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare

LEVEL_ORDER = {"pass": 0, "warning": 1, "block": 2}
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
    """The check of intake lines: the values as received read into product, quantity, unit, date,
    delivery address, price and PO reference, with every anomaly and its level.

    ``_cs_evaluate`` checks many lines of one batch in a fixed number of queries (``_cs_lookups``
    fetches what every line needs); each ``_cs_check_<what>`` checks one aspect of one line from
    those lookups, without a query, and adds its anomalies with ``_cs_add``: an addon adds a check by
    extending ``_cs_evaluate_one`` (and ``_cs_lookups`` for what it needs to read).
    """

    _inherit = "cs.order.intake.line"

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
            results.append(result)
        self._cs_check_po_dates(results, lookups)
        for result in results:
            result["anomaly_text"] = "\n".join(a["message"] for a in result["anomalies"]) or False
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
            (existing_lines.order_id | orders).fetch(["state", "name", "commitment_date"])
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
            "existing_by_id": {line.id: line for line in existing_lines},
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

    @api.model
    def _cs_check_po_dates(self, results, lk):
        """A re-sent PO whose earliest requested date moved from the order's commitment date.

        Orders are committed for the earliest requested date of their lines, so the PO's earliest
        date is compared, once per order, on the line that asks for it.
        """
        earliest = {}
        for result in results:
            line = lk["existing_by_id"].get(result["existing_line_id"])
            if line and result["requested_date"] and result["status"] != "block":
                order = line.order_id
                if order not in earliest or result["requested_date"] < earliest[order]["requested_date"]:
                    earliest[order] = result
        for order, result in earliest.items():
            promised = order.commitment_date and order.commitment_date.date()
            requested = result["requested_date"]
            if requested == promised or requested < lk["today"]:
                continue
            values = {
                "po": result["po_number"],
                "date": requested,
                "order": order.name,
                "promised": promised or "-",
            }
            self._cs_add(
                result,
                "po_date_changed",
                "warning",
                self.env._(
                    "PO %(po)s now asks for %(date)s; confirmed order %(order)s is committed for %(promised)s: "
                    "the import proposes a date change request on the order.",
                    **values,
                )
                if order.state == "sale"
                else self.env._(
                    "PO %(po)s now asks for %(date)s; quotation %(order)s is committed for %(promised)s: "
                    "the import moves the quotation's date.",
                    **values,
                ),
            )
