"""Inquiries (C8): targets in working time, first response from the chatter, the
unanswered list, the e-mail alias, conversion, access and companies."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase

MAIL = """Return-Path: <{sender}>
To: {to}
From: {sender_name} <{sender}>
Subject: {subject}
Date: Mon, 02 Mar 2026 09:30:00 +0000
Message-ID: <{msg_id}@customer.example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hello, {body}
"""


@tagged("post_install", "-at_install")
class TestInquiry(CsDeskCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a known calendar: Monday–Friday 08:00–12:00 and 13:00–17:00 UTC
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "CS inquiry calendar",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {"name": f"{day} {start}", "dayofweek": str(day), "hour_from": start, "hour_to": end}
                    )
                    for day in range(5)
                    for start, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.company.write({"resource_calendar_id": cls.calendar.id, "cs_inquiry_enabled": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "email": "li.wei@huitong.example.com"}
        )
        cls.Inquiry = cls.env["cs.inquiry"].with_context(mail_create_nolog=True)

    def _inquiry(self, user=None, **values):
        vals = {"subject": "Lead time for part 7731", "partner_id": self.contact.id, "channel": "email"}
        vals.update(values)
        return self.Inquiry.with_user(user or self.specialist).create(vals)

    # ------------------------------------------------------------------
    # Targets in working time
    # ------------------------------------------------------------------
    def test_targets_per_channel_in_working_time(self):
        monday = datetime(2026, 3, 2, 10, 0)
        friday_late = datetime(2026, 3, 6, 16, 55)
        cases = [
            ("phone", monday, datetime(2026, 3, 2, 10, 15)),
            ("chat", monday, datetime(2026, 3, 2, 10, 5)),
            ("email", monday, datetime(2026, 3, 3, 17, 0)),  # within one working day: end of Tuesday
            ("portal", monday, datetime(2026, 3, 3, 17, 0)),
            ("phone", friday_late, datetime(2026, 3, 9, 8, 10)),  # 5 minutes on Friday, 10 on Monday
            ("email", friday_late, datetime(2026, 3, 9, 17, 0)),  # the weekend does not count
        ]
        for channel, received, expected in cases:
            with self.subTest(channel=channel, received=received):
                inquiry = self._inquiry(channel=channel, date_received=received)
                self.assertEqual(inquiry.response_deadline, expected)

    def test_targets_follow_the_company_settings(self):
        self.company.write({"cs_inquiry_phone_minutes": 60, "cs_inquiry_email_days": 2})
        phone = self._inquiry(channel="phone", date_received=datetime(2026, 3, 2, 11, 30))
        self.assertEqual(phone.response_deadline, datetime(2026, 3, 2, 13, 30), "the lunch break is not working time")
        email = self._inquiry(channel="email", date_received=datetime(2026, 3, 2, 11, 30))
        self.assertEqual(email.response_deadline, datetime(2026, 3, 4, 17, 0))
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.company.cs_inquiry_chat_minutes = -1

    # ------------------------------------------------------------------
    # First response: read from the chatter
    # ------------------------------------------------------------------
    def test_first_message_to_the_customer_is_the_first_response(self):
        with freeze_time("2026-03-02 11:30:00"):
            inquiry = self._inquiry(date_received=datetime(2026, 3, 2, 10, 0))
            mine = inquiry.with_user(self.specialist)
            mine.message_post(body="Checking with production.", subtype_xmlid="mail.mt_note")
            inquiry.message_post(body="Any news?", author_id=self.contact.id, message_type="email")
            self.assertFalse(inquiry.date_first_response, "a note or the customer's own message is no answer")
            self.assertEqual(inquiry.response_state, "pending")
            mine.message_post(
                body="2,000 pcs ship in 3 weeks.", subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self.assertEqual(inquiry.date_first_response, datetime(2026, 3, 2, 11, 30))
        self.assertEqual(inquiry.first_response_user_id, self.specialist)
        self.assertEqual(inquiry.state, "answered")
        self.assertEqual(inquiry.response_state, "on_time")
        self.assertAlmostEqual(inquiry.response_hours, 1.5, places=2)
        with freeze_time("2026-03-02 15:00:00"):
            inquiry.with_user(self.supervisor).message_post(
                body="Also…", subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        self.assertEqual(inquiry.first_response_user_id, self.specialist, "the first response stays the first")

    def test_logged_call_is_the_first_response(self):
        with freeze_time("2026-03-02 10:05:00"):
            inquiry = self._inquiry(channel="phone", date_received=datetime(2026, 3, 2, 10, 0))
            inquiry.with_user(self.specialist).action_cs_log_call()
        self.assertEqual(inquiry.date_first_response, datetime(2026, 3, 2, 10, 5))
        self.assertEqual(inquiry.first_response_user_id, self.specialist)
        self.assertEqual(inquiry.response_state, "on_time")

    def test_late_answer_is_late(self):
        with freeze_time("2026-03-04 09:00:00"):
            inquiry = self._inquiry(date_received=datetime(2026, 3, 2, 10, 0))
            self.assertTrue(inquiry.is_late)
            inquiry.with_user(self.specialist).message_post(
                body="Sorry for the delay", subtype_xmlid="mail.mt_comment", message_type="comment"
            )
            self.assertEqual(inquiry.response_state, "answered_late")

    def test_first_response_cannot_be_typed_in(self):
        inquiry = self._inquiry()
        for values in (
            {"date_first_response": "2026-03-02 10:00:00"},
            {"first_response_user_id": self.backup.id},
            {"state": "answered"},
            {"response_deadline": "2030-01-01 00:00:00"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                inquiry.with_user(self.supervisor).write(values)
        with self.assertRaises(AccessError):
            self.Inquiry.with_user(self.specialist).with_context(
                default_date_first_response="2026-03-02 10:00:00"
            ).create({"subject": "Backdated", "partner_id": self.contact.id})
        self.assertFalse(inquiry.date_first_response)

    def test_answered_target_cannot_be_moved(self):
        with freeze_time("2026-03-04 09:00:00"):
            inquiry = self._inquiry(date_received=datetime(2026, 3, 2, 10, 0))
            inquiry.with_user(self.specialist).action_cs_log_call()
            self.assertEqual(inquiry.response_state, "answered_late")
            for values in ({"date_received": "2026-03-04 08:00:00"}, {"channel": "portal"}):
                with self.subTest(values=values), self.assertRaises(UserError):
                    inquiry.with_user(self.specialist).write(values)
            self.assertEqual(inquiry.response_state, "answered_late")
            with self.assertRaises(UserError):
                self._inquiry(date_received=datetime(2026, 3, 5, 9, 0))
            inquiry.with_user(self.supervisor).write({"date_received": "2026-03-04 08:00:00"})
            self.assertEqual(inquiry.response_deadline, datetime(2026, 3, 5, 17, 0), "a supervisor's correction")

    # ------------------------------------------------------------------
    # The unanswered list
    # ------------------------------------------------------------------
    def test_unanswered_list_shows_past_target_first(self):
        with freeze_time("2026-03-04 09:00:00"):
            late = self._inquiry(subject="Late", date_received=datetime(2026, 3, 2, 10, 0))
            fresh = self._inquiry(subject="Fresh", date_received=datetime(2026, 3, 4, 8, 30))
            answered = self._inquiry(subject="Answered", date_received=datetime(2026, 3, 2, 10, 0))
            answered.with_user(self.specialist).action_cs_log_call()
            closed = self._inquiry(subject="Closed", date_received=datetime(2026, 3, 2, 10, 0))
            closed.with_user(self.specialist).action_close()
            mine = self.env["cs.inquiry"].with_user(self.specialist)
            ids = (late | fresh | answered | closed).ids
            self.assertEqual(mine.search([("id", "in", ids), ("is_late", "=", True)]), late)
            self.assertEqual(mine.search([("id", "in", ids), ("is_late", "=", False)]), fresh | answered | closed)
            self.assertEqual(fresh.response_state, "pending")

    # ------------------------------------------------------------------
    # E-mail alias through the mail gateway
    # ------------------------------------------------------------------
    def _alias(self, company, name):
        domain = self.env["mail.alias.domain"].create({"name": f"{name}.cs-test.example.com"})
        company.alias_domain_id = domain
        company._cs_set_inquiry_alias(name)
        return f"{name}@{domain.name}"

    def _receive(self, to, sender, subject, msg_id, sender_name="Li Wei"):
        message = MAIL.format(
            to=to, sender=sender, sender_name=sender_name, subject=subject, msg_id=msg_id, body="any news?"
        )
        with freeze_time("2026-03-02 10:00:00"):
            self.env["mail.thread"].message_process(None, message)
        return self.env["cs.inquiry"].search([("subject", "=", subject)])

    def test_mail_to_the_alias_creates_an_inquiry_of_the_customer(self):
        address = self._alias(self.company, "service")
        inquiry = self._receive(address, "li.wei@huitong.example.com", "Price of part 7731", "m1")
        self.assertEqual(len(inquiry), 1)
        self.assertEqual(inquiry.partner_id, self.contact)
        self.assertEqual(inquiry.cs_customer_id, self.customer)
        self.assertEqual(inquiry.company_id, self.company)
        self.assertEqual(inquiry.channel, "email")
        self.assertTrue(inquiry.name.startswith("INQ/"))
        self.assertEqual(inquiry.date_received, datetime(2026, 3, 2, 9, 30))
        self.assertEqual(inquiry.response_deadline, datetime(2026, 3, 3, 17, 0))
        self.assertEqual(inquiry.user_id, self.specialist, "the customer's specialist answers")
        self.assertFalse(inquiry.date_first_response, "the customer's own e-mail is no answer")
        self.assertIn(self.contact, inquiry.message_partner_ids)
        self.assertIn(inquiry, self.env["cs.inquiry"].with_user(self.specialist).search([]))

    def test_mail_from_an_unknown_sender_is_kept(self):
        address = self._alias(self.company, "service")
        inquiry = self._receive(address, "buyer@newco.example.com", "Catalogue please", "m2", "New Buyer")
        self.assertEqual(len(inquiry), 1)
        self.assertFalse(inquiry.partner_id)
        self.assertIn("buyer@newco.example.com", inquiry.email_from)
        self.assertFalse(inquiry.user_id, "waits in the shared inbox")
        # the shared inbox: every specialist of the company sees it
        self.assertTrue(inquiry.with_user(self.backup).has_access("read"))
        with self.assertRaises(UserError):
            inquiry.with_user(self.specialist).action_cs_create_quotation()

    def test_reply_from_the_specialist_mailbox_is_the_first_response(self):
        address = self._alias(self.company, "service")
        self.specialist.email = "specialist@cs-desk.example.com"
        inquiry = self._receive(address, "li.wei@huitong.example.com", "Price of part 7731", "m4")
        reply = MAIL.format(
            to=address,
            sender="specialist@cs-desk.example.com",
            sender_name="Specialist",
            subject="Re: Price of part 7731",
            msg_id="m5",
            body="3.20 per piece.",
        ).replace("Message-ID:", "In-Reply-To: <m4@customer.example.com>\nMessage-ID:")
        reply = reply.replace("Date: Mon, 02 Mar 2026 09:30:00", "Date: Mon, 02 Mar 2026 11:00:00")
        with freeze_time("2026-03-02 11:00:00"):
            self.env["mail.thread"].message_process(None, reply)
        self.assertEqual(self.env["cs.inquiry"].search_count([("subject", "like", "Price of part 7731")]), 1)
        self.assertEqual(inquiry.first_response_user_id, self.specialist)
        self.assertEqual(inquiry.date_first_response, datetime(2026, 3, 2, 11, 0))

    def test_mail_to_the_alias_is_bounced_while_inquiries_are_off(self):
        address = self._alias(self.company, "service")
        self.company.cs_inquiry_enabled = False
        with self.mock_mail_gateway():
            inquiry = self._receive(address, "li.wei@huitong.example.com", "Anyone there?", "m6")
        self.assertFalse(inquiry, "no inquiry that no menu shows")
        self.assertEqual(len(self._mails), 1, "the sender is told")
        self.assertIn("li.wei@huitong.example.com", str(self._mails[0]["email_to"]))
        self.assertIn("does not take inquiries", self._mails[0]["body"])
        self.assertNotEqual(self.company.cs_inquiry_alias_id.alias_status, "invalid", "switching back needs nothing")
        self.company.cs_inquiry_enabled = True
        self.assertEqual(len(self._receive(address, "li.wei@huitong.example.com", "Back again?", "m7")), 1)

    def test_alias_per_company(self):
        other = self.env["res.company"].create({"name": "CS Inquiry Other Co", "cs_inquiry_enabled": True})
        address = self._alias(other, "service-other")
        inquiry = self._receive(address, "li.wei@huitong.example.com", "Other company question", "m3")
        self.assertEqual(inquiry.company_id, other)
        self.assertFalse(self.env["cs.inquiry"].with_user(self.supervisor).search([("id", "=", inquiry.id)]))

    # ------------------------------------------------------------------
    # Conversion, with the link kept
    # ------------------------------------------------------------------
    def test_convert_into_quotation_complaint_and_change(self):
        product = self.env["product.product"].create({"name": "Bracket 7731", "list_price": 3.0})
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        inquiry = self._inquiry(order_id=order.id).with_user(self.specialist)
        action = inquiry.action_cs_create_quotation()
        self.assertEqual(action["res_model"], "sale.order")
        self.assertEqual(inquiry.quotation_id.partner_id, self.contact)
        self.assertEqual(inquiry.quotation_id.origin, inquiry.name)
        with self.assertRaises(UserError):
            inquiry.action_cs_create_quotation()
        inquiry.action_cs_create_complaint()
        self.assertEqual(inquiry.complaint_id.subject, inquiry.subject)
        self.assertEqual(inquiry.complaint_id.cs_customer_id, self.customer)
        self.assertEqual(inquiry.complaint_id.sale_order_id, order)
        inquiry.action_cs_create_change()
        self.assertEqual(inquiry.change_id.order_id, order)
        self.assertEqual(inquiry.change_id.state, "draft")
        self.assertFalse(inquiry.date_first_response, "a conversion is no answer to the customer")

    def test_change_request_needs_the_order(self):
        inquiry = self._inquiry().with_user(self.specialist)
        with self.assertRaises(UserError):
            inquiry.action_cs_create_change()
        self.assertFalse(inquiry.change_id)
        self.assertFalse(self.env["cs.order.change"].search([("partner_id", "=", self.contact.id)]))

    # ------------------------------------------------------------------
    # Access and companies
    # ------------------------------------------------------------------
    def test_access_follows_the_customer(self):
        inquiry = self._inquiry(user=self.supervisor)
        other_specialist = new_test_user(
            self.env, "cs_inq_other", groups="sales_cs_desk.group_cs_specialist", name="Other specialist"
        )
        self.assertTrue(inquiry.with_user(self.specialist).has_access("write"))
        self.assertFalse(inquiry.with_user(other_specialist).has_access("read"))
        with self.assertRaises(AccessError):
            inquiry.with_user(other_specialist).action_cs_log_call()
        with self.assertRaises(AccessError):
            inquiry.with_user(self.salesman).read(["subject"])
        with self.assertRaises(AccessError):
            inquiry.with_user(self.specialist).unlink()
        with self.assertRaises(AccessError):
            self.Inquiry.with_user(other_specialist).create({"subject": "Not mine", "partner_id": self.contact.id})

    def test_other_company_user_sees_nothing(self):
        inquiry = self._inquiry(user=self.supervisor)
        other = self.env["res.company"].create({"name": "CS Inquiry Co B"})
        outsider = new_test_user(
            self.env,
            "cs_inq_outsider",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["cs.inquiry"].with_user(outsider).search([("id", "=", inquiry.id)]))
        with self.assertRaises(AccessError):
            inquiry.with_user(outsider).read(["subject"])

    def test_response_time_report_per_channel_and_specialist(self):
        with freeze_time("2026-03-02 12:00:00"):
            phone = self._inquiry(channel="phone", date_received=datetime(2026, 3, 2, 11, 50))
            phone.with_user(self.specialist).action_cs_log_call()
            email = self._inquiry(channel="email", date_received=datetime(2026, 3, 2, 10, 0))
            email.with_user(self.supervisor).message_post(
                body="Answer", subtype_xmlid="mail.mt_comment", message_type="comment"
            )
            self._inquiry(channel="chat", date_received=datetime(2026, 3, 2, 11, 0))
        self.env.flush_all()
        Report = self.env["cs.inquiry.report"].with_user(self.supervisor)
        rows = {
            (row["channel"], row["user_id"][0]): row
            for row in Report.read_group(
                [("company_id", "=", self.company.id)],
                ["inquiry_count", "answered_count", "on_time_count", "response_hours"],
                ["channel", "user_id"],
                lazy=False,
            )
        }
        self.assertEqual(rows[("phone", self.specialist.id)]["on_time_count"], 1)
        self.assertAlmostEqual(rows[("email", self.supervisor.id)]["response_hours"], 2.0, places=2)
        self.assertEqual(rows[("chat", self.specialist.id)]["answered_count"], 0)
        with self.assertRaises(AccessError):
            self.env["cs.inquiry.report"].with_user(self.specialist).search([])

    # ------------------------------------------------------------------
    # The switch
    # ------------------------------------------------------------------
    def test_menus_and_complaint_conversion_follow_the_switches(self):
        def menu_ids():
            menus = self.env["ir.ui.menu"].with_user(self.supervisor).load_menus(False).values()
            return {menu["id"] for menu in menus if "id" in menu}

        root = self.env.ref("sales_cs_desk.cs_inquiry_menu_root")
        report = self.env.ref("sales_cs_desk.cs_inquiry_report_menu")
        self.assertIn(root.id, menu_ids())
        self.company.cs_inquiry_enabled = False
        self.assertFalse({root.id, report.id} & menu_ids(), "inquiries off: their menus are hidden")
        self.company.write({"cs_inquiry_enabled": True, "cs_complaints_enabled": False})
        self.assertIn(root.id, menu_ids())
        inquiry = self._inquiry().with_user(self.specialist)
        with self.assertRaises(UserError):
            inquiry.action_cs_create_complaint()
        self.assertFalse(inquiry.complaint_id)
