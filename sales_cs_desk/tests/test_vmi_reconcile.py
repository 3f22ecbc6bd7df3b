import base64
import io
from datetime import datetime, timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestVmiReconcile(VmiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_vmi_recon_tolerance = 1.0
        today = cls._today()
        cls.d2, cls.d1 = today - timedelta(days=2), today - timedelta(days=1)
        stock = cls.site.lot_stock_id
        cls._move(cls.disc, cls.supplier_location, stock, 100, cls.d2)
        cls._move(cls.bracket, cls.supplier_location, stock, 30, cls.d2)
        cls.env["cs.customer.item"].create(
            {"partner_id": cls.customer.id, "product_id": cls.bracket.id, "customer_part_number": "HT-4471"}
        )

    def _reconcile(self, content, filename="stock.csv", user=None, **vals):
        model = self.env["cs.vmi.reconcile"].with_user(user or self.supervisor)
        return model.create(
            {
                "warehouse_id": self.site.id,
                "file": base64.b64encode(content),
                "filename": filename,
                **vals,
            }
        )

    def _bad_file(self):
        d1, d2, today = self.d1, self.d2, self._today()
        return (
            "Item;Stock date;Qty\n"
            f"BD-01;{d2};100\n"  # row 2: matches
            f"HT-4471;{d2:%Y/%m/%d};25\n"  # row 3: customer part number, 5 short
            f"XX-999;{d2};5\n"  # row 4: unknown product
            "BR-01;2026-13-45;3\n"  # row 5: bad date
            f"BR-01;{d1};abc\n"  # row 6: not a number
            f"BD-01;{d1};97\n"  # row 7: duplicate of row 8
            f"BD-01;{d1};97\n"  # row 8
            ";;\n"  # empty row: not a line
            f"BD-01;{today};100.5\n"  # row 10: within 1 % of 100
        ).encode("gb18030")

    def test_bad_lines_kept_with_their_error(self):
        rec = self._reconcile(self._bad_file(), column_product="Item", column_date="Stock date", column_quantity="Qty")
        rec.action_load_file()
        lines = {line.sequence: line for line in rec.line_ids}
        self.assertEqual(sorted(lines), [2, 3, 4, 5, 6, 7, 8, 10], "nothing dropped but the empty row")
        self.assertEqual(lines[2].state, "match")
        self.assertEqual(
            (lines[3].product_id, lines[3].odoo_qty, lines[3].difference, lines[3].state),
            (self.bracket, 30, -5, "difference"),
        )
        self.assertEqual(lines[4].state, "error")
        self.assertIn("unknown product XX-999", lines[4].error)
        self.assertIn("bad date 2026-13-45", lines[5].error)
        self.assertIn("quantity abc is not a number", lines[6].error)
        self.assertIn("duplicate of row 8", lines[7].error)
        self.assertIn("duplicate of row 7", lines[8].error)
        self.assertEqual(lines[10].state, "match", "0.5 % off: within the tolerance")
        self.assertEqual((rec.error_count, rec.difference_count), (5, 1))

        # nothing is posted while an error remains
        lines[3].action_accept()
        with self.assertRaises(UserError):
            rec.action_post()
        self.assertFalse(self._adjustments(), "nothing half-posted")

        # correct in place, ignore what cannot be fixed, check again
        lines[5].date_text = str(self._today())
        lines[6].quantity_text = "30"
        lines[4].action_ignore()
        lines[8].action_ignore()
        rec.action_check()
        self.assertEqual((lines[5].state, lines[5].difference), ("difference", -27))
        self.assertEqual(lines[6].state, "match")
        self.assertEqual((lines[7].state, lines[7].difference), ("difference", -3), "no longer a duplicate")
        self.assertEqual(lines[3].state, "accepted", "the review survives a re-check")
        self.assertEqual(lines[4].state, "ignored")
        self.assertIn("unknown product", lines[4].error, "an ignored line keeps its error")
        self.assertEqual(rec.error_count, 0)
        lines[5].action_reject()
        with self.assertRaises(UserError):
            rec.action_post()  # row 7 still to review
        lines[7].action_accept()
        rec.action_post()

        self.assertEqual(rec.state, "posted")
        self.assertEqual(self.bracket.with_context(location=self.site.lot_stock_id.id).qty_available, 25)
        self.assertEqual(self.disc.with_context(location=self.site.lot_stock_id.id).qty_available, 97)
        self.assertEqual(len(self._adjustments()), 2, "two adjustments through Odoo's counting")
        self.assertEqual({lines[i].state for i in (3, 7)}, {"posted"})
        with self.assertRaises(UserError):
            rec.action_post()

    def _adjustments(self):
        return (
            self.env["stock.move"]
            .search([("is_inventory", "=", True), ("location_id.usage", "in", ("inventory", "internal"))])
            .filtered(lambda m: self.site.lot_stock_id in (m.location_id | m.location_dest_id))
        )

    def test_columns_remembered_per_site(self):
        rec = self._reconcile(self._bad_file(), column_product="Item", column_date="Stock date", column_quantity="Qty")
        rec.action_load_file()
        again = self._reconcile(self._bad_file())
        self.assertEqual(
            (again.column_product, again.column_date, again.column_quantity), ("Item", "Stock date", "Qty")
        )
        other = self.env["cs.vmi.reconcile"].create({"warehouse_id": self.other_site.id})
        self.assertEqual(other.column_product, "product", "another provider keeps the defaults")

    def test_missing_column_explained(self):
        rec = self._reconcile(b"sku,day,stock\nBD-01,2026-01-01,3\n")
        with self.assertRaisesRegex(UserError, "are not in the file"):
            rec.action_load_file()
        self.assertFalse(rec.line_ids)

    def test_xlsx_file(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Product", "Date", "Quantity"])
        sheet.append(["BD-01", datetime.combine(self.d2, datetime.min.time()), 100])
        sheet.append(["HT-4471", str(self.d2), 31.0])
        sheet.append(["BD-01", "yesterday", 1])
        buffer = io.BytesIO()
        book.save(buffer)
        rec = self._reconcile(buffer.getvalue(), filename="stock.xlsx")
        rec.action_load_file()
        self.assertEqual(rec.line_ids.mapped("state"), ["match", "difference", "error"])
        self.assertEqual(rec.line_ids[1].difference, 1)

    def test_access_supervisor_only(self):
        with self.assertRaises(AccessError):
            self._reconcile(b"product,date,quantity\n", user=self.specialist)

    def test_multi_company(self):
        rec = self._reconcile(self._bad_file())
        other_company = self.env["res.company"].create({"name": "CS Desk Europe"})
        self.supervisor.company_ids |= other_company
        model = self.env["cs.vmi.reconcile"].with_user(self.supervisor)
        self.assertIn(rec, model.with_context(allowed_company_ids=[self.company.id]).search([]))
        self.assertNotIn(rec, model.with_context(allowed_company_ids=[other_company.id]).search([]))
