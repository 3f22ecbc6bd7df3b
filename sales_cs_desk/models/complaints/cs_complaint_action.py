from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..common.cs_guard import cs_guard_fields

ACTION_KINDS = [
    ("containment", "Containment"),
    ("corrective", "Corrective"),
    ("preventive", "Preventive"),
]
# set by the action's own buttons and the daily job only
GUARDED_FIELDS = ("date_done", "escalated_on")


class CsComplaintAction(models.Model):
    """One line of a complaint's action plan (8D: D3, D5–D6, D7).

    Every action has an owner and a deadline: an action nobody owns or that
    has no date is not a plan. The daily job reminds owners of overdue ones.
    """

    _name = "cs.complaint.action"
    _description = "Complaint Action"
    _order = "complaint_id, sequence, date_deadline, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "cs.complaint",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        ACTION_KINDS,
        required=True,
        default="corrective",
        help="Containment stops the damage now (D3); corrective removes the "
        "root cause (D5–D6); preventive keeps it from coming back (D7).",
    )
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        domain=[("share", "=", False)],
        index=True,
    )
    date_deadline = fields.Date(string="Deadline")
    date_done = fields.Date(string="Done on", copy=False, readonly=True)
    note = fields.Text(string="Result")
    state = fields.Selection(
        [("open", "Open"), ("late", "Late"), ("done", "Done")],
        compute="_compute_state",
    )
    escalated_on = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the daily job reminded the owner that the action is overdue; it does so once per action.",
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True, precompute=True)
    cs_customer_id = fields.Many2one(related="complaint_id.cs_customer_id")

    # Not stored: lateness moves with the calendar.
    @api.depends("date_done", "date_deadline")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for action in self:
            if action.date_done:
                action.state = "done"
            elif action.date_deadline and action.date_deadline < today:
                action.state = "late"
            else:
                action.state = "open"

    # ``kind`` always has a value, so the check runs on every create even
    # when owner and deadline are left out of the values.
    @api.constrains("kind", "user_id", "date_deadline")
    def _check_owner_deadline(self):
        for action in self:
            missing = []
            if not action.user_id:
                missing.append(self.env._("an owner"))
            if not action.date_deadline:
                missing.append(self.env._("a deadline"))
            if missing:
                raise ValidationError(
                    self.env._(
                        "Action '%(action)s' on %(complaint)s needs %(missing)s: "
                        "every action of the plan must say who does it and by when.",
                        action=action.name,
                        complaint=action.complaint_id.name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    @api.model
    def _cs_overdue_domain(self):
        return [
            ("date_done", "=", False),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cs_to_escalate_domain(self):
        return [
            *self._cs_overdue_domain(),
            ("complaint_id.is_closed", "=", False),
            ("escalated_on", "=", False),
            ("complaint_id.company_id.cs_complaints_enabled", "=", True),
        ]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # The record rules open a complaint to the owners of its actions, so an
    # action is added only by someone who may already work the complaint:
    # checked on the complaint before the action exists, as Odoo checks the
    # action's own create rule only once it does (and it would then pass).
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            cs_guard_fields(self, vals_list, GUARDED_FIELDS, operation="create")
            default = self.env.context.get("default_complaint_id")
            complaint_ids = {vals.get("complaint_id") or default for vals in vals_list}
            self.env["cs.complaint"].browse(cid for cid in complaint_ids if cid).check_access("write")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, GUARDED_FIELDS)
        if "complaint_id" in vals and not self.env.su and any(a.complaint_id.id != vals["complaint_id"] for a in self):
            raise UserError(
                self.env._(
                    "An action belongs to the complaint it was planned for. "
                    "Add a new action on the other complaint instead."
                )
            )
        if "date_deadline" in vals and "escalated_on" not in vals:
            # a new deadline is escalated anew when it is missed
            vals = {**vals, "escalated_on": False}
        return super().write(vals)

    def action_done(self):
        """Mark the actions done today."""
        self.check_access("write")
        self.filtered(lambda a: not a.date_done).sudo().write({"date_done": fields.Date.context_today(self)})
        return True

    def _cs_escalate_overdue(self):
        """One activity per complaint and owner with overdue actions.

        The activity sits on the complaint (where the chatter and the plan
        are); an owner who already has one open there gets no second one.
        """
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_action_late")
        today = fields.Date.context_today(self)
        grouped = {}
        for action in self:
            grouped.setdefault((action.complaint_id, action.user_id), self.browse())
            grouped[(action.complaint_id, action.user_id)] |= action
        situations = []
        for (complaint, user), actions in grouped.items():
            lines = Markup().join(
                Markup("<li>%s (%s)</li>") % (a.name, fields.Date.to_string(a.date_deadline)) for a in actions
            )
            summary = self.env._(
                "%(complaint)s: %(count)s action(s) past their deadline",
                complaint=complaint.name,
                count=len(actions),
            )
            situations.append((complaint, user, today, summary, Markup("<ul>%s</ul>") % lines))
        self.env["mail.activity"]._cs_raise(activity_type, situations)
        self.sudo().write({"escalated_on": fields.Datetime.now()})
