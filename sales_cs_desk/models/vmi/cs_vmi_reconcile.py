import base64
import csv
import io
import math
import zipfile
from datetime import date, datetime

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..common.cs_guard import cs_guard_fields

# a workbook's columns read at most (the three wanted ones are among the first)
MAX_COLUMNS = 200
# blank rows read besides the lines, at most this many times the row limit
BLANK_ROW_FACTOR = 10
# characters of a cell at most (a product code, a date, a quantity)
MAX_CELL = 1000
# uncompressed size of an XLSX at most this many times the size limit
XLSX_EXPANSION = 20

DEFAULT_COLUMNS = {"product": "product", "date": "date", "quantity": "quantity"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d.%m.%Y", "%d/%m/%Y")
RECONCILE_STATES = [("draft", "Draft"), ("checked", "Checked"), ("posted", "Posted")]


class CsVmiReconcile(models.Model):
    """The provider's daily stock file of a VMI site, checked against Odoo (L8).

    The file (CSV or XLSX) is read into lines, each kept with what it said
    and, when it cannot be used, why: unknown product, bad date, quantity
    that is not a number, duplicate. Usable lines are compared with our
    stock at the site on that date; differences above the company's
    tolerance wait for review, and accepted ones are posted as inventory
    adjustments through Odoo's counting — all of them or none. The column
    names are remembered per site; lines can be corrected and checked again.
    """

    _name = "cs.vmi.reconcile"
    _description = "3PL Stock Reconciliation"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="VMI site",
        required=True,
        check_company=True,
        domain="[('cs_is_vmi', '=', True)]",
        tracking=True,
    )
    provider_id = fields.Many2one(related="warehouse_id.cs_vmi_provider_id", string="Logistics provider")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    file = fields.Binary(string="Provider's file", attachment=True)
    filename = fields.Char()
    column_product = fields.Char(
        string="Product column",
        compute="_compute_columns",
        store=True,
        readonly=False,
        help="Header of the column with our product code or the customer's part number.",
    )
    column_date = fields.Char(string="Date column", compute="_compute_columns", store=True, readonly=False)
    column_quantity = fields.Char(string="Quantity column", compute="_compute_columns", store=True, readonly=False)
    tolerance = fields.Float(
        string="Tolerance (%)",
        compute="_compute_tolerance",
        store=True,
        readonly=False,
        help="Differences up to this share of our quantity are accepted as they are.",
    )
    state = fields.Selection(RECONCILE_STATES, required=True, default="draft", tracking=True, readonly=True, copy=False)
    line_ids = fields.One2many("cs.vmi.reconcile.line", "reconcile_id", string="Lines")
    line_count = fields.Integer(compute="_compute_counts")
    error_count = fields.Integer(string="Lines in error", compute="_compute_counts")
    difference_count = fields.Integer(string="Differences to review", compute="_compute_counts")
    accepted_count = fields.Integer(string="Accepted differences", compute="_compute_counts")

    # what the import is made of: frozen once posted, and a change asks for a new check
    _CS_INPUT_FIELDS = (
        "warehouse_id",
        "company_id",
        "file",
        "filename",
        "column_product",
        "column_date",
        "column_quantity",
        "tolerance",
        "line_ids",
    )

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains("warehouse_id")
    def _check_warehouse_is_vmi_site(self):
        for rec in self:
            if not rec.warehouse_id.cs_is_vmi:
                raise ValidationError(
                    self.env._(
                        "%(warehouse)s is not a VMI site: a provider's stock file reconciles the stock of a "
                        "VMI site only. Choose the site the provider runs.",
                        warehouse=rec.warehouse_id.display_name,
                    )
                )

    @api.constrains("tolerance")
    def _check_tolerance(self):
        for rec in self:
            if not (math.isfinite(rec.tolerance) and 0 <= rec.tolerance <= 100):
                raise ValidationError(
                    self.env._("The tolerance is a share of our quantity: enter a percentage from 0 to 100.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("state",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("state",))
        inputs = set(self._CS_INPUT_FIELDS) & set(vals)
        if inputs:
            self._ensure_not_posted()
        res = super().write(vals)
        if inputs:
            self._cs_needs_check()
        return res

    def _cs_needs_check(self):
        """What was checked changed: the lines must be checked again before posting."""
        self.filtered(lambda r: r.state == "checked").sudo().write({"state": "draft"})

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("warehouse_id", "create_date")
    def _compute_name(self):
        for rec in self:
            rec.name = self.env._(
                "%(site)s stock file of %(date)s",
                site=rec.warehouse_id.name or "",
                date=fields.Date.to_string((rec.create_date or fields.Datetime.now()).date()),
            )

    @api.depends("warehouse_id")
    def _compute_columns(self):
        for rec in self:
            mapping = {**DEFAULT_COLUMNS, **(rec.warehouse_id.cs_vmi_import_mapping or {})}
            rec.column_product = mapping["product"]
            rec.column_date = mapping["date"]
            rec.column_quantity = mapping["quantity"]

    @api.depends("company_id")
    def _compute_tolerance(self):
        for rec in self:
            rec.tolerance = rec.company_id.cs_vmi_recon_tolerance

    @api.depends("line_ids.state")
    def _compute_counts(self):
        for rec in self:
            states = rec.line_ids.mapped("state")
            rec.line_count = len(states)
            rec.error_count = states.count("error")
            rec.difference_count = states.count("difference")
            rec.accepted_count = states.count("accepted")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_load_file(self):
        """Read the file into lines (again), then check them."""
        self.check_access("write")
        for rec in self:
            rec._ensure_not_posted()
            if not rec.file:
                raise UserError(self.env._("Attach the provider's stock file first (CSV or XLSX)."))
            rows = rec._cs_read_rows()
            rec.line_ids.unlink()
            rec.line_ids = [fields.Command.create(vals) for vals in rec._cs_prepare_lines(rows)]
            # the site's remembered columns: a preference of this import, not the site's setup
            rec.warehouse_id.sudo().cs_vmi_import_mapping = {
                "product": rec.column_product,
                "date": rec.column_date,
                "quantity": rec.column_quantity,
            }
        return self.action_check()

    def action_check(self):
        """Check every line again: match, parse, compare with our stock."""
        self.check_access("write")
        for rec in self:
            rec._ensure_not_posted()
            rec.line_ids._cs_check()
            rec.sudo().state = "checked"
        return True

    def action_accept_all(self):
        self.line_ids.filtered(lambda line: line.state == "difference").action_accept()

    def action_post(self):
        """Post the accepted differences as inventory adjustments: all or none."""
        self.check_access("write")
        for rec in self:
            rec._ensure_not_posted()
            if rec.state != "checked":
                raise UserError(self.env._("Check the lines before posting."))
            if rec.error_count:
                raise UserError(
                    self.env._(
                        "%(count)s lines are in error. Correct them and check again, or mark them ignored: "
                        "nothing is posted while an error remains.",
                        count=rec.error_count,
                    )
                )
            if rec.difference_count:
                raise UserError(
                    self.env._(
                        "%(count)s differences still wait for review: accept or reject each one.",
                        count=rec.difference_count,
                    )
                )
            rec.line_ids.filtered(lambda line: line.state == "accepted")._cs_check_one_line_per_product()
            rec._cs_post_adjustments()
            rec.sudo().state = "posted"
        return True

    def _ensure_not_posted(self):
        posted = self.filtered(lambda r: r.state == "posted")
        if posted:
            raise UserError(self.env._("%(name)s is posted: import the next file instead.", name=posted[0].name))

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------
    def _cs_read_rows(self):
        """[(row number, {header: cell})] from the CSV or XLSX file.

        Refused with a message saying what to fix: a file over the company's
        size or row limit, an empty one, one that is neither UTF-8/GB18030
        text nor a readable workbook, a workbook without a sheet, missing
        columns.
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        max_bytes = company.cs_vmi_import_max_size * 1024 * 1024
        max_rows = company.cs_vmi_import_max_rows
        # the size before decoding: base64 takes 4 characters for 3 bytes
        if len(self.file or b"") * 3 // 4 > max_bytes + 3:
            raise UserError(
                self.env._(
                    "The file is larger than %(size)s MB, the limit of %(company)s for a provider's stock file. "
                    "Ask the provider for one file per day or per site, or raise the limit in the settings.",
                    size=company.cs_vmi_import_max_size,
                    company=company.display_name,
                )
            )
        content = base64.b64decode(self.file)
        if not content.strip():
            raise UserError(self.env._("The file is empty."))
        name = (self.filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
            rows = self._cs_read_xlsx(content, max_rows, max_bytes * XLSX_EXPANSION)
        else:
            rows = self._cs_read_csv(content, max_rows)
        table = self._cs_table(rows, max_rows, company)
        headers = [str(cell if cell is not None else "").strip().lower() for cell in table[0][1]]
        wanted = {
            "product": (self.column_product or "").strip().lower(),
            "date": (self.column_date or "").strip().lower(),
            "quantity": (self.column_quantity or "").strip().lower(),
        }
        missing = [column for column in wanted.values() if not column or column not in headers]
        if missing:
            raise UserError(
                self.env._(
                    "Columns %(missing)s are not in the file, whose columns are %(found)s. "
                    "Set the column names of this provider's file and load it again.",
                    missing=", ".join(column or self.env._("(empty)") for column in missing),
                    found=", ".join(h for h in headers if h),
                )
            )
        if len(table) < 2:
            raise UserError(self.env._("The file has its column headers but no line under them: nothing to reconcile."))
        index = {key: headers.index(column) for key, column in wanted.items()}
        return [
            (number, {key: (row[i] if i < len(row) else None) for key, i in index.items()}) for number, row in table[1:]
        ]

    @api.model
    def _cs_table(self, rows, max_rows, company):
        """[(row number, cells)] of the non-blank rows, within the company's row limit."""
        table = []
        for number, row in enumerate(rows, start=1):
            # blank rows are not lines
            if any(cell is not None and str(cell).strip() for cell in row):
                table.append((number, row))
                if len(table) > max_rows + 1:  # the header and max_rows lines
                    raise UserError(
                        self.env._(
                            "The file has more than %(rows)s lines, the limit of %(company)s for a provider's "
                            "stock file. Split it, or raise the limit in the settings.",
                            rows=max_rows,
                            company=company.display_name,
                        )
                    )
            elif number > (max_rows + 1) * BLANK_ROW_FACTOR:
                raise UserError(
                    self.env._(
                        "The file has more than %(rows)s rows, most of them blank. Save only the table of "
                        "stock figures and load it again.",
                        rows=(max_rows + 1) * BLANK_ROW_FACTOR,
                    )
                )
        if not table:
            raise UserError(self.env._("The file is empty."))
        for number, row in table:
            if any(isinstance(cell, str) and len(cell) > MAX_CELL for cell in row):
                raise UserError(
                    self.env._(
                        "The file cannot be read: row %(row)s has a cell of more than %(max)s characters, "
                        'usually a quote (") that is not closed. Correct that row and load the file again.',
                        row=number,
                        max=MAX_CELL,
                    )
                )
        return table

    @api.model
    def _cs_read_csv(self, content, max_rows):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(self.env._("The file is neither UTF-8 nor GB18030 text: save it as CSV or XLSX."))
        if "\x00" in text:
            raise UserError(
                self.env._(
                    "The file cannot be read as text: it contains NUL characters, as a spreadsheet or other "
                    "binary file would. Save it as CSV (UTF-8) or XLSX."
                )
            )
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            return list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "The CSV file cannot be read (%(error)s): check its quotes and separators, or save it "
                    "again as CSV (UTF-8) or XLSX.",
                    error=error,
                )
            ) from error

    @api.model
    def _cs_read_xlsx(self, content, max_rows, max_unpacked):
        """The rows of the workbook's first sheet, as lists of values (computed values of formulas)."""
        unreadable = self.env._(
            "The XLSX file cannot be read: it is damaged or not a workbook. Open it in Excel, save it "
            "again as XLSX (or CSV) and load it again."
        )
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise UserError(unreadable) from error
        if unpacked > max_unpacked:
            raise UserError(
                self.env._(
                    "The XLSX file unpacks to more than %(size)s MB: save only the table of stock figures "
                    "and load it again.",
                    size=max_unpacked // (1024 * 1024),
                )
            )
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # any unreadable workbook is a problem of the user's file
            raise UserError(unreadable) from error
        try:
            if not book.worksheets:
                raise UserError(
                    self.env._(
                        "The XLSX workbook has no sheet with cells (only charts, or none): put the stock "
                        "figures on its first sheet."
                    )
                )
            sheet = book.worksheets[0]
            width = sheet.max_column if isinstance(sheet.max_column, int) else None
            max_col = min(width, MAX_COLUMNS) if width else None
            rows, limit = [], (max_rows + 1) * BLANK_ROW_FACTOR + 1
            for row in sheet.iter_rows(values_only=True, max_col=max_col):
                rows.append(list(row[:MAX_COLUMNS]))
                if len(rows) > limit:
                    break  # _cs_read_rows says which limit the file passes
            return rows
        except UserError:
            raise
        except Exception as error:  # a malformed sheet is a problem of the user's file
            raise UserError(unreadable) from error
        finally:
            book.close()

    def _cs_prepare_lines(self, rows):
        return [
            {
                "sequence": number,
                "product_code": self._cs_cell_text(values["product"]),
                "date_text": self._cs_cell_text(values["date"]),
                "quantity_text": self._cs_cell_text(values["quantity"]),
            }
            for number, values in rows
        ]

    @api.model
    def _cs_cell_text(self, value):
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    @api.model
    def _cs_parse_date(self, text):
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        return None

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def _cs_post_adjustments(self):
        """Count the accepted differences through Odoo's inventory adjustment.

        The provider's figure is for its date; moves since then stand, so the
        quant is corrected by the difference rather than set to the figure.
        """
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "accepted")
        if not lines:
            return
        location = self.warehouse_id.lot_stock_id
        Quant = self.env["stock.quant"].sudo().with_context(inventory_mode=True)
        on_hand = {
            quant.product_id.id: quant
            for quant in Quant.search(
                [("location_id", "=", location.id), ("product_id", "in", lines.product_id.ids), ("lot_id", "=", False)]
            )
        }
        quants = Quant.browse()
        for line in lines:
            quant = on_hand.get(line.product_id.id)
            current = quant.quantity if quant else 0.0
            target = current + line.difference
            if quant:
                quant.inventory_quantity = target
            else:
                quant = Quant.create(
                    {"product_id": line.product_id.id, "location_id": location.id, "inventory_quantity": target}
                )
            quants |= quant
        quants.with_context(inventory_name=self.name)._apply_inventory()
        lines.sudo().write({"state": "posted"})
