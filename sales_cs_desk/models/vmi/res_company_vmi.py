import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_vmi_enabled = fields.Boolean(
        string="VMI sites",
        help="Our stock at logistics providers near customers: the VMI menus, daily reports, 3PL reconciliation, "
        "logistics fees and the safety-stock alert job.",
    )

    cs_vmi_cover_days = fields.Integer(
        string="Days-of-cover window",
        default=30,
        help="Days of cover divide the closing stock by the average daily outflow over this many days.",
    )
    cs_vmi_recon_tolerance = fields.Float(
        string="Reconciliation tolerance (%)",
        default=1.0,
        help="A provider's figure differing from ours by more than this share of our quantity is listed for review.",
    )

    cs_vmi_import_max_size = fields.Integer(
        string="3PL file size limit (MB)",
        default=5,
        help="A provider's stock file larger than this is refused before it is read.",
    )
    cs_vmi_import_max_rows = fields.Integer(
        string="3PL file line limit",
        default=20000,
        help="A provider's stock file with more lines than this is refused before any line is kept.",
    )

    @api.constrains("cs_vmi_import_max_size", "cs_vmi_import_max_rows")
    def _check_cs_vmi_import_limits(self):
        for company in self:
            if not 1 <= company.cs_vmi_import_max_size <= 100 or not 1 <= company.cs_vmi_import_max_rows <= 1_000_000:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: a 3PL file may be limited to 1-100 MB and 1-1,000,000 lines.",
                        company=company.name,
                    )
                )

    @api.constrains("cs_vmi_cover_days", "cs_vmi_recon_tolerance")
    def _check_cs_vmi_settings(self):
        for company in self:
            if company.cs_vmi_cover_days < 1 or company.cs_vmi_cover_days > 366:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the days-of-cover window must be between 1 and 366 days.",
                        company=company.name,
                    )
                )
            if not (math.isfinite(company.cs_vmi_recon_tolerance) and 0 <= company.cs_vmi_recon_tolerance <= 100):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the reconciliation tolerance is a percentage from 0 to 100.",
                        company=company.name,
                    )
                )
