from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestShortageWizard(CsReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.customer.item"].create(
            [
                {"partner_id": p.id, "product_id": cls.product.id, "moq": 0, "pack_multiple": 10}
                for p in (cls.customer, cls.other_customer)
            ]
        )

    def _wizard(self, mode):
        form = Form(self.env["cs.shortage.wizard"].with_user(self.supervisor))
        form.product_id = self.product
        form.mode = mode
        wizard = form.save()
        wizard.action_preview()
        return wizard

    def test_fair_share_preview_and_apply_with_deferral(self):
        first = self._order(qty=80)
        second = self._order(customer=self.other_customer, qty=80)
        wizard = self._wizard("fair")
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.line_ids.mapped("allocated"), [50, 50])
        self.assertEqual(first.order_line.product_uom_qty, 80, "the preview changes nothing")
        with self.assertRaisesRegex(UserError, "agreed"):
            wizard.action_apply()
        wizard.customer_consent = "Both buyers agreed by e-mail"
        wizard.action_apply()
        self.assertEqual(first.order_line.product_uom_qty, 50)
        self.assertEqual(second.order_line.product_uom_qty, 50)
        follow_up = self.env["sale.order"].search([("cs_deferred_from_id", "=", first.id)])
        self.assertEqual(follow_up.order_line.product_uom_qty, 30)
        self.assertTrue(follow_up.cs_urgent)
        self.assertEqual(follow_up.cs_stage_id, self.received)
        self.assertIn("Both buyers agreed", first.message_ids[0].body)

    def test_priority_fills_queue_order(self):
        first = self._order(qty=80)
        urgent = self._order(customer=self.other_customer, qty=80, cs_urgent=True)
        wizard = self._wizard("priority")
        allocated = {line.order_id: line.allocated for line in wizard.line_ids}
        self.assertEqual(allocated[urgent], 80)
        self.assertEqual(allocated[first], 20)

    def test_invalid_manual_allocation_refused(self):
        self._order(qty=80)
        self._order(customer=self.other_customer, qty=80)
        wizard = self._wizard("fair")
        with self.assertRaisesRegex(ValidationError, "multiples of 10"):
            wizard.line_ids[0].allocated = 45

    def test_nothing_short(self):
        self._order(qty=10)
        form = Form(self.env["cs.shortage.wizard"].with_user(self.supervisor))
        form.mode = "fair"
        with self.assertRaisesRegex(UserError, "No waiting order is short"):
            form.save().action_preview()
