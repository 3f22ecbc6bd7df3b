from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_policy_enabled"] = ["sales_cs_desk.cs_sales_policy_menu", "sales_cs_desk.cs_policy_grant_report_menu"]
        return res
