from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_container import ContainerCase


@tagged("post_install", "-at_install")
class TestContainerBalance(ContainerCase):
    """L6 (4): balance, FIFO ageing, limits and the daily job, views, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the SQL view ages against the database clock, so the ledger is dated from now
        now = fields.Datetime.now()
        location = cls.env["stock.location"]._cs_container_location(cls.customer, cls.company)
        issues = [(100, 4), (70, 3), (40, 2), (10, 1)]
        cls.env["stock.move"]._cs_container_post(
            [
                {
                    "partner": cls.customer,
                    "company": cls.company,
                    "product": cls.tote,
                    "qty": qty,
                    "kind": "issue",
                    "date": now - timedelta(days=days),
                    "location": cls.stock,
                    "location_dest": location,
                }
                for days, qty in issues
            ]
        )
        cls.env["cs.container.receive"].create(
            {"partner_id": cls.customer.id, "product_id": cls.tote.id, "quantity": 5, "date": now - timedelta(days=5)}
        ).action_confirm()
        cls.env["cs.container.writeoff"].create(
            {"partner_id": cls.customer.id, "product_id": cls.tote.id, "quantity": 1, "kind": "damaged"}
        ).action_confirm()
        # the other customer: 2 totes out for 20 days
        cls.env["stock.move"]._cs_container_post(
            [
                {
                    "partner": cls.other_customer,
                    "company": cls.company,
                    "product": cls.tote,
                    "qty": 2,
                    "kind": "issue",
                    "date": now - timedelta(days=20),
                    "location": cls.stock,
                    "location_dest": cls.env["stock.location"]._cs_container_location(cls.other_customer, cls.company),
                }
            ]
        )

    def test_balance_and_fifo_ageing(self):
        row = self._balance()
        self.assertEqual((row.issued, row.returned, row.lost, row.damaged, row.balance), (10, 5, 0, 1, 4))
        # returns and write-offs settle the oldest first: 4 + 2 of the 70-day-old issue are gone
        self.assertEqual((row.age_0_30, row.age_31_60, row.age_61_90, row.age_over_90), (1, 2, 1, 0))
        self.assertEqual(row.oldest_days, 70)
        self.assertEqual(row.balance, self._held(), "the report matches the quants")

    def test_pivot_by_specialist(self):
        groups = self.env["cs.container.balance"]._read_group(
            [("company_id", "=", self.company.id)], ["cs_user_id"], ["balance:sum", "age_0_30:sum"]
        )
        self.assertEqual({user: bal for user, bal, _young in groups}, {self.specialist: 4, self.backup: 2})

    def test_views_load(self):
        views = self.env["cs.container.balance"].get_views(
            [(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")]
        )
        self.assertEqual(set(views["views"]), {"list", "pivot", "graph", "search"})
        action = self.customer.action_cs_open_container_balance()
        self.assertEqual(self.env["cs.container.balance"].search(action["domain"]).balance, 4)
        self.assertEqual(self.customer.cs_container_balance, 4)

    def test_limits_and_daily_job(self):
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_container_limit")
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("cs_container_over_limit", "=", True)]))
        self.customer.cs_container_limit_qty = 3
        self.other_customer.cs_container_limit_days = 30
        self.assertTrue(self.customer.cs_container_over_limit)
        self.assertFalse(self.other_customer.cs_container_over_limit)
        self.assertEqual(Partner.search([("cs_container_over_limit", "=", True)]), self.customer)

        Partner._cron_cs_container_limits()
        Partner._cron_cs_container_limits()  # re-run: still one activity for the situation
        activity = self.customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.specialist)
        self.assertIn("holds 4 containers", str(activity.note))
        self.assertFalse(self.other_customer.activity_ids)

        # back within the limit: the job closes the activity
        self._receive(2)
        Partner._cron_cs_container_limits()
        self.assertFalse(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type))
        # the days limit: what is left has been out 40 days (FIFO), against 30
        self.customer.cs_container_limit_days = 30
        Partner._cron_cs_container_limits()
        self.assertEqual(len(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)), 1)

    def test_daily_job_ignores_companies_without_tracking(self):
        self.customer.cs_container_limit_qty = 1
        self.company.cs_container_tracking = False
        self.env["res.partner"]._cron_cs_container_limits()
        self.assertFalse(self.customer.activity_ids)

    def test_access_per_role(self):
        Balance = self.env["cs.container.balance"]
        self.assertEqual(Balance.with_user(self.specialist).search([]).partner_id, self.customer)
        self.assertEqual(Balance.with_user(self.backup).search([]).partner_id, self.other_customer)
        self.assertEqual(len(Balance.with_user(self.supervisor).search([])), 2)
        with self.assertRaises(AccessError):
            Balance.with_user(self.salesman).search([])

    def test_balance_query_count(self):
        partners = self.customer | self.other_customer
        partners.invalidate_recordset()
        partners.mapped("cs_container_balance")  # warm-up
        partners.invalidate_recordset()
        with self.assertQueryCount(3):
            self.assertEqual(partners.mapped("cs_container_balance"), [4, 2])
