import math
from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..common.cs_guard import cs_guard_fields

# a provider's figure above this is a typing or export error, not stock
MAX_QUANTITY = 1e9

LINE_STATES = [
    ("error", "Error"),
    ("ignored", "Ignored"),
    ("match", "Matches"),
    ("difference", "Difference"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("posted", "Posted"),
]


class CsVmiReconcileLine(models.Model):
    """One line of a provider's stock file, as it was written and as checked."""

    _name = "cs.vmi.reconcile.line"
    _description = "3PL Stock Reconciliation Line"
    _order = "reconcile_id, sequence, id"
    _check_company_auto = True

    reconcile_id = fields.Many2one("cs.vmi.reconcile", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="reconcile_id.company_id", store=True)
    sequence = fields.Integer(string="Row", help="Row of the line in the provider's file.")
    # what the file said, kept as text so that nothing is lost and it can be corrected
    product_code = fields.Char(string="Product in file")
    date_text = fields.Char(string="Date in file")
    quantity_text = fields.Char(string="Quantity in file")
    # what we understood
    product_id = fields.Many2one("product.product", readonly=True, check_company=True, copy=False)
    date = fields.Date(readonly=True, copy=False)
    provider_qty = fields.Float(string="Provider", readonly=True, digits="Product Unit of Measure", copy=False)
    odoo_qty = fields.Float(string="Odoo", readonly=True, digits="Product Unit of Measure", copy=False)
    difference = fields.Float(readonly=True, digits="Product Unit of Measure", help="Provider minus Odoo.", copy=False)
    state = fields.Selection(LINE_STATES, required=True, default="error", readonly=True, copy=False)
    error = fields.Char(readonly=True, copy=False)

    # what the check found and the review decided: only the actions write them
    _CS_GUARDED = ("product_id", "date", "provider_qty", "odoo_qty", "difference", "state", "error")
    # what the file said: editable until the reconciliation is posted
    _CS_TEXT_FIELDS = ("sequence", "product_code", "date_text", "quantity_text")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, self._CS_GUARDED, operation="create")
        reconciles = self.env["cs.vmi.reconcile"].browse(
            {vals["reconcile_id"] for vals in vals_list if vals.get("reconcile_id")}
        )
        reconciles._ensure_not_posted()
        lines = super().create(vals_list)
        if not self.env.su:
            lines.reconcile_id._cs_needs_check()
        return lines

    def write(self, vals):
        cs_guard_fields(self, vals, (*self._CS_GUARDED, "reconcile_id"))
        if self.env.su:
            return super().write(vals)
        self.reconcile_id._ensure_not_posted()
        res = super().write(vals)
        if set(self._CS_TEXT_FIELDS) & set(vals):
            self.reconcile_id._cs_needs_check()
        return res

    def unlink(self):
        if not self.env.su:
            self.reconcile_id._ensure_not_posted()
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_accept(self):
        self._cs_review("accepted", ("difference", "rejected"))

    def action_reject(self):
        self._cs_review("rejected", ("difference", "accepted"))

    def action_ignore(self):
        self._cs_review("ignored", ("error",))

    def _cs_review(self, state, allowed):
        self.check_access("write")
        if self.reconcile_id.filtered(lambda r: r.state == "posted"):
            raise UserError(self.env._("This reconciliation is posted: import the next file instead."))
        wrong = self.filtered(lambda line: line.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))  # in the reader's language
            raise UserError(
                self.env._(
                    "Row %(row)s is %(state)s: only %(allowed)s lines can be marked so.",
                    row=wrong[0].sequence,
                    state=labels[wrong[0].state],
                    allowed=", ".join(labels[s] for s in allowed),
                )
            )
        if state == "accepted":
            accepted = self | self.reconcile_id.line_ids.filtered(lambda line: line.state == "accepted")
            accepted._cs_check_one_line_per_product()
        self.sudo().write({"state": state})

    def _cs_check_one_line_per_product(self):
        """Refuse these lines (to be) accepted if two are of one product: which would correct our stock is a guess.

        The provider's figures of several days for one product describe the
        same stock: their differences overlap, so neither the last one nor
        their sum is right for sure. Posting then equals the sum of the
        accepted lines, one per product.
        """
        by_product = defaultdict(list)
        for line in self.filtered("product_id"):
            by_product[line.product_id].append(line)
        for product, lines in by_product.items():
            if len(lines) > 1:
                raise UserError(
                    self.env._(
                        "Rows %(rows)s would correct %(product)s several times: the provider's figures of "
                        "several days describe the same stock. Accept only one of them (usually the latest) "
                        "and reject the others.",
                        rows=", ".join(str(line.sequence) for line in sorted(lines, key=lambda line: line.sequence)),
                        product=product.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Checking
    # ------------------------------------------------------------------
    def _cs_check(self):
        """Match product, parse date and quantity, flag duplicates, compare with our stock.

        Set-based for a whole import: one search of products, one of customer
        part numbers, one read of the daily report.
        """
        lines = self.filtered(lambda line: line.state != "ignored")  # ignored lines stay as they are
        if not lines:
            return
        reconcile = lines.reconcile_id
        reconcile.ensure_one()
        products = lines._cs_match_products(reconcile)
        parsed = {line: line._cs_parse(products) for line in lines}
        keys = Counter((p.id, d) for p, d, q, e in parsed.values() if not e)
        rows_by_key = {}
        for line, (product, day, __, errors) in parsed.items():
            if not errors:
                rows_by_key.setdefault((product.id, day), []).append(line.sequence)
        odoo_qty = self._cs_odoo_quantities(reconcile.warehouse_id, list(keys))
        for line, (product, day, qty, errors) in parsed.items():
            key = (product.id, day) if product else None
            if not errors and keys[key] > 1:
                others = [str(row) for row in rows_by_key[key] if row != line.sequence]
                errors.append(self.env._("duplicate of row %(rows)s", rows=", ".join(others)))
            vals = {"product_id": product.id if product else False, "date": day, "provider_qty": qty or 0.0}
            if errors:
                vals.update(state="error", error="; ".join(errors), odoo_qty=0.0, difference=0.0)
            else:
                ours = odoo_qty.get(key, 0.0)
                difference = qty - ours
                within = abs(difference) <= abs(ours) * reconcile.tolerance / 100.0 and (ours or not difference)
                state = "match" if within else "difference"
                if line.state in ("accepted", "rejected") and state == "difference" and line.difference == difference:
                    state = line.state  # keep the review when nothing changed
                vals.update(state=state, error=False, odoo_qty=ours, difference=difference)
            line.sudo().write(vals)

    def _cs_parse(self, products):
        """(product, date, quantity, [errors]) of this line."""
        self.ensure_one()
        errors = []
        product = products.get((self.product_code or "").strip(), self.env["product.product"])
        if not (self.product_code or "").strip():
            errors.append(self.env._("no product"))
        elif not product:
            errors.append(self.env._("unknown product %(code)s", code=self.product_code))
        elif len(product) > 1:
            errors.append(
                self.env._(
                    "%(code)s matches several products (%(products)s): give each product its own code "
                    "or customer part number",
                    code=self.product_code,
                    products=", ".join(product.mapped("display_name")),
                )
            )
            product = self.env["product.product"]
        day = self.env["cs.vmi.reconcile"]._cs_parse_date((self.date_text or "").strip())
        if not day:
            errors.append(self.env._("bad date %(date)s", date=self.date_text or "—"))
        qty = self._cs_parse_quantity(self.quantity_text)
        if qty is None:
            errors.append(self.env._("quantity %(qty)s is not a number", qty=self.quantity_text or "—"))
        elif qty < 0:
            errors.append(self.env._("negative quantity %(qty)s: a stock count is 0 or more", qty=self.quantity_text))
        elif qty > MAX_QUANTITY:
            errors.append(
                self.env._("quantity %(qty)s is too large for a stock count: check the file", qty=self.quantity_text)
            )
        return product, day, qty, errors

    def _cs_match_products(self, reconcile):
        """{code: products} by our internal reference or the customer's part number.

        A code naming more than one product (two products with the same
        reference, or a reference that is another product's customer part
        number) maps to all of them: the line says so rather than picking one.
        """
        codes = {(line.product_code or "").strip() for line in self if line.product_code}
        codes.discard("")
        if not codes:
            return {}
        result = defaultdict(lambda: self.env["product.product"])
        Product = self.env["product.product"].with_company(reconcile.company_id)
        for product in Product.search([("default_code", "in", list(codes))]):
            result[product.default_code] |= product
        items = (
            self.env["cs.customer.item"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", reconcile.warehouse_id.cs_vmi_partner_id.id),
                    ("company_id", "=", reconcile.company_id.id),
                    ("customer_part_number", "in", list(codes)),
                ]
            )
        )
        for item in items:
            result[item.customer_part_number] |= item.product_id
        return dict(result)

    @api.model
    def _cs_parse_quantity(self, text):
        text = (text or "").strip().replace(",", "")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None

    @api.model
    def _cs_odoo_quantities(self, warehouse, keys):
        """{(product id, date): our closing stock at the site that day} from the daily report."""
        if not keys:
            return {}
        Report = self.env["cs.vmi.daily.report"].sudo()
        products = list({product_id for product_id, __ in keys})
        days = list({day for __, day in keys})
        groups = Report._read_group(
            [("warehouse_id", "=", warehouse.id), ("product_id", "in", products), ("date", "in", days)],
            ["product_id", "date:day"],
            ["closing_qty:sum"],
        )
        result = {(product.id, day): qty for product, day, qty in groups}
        # a date after the last row of a product (future, or the report not
        # yet reaching it) uses the latest closing before it
        missing = [key for key in keys if key not in result]
        if missing:
            latest = Report.search_fetch(
                [("warehouse_id", "=", warehouse.id), ("product_id", "in", [k[0] for k in missing])],
                ["product_id", "date", "closing_qty"],
                order="date desc",
            )
            for product_id, day in missing:
                row = next((r for r in latest if r.product_id.id == product_id and r.date <= day), None)
                result[product_id, day] = row.closing_qty if row else 0.0
        return result
