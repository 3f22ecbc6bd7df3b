from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
            if company.cs_vmi_recon_tolerance < 0:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the reconciliation tolerance cannot be negative.",
                        company=company.name,
                    )
                )
