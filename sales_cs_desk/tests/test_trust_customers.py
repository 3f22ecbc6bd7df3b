"""Issue 9, customers area: the desk's promises hold over RPC.

Every public method and every field is reachable over JSON-RPC with any
values and any context: these tests call ``write``/``create``/``read`` and the
public methods the way an RPC client does (``with_user``), with the values a
curious user would send, and expect a refusal.
"""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestTrustOwnership(CsDeskCase):
    """Ownership, tier and grade override are supervisor-only; grades and
    grading figures change only through the grading job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "cs_test_employee", groups="base.group_user", name="Employee")
        cls.contact_maker = new_test_user(
            cls.env, "cs_test_contact_maker", groups="base.group_user,base.group_partner_manager", name="Contacts"
        )
        cls.sales_maker = new_test_user(
            cls.env,
            "cs_test_sales_maker",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            name="Sales with contacts",
        )
        cls.buyer = cls.env["res.partner"].create({"name": "Buyer Li", "parent_id": cls.customer.id})
        cls.portal = new_test_user(cls.env, "cs_test_portal", groups="base.group_portal", name="Portal Li")
        cls.portal.partner_id.parent_id = cls.customer

    def test_specialist_cannot_make_themself_specialist(self):
        foreign = self.other_customer.with_user(self.specialist)
        for vals in (
            {"cs_user_id": self.specialist.id},
            {"cs_backup_user_id": self.specialist.id},
            {"cs_tier": "key"},
            {"cs_grade_manual": "A"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                foreign.write(vals)
        self.assertEqual(self.other_customer.cs_user_id, self.backup)
        # not on their own customer either: reassigning is the supervisor's call
        with self.assertRaises(AccessError):
            self.customer.with_user(self.specialist).write({"cs_backup_user_id": self.supervisor.id})
        # nor by creating a customer that names them, in the values or as a context default
        Partner = self.env["res.partner"].with_user(self.specialist)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Own pick", "cs_user_id": self.specialist.id})
        with self.assertRaises(AccessError):
            Partner.with_context(default_cs_user_id=self.specialist.id).create({"name": "Own pick"})
        with self.assertRaises(AccessError):
            Partner.with_context(default_cs_tier="key").create({"name": "Own pick"})
        # and the foreign customer's CS records stay closed to them
        self.assertFalse(self.other_customer.with_user(self.specialist).cs_is_mine)

    def test_supervisor_assigns(self):
        self.customer.with_user(self.supervisor).write(
            {"cs_user_id": self.backup.id, "cs_backup_user_id": self.specialist.id, "cs_tier": "key"}
        )
        self.assertEqual(self.customer.cs_user_id, self.backup)
        self.assertEqual(self.customer.cs_assigned_date, fields.Date.today())
        self.assertEqual(self.buyer.cs_user_id, self.backup, "contacts follow their company")
        new = (
            self.env["res.partner"]
            .with_user(self.supervisor)
            .create({"name": "New account", "is_company": True, "cs_user_id": self.specialist.id})
        )
        self.assertEqual(new.cs_assigned_date, fields.Date.today())
        self.customer.with_user(self.supervisor).cs_grade_manual = "A"
        self.assertEqual(self.customer.with_user(self.supervisor).cs_grade, "A")

    def test_plain_users_still_create_customers_and_contacts(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.sales_maker)
            .create({"name": "Walk-in customer", "is_company": True, "customer_rank": 1})
        )
        self.assertFalse(customer.cs_user_id)
        for user in (self.sales_maker, self.specialist, self.contact_maker):
            with self.subTest(user=user.name):
                contact = (
                    self.env["res.partner"]
                    .with_user(user)
                    .create({"name": f"Contact of {user.name}", "parent_id": self.customer.id})
                )
                self.assertEqual(contact.sudo().cs_user_id, self.specialist, "commercial fields still follow")
                contact.write({"parent_id": self.other_customer.id})
                self.assertEqual(contact.sudo().cs_user_id, self.backup)
        # a salesman edits the customer's ordinary fields
        self.customer.with_user(self.sales_maker).write({"phone": "+86 21 5555 0000", "cs_transit_days": 2})
        # and a copy does not take the ownership along
        copy = self.customer.with_user(self.specialist).copy()
        self.assertFalse(copy.cs_user_id)

    def test_grading_figures_only_through_the_job(self):
        for vals in (
            {"cs_grade": "A"},
            {"cs_grade_auto": "A"},
            {"cs_grade_sales": 1e9},
            {"cs_grade_date": date(2030, 1, 1)},
            {"cs_assigned_date": date(2020, 1, 1)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.customer.with_user(self.supervisor).write(vals)
        # the override still sets and clears the grade
        self.env["res.partner"]._cs_compute_grades(self.company)
        auto = self.customer.cs_grade_auto
        customer = self.customer.with_user(self.supervisor)
        customer.cs_grade_manual = "A" if auto != "A" else "B"
        self.assertNotEqual(customer.cs_grade, auto)
        customer.cs_grade_manual = False
        self.assertEqual(customer.cs_grade, auto)

    def test_cs_data_closed_to_other_roles(self):
        for user in (self.employee, self.portal):
            partner = (self.portal.partner_id if user == self.portal else self.customer).with_user(user)
            for fname in ("cs_user_id", "cs_tier", "cs_grade", "cs_grade_sales", "cs_backup_user_id"):
                with self.subTest(user=user.name, field=fname), self.assertRaises(AccessError):
                    partner.read([fname])
            self.assertFalse(self._cs_readable(partner), "a plain read leaves CS data out")
        # the salesman sees who handles the customer and its tier, not the CS data
        as_salesman = self.customer.with_user(self.salesman)
        self.assertEqual(as_salesman.read(["cs_user_id", "cs_tier"])[0]["cs_user_id"][0], self.specialist.id)
        for fname in ("cs_grade", "cs_grade_sales", "cs_grade_auto", "cs_complaint_count", "cs_note_count"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                as_salesman.read([fname])
        # counters never break code outside the desk
        readable = self._cs_readable(as_salesman)
        self.assertIn("cs_user_id", readable)
        self.assertNotIn("cs_complaint_count", readable)
        as_salesman.read(readable)
        self.assertEqual(self.customer.with_user(self.specialist).cs_complaint_count, 0)

    def _cs_readable(self, partner):
        """The CS fields a client that reads "all fields" gets for this user."""
        # (container fields have their own test)
        return [
            name
            for name in partner.check_field_access_rights("read", None)
            if name.startswith("cs_") and not name.startswith("cs_container")
        ]

    def test_partner_views_per_role(self):
        for user in (self.employee, self.salesman, self.specialist, self.supervisor):
            with self.subTest(user=user.name):
                views = self.env["res.partner"].with_user(user).get_views([(False, "form"), (False, "search")])
                self.assertIn("form", views["views"])
        arch = self.env["res.partner"].with_user(self.specialist).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="cs_user_id"', arch)


@tagged("post_install", "-at_install")
class TestTrustNote(CsDeskCase):
    def test_log_author_is_fixed(self):
        Note = self.env["cs.customer.note"].with_user(self.specialist)
        with self.assertRaises(AccessError):
            Note.create({"name": "Call", "partner_id": self.customer.id, "user_id": self.backup.id})
        with self.assertRaises(AccessError):
            Note.with_context(default_user_id=self.backup.id).create({"name": "Call", "partner_id": self.customer.id})
        note = Note.create({"name": "Call", "partner_id": self.customer.id})
        self.assertEqual(note.user_id, self.specialist)
        with self.assertRaises(AccessError):
            note.write({"user_id": self.backup.id})
        with self.assertRaises(AccessError):
            note.with_user(self.supervisor).write({"user_id": self.backup.id})
        logged_for = (
            self.env["cs.customer.note"]
            .with_user(self.supervisor)
            .create({"name": "Call", "partner_id": self.customer.id, "user_id": self.specialist.id})
        )
        self.assertEqual(logged_for.user_id, self.specialist)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-10 09:00:00")
class TestTrustAbsence(CsDeskCase):
    def test_absence_cannot_be_repointed(self):
        own = (
            self.env["cs.absence"]
            .with_user(self.backup)
            .create({"date_from": date(2026, 6, 9), "date_to": date(2026, 6, 12)})
        )
        with self.assertRaises(UserError):
            own.write({"user_id": self.specialist.id})
        self.assertFalse(self.customer.with_user(self.backup).cs_is_mine, "the backup does not cover")
        with self.assertRaises(UserError):
            own.with_user(self.supervisor).write({"user_id": self.specialist.id})
        own.write({"note": "Training", "date_to": date(2026, 6, 13)})
        own.unlink()

    def test_specialist_manages_only_own_absences(self):
        theirs = self._absent(self.specialist, date(2026, 7, 1), date(2026, 7, 2))
        as_backup = self.env["cs.absence"].with_user(self.backup)
        with self.assertRaises(AccessError):
            as_backup.create(
                {"user_id": self.specialist.id, "date_from": date(2026, 6, 9), "date_to": date(2026, 6, 9)}
            )
        with self.assertRaises(AccessError):
            as_backup.with_context(default_user_id=self.specialist.id).create(
                {"date_from": date(2026, 6, 9), "date_to": date(2026, 6, 9)}
            )
        with self.assertRaises(AccessError):
            theirs.with_user(self.backup).write({"date_from": date(2026, 6, 1)})
        with self.assertRaises(AccessError):
            theirs.with_user(self.backup).unlink()
        # supervisors manage everyone's
        made = (
            self.env["cs.absence"]
            .with_user(self.supervisor)
            .create({"user_id": self.specialist.id, "date_from": date(2026, 8, 1), "date_to": date(2026, 8, 3)})
        )
        made.with_user(self.supervisor).write({"date_to": date(2026, 8, 4)})
        (made | theirs).with_user(self.supervisor).unlink()


class TrustComplaintCase(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["cs.complaint.category"].create({"name": "Quality (trust)", "response_days": 1})
        cls.stranger = new_test_user(
            cls.env, "cs_test_stranger", groups="sales_cs_desk.group_cs_specialist", name="Stranger"
        )

    def _complaint(self, user=None, **vals):
        return (
            self.env["cs.complaint"]
            .with_user(user or self.specialist)
            .create(
                {"subject": "Cracked discs", "partner_id": self.customer.id, "category_id": self.category.id, **vals}
            )
        )


@tagged("post_install", "-at_install")
class TestTrustComplaint(TrustComplaintCase):
    def test_no_reading_a_complaint_through_an_own_action(self):
        complaint = self._complaint()
        Action = self.env["cs.complaint.action"].with_user(self.stranger)
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "complaint_id": complaint.id,
                    "name": "Peek",
                    "user_id": self.stranger.id,
                    "date_deadline": date.today(),
                }
            )
        with self.assertRaises(AccessError):
            complaint.with_user(self.stranger).read(["subject"])
        # an action of a complaint they work on cannot be moved to another complaint
        own = self._complaint(user=self.stranger, user_id=self.stranger.id, partner_id=self.other_customer.id)
        action = Action.create(
            {"complaint_id": own.id, "name": "Mine", "user_id": self.stranger.id, "date_deadline": date.today()}
        )
        with self.assertRaises(UserError):
            action.write({"complaint_id": complaint.id})
        with self.assertRaises(AccessError):
            complaint.with_user(self.stranger).read(["subject"])

    def test_assigned_colleague_still_sees_the_complaint(self):
        complaint = self._complaint(
            action_ids=[
                Command.create({"name": "Sort stock", "user_id": self.stranger.id, "date_deadline": date.today()})
            ]
        )
        self.assertEqual(complaint.with_user(self.stranger).read(["subject"])[0]["subject"], "Cracked discs")
        complaint.action_ids.with_user(self.stranger).action_done()
        self.assertEqual(complaint.action_ids.date_done, fields.Date.context_today(complaint))

    def test_audit_fields_only_through_actions(self):
        complaint = self._complaint()
        as_specialist = complaint.with_user(self.specialist)
        for vals in (
            {"date_first_response": fields.Datetime.now()},
            {"date_closed": fields.Datetime.now()},
            {"response_escalated_on": fields.Datetime.now()},
            {"is_closed": True},
            {"name": "CMP/FAKE"},
            {"response_deadline": fields.Datetime.now() + timedelta(days=30)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_specialist.write(vals)
        with self.assertRaises(AccessError):
            self._complaint(date_closed=fields.Datetime.now())
        action = self.env["cs.complaint.action"].create(
            {"complaint_id": complaint.id, "name": "Sort", "user_id": self.specialist.id, "date_deadline": date.today()}
        )
        for vals in ({"escalated_on": fields.Datetime.now()}, {"date_done": date(2020, 1, 1)}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                action.with_user(self.specialist).write(vals)
        # the buttons still work
        as_specialist.action_register_response()
        self.assertTrue(complaint.date_first_response)
        # re-classifying does not move the promise either
        promise = complaint.response_deadline
        slow = self.env["cs.complaint.category"].create({"name": "Slow (trust)", "response_days": 10})
        as_specialist.write({"category_id": slow.id, "date_received": complaint.date_received - timedelta(hours=1)})
        self.assertEqual(complaint.response_deadline, promise)
        # a supervisor may move the promise
        complaint.with_user(self.supervisor).response_deadline = fields.Datetime.now() + timedelta(days=5)

    def test_sensitive_flag_cleared_by_supervisor_only(self):
        complaint = self._complaint(is_sensitive=True, user_id=self.stranger.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.specialist).write({"is_sensitive": False})
        self.assertFalse(complaint.with_user(self.stranger).search([("id", "=", complaint.id)]))
        complaint.with_user(self.supervisor).write({"is_sensitive": False})
        self.assertTrue(complaint.with_user(self.stranger).search([("id", "=", complaint.id)]))
        # flagging stays open to whoever works the complaint
        complaint.with_user(self.specialist).write({"is_sensitive": True})

    def test_override_reason_frozen_once_closed(self):
        complaint = self._complaint()
        as_supervisor = complaint.with_user(self.supervisor)
        as_supervisor.close_override_reason = "Customer unreachable"
        as_supervisor.action_close()
        self.assertTrue(complaint.is_closed and complaint.date_closed)
        with self.assertRaises(UserError):
            as_supervisor.close_override_reason = "Something nicer"
        # reopening clears the closing date through the stage, not by hand
        as_supervisor.stage_id = self.env.ref("sales_cs_desk.cs_complaint_stage_new")
        self.assertFalse(complaint.date_closed)


@tagged("post_install", "-at_install")
class TestTrustRevisit(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.revisit.rule"].search([]).action_archive()
        cls.customer.cs_tier = "key"
        cls.rule = cls.env["cs.revisit.rule"].create(
            {"name": "Key: monthly call", "target": "key", "trigger": "periodic", "interval_days": 30}
        )
        cls.Revisit = cls.env["cs.revisit"]

    def test_reset_when_rule_planned_the_next(self):
        first = self.rule._cs_generate(fields.Date.context_today(self.rule))
        first.with_user(self.specialist).action_missed()
        self.Revisit._cs_create_planned(
            [self.rule._cs_revisit_vals(self.customer.id, self.specialist.id, date.today(), "Next")]
        )
        with self.assertRaisesRegex(UserError, "already"):
            first.with_user(self.specialist).action_reset()
            self.env.flush_all()
        self.assertEqual(first.state, "missed")

    def test_former_backup_plans_the_next_revisit(self):
        # the backup did the rule's revisit while covering; the rule has planned the next one for the specialist
        done = self.Revisit._cs_create_planned(
            [self.rule._cs_revisit_vals(self.customer.id, self.backup.id, date.today(), "Covered call")]
        )
        done.write({"satisfaction": 4, "feedback": "Fine"})
        done.with_user(self.backup).action_done()
        self.env.flush_all()
        self.Revisit._cs_create_planned(
            [self.rule._cs_revisit_vals(self.customer.id, self.specialist.id, date.today(), "Next")]
        )
        action = done.with_user(self.backup).action_followup_next()
        self.env.flush_all()
        extra = self.Revisit.browse(action["res_id"])
        self.assertFalse(extra.rule_id, "an extra revisit, the rule already has the next one")

    def test_state_fields_only_through_actions(self):
        revisit = self.Revisit.with_user(self.specialist).create({"partner_id": self.customer.id, "reason": "Call"})
        for vals in (
            {"state": "done"},
            {"state": "cancelled"},
            {"date_done": date(2020, 1, 1)},
            {"rule_id": self.rule.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                revisit.write(vals)
        Revisit = self.Revisit.with_user(self.specialist)
        for vals in ({"state": "done"}, {"rule_id": self.rule.id}, {"date_done": date.today()}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Revisit.create({"partner_id": self.customer.id, "reason": "Call", **vals})
        # the buttons still do it
        revisit.write({"satisfaction": 4, "feedback": "Fine"})
        revisit.action_done()
        self.assertEqual((revisit.state, revisit.date_done), ("done", fields.Date.context_today(revisit)))
        nxt = self.Revisit.browse(revisit.action_followup_next()["res_id"])
        self.assertEqual(nxt.state, "planned")
        nxt.action_cancel()
        nxt.action_reset()
        self.assertEqual(nxt.state, "planned")

    def test_revisit_goes_to_the_customers_specialist_or_backup(self):
        revisit = self.Revisit.with_user(self.specialist).create({"partner_id": self.customer.id, "reason": "Call"})
        stranger = self.stranger_specialist()
        with self.assertRaises(AccessError):
            revisit.write({"user_id": stranger.id})
        revisit.write({"user_id": self.backup.id})
        revisit.with_user(self.supervisor).write({"user_id": stranger.id})

    def test_links_only_to_readable_documents(self):
        category = self.env["cs.complaint.category"].create({"name": "Quality (links)", "response_days": 1})
        foreign_complaint = self.env["cs.complaint"].create(
            {"subject": "Rebate dispute", "partner_id": self.other_customer.id, "category_id": category.id}
        )
        foreign_revisit = self.Revisit.create({"partner_id": self.other_customer.id, "reason": "Their call"})
        revisit = self.Revisit.with_user(self.specialist).create({"partner_id": self.customer.id, "reason": "Call"})
        # a linked document's name is shown whatever its access: linking any id would reveal it
        with self.assertRaises(AccessError):
            revisit.write({"complaint_id": foreign_complaint.id})
        with self.assertRaises(AccessError):
            self.Revisit.with_user(self.specialist).with_context(default_complaint_id=foreign_complaint.id).create(
                {"partner_id": self.customer.id, "reason": "Call"}
            )
        with self.assertRaises(AccessError):
            self.env["cs.complaint"].with_user(self.specialist).create(
                {
                    "subject": "Raised at revisit",
                    "partner_id": self.customer.id,
                    "category_id": category.id,
                    "cs_revisit_id": foreign_revisit.id,
                }
            )
        own = (
            self.env["cs.complaint"]
            .with_user(self.specialist)
            .create(
                {
                    "subject": "Own",
                    "partner_id": self.customer.id,
                    "category_id": category.id,
                    "cs_revisit_id": revisit.id,
                }
            )
        )
        revisit.write({"complaint_id": own.id})

    def test_no_revisit_of_a_foreign_customer_by_self_assignment(self):
        Revisit = self.Revisit.with_user(self.stranger_specialist())
        with self.assertRaises(AccessError):
            Revisit.create({"partner_id": self.customer.id, "reason": "Peek", "user_id": Revisit.env.uid})

    def stranger_specialist(self):
        return new_test_user(self.env, "cs_test_stranger2", groups="sales_cs_desk.group_cs_specialist")


@tagged("post_install", "-at_install")
class TestTrustCustomerOfRecord(CsDeskCase):
    """The customer of a CS record follows its partner: a specialist cannot file a record about
    another customer under their own (the record rule would let them keep it)."""

    def test_customer_cannot_be_given(self):
        Note = self.env["cs.customer.note"].with_user(self.specialist)
        with self.assertRaises(AccessError):
            Note.create({"name": "Borrowed", "partner_id": self.other_customer.id, "cs_customer_id": self.customer.id})
        note = Note.create({"name": "Mine", "partner_id": self.customer.id})
        self.assertEqual(note.cs_customer_id, self.customer)
        with self.assertRaises(AccessError):
            note.write({"cs_customer_id": self.other_customer.id})
