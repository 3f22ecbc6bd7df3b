"""Revisits (C6): rules and their triggers, idempotent daily planning, cover,
activities and calendar, outcome checks, event triggers, access, KPIs."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestRevisit(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shipped rules would plan revisits too: the tests bring their own
        cls.env["cs.revisit.rule"].search([]).action_archive()
        cls.customer.cs_tier = "key"
        cls.other_customer.cs_tier = "general"
        cls.activity_type = cls.env.ref("sales_cs_desk.mail_activity_type_cs_revisit")
        cls.Rule = cls.env["cs.revisit.rule"]
        cls.Revisit = cls.env["cs.revisit"]

    def _rule(self, **vals):
        return self.Rule.create({"name": "Key customers: quarterly call", "target": "key", **vals})

    def _revisits(self, rule=None, customer=None):
        domain = []
        if rule:
            domain.append(("rule_id", "=", rule.id))
        if customer:
            domain.append(("cs_customer_id", "=", customer.id))
        return self.Revisit.search(domain)

    def _activities(self, revisits):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "cs.revisit"),
                    ("res_id", "in", revisits.ids),
                    ("activity_type_id", "=", self.activity_type.id),
                ]
            )
        )

    def _complaint(self, **vals):
        category = self.env["cs.complaint.category"].create({"name": "Quality (revisit test)", "response_days": 1})
        return self.env["cs.complaint"].create(
            {"subject": "Cracked discs", "partner_id": self.customer.id, "category_id": category.id, **vals}
        )

    def _key_customers(self, count):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Key customer {n}",
                    "is_company": True,
                    "cs_tier": "key",
                    "cs_user_id": self.specialist.id,
                    "cs_backup_user_id": self.backup.id,
                }
                for n in range(count)
            ]
        )

    # ------------------------------------------------------------------
    # Daily planning: periodic rules, idempotent, constant queries
    # ------------------------------------------------------------------
    def test_periodic_rule_plans_key_customers_once(self):
        rule = self._rule(method="phone", trigger="periodic", interval_days=90)
        today = fields.Date.context_today(rule)
        created = rule._cs_generate(today)
        self.assertEqual(created.cs_customer_id, self.customer, "only the key customer is targeted")
        self.assertEqual(created.user_id, self.specialist, "the customer's specialist gets the revisit")
        self.assertEqual((created.state, created.method, created.date_due), ("planned", "phone", today))
        self.assertFalse(rule._cs_generate(today), "running again plans nothing new")
        self.Rule._cron_cs_generate_revisits()
        self.assertEqual(len(self._revisits(rule)), 1, "one open revisit per rule and customer")

    def test_nothing_planned_while_revisits_are_switched_off(self):
        rule = self._rule(method="phone", trigger="periodic", interval_days=90)
        self.company.cs_revisits_enabled = False
        self.Rule._cron_cs_generate_revisits()
        self.assertFalse(self._revisits(rule), "revisits off: the daily job plans nothing")
        self.company.cs_revisits_enabled = True
        self.Rule._cron_cs_generate_revisits()
        self.assertEqual(len(self._revisits(rule)), 1)

    def test_periodic_rule_waits_for_the_interval(self):
        rule = self._rule(trigger="periodic", interval_days=30)
        with freeze_time("2026-03-02"):
            revisit = rule._cs_generate(date(2026, 3, 2))
            revisit.write({"satisfaction": 5, "feedback": "All good"})
            revisit.action_done()
        self.assertFalse(rule._cs_generate(date(2026, 3, 31)), "29 days after the last revisit it is not due")
        again = rule._cs_generate(date(2026, 4, 2))
        self.assertEqual(again.cs_customer_id, self.customer, "after 30 days the next revisit is planned")

    def test_generation_queries_do_not_grow_with_customers(self):
        today = fields.Date.context_today(self.Rule)
        rule = self._rule(trigger="periodic")
        rule._cs_generate(today, limit=1)  # warm-up: caches, the specialist's records
        counts = []
        for batch in (2, 12):
            self._key_customers(batch)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            created = rule._cs_generate(today, limit=batch)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(created), batch)
        self.assertEqual(counts[0], counts[1], f"queries per batch must be constant, got {counts}")
        self._key_customers(5)
        self.env.invalidate_all()
        with self.assertQueryCount(counts[0]):
            self.assertEqual(len(rule._cs_generate(today, limit=5)), 5)

    # ------------------------------------------------------------------
    # Other triggers
    # ------------------------------------------------------------------
    def test_new_customer_is_called_within_a_week_of_assignment(self):
        rule = self._rule(target="new", lookback_days=7, trigger="new_customer", delay_days=7)
        (self.customer | self.other_customer).cs_assigned_date = date(2020, 1, 1)
        with freeze_time("2026-03-02"):
            newcomer = self.env["res.partner"].create(
                {"name": "Xinneng Energy", "is_company": True, "cs_user_id": self.specialist.id}
            )
        self.assertEqual(newcomer.cs_assigned_date, date(2026, 3, 2))
        with freeze_time("2026-03-03"):
            created = rule._cs_generate(date(2026, 3, 3))
            self.assertEqual(created.cs_customer_id, newcomer, "only the newly assigned customer is targeted")
            self.assertEqual(created.date_due, date(2026, 3, 9), "due a week after assignment")
            created.write({"satisfaction": 4, "feedback": "Welcome call done"})
            created.action_done()
            self.assertFalse(rule._cs_generate(date(2026, 3, 4)), "a new customer is welcomed once")
        with freeze_time("2026-03-20"):
            newcomer.cs_user_id = self.backup
            self.assertEqual(newcomer.cs_assigned_date, date(2026, 3, 20))
            again = rule._cs_generate(date(2026, 3, 20))
        self.assertEqual(again.user_id, self.backup, "a new specialist welcomes the customer again")

    def test_yearly_visit_gets_a_calendar_event(self):
        rule = self._rule(method="visit", trigger="yearly_visit")
        today = fields.Date.context_today(rule)
        revisit = rule._cs_generate(today)
        event = revisit.calendar_event_id
        self.assertTrue(event, "an on-site visit is in the assignee's calendar")
        self.assertEqual(event.user_id, self.specialist)
        self.assertEqual(event.start_date, today)
        activity = self._activities(revisit)
        self.assertEqual(activity.calendar_event_id, event, "the visit's activity opens its calendar event")
        self.assertFalse(rule._cs_generate(today + timedelta(days=200)), "one visit a year")
        revisit.write({"satisfaction": 5, "feedback": "Plant tour"})
        revisit.action_done()
        self.assertEqual(rule._cs_generate(today + timedelta(days=366)).method, "visit")

    def test_frequent_buyers_and_recent_complaints_presets(self):
        for partner, count in ((self.customer, 2), (self.other_customer, 1)):
            orders = self.env["sale.order"].create([{"partner_id": partner.id} for _n in range(count)])
            orders.write({"state": "sale"})
        frequent = self._rule(target="frequent", min_orders=2, lookback_days=30, trigger="periodic")
        today = fields.Date.context_today(frequent)
        self.assertEqual(frequent._cs_generate(today).cs_customer_id, self.customer, "two orders in 30 days")

        complaint = self._complaint(partner_id=self.other_customer.id, root_cause="Wrong label", satisfaction=4)
        complaint.action_close()
        recent = self._rule(target="complaint", lookback_days=30, trigger="periodic")
        self.assertEqual(recent._cs_generate(today).cs_customer_id, self.other_customer)

    def test_after_complaint_revisit_is_planned_at_close(self):
        rule = self._rule(target="all", trigger="complaint_closed", delay_days=7)
        complaint = self._complaint(root_cause="Heat treatment drift", satisfaction=3)
        self.assertFalse(complaint.cs_revisit_ids)
        complaint.with_user(self.specialist).action_close()
        revisit = complaint.cs_revisit_ids
        self.assertEqual(len(revisit), 1, "closing the complaint plans its revisit at once")
        self.assertEqual(revisit.rule_id, rule)
        self.assertEqual(revisit.user_id, self.specialist)
        self.assertEqual(revisit.date_due, fields.Date.context_today(rule) + timedelta(days=7))
        self.assertIn(complaint.name, revisit.reason)
        self.assertTrue(self._activities(revisit), "the revisit is in the specialist's activities")
        second = self._complaint(root_cause="Same again", satisfaction=2)
        second.action_close()
        self.assertFalse(second.cs_revisit_ids, "the customer already has an open after-complaint revisit")

    def test_after_close_out_revisit(self):
        rule = self._rule(target="all", trigger="order_closed", delay_days=3)
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        order._cs_on_closed()
        revisit = self._revisits(rule)
        self.assertEqual(revisit.sale_order_id, order, "order close-out plans its revisit at once")
        self.assertEqual(revisit.date_due, fields.Date.context_today(rule) + timedelta(days=3))

    # ------------------------------------------------------------------
    # Cover, activities, outcome
    # ------------------------------------------------------------------
    def test_backup_covering_gets_the_revisit(self):
        today = fields.Date.context_today(self.Rule)
        self._absent(self.specialist, today - timedelta(days=1), today + timedelta(days=5))
        revisit = self._rule(trigger="periodic")._cs_generate(today)
        self.assertEqual(revisit.user_id, self.backup, "the backup covers while the specialist is away")
        self.assertEqual(self._activities(revisit).user_id, self.backup)
        self.assertTrue(revisit.with_user(self.backup).read(["reason"]), "the backup can open it")

    def test_activity_follows_the_revisit(self):
        rule = self._rule(trigger="periodic")
        revisit = rule._cs_generate(fields.Date.context_today(rule))
        activity = self._activities(revisit)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.specialist, revisit.date_due))
        revisit.date_due = revisit.date_due + timedelta(days=2)
        self.assertEqual(activity.date_deadline, revisit.date_due, "a new due date moves the activity")
        revisit.with_user(self.specialist).write({"satisfaction": 4, "feedback": "Fine", "needs": "More stock"})
        revisit.with_user(self.specialist).action_done()
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.date_done, fields.Date.context_today(revisit))
        self.assertFalse(activity.active, "the activity is marked done with the revisit")
        self.assertFalse(revisit.activity_ids)

        other = self.Revisit.create({"partner_id": self.customer.id, "reason": "Extra call"})
        self.assertEqual(other.user_id, self.specialist, "by hand, the specialist is the default assignee")
        other_activity = self._activities(other)
        self.assertTrue(other_activity)
        other.action_cancel()
        self.assertFalse(other_activity.exists(), "a cancelled revisit leaves no activity")

    def test_done_without_outcome_is_refused(self):
        revisit = self.Revisit.create({"partner_id": self.customer.id, "reason": "Call"})
        with self.assertRaisesRegex(UserError, "satisfaction"):
            revisit.action_done()
        revisit.satisfaction = 4
        with self.assertRaisesRegex(UserError, "feedback"):
            revisit.action_done()
        with self.assertRaises(ValidationError):
            revisit.write({"state": "done"})
        self.assertEqual(revisit.state, "planned")

    def test_satisfaction_outside_the_scale_is_refused(self):
        revisit = self.Revisit.create({"partner_id": self.customer.id, "reason": "Call"})
        for score in (6, -1):
            with self.assertRaisesRegex(ValidationError, "outside the scale"):
                revisit.satisfaction = score
        revisit.satisfaction = 5
        self.assertEqual(revisit.satisfaction, 5)

    def test_forgotten_revisits_are_marked_missed(self):
        old = self.Revisit.create(
            {"partner_id": self.customer.id, "reason": "Old call", "date_due": date.today() - timedelta(days=45)}
        )
        recent = self.Revisit.create(
            {"partner_id": self.customer.id, "reason": "Late call", "date_due": date.today() - timedelta(days=3)}
        )
        self.assertTrue(recent.is_late)
        self.Rule._cron_cs_generate_revisits()
        self.assertEqual((old.state, recent.state), ("missed", "planned"))
        self.assertFalse(self._activities(old))

    # ------------------------------------------------------------------
    # Follow-ups, smart button, KPIs
    # ------------------------------------------------------------------
    def test_follow_ups_in_one_click(self):
        rule = self._rule(trigger="periodic", interval_days=60)
        revisit = rule._cs_generate(fields.Date.context_today(rule))
        with self.assertRaises(UserError):
            revisit.action_followup_next()
        revisit.write({"satisfaction": 3, "feedback": "Late deliveries", "follow_up": "Call logistics"})
        revisit.action_done()
        action = revisit.with_user(self.specialist).action_followup_next()
        following = self.Revisit.browse(action["res_id"])
        self.assertEqual((following.state, following.rule_id), ("planned", rule))
        self.assertEqual(following.date_due, revisit.date_done + timedelta(days=60))
        complaint_ctx = revisit.action_followup_complaint()["context"]
        complaint = self._complaint(**{"cs_revisit_id": complaint_ctx["default_cs_revisit_id"]})
        self.assertEqual(complaint.cs_revisit_id, revisit)
        quotation = revisit.action_followup_quotation()
        self.assertEqual(quotation["context"]["default_partner_id"], self.customer.id)

    def test_customer_smart_button_and_kpis(self):
        self.Revisit.create({"partner_id": self.customer.id, "reason": "Call"})
        done = self.Revisit.create({"partner_id": self.customer.id, "reason": "Call", "date_due": date.today()})
        done.write({"satisfaction": 4, "feedback": "ok"})
        done.action_done()
        self._complaint()
        customer = self.customer.with_user(self.specialist)
        self.assertEqual((customer.cs_revisit_count, customer.cs_complaint_count), (2, 1))
        action = customer.action_cs_open_revisits()
        self.assertEqual(self.Revisit.search_count(action["domain"]), 2)
        self.env.flush_all()
        report = self.env["cs.revisit.report"].with_user(self.supervisor)
        rows = report._read_group(
            [("user_id", "=", self.specialist.id)], [], ["on_time_count:sum", "done_count:sum", "satisfaction:avg"]
        )
        self.assertEqual(rows[0], (1, 1, 4.0), "done on time and average satisfaction per specialist")

    # ------------------------------------------------------------------
    # Access and multi-company
    # ------------------------------------------------------------------
    def test_access_per_role(self):
        mine = self.Revisit.create({"partner_id": self.customer.id, "reason": "Call"})
        theirs = self.Revisit.create({"partner_id": self.other_customer.id, "reason": "Call"})
        as_specialist = self.Revisit.with_user(self.specialist)
        self.assertEqual(as_specialist.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).read(["reason"])
        as_supervisor = self.Revisit.with_user(self.supervisor)
        self.assertEqual(as_supervisor.search([("id", "in", (mine | theirs).ids)]), mine | theirs)
        with self.assertRaises(AccessError):
            self.Revisit.with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            mine.with_user(self.specialist).unlink()
        # rules: supervisors plan, specialists read
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.specialist).create({"name": "Mine", "target": "key"})
        rule = self.Rule.with_user(self.supervisor).create({"name": "Supervisor plan", "target": "key"})
        rule.with_user(self.supervisor).interval_days = 45
        self.assertEqual(self.Rule.with_user(self.specialist).browse(rule.id).interval_days, 45)

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "CS Desk Company B"})
        user_b = new_test_user(
            self.env,
            "cs_test_specialist_b",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        customer_b = self.env["res.partner"].create(
            {
                "name": "Customer B",
                "is_company": True,
                "cs_tier": "key",
                "cs_user_id": user_b.id,
                "company_id": company_b.id,
            }
        )
        rule_a = self._rule(trigger="periodic")
        created = rule_a._cs_generate(fields.Date.context_today(rule_a))
        self.assertNotIn(customer_b, created.cs_customer_id, "a rule plans its own company's customers only")
        rule_b = self.Rule.with_company(company_b).create({"name": "B", "target": "key", "company_id": company_b.id})
        revisit_b = rule_b._cs_generate(fields.Date.context_today(rule_b))
        # customers shared by all companies are planned by both; customer B by B only
        revisit_b = revisit_b.filtered(lambda r: r.cs_customer_id == customer_b)
        self.assertEqual((revisit_b.cs_customer_id, revisit_b.company_id), (customer_b, company_b))
        self.assertFalse(self.Revisit.with_user(self.supervisor).search([("id", "=", revisit_b.id)]))
        self.assertFalse(self.Rule.with_user(self.supervisor).search([("id", "=", rule_b.id)]))
        mine_b = self.Revisit.with_user(user_b).search([("cs_customer_id", "=", customer_b.id)])
        self.assertEqual(mine_b, revisit_b, "company B's people see company B's revisits")
