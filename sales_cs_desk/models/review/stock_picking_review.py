from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # the review stages after Released follow the deliveries (O3); the
        # warehouse user validating need not be able to read the order
        self.sale_id.sudo()._cs_sync_delivery_stage()
        return res
