from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestOrderChange(CsReviewCase):
    def _confirmed(self, qty=10):
        order = self._order(qty=qty)
        self._release(order)
        return order

    def _change(self, order, kind, user=None):
        form = Form(self.env["cs.order.change"].with_user(user or self.specialist))
        form.order_id = order
        form.kind = kind
        form.reason = "Customer's production plan changed"
        return form

    def test_quantity_change_flows_to_delivery(self):
        order = self._confirmed(qty=10)
        form = self._change(order, "quantity")
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.old_qty, 10)
            line.new_qty = 15
        change = form.save()
        self.assertIn("more needed", change.stock_impact)
        self.assertGreater(change.credit_effect, 0)
        change.action_submit()
        with self.assertRaisesRegex(UserError, "Only a CS supervisor"):
            change.action_approve()
        change.with_user(self.supervisor).action_approve()
        with self.assertRaisesRegex(UserError, "customer's confirmation"):
            change.action_apply()
        change.write({"customer_confirmed": True, "customer_confirmation": "E-mail from buyer, 3 March"})
        change.action_apply()
        self.assertEqual(change.state, "applied")
        self.assertEqual(order.order_line.product_uom_qty, 15)
        self.assertEqual(sum(order.picking_ids.move_ids.mapped("product_uom_qty")), 15)
        self.assertEqual(order.cs_change_count, 1)
        self.assertIn("Change applied", order.message_ids[0].body)

    def test_change_described_in_words_is_applied_and_told_on_the_order(self):
        order = self._confirmed(qty=10)
        form = self._change(order, "other")
        form.note = "Labels in Chinese and English on every carton"
        change = form.save()
        change.action_submit()
        change.with_user(self.supervisor).action_approve()
        change.write({"customer_confirmed": True, "customer_confirmation": "E-mail from buyer"})
        change.action_apply()
        self.assertEqual(change.state, "applied")
        self.assertEqual(order.order_line.product_uom_qty, 10, "nothing written for it by itself")
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertIn("Labels in Chinese and English on every carton", bodies)

    def test_promise_moves_only_through_change_request(self):
        order = self._order()
        self.customer.cs_transit_days = 2
        order.invalidate_recordset(["cs_proposed_date"])
        self.assertEqual(order.cs_proposed_date, fields.Date.context_today(order) + timedelta(days=2))
        order.action_cs_propose_promise()
        self._release(order)
        with self.assertRaisesRegex(UserError, "through a change request"):
            order.with_user(self.specialist).cs_promised_date = fields.Date.today() + timedelta(days=30)
        form = self._change(order, "date")
        form.new_date = fields.Date.today() + timedelta(days=30)
        change = form.save()
        self.assertEqual(change.old_date, fields.Date.context_today(order) + timedelta(days=2))
        change.action_submit()
        change.with_user(self.supervisor).action_approve()
        change.write({"customer_confirmed": True, "customer_confirmation": "Phone"})
        change.action_apply()
        self.assertEqual(order.cs_promised_date, fields.Date.today() + timedelta(days=30))

    def test_short_product_promise_adds_lead_time(self):
        self.product.sale_delay = 1
        self.env["product.supplierinfo"].create(
            {"product_tmpl_id": self.product.product_tmpl_id.id, "partner_id": self.other_customer.id, "delay": 10}
        )
        order = self._order(qty=500)  # only 100 in stock
        self.assertEqual(order.cs_proposed_date, fields.Date.context_today(order) + timedelta(days=11))

    def test_incomplete_change_refused(self):
        order = self._confirmed()
        change = self._change(order, "address").save()
        with self.assertRaisesRegex(UserError, "Fill in the new values"):
            change.action_submit()

    def test_refused_change_cannot_be_applied(self):
        order = self._confirmed()
        form = self._change(order, "other")
        form.note = "Different labels"
        change = form.save()
        change.action_submit()
        change.with_user(self.supervisor).action_refuse()
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.action_apply()

    def test_change_of_other_customer_invisible(self):
        order = self._order(customer=self.other_customer)
        change = self.env["cs.order.change"].create({"order_id": order.id, "kind": "other", "reason": "x"})
        self.assertFalse(self.env["cs.order.change"].with_user(self.specialist).search([("id", "=", change.id)]))


@tagged("post_install", "-at_install")
class TestFitToCredit(CsReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.product.taxes_id = False

    def test_fit_to_credit_respects_packs_and_logs_agreement(self):
        self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id, "moq": 20, "pack_multiple": 10}
        )
        self.customer.credit_limit = 4500
        order = self._order(qty=50)  # 5,000: shortfall 500 = 10 %
        self.assertTrue(order.cs_credit_hold)
        action = order.with_user(self.specialist).action_cs_fit_to_credit()
        form = Form(self.env[action["res_model"]].with_user(self.specialist).with_context(**action["context"]))
        self.assertEqual(form.available, 4500)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.proposed_qty, 40)
        form.customer_agreement = "Buyer agreed by phone"
        form.save().action_apply()
        self.assertEqual(order.order_line.product_uom_qty, 40)
        self.assertFalse(order.cs_credit_hold)
        self.assertIn("Buyer agreed by phone", order.message_ids.mapped("body")[1] + order.message_ids[0].body)

    def test_large_shortfall_refused(self):
        self.customer.credit_limit = 1000
        order = self._order(qty=50)
        with self.assertRaisesRegex(UserError, "above the small-shortfall tolerance"):
            order._cs_fit_to_credit_proposal()

    def test_fit_quantities_function(self):
        from ..models.review.sale_order_review_allocation import cs_fit_quantities

        lines = [{"qty": 100, "unit": 10, "moq": 0, "pack": 25}, {"qty": 10, "unit": 5, "moq": 10, "pack": 0}]
        new = cs_fit_quantities(lines, 800)
        self.assertEqual(new, [75, 10])
        self.assertLessEqual(sum(q * ln["unit"] for q, ln in zip(new, lines, strict=True)), 800)
        self.assertEqual(cs_fit_quantities(lines, 40), [0, 0])
