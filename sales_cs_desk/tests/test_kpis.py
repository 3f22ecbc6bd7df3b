import io
from datetime import timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from .common_demo import CsDemoCaseMixin
from .common_review import CsReviewCase


class CsKpiCase(CsReviewCase):
    """Review on, tracking on (the review's moves are read from it), staff KPIs on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company.cs_kpis_enabled = True
        cls.month = fields.Date.today().replace(day=1)
        cls.last_month = cls.month - relativedelta(months=1)
        cls.category = cls.env["cs.complaint.category"].search([], limit=1)

    def _done(self):
        """End of a request: tracking messages are written, then the view reads the tables."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _kpi(self, user, month=None, company=None):
        self._done()
        return self.env["cs.staff.kpi"].search(
            [
                ("user_id", "=", user.id),
                ("company_id", "=", (company or self.company).id),
                ("date", "=", month or self.month),
            ]
        )

    # ------------------------------------------------------------------
    # What the specialists do, through the desk's own buttons
    # ------------------------------------------------------------------
    def _review(self, order, user, steps=1):
        for _step in range(steps):
            order.with_user(user).with_context(cs_stage_seen_id=order.cs_stage_id.id).action_cs_next_stage()
            self._done()

    def _revisit(self, user, customer, due, satisfaction):
        revisit = (
            self.env["cs.revisit"]
            .with_user(user)
            .create({"partner_id": customer.id, "reason": "Quarterly call", "date_due": due, "user_id": user.id})
        )
        revisit.write({"satisfaction": satisfaction, "feedback": "Happy with lead times"})
        revisit.action_done()
        self._done()
        return revisit

    def _complaint(self, user, customer, satisfaction=0):
        complaint = (
            self.env["cs.complaint"]
            .with_user(user)
            .create(
                {
                    "subject": "Scratched discs",
                    "partner_id": customer.id,
                    "category_id": self.category.id,
                    "user_id": user.id,
                }
            )
        )
        complaint.action_register_response()
        if satisfaction:
            complaint.write({"root_cause": "Packing without separators", "satisfaction": satisfaction})
            complaint.action_close()
        self._done()
        return complaint

    def _inquiry(self, user, customer):
        inquiry = (
            self.env["cs.inquiry"]
            .with_user(user)
            .create({"subject": "Price of brake discs", "partner_id": customer.id, "channel": "phone"})
        )
        inquiry.action_cs_log_call()
        self._done()
        return inquiry


