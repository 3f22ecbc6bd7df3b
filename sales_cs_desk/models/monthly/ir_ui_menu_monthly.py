from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_monthly_report_enabled"] = [
            "sales_cs_desk.cs_monthly_report_menu",
        ]
        return res
