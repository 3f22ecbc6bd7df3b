from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.sale.tests.common import SaleCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestReviewOnlinePayment(AccountPaymentCommon, SaleCommon):
    """With CS review on, an online payment records the money but does not
    confirm the quotation: the review's Released stage does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.sale_order.currency_id
        cls.partner = cls.sale_order.partner_invoice_id

    def _pay(self):
        self.amount = self.sale_order.amount_total
        tx = self._create_transaction(flow="redirect", sale_order_ids=[self.sale_order.id], state="done")
        tx._post_process()
        return tx

    def test_payment_confirms_without_review(self):
        self._pay()
        self.assertEqual(self.sale_order.state, "sale", "standard Odoo behaviour while review is off")

    def test_payment_leaves_order_in_review(self):
        self.sale_order.company_id.cs_review_required = True
        # the quotation was made before review was switched on: brought in as a supervisor would
        wizard = self.env["cs.review.enter.wizard"].sudo().create({"order_ids": [(6, 0, self.sale_order.ids)]})
        wizard.action_enter()
        self.assertTrue(self.sale_order.cs_stage_id)
        tx = self._pay()
        self.assertEqual(tx.state, "done", "the payment itself is recorded")
        self.assertIn(self.sale_order.state, ("draft", "sent"), "the review, not the payment, confirms")
        notes = self.sale_order.message_ids.filtered(
            lambda m: "CS review" in (m.body or "") and tx.reference in (m.body or "")
        )
        self.assertEqual(len(notes), 1, "the order says why it is not confirmed yet")
        self.assertIn(tx.reference, notes.body)
