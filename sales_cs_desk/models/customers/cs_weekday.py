from odoo import fields, models


class CsWeekday(models.Model):
    """A day of the week, so that a receiving window reads as checkboxes."""

    _name = "cs.weekday"
    _description = "Weekday"
    _order = "sequence"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        required=True,
        help="Python weekday number (Monday is 0).",
    )
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each weekday exists once."),
    ]
