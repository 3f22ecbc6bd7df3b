# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io
import math
import re
from datetime import date, datetime

from odoo import api, models
from odoo.exceptions import UserError

# Separators tried on CSV files, most usual first (ties go to the first).
CSV_SEPARATORS = (",", ";", "\t", "|")
# Numbers whose decimal mark cannot be mistaken: "1,5" or "1.234,56" (comma) against "1.5" or "1,234.56" (dot).
# "1,234" alone is ambiguous (a thousand or 1.234) and counts for neither.
_DECIMAL_COMMA = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+),(\d{1,2}|\d{4,})$")
_DECIMAL_DOT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.(\d{1,2}|\d{4,})$")
# Date formats tried when the customer's format is not known, in this order; a date that two
# day/month orders read differently is refused as ambiguous rather than guessed.
DATE_FORMATS_UNAMBIGUOUS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
DATE_FORMATS_DAY_MONTH = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
DATE_FORMATS_MONTH_DAY = ("%m/%d/%Y", "%m-%d-%Y")


class CsIntakeReader(models.AbstractModel):
    """The file-reading engine of the desk: customer order files, forecasts, any table a customer sends.

    Public contract (used by order intake and forecasts):

    * ``_cs_read_table(filename, data)`` → ``{"header": [str], "rows": [[value]], "line_numbers": [int],
      "encoding": str, "separator": str, "decimal_comma": bool, "format": "csv"|"xlsx"}``. CSV in UTF-8
      (with or without BOM) or GB18030, separator and decimal comma detected; XLSX through openpyxl.
      Empty rows are skipped; ``line_numbers`` gives each row's line (CSV) or row (XLSX) in the file,
      for messages. Values are strings (CSV) or the cell values (XLSX: str, int, float, datetime).
    * ``_cs_map_columns(header, aliases, required)`` → ``{key: column index}`` from the header names.
    * ``_cs_parse_number(value, decimal_comma)`` and ``_cs_parse_date(value, date_format)`` → the value
      or ``None`` when it cannot be read.

    Every refusal is a translated ``UserError`` that says what to fix in the file: nothing is created
    from a file that cannot be read as a whole (empty file, wrong encoding, formulas or merged cells,
    too many rows for the company's limit, missing columns).
    """

    _name = "cs.intake.reader"
    _description = "CS file reader"

    # ------------------------------------------------------------------
    # Tables
    # ------------------------------------------------------------------
    @api.model
    def _cs_read_table(self, filename, data):
        """Read a CSV or XLSX file into a header and rows (see the class docstring)."""
        filename = filename or ""
        if not data or not data.strip():
            raise UserError(
                self.env._("The file %(file)s is empty: send a file with a header and lines.", file=filename)
            )
        lower = filename.lower()
        if lower.endswith(".xls"):
            raise UserError(
                self.env._(
                    "%(file)s is an old Excel 97-2003 file: save it as .xlsx (Excel workbook) or .csv "
                    "and send it again.",
                    file=filename,
                )
            )
        if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
            table = self._cs_read_xlsx(filename, data)
        else:
            table = self._cs_read_csv(filename, data)
        if not table["header"] or not any(name for name in table["header"]):
            raise UserError(
                self.env._("%(file)s has no header line: its first line must name the columns.", file=filename)
            )
        if not table["rows"]:
            raise UserError(
                self.env._(
                    "%(file)s has a header but no lines below it: nothing to import.",
                    file=filename,
                )
            )
        limit = self.env.company.cs_intake_max_rows
        if limit and len(table["rows"]) > limit:
            raise UserError(
                self.env._(
                    "%(file)s has %(count)s lines, more than the limit of %(limit)s lines per file set in the "
                    "CS Desk settings: split the file, or ask a CS manager to raise the limit.",
                    file=filename,
                    count=len(table["rows"]),
                    limit=limit,
                )
            )
        return table

    @api.model
    def _cs_decode(self, filename, data):
        """Text of a CSV file and the encoding it was read with: UTF-8 (BOM or not), then GB18030."""
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        # UTF-16/32 (Excel's "Unicode text") and binary files hold NUL bytes, which no CSV in UTF-8 or GB18030 has
        if b"\x00" in data[:4096]:
            raise self._cs_encoding_error(filename)
        for encoding in ("utf-8", "gb18030"):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
        raise self._cs_encoding_error(filename)

    @api.model
    def _cs_encoding_error(self, filename):
        return UserError(
            self.env._(
                "%(file)s cannot be read as text in UTF-8 or GB18030 (it may be another encoding or not a "
                'text file): save it as "CSV UTF-8" (or as an .xlsx workbook) and send it again.',
                file=filename,
            )
        )

    @api.model
    def _cs_read_csv(self, filename, data):
        text, encoding = self._cs_decode(filename, data)
        lines = text.splitlines()
        first = next((line for line in lines if line.strip()), "")
        separator = self._cs_detect_separator(first)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        header, rows, line_numbers = None, [], []
        try:
            for cells in reader:
                values = [value.strip() for value in cells]
                if not any(values):
                    continue
                if header is None:
                    header = values
                    continue
                rows.append(values)
                line_numbers.append(reader.line_num)
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "%(file)s, line %(line)s: %(error)s. Check the quotes on that line.",
                    file=filename,
                    line=reader.line_num,
                    error=error,
                )
            ) from error
        return {
            "header": header or [],
            "rows": rows,
            "line_numbers": line_numbers,
            "encoding": encoding,
            "separator": separator,
            "decimal_comma": self._cs_detect_decimal_comma(rows),
            "format": "csv",
        }

    @api.model
    def _cs_detect_separator(self, line):
        """The separator that splits the header line in the most columns (quotes respected)."""
        best, best_count = ",", 0
        for separator in CSV_SEPARATORS:
            try:
                count = len(next(csv.reader([line], delimiter=separator)))
            except (csv.Error, StopIteration):
                continue
            if count > best_count:
                best, best_count = separator, count
        return best

    @api.model
    def _cs_detect_decimal_comma(self, rows):
        """True when the file's numbers use a decimal comma (more unambiguous comma decimals than dot ones)."""
        comma = dot = 0
        for values in rows[:500]:
            for value in values:
                if not isinstance(value, str) or not value or not value[-1].isdigit():
                    continue
                if _DECIMAL_COMMA.match(value):
                    comma += 1
                elif _DECIMAL_DOT.match(value):
                    dot += 1
        return comma > dot

    @api.model
    def _cs_read_xlsx(self, filename, data):
        import openpyxl  # shipped with Odoo; loaded only when a workbook is read

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a broken or foreign file
            raise UserError(
                self.env._(
                    "%(file)s cannot be opened as an Excel workbook (.xlsx): open it in Excel or WPS, save it as "
                    ".xlsx or CSV UTF-8 and send it again.",
                    file=filename,
                )
            ) from error
        sheet = workbook.worksheets[0]
        if sheet.merged_cells.ranges:
            raise UserError(
                self.env._(
                    "%(file)s, sheet %(sheet)s: cells %(cells)s are merged. Unmerge them so that every line "
                    "carries its own values, then send the file again.",
                    file=filename,
                    sheet=sheet.title,
                    cells=", ".join(str(cell_range) for cell_range in list(sheet.merged_cells.ranges)[:5]),
                )
            )
        header, rows, line_numbers = None, [], []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                if cell.data_type == "f":
                    raise UserError(
                        self.env._(
                            "%(file)s, sheet %(sheet)s: cell %(cell)s holds a formula (%(formula)s). The desk reads "
                            "values only: copy the sheet and paste it as values, then send the file again.",
                            file=filename,
                            sheet=sheet.title,
                            cell=cell.coordinate,
                            formula=str(cell.value)[:40],
                        )
                    )
                value = cell.value
                values.append(value.strip() if isinstance(value, str) else value)
            if all(value is None or value == "" for value in values):
                continue
            if header is None:
                header = ["" if value is None else str(value) for value in values]
                continue
            rows.append(["" if value is None else value for value in values])
            line_numbers.append(row[0].row)
        return {
            "header": header or [],
            "rows": rows,
            "line_numbers": line_numbers,
            "encoding": "",
            "separator": "",
            "decimal_comma": self._cs_detect_decimal_comma(rows),
            "format": "xlsx",
        }

    # ------------------------------------------------------------------
    # Columns
    # ------------------------------------------------------------------
    @api.model
    def _cs_normalize_header(self, name):
        return re.sub(r"[\s_\-./:：（）()#]+", "", str(name or "")).casefold()

    @api.model
    def _cs_map_columns(self, header, aliases, required=(), labels=None, filename=""):
        """Column index per key, from the header names.

        :param aliases: ``{key: [accepted header names]}`` (compared without case, spaces or punctuation)
        :param required: keys that must be found
        :param labels: ``{key: readable name}`` for the message
        :raise UserError: naming the missing columns and the header found
        """
        normalized = [self._cs_normalize_header(name) for name in header]
        mapping = {}
        for key, names in aliases.items():
            for name in names:
                wanted = self._cs_normalize_header(name)
                if wanted and wanted in normalized:
                    mapping[key] = normalized.index(wanted)
                    break
        missing = [key for key in required if key not in mapping]
        if missing:
            labels = labels or {}
            raise UserError(
                self.env._(
                    "%(file)s misses the column(s) %(missing)s. The header found is: %(header)s. Rename the "
                    "columns in the file, or set the customer's column layout (CS Desk ‣ Configuration ‣ "
                    "Customer file layouts), then import again.",
                    file=filename,
                    missing=", ".join(
                        f"{labels.get(key, key)} ({' / '.join(aliases.get(key, [])[:3])})" for key in missing
                    ),
                    header=" | ".join(str(name) for name in header),
                )
            )
        return mapping

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------
    @api.model
    def _cs_parse_number(self, value, decimal_comma=False):
        """A float from a cell, or None: "1.234,5" with a decimal comma, "1,234.5" or "1234.5" without."""
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float)):
            return float(value)
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if decimal_comma:
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None

    @api.model
    def _cs_parse_date(self, value, date_format=None):
        """A date from a cell, or None; ``"ambiguous"`` when day and month could be swapped.

        :param date_format: a ``strftime`` format (the customer's), or empty to try the usual ones
        """
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        if date_format:
            formats, ambiguous = (date_format,), ()
        else:
            # a time after the date ("2026-12-31 00:00:00") is dropped when the format is not known
            text = text.split(" ")[0]
            formats, ambiguous = DATE_FORMATS_UNAMBIGUOUS, DATE_FORMATS_DAY_MONTH + DATE_FORMATS_MONTH_DAY
        found = None
        for fmt in formats:
            found = self._cs_strptime(text, fmt)
            if found:
                break
        if found or not text:
            return found
        readings = {self._cs_strptime(text, fmt) for fmt in ambiguous} - {None}
        if len(readings) > 1:
            return "ambiguous"
        return readings.pop() if readings else None

    @api.model
    def _cs_strptime(self, text, fmt):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            return None
