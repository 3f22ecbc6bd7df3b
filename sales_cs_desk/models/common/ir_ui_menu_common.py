# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _cs_switched_menus(self):
        """The desk's menus that follow a capability switch of the company.

        ``{company_switch_field: [menu xml ids]}``; each capability adds its own
        entry in ``models/<capability>/ir_ui_menu_<capability>.py``. A menu is
        shown while at least one of the user's companies has the switch on —
        Odoo caches the menus per user, not per current company, the same
        choice Odoo's accounting makes for its audit-trail menu.
        """
        return {}

    def _load_menus_blacklist(self):
        res = super()._load_menus_blacklist()
        companies = self.env.user.sudo().company_ids
        for switch, xml_ids in self._cs_switched_menus().items():
            if any(companies.mapped(switch)):
                continue
            for xml_id in xml_ids:
                menu = self.env.ref(xml_id, raise_if_not_found=False)
                if menu:
                    res.append(menu.id)
        return res
