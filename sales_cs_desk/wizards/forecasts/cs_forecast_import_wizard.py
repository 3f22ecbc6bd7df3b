import base64
import re
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...models.forecasts.cs_customer_forecast import BUCKET_TYPES

# Header names accepted for each column (compared without case, spaces or punctuation).
FORECAST_COLUMNS = {
    "product": [
        "product",
        "part number",
        "customer part number",
        "part no",
        "item",
        "material",
        "internal reference",
        "default code",
        "客户料号",
        "料号",
        "物料",
        "物料编码",
        "产品",
    ],
    "bucket": ["bucket", "period", "date", "week", "month", "delivery date", "日期", "期间", "周", "月份", "交货日期"],
    "quantity": ["quantity", "qty", "forecast", "forecast quantity", "预测数量", "数量", "预测"],
}
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_YEAR_WEEK = re.compile(r"^(\d{4})\s*-?\s*[Ww][Kk]?\s*(\d{1,2})$")
# Errors listed in a refusal before "and n more".
_SHOWN_ERRORS = 10


class CsForecastImportWizard(models.TransientModel):
    """Import a customer's forecast file (CSV or XLSX) as a new version (O2).

    The file is read by the desk's reader (``cs.intake.reader``, the order
    intake's engine). Two layouts: one line per product and bucket (columns
    product, bucket, quantity), or one line per product with a column per
    bucket (headers such as 2026-03, 2026-W12 or a date). Products are found
    by the customer's part numbers (customer items), then by internal
    reference. A file with any unreadable line is refused as a whole, naming
    the lines to fix: nothing half-made.
    """

    _name = "cs.forecast.import.wizard"
    _description = "Import a customer forecast"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, domain="[('is_company', '=', True)]")
    received_date = fields.Date(required=True, default=fields.Date.context_today)
    bucket_type = fields.Selection(BUCKET_TYPES, string="Buckets", required=True, default="month")
    name = fields.Char(string="Customer reference")
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        self.env["cs.customer.forecast.version"].check_access("create")
        version = self._cs_import()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.customer.forecast.version",
            "res_id": version.id,
            "view_mode": "form",
        }

    def _cs_import(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        filename = self.filename or "forecast.csv"
        quantities = self._cs_parse_file(filename, data)
        customer = self.partner_id.commercial_partner_id
        version = self.env["cs.customer.forecast.version"].create(
            {
                "partner_id": customer.id,
                "received_date": self.received_date,
                "name": self.name,
                "line_ids": [
                    fields.Command.create(
                        {
                            "product_id": product_id,
                            "bucket_type": self.bucket_type,
                            "bucket_start": start,
                            "quantity": qty,
                        }
                    )
                    for (product_id, start), qty in sorted(quantities.items())
                ],
            }
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": data,
                    "res_model": version._name,
                    "res_id": version.id,
                }
            )
        )
        version.sudo().attachment_id = attachment
        version.message_post(
            body=self.env._(
                "Forecast imported from %(file)s: %(count)s buckets.", file=filename, count=len(quantities)
            ),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return version

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------
    def _cs_parse_file(self, filename, data):
        """{(product id, bucket start): quantity} from the file, or a UserError naming every line to fix."""
        table = self.env["cs.intake.reader"]._cs_read_table(filename, data)
        raw = self._cs_raw_rows(table, filename)
        quantities, errors = self._cs_quantities(raw)
        if errors:
            shown = errors[:_SHOWN_ERRORS]
            more = len(errors) - len(shown)
            raise UserError(
                self.env._(
                    "%(file)s was not imported; fix these lines and import it again: %(errors)s%(more)s",
                    file=filename,
                    errors="; ".join(shown),
                    more=self.env._(" … and %(count)s more", count=more) if more else "",
                )
            )
        if not quantities:
            raise UserError(self.env._("%(file)s holds no forecast quantity: nothing to import.", file=filename))
        return quantities

    def _cs_raw_rows(self, table, filename):
        """(line number, product code, bucket start, quantity, bucket cell, quantity cell) per value of the file."""
        reader = self.env["cs.intake.reader"]
        header = table["header"]
        normalized = [reader._cs_normalize_header(name) for name in header]
        labels = {"product": self.env._("Product"), "bucket": self.env._("Bucket"), "quantity": self.env._("Quantity")}
        decimal_comma = table.get("decimal_comma")
        lines = list(zip(table["line_numbers"], table["rows"], strict=True))
        raw = []
        if any(reader._cs_normalize_header(alias) in normalized for alias in FORECAST_COLUMNS["quantity"]):
            # one line per product and bucket
            columns = reader._cs_map_columns(
                header, FORECAST_COLUMNS, required=("product", "bucket", "quantity"), labels=labels, filename=filename
            )
            for number, row in lines:
                product, bucket, qty = (row[columns[key]] if columns[key] < len(row) else None for key in labels)
                start = self._cs_bucket_of(bucket)
                raw.append((number, product, start, reader._cs_parse_number(qty, decimal_comma), bucket, qty))
            return raw
        # one line per product, one column per bucket
        columns = reader._cs_map_columns(
            header, {"product": FORECAST_COLUMNS["product"]}, required=("product",), labels=labels, filename=filename
        )
        buckets = {index: self._cs_bucket_of(name) for index, name in enumerate(header) if index != columns["product"]}
        buckets = {index: start for index, start in buckets.items() if start and start != "ambiguous"}
        if not buckets:
            raise UserError(
                self.env._(
                    "%(file)s has no quantity column and no bucket columns (headers such as 2026-03, "
                    "2026-W12 or a date): name the columns product, bucket and quantity, or one column per "
                    "bucket.",
                    file=filename,
                )
            )
        for number, row in lines:
            product = row[columns["product"]] if columns["product"] < len(row) else None
            for index, start in buckets.items():
                value = row[index] if index < len(row) else None
                if value not in (None, ""):
                    raw.append(
                        (number, product, start, reader._cs_parse_number(value, decimal_comma), header[index], value)
                    )
        return raw

    def _cs_quantities(self, raw):
        """({(product id, bucket start): quantity} summed over repeated lines, [errors])."""
        products = self._cs_find_products({str(code).strip() for _n, code, *_rest in raw if code not in (None, "")})
        quantities = {}
        errors = []
        for number, cell, start, qty, bucket_value, qty_value in raw:
            code = str(cell).strip() if cell not in (None, "") else ""
            problems = []
            if not code:
                problems.append(self.env._("no product"))
            elif code not in products:
                problems.append(self.env._("unknown product or part number %(code)s", code=code))
            if not start or start == "ambiguous":
                problems.append(self.env._("bucket %(value)s is not a date, month or week", value=bucket_value))
            if qty is None or qty < 0:
                problems.append(self.env._("quantity %(value)s is not a number of 0 or more", value=qty_value))
            if problems:
                errors.append(self.env._("line %(line)s: %(problems)s", line=number, problems=", ".join(problems)))
                continue
            key = (products[code], start)
            quantities[key] = quantities.get(key, 0.0) + qty
        return quantities, errors

    def _cs_bucket_of(self, value):
        """The start of the bucket ``value`` names (a date, 2026-03, 2026-W12), None, or "ambiguous"."""
        Forecast = self.env["cs.customer.forecast"]
        text = str(value or "").strip()
        match = _YEAR_WEEK.match(text)
        if match:
            year, week = int(match.group(1)), int(match.group(2))
            try:
                return date.fromisocalendar(year, week, 1)
            except ValueError:
                return None
        match = _YEAR_MONTH.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12:
                return Forecast._cs_bucket_start(self.bucket_type, date(year, month, 1))
            return None
        day = self.env["cs.intake.reader"]._cs_parse_date(value)
        if not day or day == "ambiguous":
            return day
        return Forecast._cs_bucket_start(self.bucket_type, day)

    @api.model
    def _cs_find_products(self, codes):
        """{code: product id}: the customer's part numbers first, then internal references (two queries)."""
        if not codes:
            return {}
        customer = self.partner_id.commercial_partner_id
        found = {}
        if "cs.customer.item" in self.env:
            items = (
                self.env["cs.customer.item"]
                .sudo()
                .search_fetch(
                    [
                        ("cs_customer_id", "=", customer.id),
                        ("customer_part_number", "in", list(codes)),
                        ("company_id", "in", [False, self.env.company.id]),
                    ],
                    ["customer_part_number", "product_id"],
                )
            )
            found = {item.customer_part_number: item.product_id.id for item in items}
        rest = [code for code in codes if code not in found]
        if rest:
            products = self.env["product.product"].search_fetch(
                [("default_code", "in", rest), ("company_id", "in", [False, self.env.company.id])], ["default_code"]
            )
            found.update({product.default_code: product.id for product in products})
        return found
