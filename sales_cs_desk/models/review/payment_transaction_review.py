from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An order under CS review is confirmed by its review, not by its payment.

        With review on, Odoo's online payment flow would confirm the quotation
        and hit the review's refusal; instead the payment is recorded, the
        order stays in its review stage and says so in its chatter (O3, O4:
        the prepayment then counts in the credit check).
        """
        held = self.filtered(lambda tx: len(tx.sale_order_ids) == 1 and tx.sale_order_ids._cs_waits_for_review())
        for tx in held:
            tx.sale_order_ids.message_post(
                body=self.env._(
                    "Payment %(reference)s received. The order is confirmed when it passes the CS review "
                    "(stage Released).",
                    reference=tx.reference,
                )
            )
        return super(PaymentTransaction, self - held)._check_amount_and_confirm_order()
