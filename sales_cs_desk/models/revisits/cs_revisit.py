from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..common.cs_guard import cs_guard_fields

REVISIT_METHODS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "On-site visit"),
]
REVISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("missed", "Missed"),
    ("cancelled", "Cancelled"),
]
CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"
# state, outcome date and the planning rule: set by the revisit's buttons and the daily job
GUARDED_FIELDS = ("state", "date_done", "rule_id", "reason_from_rule", "reason_origin")
# a planned revisit this many days past due is marked missed by the daily job
MISSED_AFTER_DAYS = 30
# the context that creates revisits in batch: no chatter line, no e-mail per activity
BATCH_CONTEXT = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
    "mail_activity_quick_update": True,
    "no_mail_to_attendees": True,
    "dont_notify": True,
}


class CsRevisit(models.Model):
    """A revisit (回访) of a customer by its CS specialist (C6).

    Planned by a rule (``cs.revisit.rule``) or by hand, backed by a
    ``mail.activity`` for its assignee so it shows in Odoo's activity menu;
    an on-site visit also gets a ``calendar.event``. Done with an outcome:
    satisfaction 1–5, feedback, needs and follow-up.
    """

    _name = "cs.revisit"
    _description = "Customer Revisit"
    _inherit = ["cs.customer.mixin", "cs.satisfaction.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"
    _check_company_auto = True
    _cs_checked_links = ("complaint_id", "sale_order_id")

    # ------------------------------------------------------------------
    # Plan
    # ------------------------------------------------------------------
    partner_id = fields.Many2one(
        help="The customer, or the customer's contact to call, write to or visit.",
    )
    rule_id = fields.Many2one(
        "cs.revisit.rule", index=True, ondelete="set null", check_company=True, readonly=True, copy=False
    )
    reason = fields.Char(required=True, tracking=True)
    # a reason planned from a rule is the rule's name (translated) and what triggered it: shown in the
    # reader's language, until someone rewrites it
    reason_from_rule = fields.Boolean(readonly=True, copy=False)
    reason_origin = fields.Char(
        string="Triggered by", readonly=True, copy=False, help="The order or complaint whose closing planned it."
    )
    reason_text = fields.Char(
        string="Reason (shown)", compute="_compute_reason_text", help="The reason in the reader's language."
    )
    method = fields.Selection(REVISIT_METHODS, required=True, default="phone", tracking=True)
    date_due = fields.Date(string="Due on", required=True, index=True, tracking=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="The customer's CS specialist, or the backup while covering.",
    )
    state = fields.Selection(
        REVISIT_STATES, required=True, default="planned", index=True, tracking=True, copy=False, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    complaint_id = fields.Many2one("cs.complaint", string="After complaint", index="btree_not_null", copy=False)
    sale_order_id = fields.Many2one(
        "sale.order", string="After order", index="btree_not_null", check_company=True, copy=False
    )
    calendar_event_id = fields.Many2one("calendar.event", string="Visit", compute="_compute_calendar_event_id")
    is_late = fields.Boolean(string="Overdue", compute="_compute_is_late")
    color = fields.Integer()

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------
    date_done = fields.Date(string="Done on", readonly=True, copy=False)
    feedback = fields.Text(string="Customer feedback", copy=False)
    needs = fields.Text(
        string="Customer needs", copy=False, help="New needs, projects or requests the customer mentioned."
    )
    follow_up = fields.Text(copy=False, help="What we do next: a complaint, a quotation, another revisit …")
    is_on_time = fields.Boolean(
        string="Done on time", compute="_compute_is_on_time", store=True, help="Done on or before the due date."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_user_id(self):
        for revisit in self:
            customer = revisit.partner_id.commercial_partner_id
            if customer and (
                not revisit.user_id or revisit.user_id not in customer.cs_user_id | customer.cs_backup_user_id
            ):
                revisit.user_id = customer.cs_covering_user_id or customer.cs_user_id or revisit.user_id

    def _compute_calendar_event_id(self):
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], order="id desc")
        )
        by_revisit = {e.res_id: e.id for e in reversed(events)}
        for revisit in self:
            revisit.calendar_event_id = by_revisit.get(revisit.id, False)

    # Not stored: "overdue" moves with the clock.
    @api.depends("state", "date_due")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for revisit in self:
            revisit.is_late = revisit.state == "planned" and revisit.date_due < today

    @api.depends("state", "date_done", "date_due")
    def _compute_is_on_time(self):
        for revisit in self:
            revisit.is_on_time = revisit.state == "done" and revisit.date_done and revisit.date_done <= revisit.date_due

    @api.depends("reason", "reason_from_rule", "reason_origin", "rule_id.name")
    @api.depends_context("lang")
    def _compute_reason_text(self):
        for revisit in self:
            if revisit.reason_from_rule and revisit.rule_id:
                revisit.reason_text = revisit.rule_id.sudo()._cs_reason(revisit.reason_origin)
            else:
                revisit.reason_text = revisit.reason

    @api.depends("cs_customer_id", "reason_text")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for revisit in self:
            revisit.display_name = " – ".join(filter(None, [revisit.cs_customer_id.display_name, revisit.reason_text]))

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("state", "satisfaction", "feedback")
    def _check_outcome(self):
        for revisit in self.filtered(lambda r: r.state == "done"):
            missing = revisit._cs_missing_outcome()
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(revisit)s cannot be marked done without its outcome. Fill in %(missing)s.",
                        revisit=revisit.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    def _cs_missing_outcome(self):
        self.ensure_one()
        missing = []
        if not self.satisfaction:
            missing.append(self.env._("the customer's satisfaction (1–5)"))
        if not (self.feedback or "").strip():
            missing.append(self.env._("the customer's feedback"))
        return missing

    def init(self):
        # one open revisit per rule and customer (C6): the daily job relies on it
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS cs_revisit_rule_customer_open_uniq
                ON cs_revisit (rule_id, cs_customer_id)
             WHERE state = 'planned' AND rule_id IS NOT NULL
            """
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cs_guard(self, vals_list, operation):
        """State, done date and rule change through the buttons and the daily job only.

        A new revisit is planned (its default state); context defaults count
        as values.
        """
        if self.env.su:
            return
        if operation == "create":
            vals_list = [
                {
                    key: value
                    for key, value in vals.items()
                    if not (key == "state" and value == "planned") and not (key == "rule_id" and not value)
                }
                for vals in vals_list
            ]
        cs_guard_fields(self, vals_list, GUARDED_FIELDS, operation=operation)

    def _cs_check_assignee(self):
        """The record rules open a revisit to its assignee: only the customer's
        specialist or backup may be it, unless a CS supervisor assigns it."""
        if self.env.su or self.env.user.has_group(CS_SUPERVISOR):
            return
        for revisit in self.sudo():
            customer = revisit.cs_customer_id
            if revisit.user_id and revisit.user_id not in customer.cs_user_id | customer.cs_backup_user_id:
                raise AccessError(
                    self.env._(
                        "%(user)s is neither the CS specialist nor the backup of %(customer)s: a revisit "
                        "goes to one of them. Ask a CS supervisor to assign it to someone else.",
                        user=revisit.user_id.name,
                        customer=customer.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_guard(vals_list, "create")
        self._cs_check_links(vals_list)
        revisits = super().create(vals_list)
        revisits._cs_check_assignee()
        revisits.filtered(lambda r: r.state == "planned")._cs_schedule()
        return revisits

    def write(self, vals):
        self._cs_guard([vals], "write")
        self._cs_check_links(vals)
        if vals.get("state") == "done":
            vals = {"date_done": fields.Date.context_today(self), **vals}
        elif "state" in vals:
            vals = {**vals, "date_done": False}
        was_planned = self.filtered(lambda r: r.state == "planned")
        res = super().write(vals)
        if "reason" in vals:
            # rewritten by a person: their words from now on, as they wrote them
            self.filtered("reason_from_rule").sudo().write({"reason_from_rule": False})
        if {"user_id", "partner_id"} & vals.keys():
            self._cs_check_assignee()
        if "state" in vals:
            if vals["state"] == "done":
                was_planned._cs_close_activities(done=True)
            elif vals["state"] != "planned":
                was_planned._cs_close_activities(done=False)
            else:
                (self - was_planned)._cs_schedule()
        elif {"user_id", "date_due", "reason", "method"} & set(vals):
            was_planned._cs_sync_activities()
        return res

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_done(self):
        """Record the revisit as done; its outcome must be filled in."""
        for revisit in self:
            if revisit.state != "planned":
                raise UserError(self.env._("%(revisit)s is not planned any more.", revisit=revisit.display_name))
            missing = revisit._cs_missing_outcome()
            if missing:
                raise UserError(
                    self.env._(
                        "%(revisit)s cannot be marked done without its outcome. Fill in %(missing)s.",
                        revisit=revisit.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )
        self._cs_set_state("done")
        return True

    def action_missed(self):
        self.filtered(lambda r: r.state == "planned")._cs_set_state("missed")
        return True

    def action_cancel(self):
        self.filtered(lambda r: r.state == "planned")._cs_set_state("cancelled")
        return True

    def action_reset(self):
        """Plan again a missed or cancelled revisit."""
        to_plan = self.filtered(lambda r: r.state in ("missed", "cancelled"))
        to_plan._cs_ensure_rule_not_planned()
        to_plan._cs_set_state("planned")
        return True

    def _cs_set_state(self, state):
        """The buttons' write: the user must be allowed to write the revisits."""
        self.check_access("write")
        self.sudo().write({"state": state})

    def _cs_ensure_rule_not_planned(self):
        """One open revisit per rule and customer (the daily job relies on it)."""
        with_rule = self.filtered("rule_id")
        if not with_rule:
            return
        open_revisits = self.sudo().search(
            [
                ("state", "=", "planned"),
                ("rule_id", "in", with_rule.rule_id.ids),
                ("cs_customer_id", "in", with_rule.cs_customer_id.ids),
                ("id", "not in", with_rule.ids),
            ]
        )
        planned = {(r.rule_id, r.cs_customer_id): r for r in open_revisits}
        seen = set()
        for revisit in with_rule:
            key = (revisit.rule_id, revisit.cs_customer_id)
            if key in planned or key in seen:
                raise UserError(
                    self.env._(
                        "%(revisit)s cannot be planned again: the rule %(rule)s has already planned the "
                        "next revisit of %(customer)s (due %(due)s). Work that revisit instead, or use "
                        "'Plan next revisit' for an extra one.",
                        revisit=revisit.display_name,
                        rule=revisit.rule_id.display_name,
                        customer=revisit.cs_customer_id.display_name,
                        due=planned[key].date_due if key in planned else revisit.date_due,
                    )
                )
            seen.add(key)

    def action_followup_complaint(self):
        """Open a new complaint of the customer, prefilled from the revisit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New complaint"),
            "res_model": "cs.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_channel": "visit" if self.method == "visit" else self.method,
                "default_subject": self.env._("Raised at revisit: %(reason)s", reason=self.reason),
                "default_cs_revisit_id": self.id,
            },
        }

    def action_followup_quotation(self):
        """Open a new quotation for the customer, prefilled from the revisit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New quotation"),
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.cs_customer_id.id,
                "default_origin": self.display_name,
                "default_note": self.needs or False,
            },
        }

    def action_followup_next(self):
        """Plan the next revisit of the customer and open it."""
        self.ensure_one()
        if self.state == "planned":
            raise UserError(
                self.env._(
                    "%(revisit)s is still planned. Mark it done (or missed) before planning the next one.",
                    revisit=self.display_name,
                )
            )
        interval = self.rule_id.interval_days if self.rule_id.trigger == "periodic" else 30
        if self.rule_id.trigger == "yearly_visit":
            interval = 365
        # the next revisit keeps the rule: set in superuser mode once the user
        # showed they may work this revisit and create revisits
        self.check_access("write")
        self.check_access("create")
        revisit = self.sudo().create(self._cs_prepare_next_vals(interval)).with_env(self.env)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": revisit.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _cs_prepare_next_vals(self, interval):
        self.ensure_one()
        today = fields.Date.context_today(self)
        rule = self.rule_id
        # all of the customer's revisits, not only those the user sees: the
        # index allows one open revisit per rule and customer
        if rule and self.sudo().search_count(
            [("rule_id", "=", rule.id), ("cs_customer_id", "=", self.cs_customer_id.id), ("state", "=", "planned")]
        ):
            # the rule already has the customer's next revisit: this one is extra
            rule = self.env["cs.revisit.rule"]
        return {
            "partner_id": self.partner_id.id,
            "rule_id": rule.id,
            "method": self.method,
            "reason": self.env._("Follow-up: %(follow_up)s", follow_up=self.follow_up or self.reason),
            "date_due": max(today, (self.date_done or today)) + relativedelta(days=interval),
            "company_id": self.company_id.id,
        }

    # ------------------------------------------------------------------
    # Activities and calendar
    # ------------------------------------------------------------------
    @api.model
    def _cs_create_planned(self, vals_list):
        """Create planned revisits in batch (daily job, event triggers)."""
        if not vals_list:
            return self.browse()
        return self.sudo().with_context(**BATCH_CONTEXT).create(vals_list).with_env(self.env)

    def _cs_activity_type(self):
        return self.env.ref("sales_cs_desk.mail_activity_type_cs_revisit")

    def _cs_schedule(self):
        """Give each planned revisit its activity, and visits their calendar event."""
        if not self:
            return
        activity_type = self._cs_activity_type()
        model_id = self.env["ir.model"]._get_id(self._name)
        Activity = self.env["mail.activity"].sudo().with_context(**BATCH_CONTEXT)
        revisits = self.filtered("user_id")
        activities = Activity.create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": revisit.id,
                    "user_id": revisit.user_id.id,
                    "date_deadline": revisit.date_due,
                    # in the assignee's language: a job plans in English
                    "summary": revisit.with_context(lang=revisit.user_id.lang or "en_US")._cs_activity_summary(),
                    "automated": True,
                }
                for revisit in revisits
            ]
        )
        visits = [(r, a) for r, a in zip(revisits, activities, strict=True) if r.method == "visit"]
        if visits:
            self.env["calendar.event"].sudo().with_context(**BATCH_CONTEXT).create(
                [revisit._cs_event_vals(activity, model_id) for revisit, activity in visits]
            )

    def _cs_activity_summary(self):
        self.ensure_one()
        method = dict(self._fields["method"]._description_selection(self.env))[self.method]
        return self.env._("%(method)s revisit: %(reason)s", method=method, reason=self.reason_text)

    def _cs_event_vals(self, activity, model_id):
        self.ensure_one()
        start = datetime.combine(self.date_due, time(8, 0))
        return {
            "name": self.env._("Visit %(customer)s", customer=self.cs_customer_id.display_name),
            "allday": True,
            "start": start,
            "stop": start.replace(hour=18),
            "user_id": self.user_id.id,
            "partner_ids": [Command.set(self.user_id.partner_id.ids)],
            "res_model_id": model_id,
            "res_id": self.id,
            "activity_ids": [Command.link(activity.id)],
            "description": self.reason,
            "location": self.cs_customer_id.contact_address_inline or False,
        }

    def _cs_revisit_activities(self):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self._cs_activity_type().id),
                ]
            )
        )

    def _cs_close_activities(self, done):
        """Done: mark the activity done with the feedback. Otherwise drop it."""
        activities = self._cs_revisit_activities()
        if done:
            by_id = {r.id: r for r in self}
            for activity in activities:
                revisit = by_id[activity.res_id]
                activity.with_context(mail_activity_quick_update=True).action_feedback(
                    feedback=self.env._(
                        "Satisfaction %(score)s/5. %(feedback)s",
                        score=revisit.satisfaction,
                        feedback=revisit.feedback or "",
                    )
                )
        else:
            events = (
                self.env["calendar.event"].sudo().search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
            )
            activities.unlink()
            events.unlink()

    def _cs_sync_activities(self):
        by_revisit = {a.res_id: a for a in self._cs_revisit_activities()}
        for revisit in self:
            activity = by_revisit.get(revisit.id)
            if not activity:
                continue
            activity.with_context(mail_activity_quick_update=True).write(
                {
                    "user_id": revisit.user_id.id,
                    "date_deadline": revisit.date_due,
                    "summary": revisit._cs_activity_summary(),
                }
            )
            if activity.calendar_event_id:
                activity.calendar_event_id.with_context(**BATCH_CONTEXT).write(
                    {
                        "user_id": revisit.user_id.id,
                        "start": datetime.combine(revisit.date_due, time(8, 0)),
                        "stop": datetime.combine(revisit.date_due, time(18, 0)),
                    }
                )

    # ------------------------------------------------------------------
    # Daily job
    # ------------------------------------------------------------------
    @api.model
    def _cs_mark_missed(self, today, limit):
        """Mark missed the planned revisits forgotten for ``MISSED_AFTER_DAYS``."""
        late = self.search(
            [
                ("state", "=", "planned"),
                ("date_due", "<", today - relativedelta(days=MISSED_AFTER_DAYS)),
                ("company_id.cs_revisits_enabled", "=", True),
            ],
            limit=limit,
            order="id",
        )
        late.with_context(**BATCH_CONTEXT).write({"state": "missed"})
        return late
