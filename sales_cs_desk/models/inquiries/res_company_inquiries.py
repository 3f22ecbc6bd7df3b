from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# channels whose target is counted in working minutes; the others in working days
MINUTE_CHANNELS = ("phone", "chat")


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Inquiries (C8)
    # ------------------------------------------------------------------
    cs_inquiry_enabled = fields.Boolean(
        string="Inquiries",
        help="Record customer inquiries (phone, e-mail, chat, portal) with response targets in working time.",
    )
    cs_inquiry_phone_minutes = fields.Integer(
        string="Phone: answer within (working minutes)",
        default=15,
        help="'At once': answered during the call, or called back within this many working minutes.",
    )
    cs_inquiry_chat_minutes = fields.Integer(
        string="Chat: answer within (working minutes)",
        default=5,
        help="'In real time': the first reply in the chat within this many working minutes.",
    )
    cs_inquiry_email_days = fields.Integer(
        string="E-mail: answer within (working days)",
        default=1,
        help="Counted after the day the e-mail arrived, on the company's working calendar.",
    )
    cs_inquiry_other_days = fields.Integer(
        string="Portal and other: answer within (working days)",
        default=1,
        help="Counted after the day the inquiry arrived, on the company's working calendar.",
    )
    cs_inquiry_alias_id = fields.Many2one(
        "mail.alias",
        string="Inquiry e-mail alias",
        copy=False,
        ondelete="set null",
        help="E-mails sent to this address create inquiries of this company.",
    )

    @api.constrains(
        "cs_inquiry_phone_minutes", "cs_inquiry_chat_minutes", "cs_inquiry_email_days", "cs_inquiry_other_days"
    )
    def _check_cs_inquiry_targets(self):
        for company in self:
            targets = (
                company.cs_inquiry_phone_minutes,
                company.cs_inquiry_chat_minutes,
                company.cs_inquiry_email_days,
                company.cs_inquiry_other_days,
            )
            if any(target < 0 for target in targets):
                raise ValidationError(
                    self.env._(
                        "%(company)s: an inquiry response target cannot be negative. Enter 0 for "
                        "'at once' or a number of working minutes or days.",
                        company=company.name,
                    )
                )

    def _cs_inquiry_deadline(self, channel, received):
        """When an inquiry of ``channel`` received at ``received`` (naive UTC) must be answered.

        The one rule of inquiry targets: phone and chat in working minutes of
        the company's calendar (``plan_hours``, public holidays skipped, so an
        inquiry outside working hours is due that many minutes after work
        starts again); e-mail, portal and other in working days
        (``_cs_working_day``: the end of the n-th working day after the day it
        arrived). Without a calendar, minutes and days count as on the clock.
        """
        self.ensure_one()
        calendar = self.resource_calendar_id
        if channel in MINUTE_CHANNELS:
            minutes = self.cs_inquiry_phone_minutes if channel == "phone" else self.cs_inquiry_chat_minutes
            if calendar:
                planned = calendar.plan_hours(minutes / 60.0, received, compute_leaves=True)
                if planned:
                    return planned
            return received + timedelta(minutes=minutes)
        days = self.cs_inquiry_email_days if channel == "email" else self.cs_inquiry_other_days
        return self._cs_working_day(received, days)[1]

    def _cs_working_hours_between(self, start, end):
        """Working hours of the company calendar between two naive UTC datetimes (response times)."""
        self.ensure_one()
        if not (start and end) or end <= start:
            return 0.0
        calendar = self.resource_calendar_id
        if not calendar:
            return (end - start).total_seconds() / 3600.0
        return calendar.get_work_duration_data(start, end, compute_leaves=True)["hours"]

    def _cs_set_inquiry_alias(self, alias_name):
        """Create, rename or remove the company's inquiry alias (Settings).

        The alias creates ``cs.inquiry`` records of this company through
        Odoo's mail gateway; anyone may write to it (customers, and unknown
        senders who are kept on the inquiry). Its only refusal is while the
        company has inquiries switched off (``cs.inquiry._alias_get_error``):
        the bounce then says so, instead of Odoo's "only some addresses".
        """
        self.ensure_one()
        alias = self.cs_inquiry_alias_id.sudo()
        if not alias_name:
            if alias:
                self.sudo().cs_inquiry_alias_id = False
                alias.unlink()
            return
        values = {
            "alias_name": alias_name,
            "alias_model_id": self.env["ir.model"]._get_id("cs.inquiry"),
            "alias_defaults": repr({"company_id": self.id}),
            "alias_contact": "everyone",
            "alias_domain_id": self.alias_domain_id.id,
            "alias_bounced_content": Markup("<p>%s</p>")
            % self.env._(
                "%(company)s does not take inquiries by e-mail at the moment. Please call us, or write to your "
                "contact person.",
                company=self.name,
            ),
        }
        if alias:
            alias.write(values)
        else:
            self.sudo().cs_inquiry_alias_id = self.env["mail.alias"].sudo().create(values)
