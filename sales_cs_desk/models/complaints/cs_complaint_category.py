from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsComplaintCategory(models.Model):
    """Kind of complaint (product quality, logistics …) and its response time."""

    _name = "cs.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    response_days = fields.Integer(
        string="Response time (working days)",
        default=2,
        required=True,
        help="The customer is promised a first response within this many "
        "working days after the day the complaint is received, on the "
        "company's working calendar (weekends and public holidays skipped).",
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate to",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("sales_cs_desk.group_cs_supervisor").id),
        ],
        help="The CS supervisor who gets an activity when a complaint of this "
        "category is not answered in time. Empty: the first CS supervisor of "
        "the complaint's company.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.constrains("response_days")
    def _check_response_days(self):
        for category in self:
            if category.response_days < 0:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s: the response time cannot be "
                        "negative; enter 0 for a same-day answer or a number "
                        "of working days.",
                        category=category.name,
                    )
                )
