from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_loads_enabled"] = [
            "sales_cs_desk.cs_load_proposal_menu",
            "sales_cs_desk.cs_load_report_menu",
            "sales_cs_desk.cs_load_report_menu_cs",
        ]
        return res
