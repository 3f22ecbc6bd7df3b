from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestDeliveryException(CsDeskCase):
    cs_chart_template = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_delivery_enabled = True
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.keeper = new_test_user(cls.env, "cs_test_keeper", groups="stock.group_stock_user", name="Keeper")
        cls.product = cls.env["product.product"].create(
            {"name": "Hub bearing", "is_storable": True, "list_price": 20.0, "invoice_policy": "delivery"}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 10})],
            }
        )
        cls.order.action_confirm()
        cls.picking = cls.order.picking_ids
        cls.picking.user_id = cls.keeper
        cls.picking.move_ids.write({"quantity": 10, "picked": True})
        cls.picking.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.cause = cls.env.ref("sales_cs_desk.cs_complaint_cause_picking")

    def _exception(self, kind="short", received=8, user=None):
        exception = (
            self.env["cs.delivery.exception"]
            .with_user(user or self.specialist)
            .create({"picking_id": self.picking.id, "kind": kind})
        )
        exception.line_ids.received_qty = received
        return exception

    def test_record_short_delivery_and_investigate(self):
        exception = self._exception()
        self.assertEqual(exception.partner_id, self.customer)
        self.assertEqual(exception.sale_order_id, self.order)
        self.assertEqual(exception.line_ids.expected_qty, 10)
        self.assertEqual(exception.line_ids.affected_qty, 2)
        self.assertEqual(self.picking.with_user(self.specialist).cs_exception_count, 1)
        exception.action_investigate()
        self.assertEqual(exception.state, "investigating")
        activity = exception.activity_ids
        self.assertEqual(activity.user_id, self.keeper)
        self.assertIn("10 / 8", str(activity.note))
        # the warehouse writes its finding, nothing else
        mine = exception.with_user(self.keeper)
        mine.warehouse_finding = "Two bearings left on the packing table."
        with self.assertRaises(AccessError):
            mine.kind = "damaged"
        with self.assertRaises(AccessError):
            mine.action_replacement()
        # and answers the activity, which the CS user reads in the chatter
        activity.with_user(self.keeper).action_feedback(feedback="Counted: two left behind.")
        self.assertFalse(exception.activity_ids)
        self.assertIn("two left behind", exception.message_ids[0].body)

    def test_replacement_resolve_answer_close(self):
        exception = self._exception()
        exception.action_replacement()
        replacement = exception.replacement_picking_id
        self.assertEqual(replacement.picking_type_code, "outgoing")
        self.assertEqual(replacement.move_ids.product_uom_qty, 2)
        self.assertEqual(replacement.partner_id, self.picking.partner_id)
        # free of charge: the order's delivered quantity does not grow
        self.assertEqual(self.order.order_line.qty_delivered, 10)
        with self.assertRaisesRegex(UserError, "root cause"):
            exception.action_resolve()
        exception.cause_id = self.cause
        exception.action_resolve()
        self.assertEqual(exception.state, "resolved")
        with self.assertRaisesRegex(UserError, "answer the customer"):
            exception.action_close()
        with self.assertRaisesRegex(UserError, "Write the answer"):
            exception.action_send_answer()
        exception.customer_answer = "<p>The two missing bearings leave today.</p>"
        exception.action_send_answer()
        self.assertTrue(exception.date_answered)
        self.assertIn(self.customer, exception.message_ids[0].partner_ids)
        exception.action_close()
        self.assertEqual(exception.state, "closed")

    def test_damaged_goods_return_and_replace(self):
        exception = self._exception(kind="damaged", received=7)
        exception.action_exchange()
        returned = exception.return_picking_id
        self.assertEqual(returned.picking_type_code, "incoming")
        self.assertEqual(returned.move_ids.product_uom_qty, 3)
        self.assertEqual(exception.resolution, "exchange")
        self.assertEqual(exception.replacement_picking_id.move_ids.product_uom_qty, 3)

    def test_credit_note_needs_invoicing_rights(self):
        exception = self._exception(received=6)
        with self.assertRaisesRegex(UserError, "invoicing rights"):
            exception.action_credit_note()
        finance_cs = new_test_user(
            self.env,
            "cs_test_finance_cs",
            groups="sales_cs_desk.group_cs_supervisor,account.group_account_invoice",
            name="Finance CS",
        )
        exception.with_user(finance_cs).action_credit_note()
        credit_note = exception.sudo().credit_note_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 4)
        self.assertAlmostEqual(credit_note.amount_untaxed, 80.0)

    def test_escalate_into_complaint(self):
        exception = self._exception()
        exception.cause_id = self.cause
        exception.action_escalate()
        complaint = exception.complaint_id
        self.assertEqual(complaint.picking_id, self.picking)
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(complaint.cause_id, self.cause)
        self.assertEqual(complaint.cs_customer_id, self.customer)
        # one click, one complaint
        exception.action_escalate()
        self.assertEqual(self.env["cs.complaint"].search_count([("picking_id", "=", self.picking.id)]), 1)

    def test_confidentiality_guards_and_companies(self):
        exception = self._exception()
        # the other customer's specialist (backup here) sees it only while covering; another specialist never
        stranger = new_test_user(self.env, "cs_test_stranger", groups="sales_cs_desk.group_cs_specialist")
        with self.assertRaises(AccessError):
            exception.with_user(stranger).read(["name"])
        with self.assertRaises(AccessError):
            exception.write({"state": "closed"})
        with self.assertRaises(AccessError):
            exception.with_user(self.specialist).write({"complaint_id": False, "state": "resolved"})
        with self.assertRaises(AccessError):
            self.env["cs.delivery.exception"].with_user(self.specialist).create(
                {"picking_id": self.picking.id, "name": "DEX/FAKE"}
            )
        other = self.env["res.company"].create({"name": "Exceptions Other Co"})
        outsider = new_test_user(
            self.env,
            "cs_test_outsider",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["cs.delivery.exception"].with_user(outsider).search([("id", "=", exception.id)]))
        menu = self.env.ref("sales_cs_desk.cs_delivery_exception_menu")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.specialist)._load_menus_blacklist())
        self.company.cs_delivery_enabled = False
        with self.assertRaisesRegex(UserError, "Delivery performance is off"):
            self._exception()
        # the menus hide with the switch (the specialist works for this company only)
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.specialist)._load_menus_blacklist())
