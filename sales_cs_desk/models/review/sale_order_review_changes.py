from odoo import api, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Change requests and the delivery promise on the sale order (O9, O11)."""

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Change requests and promise (O9, O11)
    # ------------------------------------------------------------------
    @api.model
    def _cs_replenish_days(self, product):
        """Days to make or buy ``product``: manufacturing lead time if known, else the first vendor's."""
        if "produce_delay" in product._fields and product.produce_delay:
            return int(product.produce_delay)
        return int(product.seller_ids[:1].delay or 0)

    def _cs_ensure_promise_editable(self):
        confirmed = self.filtered(lambda o: o.state == "sale")
        if confirmed:
            raise UserError(
                self.env._(
                    "%(orders)s is confirmed: the promised date moves only through a change request "
                    "approved by a supervisor and confirmed by the customer.",
                    orders=", ".join(confirmed.mapped("name")),
                )
            )

    def action_cs_propose_promise(self):
        """Take the feasible date as the promised date (before confirmation)."""
        for order in self:
            order.cs_promised_date = order.cs_proposed_date
        return True

    def action_cs_new_change(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change request"),
            "res_model": "cs.order.change",
            "view_mode": "form",
            "context": {"default_order_id": self.id},
        }

    def action_cs_open_changes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_order_change_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action
