from odoo import fields, models

CS_AND_STOCK = "sales_cs_desk.group_cs_specialist,stock.group_stock_user"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    cs_exception_ids = fields.One2many(
        "cs.delivery.exception", "picking_id", string="Delivery exceptions", groups=CS_AND_STOCK
    )
    cs_exception_count = fields.Integer(string="Exceptions", compute="_compute_cs_exception_count", groups=CS_AND_STOCK)

    def _compute_cs_exception_count(self):
        # counts what the reader may see (record rules apply)
        counts = dict(
            self.env["cs.delivery.exception"]._read_group([("picking_id", "in", self.ids)], ["picking_id"], ["__count"])
        )
        for picking in self:
            picking.cs_exception_count = counts.get(picking, 0)

    def action_cs_delivery_exceptions(self):
        """The delivery's exceptions; a new one starts on this delivery."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_delivery_exception_action")
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"default_picking_id": self.id}
        if not self.cs_exception_count:
            action["views"] = [(False, "form")]
        return action
