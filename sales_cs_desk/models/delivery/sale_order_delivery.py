from odoo import fields, models


class SaleOrder(models.Model):
    """The promise the on-time-in-full measure keeps (L5, O9)."""

    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._cs_freeze_promise()
        return res

    def _cs_freeze_promise(self):
        """At confirmation, the promised date is set once (the delivery date or the expected date).

        Afterwards it moves only through an approved change request (``cs.order.change``), which is what
        the on-time measure is kept against: a delivery date moved by hand does not move the promise.
        """
        for order in self.sudo().filtered(lambda o: o.company_id.cs_delivery_enabled and not o.cs_promised_date):
            promise = order.commitment_date or order.expected_date
            if promise:
                order.cs_promised_date = fields.Datetime.context_timestamp(order, promise).date()

    def action_cs_confirm_receipt(self):
        res = super().action_cs_confirm_receipt()
        # the customer's receipt confirmation (O10) is the arrival of deliveries nobody recorded yet
        shipped = self.sudo().picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state == "done"
                and not p.cs_arrival_date
                and p.company_id.cs_delivery_enabled
            )
        )
        if shipped:
            shipped._cs_set_arrival(fields.Date.context_today(self), "receipt")
        return res
