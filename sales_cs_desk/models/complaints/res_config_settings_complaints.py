# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_complaints_enabled = fields.Boolean(related="company_id.cs_complaints_enabled", readonly=False)
