from odoo import models


class CsCustomerItem(models.Model):
    _inherit = "cs.customer.item"

    def write(self, vals):
        res = super().write(vals)
        if "transit_days" in vals:
            self._cs_refresh_open_deliveries()
        return res

    def _cs_refresh_open_deliveries(self):
        """The ship plan reads items' transit days without depending on them: refresh the open deliveries."""
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "not in", ("done", "cancel")),
                    ("partner_id", "child_of", self.cs_customer_id.ids),
                    ("product_id", "in", self.product_id.ids),
                ]
            )
        )
        pickings._cs_refresh_ship_plan()
