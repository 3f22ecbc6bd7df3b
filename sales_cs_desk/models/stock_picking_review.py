from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # the review stages after Released follow the deliveries (O3)
        self.sale_id._cs_sync_delivery_stage()
        return res