@tagged("post_install", "-at_install")
class TestStaffKpi(CsKpiCase):
    def test_workload_counts_what_each_specialist_did(self):
        mine = self._order(tracking=True)
        theirs = self._order(customer=self.other_customer, tracking=True)
        self.assertEqual(mine.cs_stage_id, self.received)
        # two moves of one order: one order reviewed
        self._review(mine, self.specialist, steps=2)
        self._review(theirs, self.backup)
        self._revisit(self.specialist, self.customer, fields.Date.today(), 4)
        self._revisit(self.specialist, self.customer, fields.Date.today() - timedelta(days=5), 2)
        self._revisit(self.backup, self.other_customer, fields.Date.today(), 5)
        self._complaint(self.specialist, self.customer, satisfaction=3)
        self._complaint(self.specialist, self.customer)
        self._inquiry(self.specialist, self.customer)
        self._inquiry(self.backup, self.other_customer)
        # an inquiry counts for who answered it, here the supervisor on the specialist's customer
        self._inquiry(self.supervisor, self.customer)

        kpi = self._kpi(self.specialist)
        self.assertRecordValues(
            kpi,
            [
                {
                    "orders_reviewed": 1,
                    "revisits_done": 2,
                    "revisits_on_time": 1,
                    "revisit_on_time_rate": 50.0,
                    "complaints_received": 2,
                    "complaints_handled": 1,
                    "complaint_response_count": 2,
                    "complaint_responses_on_time": 2,
                    "complaint_on_time_rate": 100.0,
                    "inquiries_answered": 1,
                    "inquiry_response_count": 1,
                    "inquiries_on_time": 1,
                    # revisits 4 and 2, the closed complaint 3
                    "satisfaction_sum": 9.0,
                    "satisfaction_count": 3,
                    "satisfaction_avg": 3.0,
                    "changes_handled": 0,
                }
            ],
        )
        backup = self._kpi(self.backup)
        self.assertRecordValues(
            backup,
            [{"orders_reviewed": 1, "revisits_done": 1, "inquiries_answered": 1, "complaints_handled": 0}],
        )
        self.assertRecordValues(
            self._kpi(self.supervisor), [{"inquiries_answered": 1, "orders_reviewed": 0, "revisits_done": 0}]
        )

    def test_change_counts_for_who_applied_it(self):
        order = self._order()
        address = self.env["res.partner"].create(
            {"name": "Huitong warehouse 2", "type": "delivery", "parent_id": self.customer.id}
        )
        change = (
            self.env["cs.order.change"]
            .with_user(self.specialist)
            .create({"order_id": order.id, "kind": "address", "reason": "New plant", "new_address_id": address.id})
        )
        change.action_submit()
        change.with_user(self.supervisor).action_approve()
        change.write({"customer_confirmed": True, "customer_confirmation": "E-mail of the buyer"})
        with self.assertRaises(AccessError):
            change.write({"applied_by_id": self.backup.id})
        change.action_apply()
        self.assertEqual(change.applied_by_id, self.specialist)
        self.assertEqual(self._kpi(self.specialist).changes_handled, 1)
        self.assertFalse(self._kpi(self.supervisor).changes_handled, "approving is not applying")
        self.assertFalse(self._kpi(self.backup))

    def test_deliveries_of_the_specialists_customers(self):
        self.company.cs_review_required = False
        self.company.cs_delivery_otif_target = 95.0
        today = fields.Date.today()
        late = self._order(qty=10)
        late.action_confirm()
        on_time = self._order(qty=30)
        on_time.action_confirm()
        (late | on_time).write({"cs_promised_date": today})
        picking = on_time.picking_ids
        picking.move_ids.write({"quantity": 30, "picked": True})
        picking.button_validate()
        picking.cs_arrival_date = today
        theirs = self._order(customer=self.other_customer, qty=5)
        theirs.action_confirm()
        theirs.cs_promised_date = today

        kpi = self._kpi(self.specialist)
        self.assertRecordValues(
            kpi,
            [
                {
                    "deliveries": 2,
                    "deliveries_on_time": 1,
                    "delivery_qty_ordered": 40.0,
                    "delivery_qty_otif": 30.0,
                    # weighted by quantity as the on-time-in-full report: 30 / 40, not (0 + 100) / 2
                    "delivery_otif_rate": 75.0,
                    "target_delivery_otif": 95.0,
                }
            ],
        )
        self.assertEqual(self._kpi(self.backup).deliveries, 1)

    def test_month_and_rates_against_targets(self):
        self.company.write({"cs_kpi_revisit_on_time_target": 80.0, "cs_kpi_satisfaction_target": 4.5})
        self._revisit(self.specialist, self.customer, fields.Date.today(), 5)
        self._revisit(self.specialist, self.customer, fields.Date.today() - timedelta(days=3), 3)
        earlier = self._revisit(self.specialist, self.customer, fields.Date.today(), 4)
        # done last month, on time: it counts there
        earlier.sudo().write({"date_done": self.last_month, "date_due": self.last_month})
        now, before = self._kpi(self.specialist), self._kpi(self.specialist, self.last_month)
        self.assertRecordValues(
            now | before,
            [
                {"revisits_done": 2, "revisit_on_time_rate": 50.0, "target_revisit_on_time": 80.0},
                {"revisits_done": 1, "revisit_on_time_rate": 100.0, "target_revisit_on_time": 80.0},
            ],
        )
        [(done, rate, satisfaction, target)] = self.env["cs.staff.kpi"]._read_group(
            [("user_id", "=", self.specialist.id)],
            [],
            ["revisits_done:sum", "revisit_on_time_rate:avg", "satisfaction_avg:avg", "target_satisfaction:max"],
        )
        # 2 of 3 on time (66.7 %), not the mean of the months' rates (75 %); satisfaction (5+3+4)/3
        self.assertEqual(done, 3)
        self.assertAlmostEqual(rate, 200.0 / 3)
        self.assertAlmostEqual(satisfaction, 4.0)
        self.assertEqual(target, 4.5)

    def _menu_ids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        return {menu["id"] for menu in menus.values() if "id" in menu}

    def test_menus_follow_the_switch(self):
        staff = self.env.ref("sales_cs_desk.cs_staff_kpi_menu").id
        mine = self.env.ref("sales_cs_desk.cs_staff_kpi_menu_mine").id
        self.assertTrue({staff, mine} <= self._menu_ids(self.supervisor))
        shown = self._menu_ids(self.specialist)
        self.assertIn(mine, shown)
        self.assertNotIn(staff, shown, "Reporting is the supervisors' menu")
        self.company.cs_kpis_enabled = False
        self.assertFalse({staff, mine} & self._menu_ids(self.supervisor))

    def test_targets_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "score from 0 to 5"):
            self.company.cs_kpi_satisfaction_target = 6.0
        with self.assertRaisesRegex(ValidationError, "percentages from 0 to 100"):
            self.company.cs_kpi_inquiry_on_time_target = 120.0


