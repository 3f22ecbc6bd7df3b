from odoo import fields, models


class CsComplaintCause(models.Model):
    """Catalogue of root causes, so that causes can be counted and compared."""

    _name = "cs.complaint.cause"
    _description = "Complaint Root Cause"
    _order = "sequence, name, id"

    name = fields.Char(string="Root cause", required=True, translate=True)
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "cs.complaint.category",
        string="Usual category",
        help="Leave empty for causes that apply to any category.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
