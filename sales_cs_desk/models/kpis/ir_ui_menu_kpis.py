# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_kpis_enabled"] = ["sales_cs_desk.cs_staff_kpi_menu", "sales_cs_desk.cs_staff_kpi_menu_mine"]
        return res
