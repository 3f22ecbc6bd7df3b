import base64
import io
from datetime import date, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_forecasts import CsForecastCase


@tagged("post_install", "-at_install")
class TestForecasts(CsForecastCase):
    # ------------------------------------------------------------------
    # Versions and buckets
    # ------------------------------------------------------------------
    def test_versions_are_numbered_and_buckets_start_on_their_first_day(self):
        first = self._version({date(2026, 3, 18): 100})
        second = self._version({date(2026, 3, 1): 120}, received=self.today + timedelta(days=1))
        other = self._version({date(2026, 3, 1): 5}, customer=self.other_customer)
        self.assertEqual((first.version, second.version, other.version), (1, 2, 1))
        self.assertEqual(first.line_ids.bucket_start, date(2026, 3, 1))
        self.assertEqual(first.line_ids.bucket_end, date(2026, 4, 1))
        weekly = self._version({date(2026, 3, 19): 10}, bucket_type="week")  # a Thursday
        self.assertEqual(weekly.line_ids.bucket_start, date(2026, 3, 16))
        self.assertEqual(weekly.line_ids.bucket_end, date(2026, 3, 23))
        self.assertIn("v2", second.display_name)
        with self.assertRaises(ValidationError):
            first.line_ids.quantity = -1

    # ------------------------------------------------------------------
    # The daily comparison
    # ------------------------------------------------------------------
    def test_deviation_raises_one_activity_per_situation(self):
        self._version({self.last_month: 100})
        self._sale(150, self.last_month + timedelta(days=10))
        self._run_job()
        deviation = self._deviations()
        self.assertEqual(len(deviation), 1)
        self.assertEqual((deviation.forecast_qty, deviation.ordered_qty, deviation.deviation_qty), (100, 150, 50))
        self.assertAlmostEqual(deviation.deviation_pct, 50.0)
        activity = self._activities(deviation)
        self.assertEqual(activity.user_id, self.specialist)
        self._run_job()
        self.assertEqual(self._activities(deviation), activity, "the same situation raises nothing new")
        # more orders: the figures follow, still one activity
        self._sale(20, self.last_month + timedelta(days=12))
        self._run_job()
        self.assertEqual(deviation.ordered_qty, 170)
        self.assertEqual(len(self._activities(deviation)), 1)
        # a new version that matches the orders: the situation is over
        self._version({self.last_month: 165}, received=self.today + timedelta(days=1))
        self._run_job()
        self.assertEqual(deviation.state, "cleared")
        self.assertFalse(self._activities(deviation))
        self.assertEqual(len(self._deviations()), 1)

    def test_the_latest_version_and_the_tolerance(self):
        self._version({self.last_month: 100}, received=self.today - timedelta(days=60))
        self._version({self.last_month: 140}, received=self.today - timedelta(days=40))
        self._sale(150, self.last_month + timedelta(days=3))
        self._run_job()
        self.assertFalse(self._deviations(), "10 units (7 %) off the latest version is within the tolerance")
        # a customer with a tighter tolerance of its own
        self.customer.sudo().write({"cs_forecast_tolerance_qty": 5, "cs_forecast_tolerance_pct": 5})
        self._run_job()
        self.assertEqual(self._deviations().forecast_qty, 140)

    def test_open_buckets_only_when_already_over(self):
        next_month = self.this_month + relativedelta(months=1)
        self._version({next_month: 100})
        self._sale(20, next_month + timedelta(days=2))
        self._run_job()
        self.assertFalse(self._deviations(), "an open bucket may still fill up")
        self._sale(200, next_month + timedelta(days=5))
        self._run_job()
        self.assertEqual(self._deviations().ordered_qty, 220)

    def test_unordered_bucket_is_a_deviation_once_ended(self):
        self._version({self.last_month: 100})
        self._run_job()
        deviation = self._deviations()
        self.assertEqual((deviation.ordered_qty, deviation.deviation_pct), (0.0, -100.0))

    def test_switch_off_compares_nothing(self):
        self.company.cs_forecast_enabled = False
        self._version({self.last_month: 100})
        self._run_job()
        self.assertFalse(self._deviations())

    # ------------------------------------------------------------------
    # The customer's answer
    # ------------------------------------------------------------------
    def test_specialist_records_the_answer(self):
        self._version({self.last_month: 100})
        self._sale(150, self.last_month + timedelta(days=10))
        self._run_job()
        deviation = self._deviations().with_user(self.specialist)
        with self.assertRaises(UserError):
            deviation.action_cs_corrected()  # no corrected quantity
        with self.assertRaises(UserError):
            deviation.action_cs_disputed()  # nothing written down
        deviation.write({"corrected_qty": 150, "answer": "Extra line started, forecast follows next week"})
        deviation.action_cs_corrected()
        self.assertEqual((deviation.state, deviation.answered_by_id), ("corrected", self.specialist))
        self.assertFalse(self._activities(deviation))
        done = self.env["mail.message"].search(
            [("model", "=", deviation._name), ("res_id", "=", deviation.id), ("mail_activity_type_id", "!=", False)]
        )
        self.assertTrue(done, "the activity is marked done with the answer")
        with self.assertRaises(UserError):
            deviation.action_cs_confirmed()

    def test_trust_over_rpc(self):
        version = self._version({self.last_month: 100})
        self._sale(150, self.last_month + timedelta(days=10))
        self._run_job()
        deviation = self._deviations()
        for vals in ({"state": "confirmed"}, {"ordered_qty": 100}, {"answered_by_id": self.backup.id}):
            with self.assertRaises(AccessError):
                deviation.with_user(self.specialist).write(vals)
        with self.assertRaises(AccessError):
            deviation.with_user(self.specialist).with_context(default_state="confirmed").copy()
        with self.assertRaises(AccessError):
            self.env["cs.forecast.deviation"].with_user(self.specialist).create(
                {"partner_id": self.customer.id, "product_id": self.product.id, "bucket_type": "month"}
            )
        with self.assertRaises(AccessError):
            version.with_user(self.specialist).write({"version": 7})
        with self.assertRaises(AccessError):
            version.line_ids.with_user(self.specialist).write({"cs_customer_id": self.other_customer.id})
        # a salesman does not see forecasts; another specialist does not see this customer's
        with self.assertRaises(AccessError):
            version.with_user(self.salesman).read(["received_date"])
        stranger = new_test_user(self.env, "cs_forecast_stranger", groups="sales_cs_desk.group_cs_specialist")
        with self.assertRaises(AccessError):
            version.with_user(stranger).read(["received_date"])
        with self.assertRaises(AccessError):
            deviation.with_user(stranger).read(["state"])
        self.assertTrue(deviation.with_user(self.supervisor).read(["state"]))

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "CS Forecast Other Company", "cs_forecast_enabled": True})
        foreign = new_test_user(
            self.env,
            "cs_forecast_foreign",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        version = self._version({self.last_month: 100})
        self._sale(150, self.last_month + timedelta(days=10))
        self._run_job()
        self.assertFalse(self.env["cs.customer.forecast.version"].with_user(foreign).search([("id", "=", version.id)]))
        self.assertFalse(self.env["cs.forecast.deviation"].with_user(foreign).search([]))
        # another company's orders do not count against this company's forecast
        self.assertEqual(self._deviations().ordered_qty, 150)

    # ------------------------------------------------------------------
    # Accuracy
    # ------------------------------------------------------------------
    def test_accuracy_uses_the_forecast_given_before_the_bucket(self):
        two_months_ago = self.last_month - relativedelta(months=1)
        # given before the buckets began
        self._version({two_months_ago: 100, self.last_month: 100}, received=two_months_ago - timedelta(days=5))
        # sent afterwards: not the forecast the buckets were planned on
        self._version({two_months_ago: 80, self.last_month: 50}, received=self.today)
        self._sale(80, two_months_ago + timedelta(days=3))
        self._sale(50, self.last_month + timedelta(days=3))
        self.env.flush_all()
        Report = self.env["cs.forecast.accuracy.report"].with_user(self.supervisor)
        rows = Report.search([("cs_customer_id", "=", self.customer.id)], order="bucket_start")
        self.assertEqual(rows.mapped("forecast_qty"), [100.0, 100.0])
        self.assertEqual(rows.mapped("ordered_qty"), [80.0, 50.0])
        self.assertEqual([round(ape, 1) for ape in rows.mapped("ape")], [25.0, 100.0])
        accuracy = Report._cs_accuracy([("cs_customer_id", "=", self.customer.id)])
        self.assertEqual(accuracy["periods"], 2)
        self.assertAlmostEqual(accuracy["mape"], 62.5)
        self.assertAlmostEqual(accuracy["bias_pct"], 70 / 130 * 100)
        with self.assertRaises(AccessError):
            self.env["cs.forecast.accuracy.report"].with_user(self.specialist).search([])

    def test_menus_follow_the_switch(self):
        user = new_test_user(
            self.env,
            "cs_forecast_menu_supervisor",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        menus = {
            self.env.ref(f"sales_cs_desk.{xml_id}").id
            for xml_id in ["cs_forecast_menu_root", "cs_forecast_accuracy_report_menu"]
        }

        def shown():
            return {m["id"] for m in self.env["ir.ui.menu"].with_user(user).load_menus(False).values() if "id" in m}

        self.assertEqual(menus & shown(), menus)
        self.company.cs_forecast_enabled = False
        self.assertFalse(menus & shown(), "switched off: the menus are hidden")


@tagged("post_install", "-at_install")
class TestForecastImport(CsForecastCase):
    def _import(self, filename, data, bucket_type="month", user=None):
        wizard = (
            self.env["cs.forecast.import.wizard"]
            .with_user(user or self.specialist)
            .create(
                {
                    "partner_id": self.customer.id,
                    "bucket_type": bucket_type,
                    "file": base64.b64encode(data),
                    "filename": filename,
                }
            )
        )
        action = wizard.action_import()
        return self.env["cs.customer.forecast.version"].browse(action["res_id"])

    def test_long_csv_with_customer_part_numbers(self):
        data = "客户料号;日期;预测数量\nHT-4711;2026-03-18;1.200,5\nBP-100;2026-03-02;100\nHT-4711;2026-04;80\n"
        version = self._import("huitong.csv", data.encode("gb18030"))
        self.assertEqual(version.cs_customer_id, self.customer)
        self.assertEqual(version.version, 1)
        lines = version.line_ids.sorted("bucket_start")
        self.assertEqual(
            [(line.bucket_start.isoformat(), line.quantity) for line in lines],
            [("2026-03-01", 1300.5), ("2026-04-01", 80.0)],
            "lines of the same product and bucket are summed",
        )
        self.assertEqual(version.attachment_id.name, "huitong.csv")
        self.assertEqual(base64.b64decode(version.attachment_id.datas), data.encode("gb18030"))

    def test_wide_xlsx_weekly(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Part number", "2026-W12", "2026-W13", "Remarks"])
        sheet.append(["HT-4711", 40, 55, "rush"])
        out = io.BytesIO()
        workbook.save(out)
        version = self._import("calloff.xlsx", out.getvalue(), bucket_type="week")
        self.assertEqual(
            [(line.bucket_start.isoformat(), line.quantity) for line in version.line_ids.sorted("bucket_start")],
            [("2026-03-16", 40.0), ("2026-03-23", 55.0)],
        )

    def test_bad_lines_refuse_the_whole_file(self):
        data = b"product,bucket,quantity\nHT-4711,2026-03,10\nNOPE-1,2026-03,5\nBP-100,someday,5\nBP-100,2026-04,-3\n"
        with self.assertRaises(UserError) as caught:
            self._import("bad.csv", data)
        message = str(caught.exception)
        for expected in ("line 3", "NOPE-1", "line 4", "someday", "line 5", "-3"):
            self.assertIn(expected, message)
        self.assertFalse(self.env["cs.customer.forecast.version"].search([("cs_customer_id", "=", self.customer.id)]))
        with self.assertRaises(UserError):
            self._import("empty.csv", b"")
        with self.assertRaises(AccessError):
            self._import("huitong.csv", b"product,bucket,quantity\nHT-4711,2026-03,10\n", user=self.salesman)
