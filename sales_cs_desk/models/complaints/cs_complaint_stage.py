from odoo import fields, models


class CsComplaintStage(models.Model):
    """A step of the complaint loop (C7): New → … → Closed, editable.

    ``is_closed`` marks the stages that end the loop: entering one runs the
    closing checks (root cause, customer feedback) and the closing hook.
    """

    _name = "cs.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(string="Stage", required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in kanban",
        help="Fold this stage's column in the complaint kanban.",
    )
    is_closed = fields.Boolean(
        string="Closing stage",
        help="A complaint in this stage is closed: it needs a root cause and "
        "the customer's feedback, unless a CS supervisor overrides.",
    )
    description = fields.Text(translate=True, help="What must happen in this stage.")
    active = fields.Boolean(default=True)
