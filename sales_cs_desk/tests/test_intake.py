from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_intake import CsIntakeCase


@tagged("post_install", "-at_install")
class TestIntake(CsIntakeCase):
    """A customer file becomes checked intake lines, then quotations; re-sent POs change the same order."""

    def _import_as_specialist(self, rows, filename="po.csv", **kw):
        Intake = self.env["cs.order.intake"].with_user(self.specialist)
        return Intake._cs_intake_from_file(self.customer, filename, self._csv(rows, **kw))

    def test_file_to_lines_with_anomalies(self):
        later = self.later.isoformat()
        intake = self._import_as_specialist(
            [
                ("HT-BOLT", "200", "pcs", later, "SH01", "2.00", "PO-1", "10"),
                ("HT-XXX", "10", "BX", later, "SH01", "", "PO-1", "20"),
                ("HT-NUT", "abc", "", later, "", "", "PO-1", "30"),
                ("HT-BOLT", "120", "", later, "ZZ9", "", "PO-1", "40"),
                ("HT-NUT", "5", "", "2001-01-01", "", "1.50", "PO-1", "50"),
                ("HT-NUT", "5", "", later, "", "", "PO-1", "50"),
            ]
        )
        self.assertEqual(intake.source, "file")
        self.assertEqual(intake.partner_id, self.customer)
        self.assertTrue(intake.attachment_id, "the raw file is kept")
        self.assertEqual(intake.line_count, 6)
        first = self._line(intake, 2)
        self.assertEqual(first.status, "pass", first.anomaly_text)
        self.assertEqual(first.product_id, self.bolt)
        self.assertEqual(first.ship_to_id, self.ship_to)
        self.assertEqual(first.quantity, 200)
        self.assertEqual(self._codes(self._line(intake, 3)), {"part_unknown", "uom_unknown"})
        self.assertIn("HT-XXX", self._line(intake, 3).anomaly_text)
        self.assertEqual(self._codes(self._line(intake, 4)), {"qty_nan"})
        self.assertEqual(self._codes(self._line(intake, 5)), {"pack", "ship_to_unknown"})
        self.assertEqual(self._line(intake, 5).status, "block")
        self.assertEqual(self._codes(self._line(intake, 6)), {"date_past", "price"})
        self.assertEqual(self._line(intake, 6).status, "warning")
        self.assertEqual(self._codes(self._line(intake, 7)), {"po_line_repeated"})
        self.assertEqual(intake.block_count, 4)
        # the layout is remembered for the customer
        layout = intake.layout_id
        self.assertEqual(
            (layout.partner_id, layout.col_part, layout.col_po_line), (self.customer, "Part No", "PO line")
        )

    def test_fix_ignore_import_and_resend(self):
        self.company.cs_review_required = True
        later = self.later.isoformat()
        intake = self._import_as_specialist(
            [
                ("HT-BOLT", "200", "", later, "SH01", "", "PO-7", "10"),
                ("HT-BOLTX", "100", "", later, "SH01", "", "PO-7", "20"),
                ("HT-NUT", "-3", "", later, "SH01", "", "PO-7", "30"),
            ]
        )
        wrong, negative = self._line(intake, 3), self._line(intake, 4)
        self.assertEqual((wrong.status, negative.status), ("block", "block"))
        # fix one: the line is checked again at once
        wrong.with_user(self.specialist).write({"raw_part": "HT-NUT"})
        self.assertEqual(wrong.status, "pass", wrong.anomaly_text)
        # ignore one: a reason is needed
        with self.assertRaises(UserError):
            negative.with_user(self.specialist).action_ignore()
        negative.with_user(self.specialist).write({"ignore_reason": "Customer cancels the nuts"})
        negative.with_user(self.specialist).action_ignore()
        self.assertEqual(negative.status, "ignored")
        intake.with_user(self.specialist).action_import()
        self.assertEqual(intake.state, "done")
        order = intake.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.client_order_ref, "PO-7")
        self.assertEqual(order.partner_shipping_id, self.ship_to)
        self.assertEqual(order.order_line.mapped("cs_customer_po_line"), ["10", "20"])
        self.assertEqual(order.order_line.mapped("cs_customer_po"), ["PO-7", "PO-7"])
        self.assertTrue(order.cs_stage_id, "the quotation entered the review queue")
        self.assertEqual(self._line(intake, 2).order_line_id.product_uom_qty, 200)

        # re-sent while in review: the quotation is updated, no second order
        again = self._import_as_specialist(
            [
                ("HT-BOLT", "300", "", later, "SH01", "", "PO-7", "10"),
                ("HT-NUT", "100", "", later, "SH01", "", "PO-7", "20"),
            ]
        )
        self.assertEqual(self._codes(self._line(again, 2)), {"po_line_changed"})
        self.assertEqual(self._codes(self._line(again, 3)), {"po_line_imported"})
        again.with_user(self.specialist).action_import()
        self.assertEqual(again.order_ids, order)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [300, 100])
        self.assertEqual(self.env["sale.order"].search_count([("client_order_ref", "=", "PO-7")]), 1)

    def test_resent_after_confirmation_proposes_change(self):
        later = self.later.isoformat()
        intake = self._import_as_specialist([("HT-BOLT", "200", "", later, "", "", "PO-9", "1")])
        intake.with_user(self.specialist).action_import()
        order = intake.order_ids
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        again = self._import_as_specialist(
            [("HT-BOLT", "250", "", later, "", "", "PO-9", "1"), ("HT-NUT", "5", "", later, "", "", "PO-9", "2")]
        )
        self.assertEqual(self._codes(self._line(again, 2)), {"po_line_changed"})
        self.assertEqual(self._codes(self._line(again, 3)), {"po_confirmed_new_line"})
        self._line(again, 3).with_user(self.specialist).write({"ignore_reason": "Sent as a new PO"})
        self._line(again, 3).with_user(self.specialist).action_ignore()
        again.with_user(self.specialist).action_import()
        change = self._line(again, 2).change_id
        self.assertTrue(change)
        self.assertEqual(change.order_id, order)
        self.assertEqual(change.line_ids.new_qty, 250)
        self.assertEqual(order.order_line.product_uom_qty, 200, "a change request changes nothing until applied")
        self.assertEqual(self.env["sale.order"].search_count([("client_order_ref", "=", "PO-9")]), 1)

    def test_formats(self):
        """GB18030, BOM, comma decimals, day-first dates from the customer's layout, XLSX."""
        later = self.later
        rows = [("HT-BOLT", "150,0", "个", later.strftime("%d.%m.%Y"), "SH01", "2,00", "PO-8", "1")]
        data = self._csv(rows, header="客户料号;数量;单位;交货日期;收货地;单价;采购单号;行号", encoding="gb18030")
        intake = (
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(self.customer, "订单.csv", data)
        )
        line = intake.line_ids
        self.assertTrue(intake.decimal_comma)
        self.assertEqual((line.product_id, line.quantity, line.requested_date), (self.bolt, 150.0, later))
        self.assertEqual(line.status, "pass", line.anomaly_text)
        # an ambiguous day/month date is held until the layout says how the customer writes dates
        ambiguous = "03/04/2030"
        data = self._csv([("HT-NUT", "5", "", ambiguous, "", "", "PO-8", "2")], encoding="utf-8-sig", separator=",")
        intake = (
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(self.customer, "po.csv", data)
        )
        self.assertEqual(self._codes(intake.line_ids), {"date_ambiguous"})
        intake.layout_id.with_user(self.specialist).date_format = "%d/%m/%Y"
        intake.with_user(self.specialist).action_check()
        self.assertEqual(intake.line_ids.requested_date.isoformat(), "2030-04-03")
        self.assertEqual(intake.line_ids.status, "pass")

    def test_xlsx(self):
        import io

        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Part No", "Qty", "Delivery date", "PO", "PO line"])
        sheet.append(["HT-NUT", 12, self.later, "PO-X", 1])
        buffer = io.BytesIO()
        book.save(buffer)
        intake = (
            self.env["cs.order.intake"]
            .with_user(self.specialist)
            ._cs_intake_from_file(self.customer, "po.xlsx", buffer.getvalue())
        )
        line = intake.line_ids
        self.assertEqual((line.product_id, line.quantity, line.requested_date), (self.nut, 12, self.later))
        self.assertEqual((line.po_number, line.po_line, line.status), ("PO-X", "1", "pass"))

    def test_keyed_in_batch(self):
        intake = (
            self.env["cs.order.intake"]
            .with_user(self.specialist)
            .create({"partner_id": self.customer.id, "po_number": "TEL-1"})
        )
        self.assertEqual(intake.source, "manual")
        intake.write({"line_ids": [(0, 0, {"raw_part": "HT-NUT", "raw_qty": "7", "raw_po_line": "1"})]})
        self.assertEqual(intake.line_ids.status, "pass")
        self.assertEqual(intake.line_ids.po_number, "TEL-1")

    def test_hold_and_read_again(self):
        """An input that cannot be read is kept, held for a supervisor; a file is read again with a new layout."""
        held = self.env["cs.order.intake"]._cs_intake_hold(
            self.env["res.partner"], "order.edi", b"UNA:+.? 'UNB+UNOC", "edi", "Truncated interchange"
        )
        self.assertEqual((held.state, held.source, held.hold_message), ("held", "edi", "Truncated interchange"))
        self.assertTrue(held.attachment_id)
        self.assertFalse(self.env["cs.order.intake"].with_user(self.specialist).search([("id", "=", held.id)]))
        self.assertTrue(self.env["cs.order.intake"].with_user(self.supervisor).search([("id", "=", held.id)]))
        with self.assertRaises(UserError):
            held.with_user(self.supervisor).action_import()
        # the customer calls its quantity column "Stk": the layout learns it, the file is read again
        data = b"Part No;Stk;PO;PO line\nHT-NUT;5;PO-R;1\n"
        with self.assertRaises(UserError):
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(self.customer, "po.csv", data)
        layout = (
            self.env["cs.intake.layout"]
            .with_user(self.specialist)
            .create({"partner_id": self.customer.id, "col_qty": "Stk"})
        )
        intake = (
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(self.customer, "po.csv", data)
        )
        self.assertEqual((intake.layout_id, intake.line_ids.quantity), (layout, 5.0))
        layout.col_qty = "Part No"  # a wrong mapping read again: the lines follow the layout
        intake.with_user(self.specialist).action_reimport()
        self.assertEqual(self._codes(intake.line_ids), {"qty_nan"})

    def test_queries_do_not_grow_with_lines(self):
        """Staging and checking: batched lookups, so 300 lines cost the queries of 30 plus Odoo's INSERT batches."""
        later = self.later.isoformat()

        def stage(count):
            rows = [
                ("HT-BOLT" if n % 2 else "HT-NUT", "100", "", later, "SH01", "2", f"PO-Q{count}", str(n))
                for n in range(count)
            ]
            data = self._csv(rows)
            Intake = self.env["cs.order.intake"].with_user(self.specialist)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            intake = Intake._cs_intake_from_file(self.customer, "po.csv", data)
            self.env.flush_all()
            self.assertEqual(intake.line_count, count)
            return self.env.cr.sql_log_count - before

        stage(30)  # warm-up: caches, the customer's layout
        small, large = stage(30), stage(300)
        # the lines are inserted 100 at a time by the ORM: 1 INSERT for 30 lines, 3 for 300
        self.assertLessEqual(large - small, 2 + 2, f"30 lines: {small} queries, 300 lines: {large}")
