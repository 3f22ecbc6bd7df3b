from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res.setdefault("cs_delivery_enabled", []).extend(
            [
                "sales_cs_desk.cs_delivery_exception_menu",
                "sales_cs_desk.cs_delivery_exception_menu_stock",
            ]
        )
        return res
