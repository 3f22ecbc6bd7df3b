from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_delivery_enabled"] = [
            "sales_cs_desk.sales_cs_desk_menu_delivery",
            "sales_cs_desk.stock_picking_menu_cs_ship_plan_stock",
        ]
        return res
