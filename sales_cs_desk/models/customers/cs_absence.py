from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CsAbsence(models.Model):
    """A period during which a CS user is away and their backup covers.

    Absences are records rather than two dates on the user so that the
    supervisor keeps the history and a specialist can announce their own
    leave without write access to users.
    """

    _name = "cs.absence"
    _description = "CS Absence"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Absent user",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        ondelete="cascade",
        copy=False,
        help="Fixed once the absence is recorded: a specialist announces their own absences, a CS supervisor anyone's.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    note = fields.Char(string="Reason")
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
    )

    # No depends on the date: "current" changes with today, so it is never
    # stored or cached across requests.
    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = self._cs_today()
        for absence in self:
            absence.is_current = absence.date_from <= today <= absence.date_to

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on 'Current'."))
        today = self._cs_today()
        domain = [("date_from", "<=", today), ("date_to", ">=", today)]
        if (operator == "=") != value:
            return ["|", ("date_from", ">", today), ("date_to", "<", today)]
        return domain

    @api.model
    def _cs_today(self):
        return fields.Date.context_today(self)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for absence in self:
            if absence.date_to < absence.date_from:
                raise ValidationError(
                    self.env._(
                        "The absence of %(user)s ends before it starts: set 'To' on or after %(date)s.",
                        user=absence.user_id.name,
                        date=absence.date_from,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # Who may create, edit and delete which absence is the record rules' job
    # (own for specialists, all for supervisors, checked after create too);
    # the person an absence is about never changes, or a backup could
    # re-point their own absence to the specialist and cover.
    def write(self, vals):
        if "user_id" in vals and not self.env.su and any(a.user_id.id != vals["user_id"] for a in self):
            raise UserError(
                self.env._(
                    "An absence stays with the person who is away. To record someone else's "
                    "absence, delete this one and create a new absence for them."
                )
            )
        return super().write(vals)

    @api.depends("user_id", "date_from", "date_to")
    def _compute_display_name(self):
        for absence in self:
            absence.display_name = self.env._(
                "%(user)s away %(start)s – %(end)s",
                user=absence.user_id.name or "",
                start=absence.date_from or "",
                end=absence.date_to or "",
            )
