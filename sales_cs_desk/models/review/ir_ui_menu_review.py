# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        res = super()._cs_switched_menus()
        res["cs_review_required"] = ["sales_cs_desk.sale_order_menu_cs_finance_review"]
        return res
