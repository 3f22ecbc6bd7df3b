"""Bad input (item 9): each refused as a whole with a clear message, nothing half-created."""

import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_intake import CsIntakeCase


@tagged("post_install", "-at_install")
class TestIntakeCorpus(CsIntakeCase):
    def _counts(self):
        return (
            self.env["cs.order.intake"].search_count([]),
            self.env["cs.order.intake.line"].search_count([]),
            self.env["cs.intake.layout"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "cs.order.intake")]),
        )

    def _refused(self, filename, data, *expected):
        """The file is refused with a message naming ``expected``; nothing is left behind."""
        before = self._counts()
        Intake = self.env["cs.order.intake"].with_user(self.specialist)
        with self.assertRaises(UserError) as caught:
            Intake._cs_intake_from_file(self.customer, filename, data)
        message = str(caught.exception)
        for text in expected:
            self.assertIn(text, message)
        self.assertEqual(self._counts(), before, "nothing is created from a refused file")
        return message

    def _xlsx(self, fill):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Part No", "Qty", "PO", "PO line"])
        sheet.append(["HT-NUT", 5, "PO-1", 1])
        sheet.append(["HT-BOLT", 100, "PO-1", 2])
        fill(sheet)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def test_empty_file(self):
        self._refused("po.csv", b"", "po.csv", "empty")
        self._refused("po.csv", b"\n \n", "empty")
        self._refused("po.csv", b"Part No;Qty\n", "no lines")

    def test_wrong_encoding(self):
        self._refused("po.csv", "Part No;Qty\nHT-NUT;5\n".encode("utf-16"), "UTF-8", "GB18030")
        self._refused("po.csv", b"Part No;Qty\nHT\x80\xff;5\n", "UTF-8", "CSV UTF-8")

    def test_xlsx_formula_and_merged_cells(self):
        def formula(sheet):
            sheet["B3"] = "=B2*20"

        self._refused("po.xlsx", self._xlsx(formula), "B3", "formula", "values")

        def merged(sheet):
            sheet.merge_cells("C2:C3")

        self._refused("po.xlsx", self._xlsx(merged), "C2:C3", "merged")
        self._refused("po.xlsx", b"PK\x03\x04 not really a workbook", "cannot be opened")
        self._refused("po.xls", b"\xd0\xcf\x11\xe0 old excel", "Excel 97-2003")

    def test_missing_columns(self):
        self._refused("po.csv", b"Part No;Amount\nHT-NUT;5\n", "Quantity", "Part No | Amount")
        self._refused("po.csv", b"Colour;Qty\nred;5\n", "part number", "Colour | Qty")

    def test_row_limit(self):
        self.company.cs_intake_max_rows = 3
        rows = [("HT-NUT", 5, "", "", "", "", "PO-1", n) for n in range(4)]
        self._refused("po.csv", self._csv(rows), "4", "3", "split the file")
        self.company.cs_intake_max_rows = 4
        intake = (
            self.env["cs.order.intake"]
            .with_user(self.specialist)
            ._cs_intake_from_file(self.customer, "po.csv", self._csv(rows))
        )
        self.assertEqual(intake.line_count, 4)

    def test_duplicated_lines_are_held(self):
        rows = [("HT-NUT", 5, "", "", "", "", "PO-1", "1"), ("HT-NUT", 5, "", "", "", "", "PO-1", "1")]
        intake = (
            self.env["cs.order.intake"]
            .with_user(self.specialist)
            ._cs_intake_from_file(self.customer, "po.csv", self._csv(rows))
        )
        first, second = intake.line_ids.sorted("line_number")
        self.assertEqual(first.status, "pass")
        self.assertEqual(second.status, "block")
        self.assertIn("appears twice", second.anomaly_text)
        self.assertIn(str(first.line_number), second.anomaly_text)

    def test_bad_values_are_held_line_by_line(self):
        rows = [
            ("HT-NUT", "0", "", "", "", "", "PO-1", "1"),
            ("HT-NUT", "", "", "", "", "", "PO-1", "2"),
            ("HT-NUT", "5", "", "31.31.2030", "", "", "PO-1", "3"),
            ("HT-NUT", "5", "", "", "", "abc", "PO-1", "4"),
            ("", "5", "", "", "", "", "PO-1", "5"),
        ]
        intake = (
            self.env["cs.order.intake"]
            .with_user(self.specialist)
            ._cs_intake_from_file(self.customer, "po.csv", self._csv(rows))
        )
        codes = [self._codes(line) for line in intake.line_ids.sorted("line_number")]
        self.assertEqual(
            codes, [{"qty_not_positive"}, {"qty_missing"}, {"date_unreadable"}, {"price_nan"}, {"part_missing"}]
        )
        self.assertEqual(set(intake.line_ids.mapped("status")), {"block"})
        self.assertEqual(intake.state, "draft")
