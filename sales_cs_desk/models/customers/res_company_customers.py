from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_grade_a_share = fields.Float(
        string="Grade A share (%)",
        default=80.0,
        help="Customers that together make up this share of trailing sales, largest first, are graded A.",
    )
    cs_grade_b_share = fields.Float(
        string="Grade B share (%)",
        default=15.0,
        help="The customers that make up the next share of trailing sales are graded B; all others are graded C.",
    )
    cs_grade_months = fields.Integer(
        string="Grading period (months)",
        default=12,
        help="Confirmed sales of this many trailing months decide the grade.",
    )

    @api.constrains("cs_grade_a_share", "cs_grade_b_share", "cs_grade_months")
    def _check_cs_grade_settings(self):
        for company in self:
            a, b = company.cs_grade_a_share, company.cs_grade_b_share
            if a <= 0 or b < 0 or a + b > 100:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the grade A share must be above 0 %%, "
                        "the grade B share 0 %% or more, and together at most "
                        "100 %% (now %(a)s %% and %(b)s %%).",
                        company=company.name,
                        a=a,
                        b=b,
                    )
                )
            if company.cs_grade_months < 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the grading period must be at least one month.",
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # Who supervises the desk
    # ------------------------------------------------------------------
    def _cs_supervisors(self):
        """Active internal CS supervisors of this company, first by id.

        Read as superuser: scheduled jobs and notifications need them
        whoever runs the code.
        """
        self.ensure_one()
        group = self.env.ref("sales_cs_desk.group_cs_supervisor")
        return (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", group.id), ("share", "=", False), ("company_ids", "in", self.id)], order="id")
        )

    def _cs_duty_supervisor(self):
        """The supervisor who gets the desk's escalations and alerts.

        Supervisors who are not CS managers come first: managers (and the
        administrator, who is one) configure the desk rather than work it.
        """
        supervisors = self._cs_supervisors()
        managers = self.env.ref("sales_cs_desk.group_cs_manager").sudo().users
        return ((supervisors - managers) or supervisors)[:1]
