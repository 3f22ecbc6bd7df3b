"""Complaints as a closed loop (C7): intake, SLA, closing, confidentiality,
escalation, statistics and the 8D report."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestComplaint(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Desk hours (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for period, start, end in (("morning", 8, 12), ("afternoon", 13, 17))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.quality = cls.env["cs.complaint.category"].create(
            {"name": "Quality (test)", "response_days": 1, "escalation_user_id": cls.supervisor.id}
        )
        cls.market = cls.env["cs.complaint.category"].create(
            {"name": "Market (test)", "response_days": 2, "escalation_user_id": cls.supervisor.id}
        )
        cls.stranger = new_test_user(
            cls.env, "cs_test_stranger", groups="sales_cs_desk.group_cs_specialist", name="Stranger"
        )
        cls.stage_closed = cls.env.ref("sales_cs_desk.cs_complaint_stage_closed")
        cls.stage_new = cls.env.ref("sales_cs_desk.cs_complaint_stage_new")
        cls.product = cls.env["product.product"].create({"name": "Brake disc BD-220"})

    def _complaint(self, user=None, **vals):
        values = {
            "subject": "Cracked brake discs",
            "partner_id": self.customer.id,
            "category_id": self.quality.id,
            **vals,
        }
        return self.env["cs.complaint"].with_user(user or self.specialist).create(values)

    # ------------------------------------------------------------------
    # Intake and promised response (working days)
    # ------------------------------------------------------------------
    def test_intake_reference_and_customer(self):
        contact = self.env["res.partner"].create({"name": "Ms Wang", "parent_id": self.customer.id})
        complaint = self._complaint(partner_id=contact.id)
        self.assertTrue(complaint.name.startswith("CMP/"), complaint.name)
        self.assertEqual(complaint.cs_customer_id, self.customer, "the commercial customer owns the complaint")
        self.assertEqual(complaint.stage_id, self.stage_new)

    def test_deadline_skips_weekend(self):
        with freeze_time("2026-03-06 10:00:00"):  # a Friday
            complaint = self._complaint()
            self.assertEqual(complaint.date_received, datetime(2026, 3, 6, 10, 0))
        self.assertEqual(
            complaint.response_deadline,
            datetime(2026, 3, 9, 17, 0),
            "one working day after a Friday is the end of Monday",
        )
        # re-classifying keeps the promise made to the customer (issue 9) …
        complaint.category_id = self.market
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 9, 17, 0))
        # … unless a CS supervisor re-classifies
        complaint.with_user(self.supervisor).category_id = self.quality
        complaint.with_user(self.supervisor).category_id = self.market
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 10, 17, 0))

    def test_deadline_skips_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 59),
            }
        )
        complaint = self._complaint(date_received=datetime(2026, 3, 6, 10, 0))
        self.assertEqual(complaint.response_deadline, datetime(2026, 3, 10, 17, 0))

    def test_deadline_promise_is_kept(self):
        complaint = self._complaint(date_received=datetime(2026, 3, 6, 10, 0))
        self.quality.response_days = 5
        self.assertEqual(
            complaint.response_deadline,
            datetime(2026, 3, 9, 17, 0),
            "changing the category's response time does not move promises already made",
        )

    def test_first_response_from_chatter(self):
        complaint = self._complaint()
        complaint.message_post(body="Internal note", subtype_xmlid="mail.mt_note", message_type="comment")
        self.assertFalse(complaint.date_first_response, "an internal note is not a response")
        complaint.message_post(body="We are on it", subtype_xmlid="mail.mt_comment", message_type="comment")
        self.assertTrue(complaint.date_first_response)
        self.assertEqual(complaint.response_state, "on_time")

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_satisfaction_outside_scale_refused(self):
        complaint = self._complaint()
        for value in (6, -1):
            with self.assertRaisesRegex(ValidationError, "1.*5"):
                complaint.satisfaction = value
        complaint.satisfaction = 5
        self.assertEqual(complaint.satisfaction, 5)

    def test_action_needs_owner_and_deadline(self):
        complaint = self._complaint()
        Action = self.env["cs.complaint.action"].with_user(self.specialist)
        with self.assertRaisesRegex(ValidationError, "owner"):
            Action.create({"complaint_id": complaint.id, "name": "Sort stock", "date_deadline": date(2026, 3, 9)})
        with self.assertRaisesRegex(ValidationError, "deadline"):
            Action.create({"complaint_id": complaint.id, "name": "Sort stock", "user_id": self.specialist.id})
        action = Action.create(
            {
                "complaint_id": complaint.id,
                "name": "Sort stock",
                "user_id": self.specialist.id,
                "date_deadline": date(2026, 3, 9),
            }
        )
        with self.assertRaisesRegex(ValidationError, "owner"):
            action.user_id = False

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def test_close_requires_root_cause_and_feedback(self):
        complaint = self._complaint().with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "root cause"):
            complaint.action_close()
        complaint.root_cause = "Quench temperature drifted on line 2."
        with self.assertRaisesRegex(UserError, "satisfaction"):
            complaint.stage_id = self.stage_closed  # dragging to Closed in the kanban
        self.assertFalse(complaint.is_closed)
        complaint.satisfaction = 4
        complaint.action_close()
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)
        # reopening clears the closing date
        complaint.stage_id = self.stage_new
        self.assertFalse(complaint.date_closed)

    def test_close_supervisor_override(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.specialist).close_override_reason = "Customer unreachable"
        complaint.with_user(self.supervisor).close_override_reason = "Customer unreachable after three calls"
        with self.assertRaisesRegex(UserError, "supervisor"):
            complaint.with_user(self.specialist).action_close()
        complaint.with_user(self.supervisor).action_close()
        self.assertTrue(complaint.is_closed)
        trace = complaint.message_ids.filtered(lambda m: "Customer unreachable after three calls" in (m.body or ""))
        self.assertTrue(trace, "the override reason is recorded in the chatter")

    # ------------------------------------------------------------------
    # Confidentiality and sensitive complaints
    # ------------------------------------------------------------------
    def _visible_to(self, user, complaint):
        return bool(self.env["cs.complaint"].with_user(user).search([("id", "=", complaint.id)]))

    def test_sensitive_visibility(self):
        complaint = self._complaint(is_sensitive=True, user_id=self.stranger.id)
        self.assertTrue(self._visible_to(self.specialist, complaint), "the customer's specialist sees it")
        self.assertTrue(self._visible_to(self.supervisor, complaint))
        self.assertFalse(self._visible_to(self.stranger, complaint), "being responsible is not enough")
        self.assertFalse(self._visible_to(self.backup, complaint), "the backup does not see it while not covering")
        with self.assertRaises(AccessError):
            complaint.with_user(self.stranger).read(["subject"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman).read(["subject"])
        # a normal complaint is open to the colleague it is assigned to
        normal = self._complaint(user_id=self.stranger.id)
        self.assertTrue(self._visible_to(self.stranger, normal))

    def test_sensitive_notifies_supervisors(self):
        complaint = self._complaint(is_sensitive=True)
        notified = complaint.message_ids.partner_ids
        self.assertIn(self.supervisor.partner_id, notified)
        self.assertNotIn(self.stranger.partner_id, notified)
        # flagging later notifies too
        later = self._complaint()
        self.assertNotIn(self.supervisor.partner_id, later.message_ids.partner_ids)
        later.is_sensitive = True
        self.assertIn(self.supervisor.partner_id, later.message_ids.partner_ids)

    def test_normal_complaint_confidentiality_and_cover(self):
        complaint = self._complaint()
        self.assertFalse(self._visible_to(self.stranger, complaint), "another specialist sees nothing")
        self.assertFalse(self._visible_to(self.backup, complaint), "the backup sees nothing while the specialist works")
        today = fields.Date.today()
        self._absent(self.specialist, today - timedelta(days=1), today + timedelta(days=1))
        self.assertTrue(self._visible_to(self.backup, complaint), "the backup covers while the specialist is away")
        self.assertFalse(self._visible_to(self.stranger, complaint))
        # the covering backup can register a complaint, even a sensitive one
        covered = self._complaint(user=self.backup, is_sensitive=True)
        self.assertTrue(self._visible_to(self.backup, covered))

    def test_actions_follow_their_complaint(self):
        complaint = self._complaint(
            action_ids=[
                Command.create({"name": "Sort stock", "user_id": self.specialist.id, "date_deadline": date(2026, 3, 9)})
            ]
        )
        Action = self.env["cs.complaint.action"]
        self.assertEqual(
            Action.with_user(self.specialist).search([("complaint_id", "=", complaint.id)]).name, "Sort stock"
        )
        self.assertFalse(Action.with_user(self.stranger).search([("complaint_id", "=", complaint.id)]))

    def test_config_access(self):
        self.assertTrue(self.env["cs.complaint.category"].with_user(self.specialist).search([]))
        with self.assertRaises(AccessError):
            self.env["cs.complaint.category"].with_user(self.supervisor).create({"name": "Other"})
        with self.assertRaises(AccessError):
            self.env["cs.complaint.stage"].with_user(self.specialist).create({"name": "Waiting"})

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "CS Desk B"})
        complaint_b = self.env["cs.complaint"].create(
            {
                "subject": "Other company's complaint",
                "partner_id": self.customer.id,
                "category_id": self.quality.id,
                "company_id": company_b.id,
            }
        )
        self.assertTrue(complaint_b.response_deadline, "company B has a calendar of its own")
        self.assertFalse(self._visible_to(self.supervisor, complaint_b), "a supervisor of company A does not see B")
        self.assertFalse(self._visible_to(self.specialist, complaint_b))
        self.supervisor.company_ids |= company_b
        found = (
            self.env["cs.complaint"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[self.company.id, company_b.id])
            .search([("id", "=", complaint_b.id)])
        )
        self.assertEqual(found, complaint_b)
        order_b = self.env["sale.order"].create({"partner_id": self.customer.id, "company_id": company_b.id})
        with self.assertRaises(UserError):
            self._complaint(sale_order_id=order_b.id)

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def test_no_escalation_while_complaints_are_switched_off(self):
        late = self._complaint(date_received=fields.Datetime.now() - timedelta(days=10))
        self.company.cs_complaints_enabled = False
        self.env["cs.complaint"]._cron_cs_escalate()
        self.assertFalse(late.response_escalated_on, "complaints off: the job escalates nothing")
        self.company.cs_complaints_enabled = True
        self.env["cs.complaint"]._cron_cs_escalate()
        self.assertTrue(late.response_escalated_on)

    def test_escalation_once_per_situation(self):
        late_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_complaint_late")
        action_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_action_late")
        now = fields.Datetime.now()
        late = self._complaint(
            date_received=now - timedelta(days=10),
            action_ids=[
                Command.create(
                    {"name": "Sort stock", "user_id": self.backup.id, "date_deadline": date.today() - timedelta(days=2)}
                ),
                Command.create(
                    {
                        "name": "Replace discs",
                        "user_id": self.backup.id,
                        "date_deadline": date.today() - timedelta(days=1),
                    }
                ),
            ],
        )
        answered = self._complaint(date_received=now - timedelta(days=10), date_first_response=now - timedelta(days=9))
        on_time = self._complaint()
        Complaint = self.env["cs.complaint"]
        Complaint._cron_cs_escalate()
        Complaint._cron_cs_escalate()

        def activities(record, activity_type):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "cs.complaint"),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        escalated = activities(late, late_type)
        self.assertEqual(len(escalated), 1, "one activity, however often the job runs")
        self.assertEqual(escalated.user_id, self.supervisor)
        reminders = activities(late, action_type)
        self.assertEqual(len(reminders), 1, "one reminder per owner and complaint")
        self.assertEqual(reminders.user_id, self.backup)
        self.assertFalse(activities(answered, late_type), "an answered complaint is not escalated")
        self.assertFalse(activities(on_time, late_type))
        self.assertIn(late, Complaint.search([("is_overdue", "=", True)]))
        self.assertNotIn(on_time, Complaint.search([("is_overdue", "=", True)]))

    def test_escalation_default_supervisor_and_new_promise(self):
        late_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_complaint_late")
        category = self.env["cs.complaint.category"].create({"name": "No escalation user", "response_days": 1})
        complaint = self._complaint(category_id=category.id, date_received=fields.Datetime.now() - timedelta(days=10))
        Complaint = self.env["cs.complaint"]
        Complaint._cron_cs_escalate()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cs.complaint"), ("res_id", "=", complaint.id), ("activity_type_id", "=", late_type.id)]
        )
        self.assertEqual(activity.user_id, self.supervisor, "a working supervisor, not the administrator")
        # the supervisor agrees a new date with the customer, which is missed again
        activity.action_feedback(feedback="Called the customer, new date agreed")
        complaint.with_user(self.supervisor).response_deadline = fields.Datetime.now() - timedelta(hours=1)
        Complaint._cron_cs_escalate()
        Complaint._cron_cs_escalate()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cs.complaint"), ("res_id", "=", complaint.id), ("activity_type_id", "=", late_type.id)]
        )
        self.assertEqual(len(activity), 1, "a missed new promise is escalated once more")

    # ------------------------------------------------------------------
    # Statistics and 8D report
    # ------------------------------------------------------------------
    def test_statistics(self):
        category = self.env["cs.complaint.category"].create({"name": "Stats (test)", "response_days": 1})

        def closed(received, responded, closing, score):
            complaint = self._complaint(
                category_id=category.id,
                product_id=self.product.id,
                date_received=received,
                date_first_response=responded,
                root_cause="Found",
                satisfaction=score,
            )
            with freeze_time(closing):
                complaint.action_close()
            return complaint

        # Monday 08:00, answered after 4 h (promise: Tuesday 17:00), closed after 10 days
        closed(datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 12), datetime(2026, 3, 12, 8), 4)
        # Tuesday 08:00, answered after 48 h (promise: Wednesday 17:00): late, closed after 5 days
        closed(datetime(2026, 3, 3, 8), datetime(2026, 3, 5, 8), datetime(2026, 3, 8, 8), 2)
        # never answered, long past its promise
        self._complaint(category_id=category.id, date_received=datetime(2025, 12, 1, 8))
        self.env.flush_all()
        Report = self.env["cs.complaint.report"].with_user(self.supervisor)
        [(nbr, hours, days, on_time, score)] = Report._read_group(
            [("category_id", "=", category.id)],
            [],
            ["nbr:sum", "response_hours:avg", "close_days:avg", "on_time_rate:avg", "satisfaction:avg"],
        )
        self.assertEqual(nbr, 3)
        self.assertAlmostEqual(hours, 26.0)
        self.assertAlmostEqual(days, 7.5)
        self.assertAlmostEqual(on_time, 100 / 3, places=2)
        self.assertAlmostEqual(score, 3.0)
        by_month = dict(Report._read_group([("category_id", "=", category.id)], ["date_received:month"], ["nbr:sum"]))
        self.assertEqual(sorted(by_month.values()), [1, 2])
        by_product = dict(Report._read_group([("category_id", "=", category.id)], ["product_id"], ["nbr:sum"]))
        self.assertEqual(by_product[self.product], 2)
        with self.assertRaises(AccessError):
            self.env["cs.complaint.report"].with_user(self.specialist).search([])

    def test_8d_report_html(self):
        complaint = self._complaint(
            description="<p>Hairline cracks on 14 discs</p>",
            root_cause="Quench temperature drifted",
            prevention_note="Thermocouple check added to the changeover list",
            action_ids=[
                Command.create(
                    {
                        "kind": "containment",
                        "name": "Sort all stock",
                        "user_id": self.specialist.id,
                        "date_deadline": date(2026, 3, 9),
                    }
                ),
                Command.create(
                    {
                        "kind": "corrective",
                        "name": "Recalibrate furnace",
                        "user_id": self.backup.id,
                        "date_deadline": date(2026, 3, 20),
                    }
                ),
            ],
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "sales_cs_desk.cs_complaint_8d_report", complaint.ids
        )
        html = html.decode()
        for label in ("D2", "D3", "D4", "D5", "D6", "D7"):
            self.assertIn(label, html)
        for content in (
            complaint.name,
            "Hairline cracks on 14 discs",
            "Sort all stock",
            "Quench temperature drifted",
            "Recalibrate furnace",
            "Thermocouple check added",
        ):
            self.assertIn(content, html)
        self.assertLess(html.index("Sort all stock"), html.index("Quench temperature drifted"), "D3 comes before D4")
