from odoo import fields, models


class CsComplaintDepartment(models.Model):
    """A department that investigates complaints (quality, production …).

    A small list of our own rather than ``hr.department``: the desk must not
    pull in the Employees app, and the list the CS team needs is short and
    edited by the CS manager.
    """

    _name = "cs.complaint.department"
    _description = "Complaint Department"
    _order = "sequence, name, id"

    name = fields.Char(string="Department", required=True, translate=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Contact person",
        domain=[("share", "=", False)],
        help="Who answers for this department; proposed as responsible.",
    )
    active = fields.Boolean(default=True)
