# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_kpis_enabled = fields.Boolean(related="company_id.cs_kpis_enabled", readonly=False)
    cs_kpi_revisit_on_time_target = fields.Float(related="company_id.cs_kpi_revisit_on_time_target", readonly=False)
    cs_kpi_inquiry_on_time_target = fields.Float(related="company_id.cs_kpi_inquiry_on_time_target", readonly=False)
    cs_kpi_complaint_on_time_target = fields.Float(related="company_id.cs_kpi_complaint_on_time_target", readonly=False)
    cs_kpi_satisfaction_target = fields.Float(related="company_id.cs_kpi_satisfaction_target", readonly=False)
