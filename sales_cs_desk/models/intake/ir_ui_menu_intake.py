from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_intake_enabled"] = [
            "sales_cs_desk.cs_order_intake_menu",
            "sales_cs_desk.cs_order_intake_upload_menu",
            "sales_cs_desk.cs_order_intake_line_menu",
            "sales_cs_desk.cs_intake_layout_menu",
        ]
        return res
