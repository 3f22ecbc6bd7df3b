# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The desk's one way to write XLSX files (K4).

Odoo's list views already export any list to XLSX (Export in the action menu);
this helper is for the desk's formatted documents — tracking tables,
statements, shipping documents, monthly reports — where a person expects a
titled sheet with typed, formatted columns. ``xlsxwriter`` comes with Odoo, so
no OCA addon is needed for it (``report_xlsx`` would add a dependency for the
same library).

Usage, on a model::

    from ..common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook

    def action_export_xlsx(self):                # a button: downloads the file
        return cs_xlsx_action(self, "tracking")

    def _cs_xlsx_tracking(self):                 # called by the download route
        data = cs_xlsx_workbook([{
            "name": self.env._("Tracking"),
            "title": self.env._("Tracking table of %(customer)s", customer=...),
            "columns": [(self.env._("Order"), "text"), (self.env._("Shipped"), "date"),
                        (self.env._("Quantity"), "float")],
            "rows": [(order.name, picking.date_done, qty), ...],
            "totals": True,
        }])
        return "tracking.xlsx", data

The route ``/sales_cs_desk/xlsx/<model>/<name>?ids=…`` (controllers/cs_xlsx.py)
runs as the logged-in user: it reads the records with the user's own rights
and calls ``_cs_xlsx_<name>`` on them, which must only read what the user may
read (no ``sudo()`` on confidential data).
"""

import io
import re
from datetime import date, datetime

import xlsxwriter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_KINDS = {
    "text": {},
    "integer": {"num_format": "#,##0"},
    "float": {"num_format": "#,##0.00"},
    "monetary": {"num_format": "#,##0.00"},
    "percent": {"num_format": "0.0%"},
    "date": {"num_format": "yyyy-mm-dd"},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm"},
}
NUMERIC_KINDS = ("integer", "float", "monetary")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def cs_xlsx_workbook(sheets):
    """An .xlsx file (bytes) with one sheet per dict of ``sheets``.

    Each dict: ``name`` (sheet name, cut to 31 characters), ``columns`` — a list
    of ``(label, kind)`` with kind in ``COLUMN_KINDS`` —, ``rows`` — sequences of
    values in column order (``False``/``None`` write an empty cell) —, and
    optionally ``title`` (a first line above the header) and ``totals`` (a sum
    row under the numeric columns).
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
    styles = {
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1, "text_wrap": True}),
        "cell": {kind: workbook.add_format(spec) for kind, spec in COLUMN_KINDS.items()},
        "total": {kind: workbook.add_format({**spec, "bold": True, "top": 1}) for kind, spec in COLUMN_KINDS.items()},
    }
    for sheet in sheets:
        _write_sheet(workbook, styles, sheet)
    workbook.close()
    return output.getvalue()


def _write_sheet(workbook, styles, sheet):
    columns = sheet["columns"]
    for _label, kind in columns:
        if kind not in COLUMN_KINDS:
            raise ValueError(f"Unknown XLSX column kind {kind!r}")
    worksheet = workbook.add_worksheet(_sheet_name(sheet["name"]))
    row = 0
    if sheet.get("title"):
        worksheet.write(row, 0, sheet["title"], styles["title"])
        row += 2
    first_data_row = row + 1
    widths = [max(len(str(label)), 8) for label, _kind in columns]
    for col, (label, _kind) in enumerate(columns):
        worksheet.write(row, col, label, styles["header"])
    worksheet.freeze_panes(row + 1, 0)
    for values in sheet["rows"]:
        row += 1
        for col, ((_label, kind), value) in enumerate(zip(columns, values, strict=False)):
            if value is not None and value is not False:
                text = _write_cell(worksheet, row, col, kind, value, styles["cell"][kind])
                widths[col] = max(widths[col], min(len(text), 60))
    if sheet.get("totals") and row >= first_data_row:
        row += 1
        worksheet.write(row, 0, sheet.get("totals_label") or "Σ", styles["bold"])
        for col, (_label, kind) in enumerate(columns):
            if kind in NUMERIC_KINDS and col:
                cells = xlsxwriter.utility.xl_range(first_data_row, col, row - 1, col)
                worksheet.write_formula(row, col, f"=SUM({cells})", styles["total"][kind])
    for col, width in enumerate(widths):
        # CJK characters are about twice as wide as Latin ones
        worksheet.set_column(col, col, width * 1.3 + 2)


def _write_cell(worksheet, row, col, kind, value, cell_format):
    """Write one typed value; return its text, for the column width."""
    if kind in ("date", "datetime") and isinstance(value, date | datetime):
        worksheet.write_datetime(row, col, value, cell_format)
        return value.isoformat()
    if kind in NUMERIC_KINDS or kind == "percent":
        worksheet.write_number(row, col, value, cell_format)
        return f"{value:,.2f}"
    text = str(value)
    worksheet.write_string(row, col, text, cell_format)
    return text


def _sheet_name(name):
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip() or "Sheet"
    return cleaned[:31]


def cs_xlsx_action(records, name):
    """The client action that downloads ``records._cs_xlsx_<name>()`` as a file."""
    if not NAME_PATTERN.match(name):
        raise ValueError(f"Invalid XLSX export name {name!r}")
    ids = ",".join(str(record_id) for record_id in records.ids)
    return {
        "type": "ir.actions.act_url",
        "url": f"/sales_cs_desk/xlsx/{records._name}/{name}?ids={ids}",
        "target": "download",
    }
