from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Order intake (O1)
    # ------------------------------------------------------------------
    cs_intake_enabled = fields.Boolean(
        string="Order intake",
        help="Customer orders are received as intake batches (files, keyed-in lines, e-mail, portal, EDI), "
        "checked line by line and turned into quotations. Off: the intake menus are hidden.",
    )
    cs_intake_max_rows = fields.Integer(
        string="Lines per file (limit)",
        default=20000,
        help="A customer file with more lines is refused as a whole, with a message asking to split it. 0: no limit.",
    )

    @api.constrains("cs_intake_max_rows")
    def _check_cs_intake_settings(self):
        for company in self:
            if company.cs_intake_max_rows < 0:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the limit of lines per file cannot be negative; 0 means no limit.",
                        company=company.name,
                    )
                )
