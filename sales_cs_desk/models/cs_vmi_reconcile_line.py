import math
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    product_id = fields.Many2one("product.product", readonly=True, check_company=True)
    date = fields.Date(readonly=True)
    provider_qty = fields.Float(string="Provider", readonly=True, digits="Product Unit of Measure")
    odoo_qty = fields.Float(string="Odoo", readonly=True, digits="Product Unit of Measure")
    difference = fields.Float(readonly=True, digits="Product Unit of Measure", help="Provider minus Odoo.")
    state = fields.Selection(LINE_STATES, required=True, default="error", readonly=True)
    error = fields.Char(readonly=True)

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
        if self.reconcile_id.filtered(lambda r: r.state == "posted"):
            raise UserError(self.env._("This reconciliation is posted: import the next file instead."))
        wrong = self.filtered(lambda line: line.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "Row %(row)s is %(state)s: only %(allowed)s lines can be marked so.",
                    row=wrong[0].sequence,
                    state=dict(LINE_STATES)[wrong[0].state],
                    allowed=", ".join(dict(LINE_STATES)[s] for s in allowed),
                )
            )
        self.state = state

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
            line.write(vals)

    def _cs_parse(self, products):
        """(product, date, quantity, [errors]) of this line."""
        self.ensure_one()
        errors = []
        product = products.get((self.product_code or "").strip().lower())
        if not self.product_code:
            errors.append(self.env._("no product"))
        elif not product:
            errors.append(self.env._("unknown product %(code)s", code=self.product_code))
        day = self.env["cs.vmi.reconcile"]._cs_parse_date((self.date_text or "").strip())
        if not day:
            errors.append(self.env._("bad date %(date)s", date=self.date_text or "—"))
        qty = self._cs_parse_quantity(self.quantity_text)
        if qty is None:
            errors.append(self.env._("quantity %(qty)s is not a number", qty=self.quantity_text or "—"))
        return product, day, qty, errors

    def _cs_match_products(self, reconcile):
        """{lower-cased code: product} by our internal reference or the customer's part number."""
        codes = {(line.product_code or "").strip() for line in self if line.product_code}
        if not codes:
            return {}
        result = {}
        Product = self.env["product.product"].with_company(reconcile.company_id)
        for product in Product.search([("default_code", "in", list(codes))]):
            result[product.default_code.lower()] = product
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
            result.setdefault(item.customer_part_number.lower(), item.product_id)
        return result

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