@tagged("post_install", "-at_install")
class TestStaffKpiAccess(CsKpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "CS KPI Other Company"})
        cls.supervisor_b = new_test_user(
            cls.env,
            "cs_kpi_supervisor_b",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Company B customer", "is_company": True, "company_id": cls.company_b.id}
        )

    def setUp(self):
        super().setUp()
        self._revisit(self.specialist, self.customer, fields.Date.today(), 4)
        self._revisit(self.backup, self.other_customer, fields.Date.today(), 5)
        revisit_b = self.env["cs.revisit"].create(
            {
                "partner_id": self.customer_b.id,
                "company_id": self.company_b.id,
                "reason": "Visit",
                "user_id": self.supervisor_b.id,
                "satisfaction": 5,
                "feedback": "Fine",
            }
        )
        revisit_b.action_done()
        self.mine = self._kpi(self.specialist)
        self.theirs = self._kpi(self.backup)
        self.row_b = self._kpi(self.supervisor_b, company=self.company_b)
        self.assertTrue(self.mine and self.theirs and self.row_b)

    def test_specialist_reads_only_own_rows(self):
        Kpi = self.env["cs.staff.kpi"].with_user(self.specialist)
        self.assertEqual(Kpi.search([]), self.mine.with_user(self.specialist))
        groups = Kpi._read_group([], ["user_id"], ["revisits_done:sum"])
        self.assertEqual(groups, [(self.specialist, 1)])
        # over RPC, with any context: the other rows stay closed
        for context in ({}, {"active_test": False}, {"allowed_company_ids": [self.company.id, self.company_b.id]}):
            with self.subTest(context=context):
                with self.assertRaises(AccessError):
                    self.theirs.with_user(self.specialist).with_context(**context).read(["revisits_done"])
                with self.assertRaises(AccessError):
                    self.row_b.with_user(self.specialist).with_context(**context).read(["revisits_done"])
                try:
                    found = Kpi.with_context(**context).search_read([("user_id", "=", self.backup.id)], ["id"])
                except AccessError:
                    found = []  # a company the user is not in: refused as a whole
                self.assertEqual(found, [])
        # the view is read-only for everybody
        with self.assertRaises(AccessError):
            self.mine.with_user(self.specialist).write({"revisits_done": 10})
        with self.assertRaises(AccessError):
            self.mine.with_user(self.supervisor).unlink()

    def test_supervisor_reads_their_companies(self):
        rows = self.env["cs.staff.kpi"].with_user(self.supervisor).search([])
        self.assertEqual(rows.user_id, self.specialist | self.backup)
        self.assertEqual(self.env["cs.staff.kpi"].with_user(self.supervisor_b).search([]).user_id, self.supervisor_b)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.supervisor_b).read(["revisits_done"])

    def test_salesman_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.env["cs.staff.kpi"].with_user(self.salesman).search([])

    def test_kpi_sheet(self):
        rows = (self.mine | self.theirs).with_user(self.supervisor)
        action = rows.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/sales_cs_desk/xlsx/cs.staff.kpi/kpis?ids=", action["url"])
        filename, data = rows._cs_xlsx_kpis()
        self.assertEqual(filename, "staff_kpis.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertIn(self.month.strftime("%Y-%m"), sheet["A1"].value)
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header[:2], ["Specialist", "Company"])
        revisits = header.index("Revisits done")
        on_time = header.index("Revisits on time (%)")
        lines = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        self.assertEqual(set(lines), {"Backup", "Specialist"})
        self.assertEqual(lines["Specialist"][1], self.company.name)
        self.assertEqual(lines["Specialist"][revisits], 1)
        self.assertEqual(lines["Specialist"][on_time], 100.0)
        self.assertEqual(lines["Specialist"][on_time + 1], 90.0, "the company's target beside the rate")

    def test_kpi_sheet_of_a_specialist_holds_only_their_rows(self):
        rows = (self.mine | self.theirs).with_user(self.specialist)
        # the download route checks read access on the ids it is given
        with self.assertRaises(AccessError):
            rows.check_access("read")
        __, data = rows._cs_xlsx_kpis()
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
        self.assertEqual(names, ["Specialist"])


@tagged("post_install", "-at_install")
class TestStaffKpiDemo(CsDemoCaseMixin, TransactionCase):
    """What a supervisor finds in Staff KPIs on the demo (``make suite``); skipped without the demo data."""

    def test_two_specialists_have_figures(self):
        supervisor = self.env.ref("sales_cs_desk.res_users_cs_supervisor_demo")
        specialist = self.env.ref("sales_cs_desk.res_users_cs_specialist_demo")
        backup = self.env.ref("sales_cs_desk.res_users_cs_backup_demo")
        groups = dict(
            self.env["cs.staff.kpi"]
            .with_user(supervisor)
            ._read_group(
                [("company_id", "=", self.env.ref("base.main_company").id)],
                ["user_id"],
                ["__count"],
            )
        )
        self.assertIn(specialist, groups)
        self.assertIn(backup, groups)
