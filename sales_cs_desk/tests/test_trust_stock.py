"""Issue 9, "trust at the boundary", for containers, VMI and customer items.

Every test exercises the desk the way a JSON-RPC client does: ``with_user``
and plain ``create``/``write``/``read``/public methods, with any values.
"""

import base64
import io
import zipfile
from datetime import timedelta
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_container import ContainerCase
from .common_vmi import VmiCase

# ----------------------------------------------------------------------
# Returnable containers
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20 09:00:00")
class TestTrustContainerStatement(ContainerCase):
    """Finding 1: a statement's state, dates and confirmation change only through its actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "cs_trust_stock_user", groups="stock.group_stock_user")
        cls.statement = cls.env["cs.container.statement"].create(
            {"partner_id": cls.customer.id, "date_from": "2026-10-01", "date_to": "2026-10-31"}
        )

    def test_specialist_cannot_set_state_or_audit_fields(self):
        statement = self.statement.with_user(self.specialist)
        for vals in (
            {"state": "confirmed"},
            {"confirmed_date": "2026-11-01"},
            {"confirmed_user_id": self.specialist.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                statement.write(vals)
        self.assertEqual(self.statement.state, "draft")
        with self.assertRaises(AccessError):
            self.env["cs.container.statement"].with_user(self.specialist).create(
                {
                    "partner_id": self.customer.id,
                    "date_from": "2026-11-01",
                    "date_to": "2099-12-31",
                    "state": "confirmed",
                }
            )
        self.assertFalse(self.customer.cs_container_lock_date, "nothing locks the customer's deliveries")

    def test_confirming_is_supervisor_only(self):
        self.statement.with_user(self.specialist).write({"confirmed_by": "Ms Li (warehouse)"})
        with self.assertRaises(AccessError):
            self.statement.with_user(self.specialist).action_confirm()
        self.assertEqual(self.statement.state, "draft")
        self.statement.with_user(self.supervisor).action_confirm()
        self.assertEqual(self.statement.state, "confirmed")
        self.assertEqual(self.statement.confirmed_user_id, self.supervisor)

    def test_confirmed_statement_is_frozen(self):
        self.statement.confirmed_by = "Ms Li"
        self.statement.with_user(self.supervisor).action_confirm()
        for vals in (
            {"date_to": "2099-12-31"},
            {"date_from": "2026-01-01"},
            {"partner_id": self.other_customer.id},
            {"confirmed_by": "Someone else"},
            {"dispute_reason": "late"},
        ):
            for user in (self.specialist, self.supervisor):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    self.statement.with_user(user).write(vals)
        self.assertEqual(self.statement.date_to.isoformat(), "2026-10-31")
        self.assertEqual(self.customer.cs_container_lock_date.isoformat(), "2026-10-31")
        with self.assertRaises(UserError):
            self.statement.with_user(self.specialist).action_dispute()

    def test_future_period_refused_on_the_server(self):
        statement = self.env["cs.container.statement"].create(
            {"partner_id": self.customer.id, "date_from": "2026-11-01", "date_to": "2099-12-31", "confirmed_by": "X"}
        )
        with self.assertRaisesRegex(UserError, "not over yet"):
            statement.with_user(self.supervisor).action_confirm()
        self.assertEqual(statement.state, "draft")

    def test_dispute_and_reset_through_actions_only(self):
        statement = self.statement.with_user(self.specialist)
        statement.write({"dispute_reason": "We returned 3."})
        statement.action_dispute()
        self.assertEqual(self.statement.state, "disputed")
        with self.assertRaises(AccessError):
            statement.write({"state": "draft"})
        statement.action_reset_draft()
        self.assertEqual(self.statement.state, "draft")

    def test_other_customers_statement_not_confirmable(self):
        other = self.env["cs.container.statement"].create(
            {"partner_id": self.other_customer.id, "date_from": "2026-10-01", "date_to": "2026-10-31"}
        )
        with self.assertRaises(AccessError):
            other.with_user(self.specialist).action_dispute()


@tagged("post_install", "-at_install")
class TestTrustContainerFields(ContainerCase):
    """Finding 2: container balance, limits and lock date are CS data, shown per reader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "cs_trust_employee", groups="base.group_user")
        cls.portal = new_test_user(cls.env, "cs_trust_portal", groups="base.group_portal")
        cls.stock_user = new_test_user(cls.env, "cs_trust_stock_user", groups="stock.group_stock_user")

    def setUp(self):
        super().setUp()
        self._deliver(40)  # 4 totes at customer (specialist's)
        self._deliver(20, partner=self.other_customer)  # 2 at other_customer (backup's)
        self.env["cs.container.statement"].create(
            {
                "partner_id": self.other_customer.id,
                "date_from": "2020-01-01",
                "date_to": "2020-01-31",
                "confirmed_by": "X",
            }
        ).action_confirm()
        self.env.invalidate_all()

    def test_fields_hidden_outside_the_desk(self):
        for user in (self.employee, self.portal, self.salesman, self.stock_user):
            for field in (
                "cs_container_balance",
                "cs_container_lock_date",
                "cs_container_over_limit",
                "cs_container_limit_qty",
            ):
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    self.customer.with_user(user).read([field])

    def test_specialist_sees_own_customers_figures_only(self):
        own = self.customer.with_user(self.specialist)
        other = self.other_customer.with_user(self.specialist)
        self.assertEqual(own.cs_container_balance, 4)
        self.assertEqual(other.read(["cs_container_balance"])[0]["cs_container_balance"], 0, "not my customer")
        self.assertFalse(other.read(["cs_container_lock_date"])[0]["cs_container_lock_date"])
        self.other_customer.cs_container_limit_qty = 1
        self.env.invalidate_all()
        self.assertFalse(other.cs_container_over_limit)
        Partner = self.env["res.partner"].with_user(self.specialist)
        self.assertNotIn(self.other_customer, Partner.search([("cs_container_over_limit", "=", True)]))
        # the supervisor sees every customer
        self.assertEqual(self.other_customer.with_user(self.supervisor).cs_container_balance, 2)
        self.assertTrue(self.other_customer.with_user(self.supervisor).cs_container_lock_date)
        self.assertIn(
            self.other_customer,
            self.env["res.partner"].with_user(self.supervisor).search([("cs_container_over_limit", "=", True)]),
        )

    def test_wizard_held_only_for_visible_customers(self):
        for model in ("cs.container.receive", "cs.container.writeoff"):
            with self.subTest(model=model):
                wizard = (
                    self.env[model]
                    .with_user(self.specialist)
                    .create({"partner_id": self.other_customer.id, "product_id": self.tote.id, "quantity": 1})
                )
                self.assertEqual(wizard.held, 0, "another specialist's customer: nothing shown")
                own = (
                    self.env[model]
                    .with_user(self.specialist)
                    .create({"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1})
                )
                self.assertEqual(own.held, 4)
                stock = (
                    self.env[model]
                    .with_user(self.stock_user)
                    .create({"partner_id": self.other_customer.id, "product_id": self.tote.id, "quantity": 1})
                )
                self.assertEqual(stock.held, 2, "the warehouse books any customer's containers")

    def test_ledger_fields_guarded(self):
        move = self.env["stock.move"].search([("cs_container_kind", "=", "issue")], limit=1)
        picking = move.cs_container_picking_id
        stock_manager = new_test_user(self.env, "cs_trust_stock_manager", groups="stock.group_stock_manager")
        for vals in (
            {"cs_container_kind": "return"},
            {"cs_container_partner_id": self.other_customer.id},
            {"cs_container_picking_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                move.with_user(stock_manager).write(vals)
        with self.assertRaises(AccessError):
            picking.with_user(stock_manager).write({"cs_container_shortage": 99})
        location = self.env["stock.location"].search([("cs_container_partner_id", "=", self.customer.id)])
        with self.assertRaises(AccessError):
            location.with_user(stock_manager).write({"cs_container_partner_id": self.other_customer.id})
        self.assertEqual(self._held(), 4)


@tagged("post_install", "-at_install")
class TestTrustContainerWizardCorpus(ContainerCase):
    """Finding 6: every bad input of the container wizards: a clear error, nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "cs_trust_stock_user", groups="stock.group_stock_user")
        cls.company_b = cls.env["res.company"].create({"name": "CS Desk Europe"})
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Foreign Co", "is_company": True, "company_id": cls.company_b.id}
        )

    def setUp(self):
        super().setUp()
        self._deliver(30)  # 3 totes at the customer

    def _count(self):
        return (
            self.env["stock.move"].search_count([("cs_container_kind", "!=", False)]),
            self.env["stock.scrap"].search_count([]),
            self.env["account.move"].search_count([]),
        )

    def _cases(self):
        tomorrow = fields.Datetime.now() + timedelta(days=2)
        return [
            ("zero", {"quantity": 0}, UserError, self.specialist),
            ("negative", {"quantity": -2}, UserError, self.specialist),
            ("fractional", {"quantity": 1.5}, UserError, self.specialist),
            ("more than held", {"quantity": 4}, UserError, self.specialist),
            ("not a container", {"product_id": self.disc.id}, UserError, self.specialist),
            ("future date", {"date": tomorrow}, UserError, self.specialist),
            ("not my customer", {"partner_id": self.other_customer.id}, AccessError, self.specialist),
            # AccessError is a UserError
            ("other company's customer", {"partner_id": self.foreign.id}, UserError, self.stock_user),
            ("other company", {"company_id": self.company_b.id}, UserError, self.stock_user),
        ]

    def test_receive_corpus(self):
        before = self._count()
        for label, vals, error, user in self._cases():
            with self.subTest(label), self.assertRaises(error):
                self.env["cs.container.receive"].with_user(user).create(
                    {"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1, **vals}
                ).action_confirm()
        self.assertEqual(self._count(), before, "nothing written")
        self.assertEqual(self._held(), 3)

    def test_writeoff_corpus(self):
        before = self._count()
        cases = [
            *self._cases(),
            ("negative value charged", {"charge": True, "unit_value": -50}, UserError, self.stock_user),
        ]
        for label, vals, error, user in cases:
            with self.subTest(label), self.assertRaises(error):
                self.env["cs.container.writeoff"].with_user(user).create(
                    {"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1, **vals}
                ).action_confirm()
        self.assertEqual(self._count(), before, "nothing written")
        self.assertEqual(self._held(), 3)

    def test_charge_without_invoicing_rights(self):
        before = self._count()
        wizard = (
            self.env["cs.container.writeoff"]
            .with_user(self.stock_user)
            .create({"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1, "charge": True})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self._count(), before)

    def test_customer_not_readable(self):
        """A partner the user cannot read at all (another company's) is refused before anything."""
        self.foreign.company_id = self.company_b
        with self.assertRaises(UserError):  # an AccessError or the company check
            self.env["cs.container.receive"].with_user(self.stock_user).create(
                {"partner_id": self.foreign.id, "product_id": self.tote.id, "quantity": 1}
            ).read(["held"])


@tagged("post_install", "-at_install")
class TestTrustContainerLimitJob(ContainerCase):
    """Finding 5: the container-limit job works in batches, one activity per situation."""

    def setUp(self):
        super().setUp()
        self._deliver(40)
        self._deliver(20, partner=self.other_customer)
        # only this test's customers are over a limit (a database with demo data has one more)
        self.env["res.partner"].search(
            ["|", ("cs_container_limit_qty", ">", 0), ("cs_container_limit_days", ">", 0)]
        ).write({"cs_container_limit_qty": 0, "cs_container_limit_days": 0})
        self.customer.cs_container_limit_qty = 1
        self.other_customer.cs_container_limit_qty = 1
        self.activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_container_limit")

    def _activities(self, partner):
        return partner.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def test_batched_with_progress(self):
        Partner = self.env["res.partner"]
        with patch.object(type(self.env["ir.cron"]), "_notify_progress", autospec=True) as notify:
            Partner._cron_cs_container_limits(batch_size=1)
        self.assertEqual(len(self._activities(self.customer) | self._activities(self.other_customer)), 1)
        self.assertTrue(notify.called, "progress reported")
        self.assertEqual(notify.call_args.kwargs["remaining"], 1)
        Partner._cron_cs_container_limits(batch_size=1)
        self.assertEqual(len(self._activities(self.customer)), 1)
        self.assertEqual(len(self._activities(self.other_customer)), 1)

    def test_done_activity_not_raised_again_for_the_same_situation(self):
        Partner = self.env["res.partner"]
        Partner._cron_cs_container_limits()
        self._activities(self.customer).action_feedback(feedback="Called them")
        Partner._cron_cs_container_limits()
        self.assertFalse(self._activities(self.customer), "still over, same situation: no new activity")
        # back within, then over again: a new situation
        self.customer.cs_container_limit_qty = 10
        Partner._cron_cs_container_limits()
        self.customer.cs_container_limit_qty = 1
        Partner._cron_cs_container_limits()
        self.assertEqual(len(self._activities(self.customer)), 1)


# ----------------------------------------------------------------------
# Customer items
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestTrustCustomerItem(VmiCase):
    """Finding 3: min/max manage only the desk's own replenishment rules; bounds; verification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(cls.env, "cs_trust_stock_manager", groups="stock.group_stock_manager")
        cls.Item = cls.env["cs.customer.item"].with_user(cls.specialist)

    def _orderpoint(self, location, product):
        return (
            self.env["stock.warehouse.orderpoint"]
            .with_context(active_test=False)
            .search([("location_id", "=", location.id), ("product_id", "=", product.id)])
        )

    def _warehouse_rule(self, location, product, min_qty=5, max_qty=10):
        return (
            self.env["stock.warehouse.orderpoint"]
            .with_user(self.stock_manager)
            .create(
                {
                    "location_id": location.id,
                    "product_id": product.id,
                    "product_min_qty": min_qty,
                    "product_max_qty": max_qty,
                    "trigger": "manual",
                }
            )
        )

    def test_warehouse_rule_not_taken_over(self):
        rule = self._warehouse_rule(self.site.lot_stock_id, self.disc)
        # the savepoint stands for the RPC call's transaction, rolled back on the error
        with self.assertRaisesRegex(UserError, "replenishment rule"), self.env.cr.savepoint():
            self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id, "min_qty": 50, "max_qty": 90})
        self.assertEqual((rule.product_min_qty, rule.product_max_qty, rule.trigger), (5, 10, "manual"))
        item = self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id})
        with self.assertRaisesRegex(UserError, "replenishment rule"), self.env.cr.savepoint():
            item.write({"min_qty": 50, "max_qty": 90})
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (5, 10))

    def test_warehouse_rule_never_deleted(self):
        item = self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id})
        rule = self._warehouse_rule(self.site.lot_stock_id, self.disc)
        with self.assertRaises(AccessError):
            item.write({"orderpoint_id": rule.id})
        item.write({"transit_days": 3})
        item.action_archive()
        item.sudo().unlink()
        self.assertTrue(rule.exists(), "the warehouse's own rule stays")
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (5, 10))

    def test_own_rule_still_managed(self):
        item = self.Item.create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "min_qty": 10, "max_qty": 30}
        )
        rule = item.orderpoint_id
        self.assertTrue(rule)
        item.write({"min_qty": 20, "max_qty": 40})
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (20, 40))
        item.write({"min_qty": 0, "max_qty": 0})
        self.assertFalse(rule.exists(), "the desk's own rule goes when nothing feeds it")

    def test_not_moved_to_another_specialists_customer(self):
        item = self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id})
        with self.assertRaises(AccessError):
            item.write({"partner_id": self.other_customer.id})
        statement = (
            self.env["cs.container.statement"]
            .with_user(self.specialist)
            .create({"partner_id": self.customer.id, "date_from": "2026-01-01", "date_to": "2026-01-31"})
        )
        with self.assertRaises(AccessError):
            statement.write({"partner_id": self.other_customer.id})

    def test_min_max_bounds(self):
        item = self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id})
        for vals in (
            {"min_qty": -1, "max_qty": 10},
            {"min_qty": 20, "max_qty": 10},
            {"min_qty": float("nan"), "max_qty": 10},
            {"min_qty": 1, "max_qty": float("inf")},
            {"min_qty": 1, "max_qty": float("nan")},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                item.write(vals)
        self.assertFalse(self._orderpoint(self.site.lot_stock_id, self.disc))

    def test_verification_only_through_mark_verified(self):
        item = self.Item.create({"partner_id": self.customer.id, "product_id": self.disc.id})
        with self.assertRaises(AccessError):
            item.write({"verified_date": "2099-01-01"})
        with self.assertRaises(AccessError):
            item.write({"verified_by_id": self.supervisor.id})
        with self.assertRaises(AccessError):
            self.Item.create(
                {"partner_id": self.customer.id, "product_id": self.bracket.id, "verified_date": "2099-01-01"}
            )
        with freeze_time("2026-05-01"):
            item.action_mark_verified()
        self.assertEqual((item.verified_date.isoformat(), item.verified_by_id), ("2026-05-01", self.specialist))


@tagged("post_install", "-at_install")
class TestTrustCustomerItemReminder(VmiCase):
    """Finding 5: one verification reminder per situation."""

    def test_done_reminder_not_raised_again(self):
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_item_verification")
        with freeze_time("2026-01-01"):
            item = self.env["cs.customer.item"].create(
                {"partner_id": self.customer.id, "product_id": self.disc.id, "verification_interval_days": 10}
            )
        with freeze_time("2026-02-01"):
            Item = self.env["cs.customer.item"]
            with patch.object(type(self.env["ir.cron"]), "_notify_progress", autospec=True) as notify:
                Item._cron_cs_verification_reminders()
            self.assertTrue(notify.called)
            item.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback("later")
        with freeze_time("2026-02-02"):
            Item._cron_cs_verification_reminders()
            self.assertFalse(item.activity_ids, "same overdue verification: no second reminder")
            item.action_mark_verified()
        with freeze_time("2026-02-20"):
            Item._cron_cs_verification_reminders()
            self.assertEqual(len(item.activity_ids), 1, "due again: a new situation")


# ----------------------------------------------------------------------
# VMI: 3PL reconciliation
# ----------------------------------------------------------------------


def _xlsx(rows, merge=None, formula=None):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula[0]] = formula[1]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_without_sheet():
    book = openpyxl.Workbook()
    book.create_chartsheet()
    book.remove(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_replace(content, member, data):
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == member else source.read(info.filename))
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestTrustVmiReconcile(VmiCase):
    """Findings 4 and 6: the 3PL file import and its bad-input corpus."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_vmi_recon_tolerance = 1.0
        cls.d2 = cls._today() - timedelta(days=2)
        stock = cls.site.lot_stock_id
        cls._move(cls.disc, cls.supplier_location, stock, 100, cls.d2)
        cls._move(cls.bracket, cls.supplier_location, stock, 30, cls.d2)

    def _reconcile(self, content, filename="stock.csv"):
        return (
            self.env["cs.vmi.reconcile"]
            .with_user(self.supervisor)
            .create({"warehouse_id": self.site.id, "file": base64.b64encode(content), "filename": filename})
        )

    def _load(self, content, filename="stock.csv"):
        rec = self._reconcile(content, filename)
        rec.action_load_file()
        return rec

    def _csv(self, *lines):
        return ("product,date,quantity\n" + "".join(f"{line}\n" for line in lines)).encode()

    def _qty(self, product):
        return product.with_context(location=self.site.lot_stock_id.id).qty_available

    def test_file_refused_with_clear_message(self):
        good = _xlsx([["product", "date", "quantity"], ["BD-01", str(self.d2), 100]])
        cases = [
            ("empty file", b"", "stock.csv", "Attach the provider's stock file"),
            ("blank lines", b"\n\n ,, \n", "stock.csv", "empty"),
            ("wrong encoding", b"product,date,quantity\n\xff\xfe\x80\x81,\xff,1\n", "stock.csv", "UTF-8"),
            ("missing columns", b"sku,day,stock\nBD-01,2026-01-01,3\n", "stock.csv", "not in the file"),
            ("NUL byte", b"product,date,quantity\nBD-01,2026-01-01,\x003\n", "stock.csv", "cannot be read"),
            ("huge field", b"product,date,quantity\n" + b'"' + b"x" * 200_000 + b'",2026-01-01,1\n', "s.csv", "read"),
            ("truncated xlsx", good[: len(good) // 2], "stock.xlsx", "XLSX"),
            ("no sheet", _xlsx_without_sheet(), "stock.xlsx", "XLSX"),
            ("malformed sheet", _xlsx_replace(good, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"),
             "stock.xlsx", "XLSX"),
            ("not a workbook", b"PK\x03\x04garbage", "stock.xlsx", "XLSX"),
        ]  # fmt: skip
        for label, content, filename, message in cases:
            with self.subTest(label):
                rec = self._reconcile(content, filename)
                with self.assertRaisesRegex(UserError, message):
                    rec.action_load_file()
                self.assertFalse(rec.line_ids)
                self.assertEqual(rec.state, "draft")

    def test_size_and_row_limits(self):
        self.company.cs_vmi_import_max_rows = 3
        rec = self._reconcile(self._csv(*[f"BD-01,{self.d2},1"] * 4))
        with self.assertRaisesRegex(UserError, "more than 3 lines"):
            rec.action_load_file()
        self.assertFalse(rec.line_ids)
        rec = self._reconcile(_xlsx([["product", "date", "quantity"]] + [["BD-01", str(self.d2), 1]] * 4), "s.xlsx")
        with self.assertRaisesRegex(UserError, "more than 3 lines"):
            rec.action_load_file()
        self.company.cs_vmi_import_max_rows = 20000
        self.company.cs_vmi_import_max_size = 1  # MB
        rec = self._reconcile(self._csv(*[f"BD-01,{self.d2},1" + " " * 100] * 11000))
        with self.assertRaisesRegex(UserError, "MB"):
            rec.action_load_file()
        self.assertFalse(rec.line_ids)
        with self.assertRaises(ValidationError):
            self.company.cs_vmi_import_max_rows = 0
        fresh = self.env["res.company"].create({"name": "Fresh"})
        self.assertEqual((fresh.cs_vmi_import_max_size, fresh.cs_vmi_import_max_rows), (5, 20000))

    def test_bad_quantities_kept_with_their_error(self):
        rec = self._load(
            self._csv(
                f"BD-01,{self.d2},-5",
                f"BR-01,{self.d2},nan",
                f"BD-01,{self.d2 - timedelta(days=1)},1e300",
                f"BR-01,{self.d2 - timedelta(days=1)},=1+2",
                f"BR-01,{self.d2 - timedelta(days=3)},inf",
            )
        )
        lines = rec.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("state"), ["error"] * 5)
        self.assertIn("negative", lines[0].error)
        self.assertIn("not a number", lines[1].error)
        self.assertIn("too large", lines[2].error)
        self.assertIn("not a number", lines[3].error)
        self.assertIn("not a number", lines[4].error)

    def test_xlsx_formula_and_merged_cells(self):
        content = _xlsx(
            [
                ["product", "date", "quantity"],
                ["BD-01", str(self.d2), None],
                ["BR-01", str(self.d2), 30],
                [None, None, 5],
            ],
            merge="A3:A4",
            formula=("C2", "=1+1"),
        )
        rec = self._load(content, "stock.xlsx")
        lines = rec.line_ids.sorted("sequence")
        self.assertEqual(len(lines), 3, "every non-blank row is a line")
        self.assertEqual(lines[0].state, "error", "a formula without a computed value")
        self.assertEqual(lines[1].state, "match")
        self.assertEqual(lines[2].state, "error", "the merged cell leaves the product empty")

    def test_duplicate_code_keeps_both_lines(self):
        # a second product with the disc's reference: which one the file means is unknown
        self.env["product.product"].create({"name": "Other disc", "default_code": "BD-01", "is_storable": True})
        # the customer calls the disc by the bracket's reference
        self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "customer_part_number": "BR-01"}
        )
        rec = self._load(self._csv(f"BD-01,{self.d2},100", f"BR-01,{self.d2},7"))
        lines = rec.line_ids.sorted("sequence")
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines.mapped("state"), ["error", "error"])
        self.assertIn("several products", lines[0].error)
        self.assertIn("several products", lines[1].error)
        self.assertFalse(lines.product_id, "no product picked at random")
        bracket = self._load(self._csv(f"BR-02,{self.d2},31", f"BR-02,{self.d2},40"))
        self.assertEqual(bracket.line_ids.mapped("state"), ["error", "error"])
        self.bracket.default_code = "BR-02"
        rec2 = self._load(self._csv(f"BR-02,{self.d2},31", f"BR-02,{self.d2},40"))
        lines = rec2.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("state"), ["error", "error"], "both kept, each with its error")
        self.assertIn("duplicate of row 3", lines[0].error)
        self.assertIn("duplicate of row 2", lines[1].error)

    def test_one_product_accepted_twice_is_refused(self):
        d1 = self.d2 + timedelta(days=1)
        rec = self._load(self._csv(f"BD-01,{self.d2},90", f"BD-01,{d1},80"))
        self.assertEqual(rec.line_ids.mapped("state"), ["difference", "difference"])
        rec.line_ids.sorted("sequence")[0].action_accept()
        with self.assertRaisesRegex(UserError, "BD-01"):
            rec.line_ids.sorted("sequence")[1].action_accept()
        # even if both got accepted, posting refuses the ambiguity
        rec.line_ids.sudo().write({"state": "accepted"})
        with self.assertRaisesRegex(UserError, "several"):
            rec.action_post()
        self.assertEqual(self._qty(self.disc), 100, "nothing posted")

    def test_posted_equals_sum_of_accepted_lines(self):
        rec = self._load(self._csv(f"BD-01,{self.d2},92", f"BR-01,{self.d2},33"))
        rec.action_accept_all()
        accepted = rec.line_ids.filtered(lambda line: line.state == "accepted")
        expected = sum(accepted.mapped("difference"))
        self.assertEqual(expected, -8 + 3)
        before = self._qty(self.disc) + self._qty(self.bracket)
        rec.action_post()
        after = self._qty(self.disc) + self._qty(self.bracket)
        self.assertEqual(after - before, expected)
        moves = self.env["stock.move"].search([("is_inventory", "=", True), ("reference", "ilike", rec.name)])
        signed = sum(m.quantity if m.location_dest_id == self.site.lot_stock_id else -m.quantity for m in moves)
        self.assertEqual(signed, expected)

    def test_state_fields_through_actions_only(self):
        rec = self._load(self._csv(f"BD-01,{self.d2},90"))
        line = rec.line_ids
        for target, vals in (
            (rec, {"state": "posted"}),
            (line, {"state": "accepted"}),
            (line, {"difference": 999}),
            (line, {"provider_qty": 999}),
            (line, {"product_id": self.bracket.id}),
            (line, {"odoo_qty": 0}),
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                target.with_user(self.supervisor).write(vals)
        with self.assertRaises(AccessError):
            self.env["cs.vmi.reconcile"].with_user(self.supervisor).create(
                {"warehouse_id": self.site.id, "state": "checked"}
            )
        line.action_accept()
        line.with_user(self.supervisor).write({"quantity_text": "95"})
        self.assertEqual(rec.state, "draft", "an edited line must be checked again")
        with self.assertRaisesRegex(UserError, "Check"):
            rec.action_post()
        rec.action_check()
        line.action_accept()
        rec.action_post()
        self.assertEqual(self._qty(self.disc), 95)
        for vals in ({"quantity_text": "1"}, {"date_text": "2026-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                line.with_user(self.supervisor).write(vals)
        with self.assertRaises(UserError):
            line.with_user(self.supervisor).unlink()
        with self.assertRaises(UserError):
            rec.with_user(self.supervisor).write({"tolerance": 50})

    def test_only_vmi_sites(self):
        with self.assertRaises(ValidationError):
            self.env["cs.vmi.reconcile"].with_user(self.supervisor).create({"warehouse_id": self.main.id})

    def test_tolerance_bounds(self):
        rec = self._reconcile(self._csv())
        for value in (-1, float("nan"), float("inf"), 101):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                rec.write({"tolerance": value})


# ----------------------------------------------------------------------
# VMI: safety-stock alert job
# ----------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestTrustVmiAlertJob(VmiCase):
    """Finding 5: the alert job reports its progress; alerts change only through the job."""

    def test_progress_and_guarded_fields(self):
        self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "min_qty": 10, "max_qty": 20}
        )
        Alert = self.env["cs.vmi.stock.alert"]
        with patch.object(type(self.env["ir.cron"]), "_notify_progress", autospec=True) as notify:
            Alert._cron_cs_stock_alerts(batch_size=1)
        self.assertTrue(notify.called)
        self.assertEqual(notify.call_args.kwargs["remaining"], 0)
        alert = Alert.search([("product_id", "=", self.disc.id)])
        self.assertEqual(len(alert), 1)
        now = fields.Datetime.now()
        for vals in ({"state": "closed"}, {"min_qty": 0}, {"forecast_qty": 100}, {"date_closed": now}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                alert.with_user(self.supervisor).write(vals)
        self.assertEqual(alert.state, "open")
