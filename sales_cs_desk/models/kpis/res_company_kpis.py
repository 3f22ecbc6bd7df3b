# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Staff KPIs (K3). Response deadlines stay per channel (inquiries) and per
    # category (complaints); the targets here are the share kept on time. The
    # delivery target is the delivery capability's own (cs_delivery_otif_target).
    # ------------------------------------------------------------------
    cs_kpis_enabled = fields.Boolean(
        string="Staff KPIs",
        help="Workload, response times, on-time rates and satisfaction per CS specialist and month, "
        "against the targets below: the Staff KPIs and My KPIs menus.",
    )
    cs_kpi_revisit_on_time_target = fields.Float(
        string="Revisits done on time (%)", default=90.0, help="Share of the revisits done by their due date."
    )
    cs_kpi_inquiry_on_time_target = fields.Float(
        string="Inquiries answered on time (%)",
        default=90.0,
        help="Share of the inquiries answered within their channel's response target.",
    )
    cs_kpi_complaint_on_time_target = fields.Float(
        string="Complaints answered on time (%)",
        default=90.0,
        help="Share of the complaints answered by their promised response date.",
    )
    cs_kpi_satisfaction_target = fields.Float(
        string="Customer satisfaction (1–5)",
        default=4.0,
        help="Average score the customers give on revisits and closed complaints.",
    )

    @api.constrains(
        "cs_kpi_revisit_on_time_target",
        "cs_kpi_inquiry_on_time_target",
        "cs_kpi_complaint_on_time_target",
        "cs_kpi_satisfaction_target",
    )
    def _check_cs_kpi_targets(self):
        for company in self:
            rates = (
                company.cs_kpi_revisit_on_time_target,
                company.cs_kpi_inquiry_on_time_target,
                company.cs_kpi_complaint_on_time_target,
            )
            if not all(0 <= rate <= 100 for rate in rates) or not 0 <= company.cs_kpi_satisfaction_target <= 5:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the on-time targets of the staff KPIs are percentages from 0 to 100 and "
                        "the satisfaction target a score from 0 to 5.",
                        company=company.name,
                    )
                )
