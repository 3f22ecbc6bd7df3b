from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-10 09:00:00")
class TestBackupCover(CsDeskCase):
    def _my_customers(self, user):
        return (
            self.env["res.partner"]
            .with_user(user)
            .search([("cs_is_mine", "=", True), ("id", "in", (self.customer | self.other_customer).ids)])
        )

    def test_backup_sees_customers_only_while_covering(self):
        self.assertEqual(self._my_customers(self.specialist), self.customer)
        self.assertEqual(self._my_customers(self.backup), self.other_customer)
        self._absent(self.specialist, date(2026, 6, 8), date(2026, 6, 12))
        self.assertEqual(self._my_customers(self.backup), self.customer | self.other_customer)
        self.assertEqual(self._my_customers(self.specialist), self.customer, "the specialist keeps them")
        self.assertEqual(self.customer.cs_cover_state, "backup_covering")
        self.assertEqual(self.customer.cs_covering_user_id, self.backup)
        self.assertTrue(self.customer.with_user(self.backup).cs_is_mine)
        with freeze_time("2026-06-13"):
            self.env.invalidate_all()  # a new day is a new request
            self.assertEqual(self._my_customers(self.backup), self.other_customer, "cover ends with the absence")
            self.assertEqual(self.customer.cs_cover_state, "ok")

    def test_new_activities_go_to_backup(self):
        todo = self.env.ref("mail.mail_activity_data_todo")

        def schedule(record):
            return record.activity_schedule(activity_type_id=todo.id, summary="Call back", user_id=self.specialist.id)

        self.assertEqual(schedule(self.customer).user_id, self.specialist)
        self._absent(self.specialist, date(2026, 6, 10), date(2026, 6, 10))
        self.assertEqual(schedule(self.customer).user_id, self.backup)
        note = self.env["cs.customer.note"].create({"name": "Called", "partner_id": self.customer.id})
        self.assertEqual(schedule(note).user_id, self.backup, "CS records follow the cover too")
        product = self.env["product.product"].create({"name": "Bracket", "type": "service"})
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": product.id})]}
        )
        self.assertEqual(schedule(order).user_id, self.backup, "so do the customer's orders")
        other = self.env["res.partner"].create({"name": "Someone else's", "cs_user_id": self.supervisor.id})
        self.assertEqual(schedule(other).user_id, self.specialist, "other customers are not rerouted")

    def test_no_reroute_when_backup_absent_too(self):
        self._absent(self.specialist, date(2026, 6, 1), date(2026, 6, 30))
        self._absent(self.backup, date(2026, 6, 9), date(2026, 6, 11))
        self.assertEqual(self.customer.cs_cover_state, "uncovered")
        activity = self.customer.activity_schedule("mail.mail_activity_data_todo", user_id=self.specialist.id)
        self.assertEqual(activity.user_id, self.specialist)
        self.assertFalse(self.customer.with_user(self.backup).cs_is_mine)

    def test_coverage_audit(self):
        Partner = self.env["res.partner"]
        nobody = Partner.create({"name": "Unowned", "customer_rank": 1})
        mine = self.customer | self.other_customer | nobody

        def audit(states):
            return Partner.search([("cs_cover_state", "in", states), ("id", "in", mine.ids)])

        self.assertEqual(audit(["no_backup"]), self.other_customer)
        self.assertEqual(audit(["no_specialist"]), nobody)
        self.assertEqual(audit(["ok"]), self.customer)
        self._absent(self.specialist, date(2026, 6, 10), date(2026, 6, 10))
        self._absent(self.backup, date(2026, 6, 10), date(2026, 6, 10))
        self.assertEqual(audit(["uncovered"]), self.customer | self.other_customer)
        self.assertEqual(Partner.search([("cs_cover_state", "!=", "uncovered"), ("id", "in", mine.ids)]), nobody)

    def test_absence_dates_checked(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._absent(self.specialist, date(2026, 6, 12), date(2026, 6, 10))

    def test_backup_must_differ_from_specialist(self):
        with self.assertRaisesRegex(ValidationError, "another person"):
            self.customer.cs_backup_user_id = self.specialist

    def test_contacts_follow_their_company(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        self.assertEqual(contact.cs_user_id, self.specialist)
        self.customer.cs_user_id = self.supervisor
        self.assertEqual(contact.cs_user_id, self.supervisor)
