from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Monthly report (K2)
    # ------------------------------------------------------------------
    cs_monthly_report_enabled = fields.Boolean(
        string="Monthly report",
        help="Build the CS desk's monthly report and e-mail it on the 1st of each month to the company's CS "
        "supervisors, each in their own language.",
    )
