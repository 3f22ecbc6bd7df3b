# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_revisits_enabled = fields.Boolean(
        string="Revisits",
        help="Planned customer revisits from rules, with outcomes and satisfaction: "
        "the Revisits menus, the customer's Revisits button and the planning job.",
    )
