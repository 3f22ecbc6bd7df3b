from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_forecast_enabled"] = [
            "sales_cs_desk.cs_forecast_menu_root",
            "sales_cs_desk.cs_forecast_accuracy_report_menu",
        ]
        return res
