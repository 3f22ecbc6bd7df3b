from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsSatisfactionMixin(models.AbstractModel):
    """The customer's own satisfaction score, the one scale of the desk.

    Complaints (C7) and revisits (C6) record it when the customer gives
    feedback. A 1–5 integer rather than Odoo's rating engine, whose 1/3/5
    smileys do not fit the scale the desk reports on. 0 = not recorded yet.
    Models change the scale with ``_cs_satisfaction_scale``.
    """

    _name = "cs.satisfaction.mixin"
    _description = "Customer satisfaction score"
    _cs_satisfaction_scale = (1, 5)

    satisfaction = fields.Integer(
        string="Customer satisfaction",
        tracking=True,
        copy=False,
        help="The customer's own score, 1 (very dissatisfied) to 5 (very satisfied), "
        "recorded when the customer gives feedback. 0 = not recorded yet.",
    )

    @api.constrains("satisfaction")
    def _check_satisfaction(self):
        low, high = self._cs_satisfaction_scale
        for record in self:
            if record.satisfaction and not low <= record.satisfaction <= high:
                raise ValidationError(
                    self.env._(
                        "%(record)s: customer satisfaction is a score from %(low)s (very dissatisfied) "
                        "to %(high)s (very satisfied); %(value)s is outside the scale. Enter the "
                        "customer's score, or 0 while it is not known.",
                        record=record.display_name,
                        low=low,
                        high=high,
                        value=record.satisfaction,
                    )
                )
