from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _cs_on_closed(self):
        """Order close-out plans the after-close-out revisit at once (O10, C6)."""
        res = super()._cs_on_closed()
        self.env["cs.revisit.rule"]._cs_plan_for_events(
            "order_closed",
            [
                (
                    order.partner_id.commercial_partner_id,
                    order.company_id,
                    order.name,
                    {"sale_order_id": order.id, "partner_id": order.partner_id.id},
                )
                for order in self
            ],
        )
        return res
