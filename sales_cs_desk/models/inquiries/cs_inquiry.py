import ast
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.mail.tools.alias_error import AliasError
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import email_normalize

from ..common.cs_guard import cs_guard_fields

INQUIRY_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("chat", "Chat"),
    ("portal", "Portal"),
    ("other", "Other"),
]
INQUIRY_STATES = [
    ("open", "Awaiting response"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]
CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"
# the complaint's "received by" has no portal channel
COMPLAINT_CHANNEL = {"phone": "phone", "email": "email", "chat": "chat"}
# set by the inquiry's own methods: the reference, the state, what the chatter says about the first
# response, the deadline (frozen when the inquiry arrives) and the documents it was converted into
GUARDED_FIELDS = (
    "name",
    "state",
    "date_first_response",
    "first_response_user_id",
    "response_hours",
    "response_deadline",
    "quotation_id",
    "complaint_id",
    "change_id",
)


class CsInquiry(models.Model):
    """A customer inquiry (咨询, C8): a question by phone, e-mail, chat or the portal.

    Its first response is read from the chatter — the first message sent to
    the customer by an employee, or a logged call — never typed in; the
    response target comes from the company's settings per channel, in working
    time of the company calendar (``res.company._cs_inquiry_deadline``).
    E-mails to the company's inquiry alias create inquiries through Odoo's
    mail gateway. An inquiry becomes a quotation, a complaint or a change
    request, and keeps the link.

    Confidentiality follows ``cs.customer.mixin``; an inquiry from an unknown
    sender (no customer yet) is the desk's shared inbox, see
    ``security/inquiries/cs_inquiry_security.xml``.
    """

    _name = "cs.inquiry"
    _description = "Customer Inquiry"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"
    _primary_email = "email_from"
    _cs_checked_links = ("order_id",)

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    # an e-mail from an unknown sender is kept without a customer until one is chosen
    partner_id = fields.Many2one(
        required=False,
        help="The customer or its contact who asked. Empty for an e-mail from an unknown sender: "
        "choose the customer once known.",
    )
    email_from = fields.Char(string="E-mail", help="The sender's address (e-mail inquiries).")
    channel = fields.Selection(INQUIRY_CHANNELS, required=True, default="phone", tracking=True)
    description = fields.Html(string="Question")
    date_received = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Who answers: the customer's CS specialist, or the backup while covering.",
    )
    order_id = fields.Many2one(
        "sale.order",
        string="About order",
        check_company=True,
        domain="[('partner_id', 'child_of', cs_customer_id)]",
        help="The customer's order the inquiry is about (needed to turn it into a change request).",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    cs_complaints_enabled = fields.Boolean(related="company_id.cs_complaints_enabled", string="Complaints enabled")

    # ------------------------------------------------------------------
    # Response (from the chatter)
    # ------------------------------------------------------------------
    state = fields.Selection(
        INQUIRY_STATES, required=True, default="open", index=True, tracking=True, copy=False, readonly=True
    )
    response_deadline = fields.Datetime(
        string="Answer by",
        readonly=True,
        copy=False,
        index=True,
        help="The channel's response target in working time of the company calendar, set when the "
        "inquiry arrives (Settings: phone at once, e-mail within a working day, chat in real time).",
    )
    date_first_response = fields.Datetime(
        string="First response on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The first message sent to the customer from the chatter, or the first logged call.",
    )
    first_response_user_id = fields.Many2one("res.users", string="Answered by", readonly=True, copy=False, index=True)
    response_hours = fields.Float(
        string="Response time (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours of the company calendar from arrival to the first response.",
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
    is_late = fields.Boolean(
        string="Past target",
        compute="_compute_response_state",
        search="_search_is_late",
        help="Not answered, not closed, and its response target has passed.",
    )

    # ------------------------------------------------------------------
    # What it became
    # ------------------------------------------------------------------
    quotation_id = fields.Many2one("sale.order", readonly=True, copy=False, check_company=True)
    complaint_id = fields.Many2one("cs.complaint", readonly=True, copy=False, check_company=True)
    change_id = fields.Many2one(
        "cs.order.change", string="Change request", readonly=True, copy=False, check_company=True
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The reference must be unique."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_user_id(self):
        absent = self.env["res.users"]._cs_absent_today().ids
        Partner = self.env["res.partner"]
        for inquiry in self:
            customer = inquiry.partner_id.commercial_partner_id.sudo()
            answering = Partner._cs_answering_user_id(customer.cs_user_id.id, customer.cs_backup_user_id.id, absent)
            # an e-mail from an unknown sender waits unassigned in the shared inbox (the gateway runs as superuser)
            inquiry.user_id = answering or inquiry.user_id or (not self.env.su and self.env.user)

    # Not stored: "late" moves with the clock; the list's red decoration reads the stored deadline.
    @api.depends("date_first_response", "response_deadline", "state")
    def _compute_response_state(self):
        now = fields.Datetime.now()
        for inquiry in self:
            deadline, answered = inquiry.response_deadline, inquiry.date_first_response
            if answered:
                inquiry.response_state = "answered_late" if deadline and answered > deadline else "on_time"
            else:
                inquiry.response_state = "late" if deadline and deadline < now else "pending"
            inquiry.is_late = inquiry.response_state == "late" and inquiry.state != "closed"

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Past target'."))
        domain = [
            ("date_first_response", "=", False),
            ("state", "!=", "closed"),
            ("response_deadline", "<", fields.Datetime.now()),
        ]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_received")
    def _check_date_received(self):
        # a little slack for clocks: a phone inquiry is often recorded while the call goes on
        latest = fields.Datetime.now() + timedelta(minutes=5)
        for inquiry in self:
            if inquiry.date_received > latest:
                raise ValidationError(
                    self.env._(
                        "%(inquiry)s: the inquiry cannot be received in the future (%(received)s). "
                        "Enter when the customer asked.",
                        inquiry=inquiry.display_name,
                        received=inquiry.date_received,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # the reference placeholder is the field's own default
        cs_guard_fields(
            self,
            [{k: v for k, v in vals.items() if not (k == "name" and v == "/")} for vals in vals_list],
            GUARDED_FIELDS,
            operation="create",
        )
        self._cs_check_links(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company_id = vals.get("company_id") or self.env.company.id
                vals["name"] = self.env["ir.sequence"].with_company(company_id).next_by_code("cs.inquiry") or "/"
        inquiries = super().create(vals_list)
        inquiries._cs_set_deadline()
        return inquiries

    def write(self, vals):
        cs_guard_fields(self, vals, GUARDED_FIELDS)
        self._cs_check_links(vals)
        self._cs_check_target_frozen(vals)
        res = super().write(vals)
        if {"channel", "date_received", "company_id"} & vals.keys():
            # the target follows what the inquiry is; later changes of the settings move nothing
            self._cs_set_deadline()
        return res

    def _cs_check_target_frozen(self, vals):
        """Once answered, what the target was measured on (arrival, channel) is for supervisors only:
        moving it would turn a late answer into one on time."""
        if self.env.su or not {"date_received", "channel", "company_id"} & vals.keys():
            return
        answered = self.filtered("date_first_response")
        if answered and not self.env.user.has_group(CS_SUPERVISOR):
            raise UserError(
                self.env._(
                    "%(inquiry)s was answered already: its arrival, channel and company were measured "
                    "against the target. Ask a CS supervisor if they were recorded wrongly.",
                    inquiry=answered[0].display_name,
                )
            )

    def _cs_set_deadline(self):
        for inquiry in self:
            deadline = inquiry.company_id._cs_inquiry_deadline(inquiry.channel, inquiry.date_received)
            inquiry.sudo().write({"response_deadline": deadline})

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for inquiry in self:
            inquiry.display_name = f"{inquiry.name} {inquiry.subject}" if inquiry.subject else inquiry.name

    # ------------------------------------------------------------------
    # Mail gateway: e-mails to the company's alias
    # ------------------------------------------------------------------
    def _alias_get_error(self, message, message_dict, alias):
        """Refuse (bounce) e-mails to the inquiry alias while the company has inquiries switched off.

        The sender is told the address takes no inquiries now, instead of the
        e-mail becoming a record that no menu shows. The alias stays valid, so
        switching inquiries back on needs nothing else.
        """
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self:
            return error
        company_id = dict(ast.literal_eval(alias.alias_defaults or "{}")).get("company_id")
        company = self.env["res.company"].browse(company_id).exists() if company_id else self.env.company
        if not company.cs_inquiry_enabled:
            return AliasError(
                "cs_inquiry_disabled",
                self.env._("%(company)s does not take inquiries by e-mail at the moment", company=company.name),
            )
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to the inquiry alias: a new e-mail inquiry of the alias's company.

        The sender is matched to a contact by its normalised address (a
        customer's contact first); an unknown sender is kept in ``email_from``
        and the inquiry waits in the shared inbox for a customer to be chosen.
        """
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        email_from = msg_dict.get("email_from") or ""
        partner = self._cs_match_sender(email_from, company)
        values.update(
            {
                "subject": (msg_dict.get("subject") or "").strip() or self.env._("(no subject)"),
                "channel": "email",
                "email_from": email_from,
                "partner_id": partner.id,
                "company_id": company.id,
            }
        )
        if msg_dict.get("date"):
            values["date_received"] = min(fields.Datetime.to_datetime(msg_dict["date"]), fields.Datetime.now())
        # the placeholder: the sequence gives the reference, not the e-mail's subject
        values["name"] = "/"
        inquiry = super(CsInquiry, self.with_context(mail_create_nolog=True)).message_new(msg_dict, values)
        if partner:
            inquiry._message_subscribe(partner_ids=partner.ids)
        return inquiry

    @api.model
    def _cs_match_sender(self, email_from, company):
        """The contact who sent ``email_from``: a customer's contact of ``company`` first, else none."""
        normalized = email_normalize(email_from)
        if not normalized:
            return self.env["res.partner"]
        candidates = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("email_normalized", "=", normalized), ("company_id", "in", [False, company.id])],
                order="id",
            )
        )
        customers = candidates.filtered(lambda p: p.commercial_partner_id.customer_rank > 0)
        return (customers or candidates)[:1].sudo(False)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(recipients, partner=self.partner_id, reason=self.env._("Customer"))
        elif self.email_from:
            self._message_add_suggested_recipient(recipients, email=self.email_from, reason=self.env._("Sender"))
        return recipients

    # ------------------------------------------------------------------
    # Chatter: the first response
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if not self.date_first_response:
            self._cs_update_first_response()
        return res

    @api.model
    def _cs_response_message_domain(self):
        """Messages that answer the customer: sent to followers by an employee (from the chatter, or
        a reply from their mailbox through the gateway), or a logged call."""
        return [
            ("model", "=", self._name),
            ("author_id.user_ids.share", "=", False),
            "|",
            "&",
            ("message_type", "in", ("comment", "email", "email_outgoing")),
            ("subtype_id.internal", "=", False),
            ("mail_activity_type_id.category", "=", "phonecall"),
        ]

    def _cs_update_first_response(self):
        """Read the first response of unanswered inquiries from their chatter (the one rule)."""
        pending = self.filtered(lambda i: not i.date_first_response)
        if not pending:
            return
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("res_id", "in", pending.ids), *self._cs_response_message_domain()],
                order="date, id",
            )
        )
        first = {}
        for message in messages:
            first.setdefault(message.res_id, message)
        for inquiry in pending:
            message = first.get(inquiry.id)
            if not message:
                continue
            answered = max(message.date, inquiry.date_received)
            user = message.author_id.user_ids.filtered(lambda u: not u.share)[:1]
            inquiry.sudo().write(
                {
                    "date_first_response": answered,
                    "first_response_user_id": user.id,
                    "response_hours": inquiry.company_id._cs_working_hours_between(inquiry.date_received, answered),
                    "state": "answered" if inquiry.state == "open" else inquiry.state,
                }
            )

    # ------------------------------------------------------------------
    # Actions (buttons)
    # ------------------------------------------------------------------
    def action_cs_log_call(self):
        """The customer was answered on the phone: a done call activity in the chatter."""
        self.check_access("write")
        call_type = self.env.ref("mail.mail_activity_data_call")
        for inquiry in self:
            activity = inquiry.activity_schedule(
                activity_type_id=call_type.id,
                summary=self.env._("Call with the customer"),
                user_id=self.env.uid,
            )
            activity.action_feedback(feedback=self.env._("Answered by phone."))
        return True

    def action_close(self):
        self.check_access("write")
        self.filtered(lambda i: i.state != "closed").sudo().write({"state": "closed"})
        return True

    def action_reopen(self):
        self.check_access("write")
        for inquiry in self.filtered(lambda i: i.state == "closed"):
            inquiry.sudo().write({"state": "answered" if inquiry.date_first_response else "open"})
        return True

    def action_cs_create_quotation(self):
        """A quotation for the customer, linked to the inquiry."""
        self.ensure_one()
        self._cs_ensure_can_convert("quotation_id", self.env._("a quotation"))
        order = self.env["sale.order"].create(self._prepare_cs_quotation_vals())
        self.sudo().write({"quotation_id": order.id})
        self._cs_post_converted(order)
        return self._cs_open(order)

    def action_cs_create_complaint(self):
        """A complaint with the inquiry's customer and question, linked to the inquiry."""
        self.ensure_one()
        self._cs_ensure_can_convert("complaint_id", self.env._("a complaint"))
        if not self.company_id.cs_complaints_enabled:
            raise UserError(
                self.env._(
                    "Complaints are switched off for %(company)s: ask your administrator to switch them on in "
                    "Settings › CS Desk, or answer the customer from the inquiry.",
                    company=self.company_id.name,
                )
            )
        complaint = self.env["cs.complaint"].create(self._prepare_cs_complaint_vals())
        self.sudo().write({"complaint_id": complaint.id})
        self._cs_post_converted(complaint)
        return self._cs_open(complaint)

    def action_cs_create_change(self):
        """A draft change request of the order the inquiry is about, linked to the inquiry."""
        self.ensure_one()
        self._cs_ensure_can_convert("change_id", self.env._("a change request"))
        if not self.order_id:
            raise UserError(
                self.env._(
                    "%(inquiry)s: choose the order the inquiry is about (field 'About order') before "
                    "turning it into a change request.",
                    inquiry=self.display_name,
                )
            )
        change = self.env["cs.order.change"].create(self._prepare_cs_change_vals())
        self.sudo().write({"change_id": change.id})
        self._cs_post_converted(change)
        return self._cs_open(change)

    def action_cs_open_quotation(self):
        self.ensure_one()
        return self._cs_open(self.quotation_id)

    def action_cs_open_complaint(self):
        self.ensure_one()
        return self._cs_open(self.complaint_id)

    def action_cs_open_change(self):
        self.ensure_one()
        return self._cs_open(self.change_id)

    # ------------------------------------------------------------------
    # Conversion hooks
    # ------------------------------------------------------------------
    def _cs_ensure_can_convert(self, link, what):
        self.check_access("write")
        if self[link]:
            raise UserError(
                self.env._(
                    "%(inquiry)s was already turned into %(what)s (%(record)s): open it from the inquiry.",
                    inquiry=self.display_name,
                    what=what,
                    record=self[link].display_name,
                )
            )
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "%(inquiry)s has no customer yet: choose the customer who asked, then convert it.",
                    inquiry=self.display_name,
                )
            )

    def _prepare_cs_quotation_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "user_id": self.partner_id.commercial_partner_id.user_id.id or self.env.uid,
        }

    def _prepare_cs_complaint_vals(self):
        self.ensure_one()
        category = self.env["cs.complaint.category"].search([], limit=1)
        if not category:
            raise UserError(
                self.env._("No complaint category exists: ask your CS manager to create one in Configuration.")
            )
        return {
            "subject": self.subject,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "category_id": category.id,
            "channel": COMPLAINT_CHANNEL.get(self.channel, "other"),
            "date_received": self.date_received,
            "description": self.description,
            "sale_order_id": self.order_id.id,
        }

    def _prepare_cs_change_vals(self):
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "kind": "other",
            "reason": self.env._("Customer inquiry %(inquiry)s: %(subject)s", inquiry=self.name, subject=self.subject),
        }

    def _cs_post_converted(self, record):
        self.message_post(
            body=self.env._("Turned into %(record)s.", record=record.display_name),
            subtype_xmlid="mail.mt_note",
        )

    def _cs_open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }
