# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_complaints_enabled = fields.Boolean(
        string="Complaints",
        help="Customer complaints (8D) with response promises, actions and escalation: "
        "the Complaints menus, the customer's Complaints button and the escalation job.",
    )
