from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..common.cs_guard import cs_guard_fields

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("visit", "Visit"),
    ("chat", "Chat"),
    ("other", "Other"),
]
CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"
# state and audit fields: set by the complaint's own actions only; a complaint
# recorded after the fact may state when it was first answered, at intake
GUARDED_FIELDS = ("name", "date_first_response", "date_closed", "response_escalated_on", "is_closed")
GUARDED_AT_CREATE = ("name", "date_closed", "response_escalated_on", "is_closed")


class CsComplaint(models.Model):
    """A customer complaint worked as a closed loop (C7).

    Intake (with the customer's expected solution and a promised response
    deadline in working days) → investigation by the responsible departments
    (root cause) → action plan (``cs.complaint.action``) → customer feedback
    (satisfaction) → closing summary and prevention.

    Confidentiality follows ``cs.customer.mixin``; sensitive complaints
    (discounts, channel conflicts …) are narrower still, see
    ``security/complaints/cs_complaint_security.xml``.
    """

    _name = "cs.complaint"
    _description = "Customer Complaint"
    _inherit = ["cs.customer.mixin", "cs.satisfaction.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True
    _cs_checked_links = ("sale_order_id", "picking_id", "lot_id")

    # ------------------------------------------------------------------
    # Intake (D1–D2)
    # ------------------------------------------------------------------
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        help="The customer, or the customer's contact who complained.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", help="How the complaint reached us.")
    category_id = fields.Many2one(
        "cs.complaint.category",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        tracking=True,
        help="Discounts, channel conflicts and other sensitive issues: only "
        "CS supervisors and the customer's own CS specialist (or the backup "
        "while covering) can see the complaint, and the supervisors are "
        "told at intake. Only a CS supervisor can clear the flag.",
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0", tracking=True)
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales order",
        check_company=True,
        domain="[('partner_id', 'child_of', cs_customer_id)]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('partner_id', 'child_of', cs_customer_id)]",
    )
    product_id = fields.Many2one("product.product", check_company=True, index=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    description = fields.Html(string="Problem description")
    expected_solution = fields.Text(string="Customer's expected solution")
    date_received = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now, tracking=True)
    response_deadline = fields.Datetime(
        string="Promised response by",
        compute="_compute_response_deadline",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="The category's response time in working days, counted after the "
        "day the complaint was received, on the company's working calendar. "
        "Once made, the promise is kept even if the calendar changes later; "
        "only a CS supervisor can move it.",
    )
    date_first_response = fields.Datetime(
        string="First response on",
        copy=False,
        readonly=True,
        tracking=True,
        help="Set by 'Responded', or when the first message is sent to the customer from the chatter.",
    )
    response_state = fields.Selection(
        [
            ("pending", "Awaiting response"),
            ("late", "Response overdue"),
            ("on_time", "Answered on time"),
            ("answered_late", "Answered late"),
        ],
        string="Response",
        compute="_compute_response_state",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    # ------------------------------------------------------------------
    # Investigation and plan (D3–D6)
    # ------------------------------------------------------------------
    stage_id = fields.Many2one(
        "cs.complaint.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        help="Drives the complaint to its close.",
    )
    department_ids = fields.Many2many(
        "cs.complaint.department",
        string="Responsible departments",
        help="Departments that investigate and act: quality, production, logistics, sales …",
    )
    cause_id = fields.Many2one(
        "cs.complaint.cause",
        string="Cause (catalogue)",
        tracking=True,
        ondelete="restrict",
    )
    root_cause = fields.Text(string="Root cause analysis", help="Why it happened (D4): 5 whys, fishbone …")
    action_ids = fields.One2many("cs.complaint.action", "complaint_id", string="Actions", copy=False)
    action_open_count = fields.Integer(string="Open actions", compute="_compute_action_counts")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Open, and either the promised response is late or an action is past its deadline.",
    )

    # ------------------------------------------------------------------
    # Feedback and closing (D7–D8)
    # ------------------------------------------------------------------
    resolution = fields.Html(help="What was done or offered to the customer.")
    customer_feedback = fields.Text(string="Customer's feedback", copy=False)
    closing_summary = fields.Text(copy=False)
    prevention_note = fields.Text(
        string="Prevention",
        help="What changes so that it does not happen again (D7): process, control plan, training, supplier …",
    )
    close_override_reason = fields.Text(
        string="Close override reason",
        copy=False,
        tracking=True,
        groups="sales_cs_desk.group_cs_supervisor",
        help="A CS supervisor may close a complaint without root cause or "
        "customer feedback when a reason is given here; the reason is "
        "recorded in the chatter and cannot be changed once the complaint is closed.",
    )
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)
    response_escalated_on = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the daily job escalated the late first response; it escalates each complaint once.",
    )
    color = fields.Integer()

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference must be unique."),
    ]

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------
    @api.model
    def _default_stage_id(self):
        return self.env["cs.complaint.stage"].search([("is_closed", "=", False)], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # every stage is a kanban column, even empty ones
        return stages.search([], order=stages._order)

    # The promise is frozen: no dependency on the category's response time
    # or on the calendar, whose later edits must not move promises made.
    @api.depends("date_received", "category_id")
    def _compute_response_deadline(self):
        for complaint in self:
            complaint.response_deadline = complaint._cs_plan_response_deadline()

    def _cs_plan_response_deadline(self):
        self.ensure_one()
        if not (self.date_received and self.category_id):
            return False
        company = self.company_id if self.company_id.resource_calendar_id else self.env.company
        if not company.resource_calendar_id:
            return False
        return company._cs_working_day(self.date_received, self.category_id.response_days)[1]

    @api.depends("date_first_response", "response_deadline")
    def _compute_response_state(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadline, answered = complaint.response_deadline, complaint.date_first_response
            if answered:
                late = deadline and answered > deadline
                complaint.response_state = "answered_late" if late else "on_time"
            else:
                late = deadline and deadline < now
                complaint.response_state = "late" if late else "pending"

    @api.depends("action_ids.date_done")
    def _compute_action_counts(self):
        for complaint in self:
            complaint.action_open_count = len(complaint.action_ids.filtered(lambda a: not a.date_done))

    # Not stored: "overdue" moves with the clock, no trigger can follow it.
    @api.depends("date_first_response", "response_deadline", "is_closed")
    def _compute_is_overdue(self):
        overdue = self.filtered_domain(self._cs_overdue_domain())
        for complaint in self:
            complaint.is_overdue = complaint in overdue

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Overdue'."))
        domain = self._cs_overdue_domain()
        if (operator == "=") != value:
            # "!" negates one term: the whole overdue domain, normalized into one
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _cs_overdue_domain(self):
        return [
            ("is_closed", "=", False),
            "|",
            "&",
            ("date_first_response", "=", False),
            ("response_deadline", "<", fields.Datetime.now()),
            ("action_ids", "any", self.env["cs.complaint.action"]._cs_overdue_domain()),
        ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_received", "date_first_response")
    def _check_dates(self):
        for complaint in self:
            first = complaint.date_first_response
            if first and first < complaint.date_received:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: the first response (%(first)s) cannot be "
                        "before the complaint was received (%(received)s).",
                        complaint=complaint.name,
                        first=first,
                        received=complaint.date_received,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cs_guard(self, vals_list, operation):
        """State and audit fields change through the complaint's actions only.

        Context defaults count as values (they would set the field as well).
        Moving a promise made to a customer and clearing the sensitive flag
        are for CS supervisors.
        """
        if self.env.su:
            return
        if operation == "create":
            # the reference placeholder is the field's own default
            vals_list = [
                {key: value for key, value in vals.items() if not (key == "name" and value == "/")}
                for vals in vals_list
            ]
        if operation != "write":
            cs_guard_fields(self, vals_list, GUARDED_AT_CREATE, operation=operation)
            return
        cs_guard_fields(self, vals_list, GUARDED_FIELDS, operation=operation)
        vals = vals_list[0]
        is_supervisor = self.env.user.has_group(CS_SUPERVISOR)
        if "response_deadline" in vals:
            cs_guard_fields(self, vals_list, ("response_deadline",), groups=(CS_SUPERVISOR,), operation=operation)
        if "is_sensitive" in vals and not vals["is_sensitive"] and not is_supervisor and self.filtered("is_sensitive"):
            raise AccessError(
                self.env._(
                    "Only a CS supervisor can clear the 'Sensitive' flag of a complaint: "
                    "ask your supervisor if the complaint may be opened to the colleagues working on it."
                )
            )
        if "close_override_reason" in vals and self.filtered("is_closed"):
            raise UserError(
                self.env._(
                    "The close override reason is part of the record of how the complaint was "
                    "closed and cannot be changed afterwards. Add a note in the chatter instead."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_guard(vals_list, "create")
        self._cs_check_links(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self._cs_next_reference(vals)
        complaints = super().create(vals_list)
        closing = complaints.filtered("is_closed")
        if closing:
            closing._cs_mark_closed(closing._cs_ensure_can_close())
        complaints.filtered("is_sensitive")._cs_notify_sensitive()
        return complaints

    def write(self, vals):
        self._cs_guard([vals], "write")
        self._cs_check_links(vals)
        if "response_deadline" in vals and "response_escalated_on" not in vals:
            # a new promise is escalated anew when it is missed (a supervisor moved it)
            vals = {**vals, "response_escalated_on": False}
        closing = reopening = self.browse()
        if "stage_id" in vals:
            stage = self.env["cs.complaint.stage"].browse(vals["stage_id"])
            closing = self.filtered(lambda c: not c.is_closed) if stage.is_closed else closing
            reopening = self.filtered("is_closed") if not stage.is_closed else reopening
        newly_sensitive = self.filtered(lambda c: not c.is_sensitive) if vals.get("is_sensitive") else self.browse()
        promises = {}
        if {"category_id", "date_received"} & vals.keys() and "response_deadline" not in vals:
            promises = {complaint: complaint.response_deadline for complaint in self}
        # checked before writing, against the values being written: the form
        # saves the root cause, the score and the new stage in one call
        overridden = closing._cs_ensure_can_close(vals)
        res = super().write(vals)
        if promises:
            self._cs_keep_promises(promises)
        if closing:
            closing._cs_mark_closed(overridden)
        if reopening:
            reopening.sudo().write({"date_closed": False})
        newly_sensitive._cs_notify_sensitive()
        return res

    def _cs_keep_promises(self, promises):
        """A promise made to the customer stays when the complaint is re-classified.

        Changing the category or the received date recomputes the deadline;
        only a CS supervisor may move a promise made, and a moved promise is
        escalated anew when missed. ``promises``: deadlines before the write.
        """
        moved = self.filtered(lambda c: promises.get(c) and c.response_deadline != promises[c])
        if not moved:
            return
        if self.env.su or self.env.user.has_group(CS_SUPERVISOR):
            moved.sudo().write({"response_escalated_on": False})
            return
        for complaint in moved:
            # past this model's ``write``: restoring the promise is not a new promise
            super(CsComplaint, complaint.sudo()).write(  # pylint: disable=super-method-mismatch
                {"response_deadline": promises[complaint]}
            )

    def _cs_next_reference(self, vals):
        company_id = vals.get("company_id") or self.env.company.id
        return self.env["ir.sequence"].with_company(company_id).next_by_code("cs.complaint") or "/"

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = f"{complaint.name} {complaint.subject}" if complaint.subject else complaint.name

    # ------------------------------------------------------------------
    # Actions (buttons)
    # ------------------------------------------------------------------
    def action_register_response(self):
        """Record that the customer got a first response now."""
        self.check_access("write")
        self.filtered(lambda c: not c.date_first_response).sudo().write({"date_first_response": fields.Datetime.now()})
        return True

    def action_close(self):
        """Move to the closing stage; the closing checks run on the way."""
        stage = self._cs_closing_stage()
        self.filtered(lambda c: not c.is_closed).write({"stage_id": stage.id})
        return True

    def action_print_8d(self):
        return self.env.ref("sales_cs_desk.cs_complaint_8d_report_action").report_action(self)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    @api.model
    def _cs_closing_stage(self):
        stage = self.env["cs.complaint.stage"].search([("is_closed", "=", True)], limit=1)
        if not stage:
            raise UserError(
                self.env._(
                    "No complaint stage is marked as closing. Ask your CS manager "
                    "to flag one in Configuration > Complaint Stages."
                )
            )
        return stage

    def _cs_mark_closed(self, overridden):
        """Trace overrides, stamp the closing date and call the closing hook."""
        for complaint, missing in overridden.items():
            complaint.message_post(
                body=self.env._(
                    "Closed by %(user)s without %(missing)s. Override reason: %(reason)s",
                    user=self.env.user.name,
                    missing=missing,
                    reason=complaint.sudo().close_override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        # the closing checks ran in ``write``/``create`` as the user
        self.sudo().write({"date_closed": fields.Datetime.now()})
        self._cs_on_complaint_closed()

    def _cs_missing_for_close(self, vals=None):
        """Human-readable list of what is missing to close this complaint.

        ``vals``: values about to be written, which take precedence.
        """
        self.ensure_one()
        vals = vals or {}

        def value(name):
            return vals[name] if name in vals else self[name]

        missing = []
        if not (value("cause_id") or (value("root_cause") or "").strip()):
            missing.append(self.env._("a root cause (catalogue cause or analysis)"))
        if not value("satisfaction"):
            missing.append(self.env._("the customer's feedback (satisfaction 1–5)"))
        return missing

    def _cs_ensure_can_close(self, vals=None):
        """Refuse to close without root cause and customer feedback.

        A CS supervisor may override by filling in a reason. ``vals``: values
        about to be written. Returns ``{complaint: missing items}`` for the
        complaints closed by override.
        """
        is_supervisor = self.env.user.has_group("sales_cs_desk.group_cs_supervisor")
        overridden = {}
        for complaint in self:
            missing = complaint._cs_missing_for_close(vals)
            if not missing:
                continue
            reason = (vals or {}).get("close_override_reason", complaint.sudo().close_override_reason)
            reason = (reason or "").strip()
            if reason and is_supervisor:
                overridden[complaint] = ", ".join(missing)
                continue
            raise UserError(
                self.env._(
                    "%(complaint)s cannot be closed yet. Fill in %(missing)s. "
                    "If the loop cannot be completed, a CS supervisor can close "
                    "it with an override reason.",
                    complaint=complaint.display_name,
                    missing=self.env._(" and ").join(missing),
                )
            )
        return overridden

    def _cs_on_complaint_closed(self):
        """Hook called once when complaints are closed (after the checks).

        Does nothing here. The revisit feature (C6) overrides it to schedule
        the after-complaint revisit; other add-ons may extend it too — call
        ``super()``.
        """
        return True

    # ------------------------------------------------------------------
    # Sensitive complaints
    # ------------------------------------------------------------------
    def _cs_escalation_user(self, company):
        """Default escalation target: the company's duty CS supervisor."""
        return company._cs_duty_supervisor()

    def _cs_notify_sensitive(self):
        """Tell the company's CS supervisors about a sensitive complaint."""
        for complaint in self:
            supervisors = complaint.company_id._cs_supervisors() - self.env.user
            if not supervisors:
                continue
            complaint.message_post(
                body=self.env._(
                    "Sensitive complaint from %(customer)s: %(subject)s. "
                    "Only CS supervisors and the customer's specialist see it.",
                    customer=complaint.cs_customer_id.display_name,
                    subject=complaint.subject,
                ),
                partner_ids=supervisors.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Chatter: a message to the customer is the first response
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if (
            not self.date_first_response
            and message.message_type in ("comment", "email_outgoing")
            and message.subtype_id
            and not message.subtype_id.internal
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            answered = max(message.date or fields.Datetime.now(), self.date_received)
            self.sudo().date_first_response = answered
        return res

    # ------------------------------------------------------------------
    # Escalation (daily job)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_escalate(self, batch_size=500):
        """Daily job: escalate late first responses and overdue actions.

        Each situation is escalated once (a marker on the complaint or the
        action), so running the job twice creates nothing new. Works in
        batches and reports progress to the cron framework, which commits
        and calls again while work remains.
        """
        complaints = self.sudo().search(self._cs_late_response_domain(), limit=batch_size)
        complaints._cs_escalate_late_response()
        actions = (
            self.env["cs.complaint.action"]
            .sudo()
            .search(self.env["cs.complaint.action"]._cs_to_escalate_domain(), limit=batch_size)
        )
        actions._cs_escalate_overdue()
        remaining = self.sudo().search_count(self._cs_late_response_domain()) + self.env[
            "cs.complaint.action"
        ].sudo().search_count(self.env["cs.complaint.action"]._cs_to_escalate_domain())
        self.env["ir.cron"]._notify_progress(done=len(complaints) + len(actions), remaining=remaining)
        return len(complaints) + len(actions)

    @api.model
    def _cs_late_response_domain(self):
        return [
            ("is_closed", "=", False),
            ("date_first_response", "=", False),
            ("response_deadline", "<", fields.Datetime.now()),
            ("response_escalated_on", "=", False),
            ("company_id.cs_complaints_enabled", "=", True),
        ]

    def _cs_escalate_late_response(self):
        """One activity per late complaint for its escalation supervisor."""
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_complaint_late")
        today = fields.Date.context_today(self)
        fallback_by_company = {}
        situations = []
        for complaint in self:
            company = complaint.company_id
            if company not in fallback_by_company:
                fallback_by_company[company] = self._cs_escalation_user(company)
            user = complaint.category_id.escalation_user_id or fallback_by_company[company]
            summary = self.env._(
                "%(complaint)s: no response to %(customer)s since %(deadline)s",
                complaint=complaint.name,
                customer=complaint.cs_customer_id.display_name,
                deadline=fields.Datetime.to_string(complaint.response_deadline),
            )
            situations.append((complaint, user, today, summary))
        self.env["mail.activity"]._cs_raise(activity_type, situations)
        self.sudo().write({"response_escalated_on": fields.Datetime.now()})
