import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CsDeskCase

MARCH = date(2026, 3, 1)


@tagged("post_install", "-at_install")
class TestMonthlyReport(CsDeskCase):
    """The monthly report (K2): figures from the records of one month, PDF, XLSX and the monthly e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company.write(
            {
                "cs_monthly_report_enabled": True,
                "cs_inquiry_enabled": True,
                "email": "desk@cs-monthly.example.com",
            }
        )
        # months end at midnight in Shanghai, not in UTC
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.supervisor.write({"email": "supervisor@cs-monthly.example.com", "lang": "en_US"})
        china = env.ref("base.cn")
        shanghai = env.ref("base.state_cn_SH")
        cls.customer.write({"country_id": china.id, "state_id": shanghai.id})
        cls.china_shanghai = f"{china.name} / {shanghai.name}"
        cls.other_customer.write({"country_id": env.ref("base.de").id, "state_id": False})
        cls.product = env["product.product"].create({"name": "Brake disc (monthly)", "type": "service"})
        cls.a1 = cls._order(cls.customer, 1000.0, datetime(2026, 3, 5, 10, 0))
        cls.a2 = cls._order(cls.customer, 500.0, datetime(2026, 3, 20, 0, 0))
        cls.b1 = cls._order(cls.other_customer, 2000.0, datetime(2026, 3, 10, 9, 0))
        # 1 April 01:00 in Shanghai: April's order, although still March in UTC
        cls.april = cls._order(cls.customer, 700.0, datetime(2026, 3, 31, 17, 0))
        cls.a1.write(
            {
                "cs_received_date": datetime(2026, 3, 5, 10, 0),
                "cs_released_date": datetime(2026, 3, 6, 10, 0),
                "cs_shipped_date": datetime(2026, 3, 8, 10, 0),
                "cs_delivered_date": datetime(2026, 3, 10, 10, 0),
                "cs_closed_date": date(2026, 3, 12),
            }
        )
        cls.a2.write({"cs_released_date": datetime(2026, 3, 23, 12, 0)})
        cls.b1.write(
            {"cs_received_date": datetime(2026, 3, 10, 9, 0), "cs_released_date": datetime(2026, 3, 10, 15, 0)}
        )
        Inquiry = env["cs.inquiry"]
        inquiries = Inquiry.create(
            [
                {"subject": "Price of discs", "partner_id": cls.customer.id, "channel": "phone"},
                {"subject": "Where is my order", "partner_id": cls.customer.id, "channel": "email"},
                {"subject": "Catalogue", "partner_id": cls.other_customer.id, "channel": "email"},
            ]
        )
        received = datetime(2026, 3, 16, 2, 0)
        for inquiry, answered, deadline, hours in zip(
            inquiries,
            (datetime(2026, 3, 16, 2, 10), datetime(2026, 3, 18, 2, 0), False),
            (datetime(2026, 3, 16, 2, 15), datetime(2026, 3, 17, 10, 0), datetime(2026, 3, 17, 10, 0)),
            (0.5, 9.5, 0.0),
            strict=True,
        ):
            inquiry.write(
                {
                    "date_received": received,
                    "date_first_response": answered,
                    "response_deadline": deadline,
                    "response_hours": hours,
                }
            )

        category = env["cs.complaint.category"].create({"name": "Quality (monthly test)", "response_days": 1})
        closed_stage = env["cs.complaint.stage"].search([("is_closed", "=", True)], limit=1)
        answered, still_open = env["cs.complaint"].create(
            [
                {
                    "subject": "Cracked discs",
                    "partner_id": cls.customer.id,
                    "category_id": category.id,
                    "user_id": cls.specialist.id,
                },
                {
                    "subject": "Wrong labels",
                    "partner_id": cls.other_customer.id,
                    "category_id": category.id,
                    "user_id": cls.backup.id,
                },
            ]
        )
        answered.write(
            {
                "date_received": datetime(2026, 3, 2, 2, 0),
                "date_first_response": datetime(2026, 3, 2, 6, 0),
                "root_cause": "Wrong torque at assembly",
                "satisfaction": 4,
                "stage_id": closed_stage.id,
            }
        )
        answered.date_closed = datetime(2026, 3, 10, 2, 0)  # closing stamps today: backdated after
        still_open.write({"date_received": datetime(2026, 3, 25, 2, 0)})
        done, _planned = env["cs.revisit"].create(
            [
                {"partner_id": cls.customer.id, "reason": "Quarterly call", "date_due": date(2026, 3, 15)},
                {"partner_id": cls.other_customer.id, "reason": "Quarterly call", "date_due": date(2026, 3, 20)},
            ]
        )
        done.write({"state": "done", "date_done": date(2026, 3, 14), "satisfaction": 5, "feedback": "All good"})

    @classmethod
    def _order(cls, customer, amount, date_order):
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount})
                ],
            }
        )
        order.action_confirm()
        order.date_order = date_order
        return order

    def _data(self, user=None, month=MARCH):
        return self.env["cs.monthly.report"].with_user(user or self.supervisor)._cs_monthly_data(self.company, month)

    def _wizard(self, user=None):
        return (
            self.env["cs.monthly.report"]
            .with_user(user or self.supervisor)
            .create({"company_id": self.company.id, "month": "3", "year": 2026})
        )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def test_sales_per_customer_and_region(self):
        data = self._data()
        by_customer = {row["name"]: (row["orders"], row["amount"], row["region"]) for row in data["customers"]}
        self.assertEqual(
            by_customer,
            {
                "Nordwerk Automotive": (1, 2000.0, "Germany"),
                "Huitong Auto Parts": (2, 1500.0, self.china_shanghai),
            },
            "the order of 1 April (Shanghai time) belongs to April",
        )
        self.assertEqual([row["name"] for row in data["customers"]], ["Nordwerk Automotive", "Huitong Auto Parts"])
        self.assertEqual(data["totals"], {"customers": 2, "orders": 3, "amount": 3500.0})
        regions = {row["name"]: (row["customers"], row["orders"], row["amount"]) for row in data["regions"]}
        self.assertEqual(regions, {"Germany": (1, 1, 2000.0), self.china_shanghai: (1, 2, 1500.0)})
        april = self._data(month=date(2026, 4, 1))
        self.assertEqual(april["totals"], {"customers": 1, "orders": 1, "amount": 700.0})

    def test_cycle_times(self):
        cycle = {row["key"]: row for row in self._data()["cycle"]}
        released = cycle["received_released"]
        self.assertEqual(released["orders"], 3)
        # 1 day, 3.5 days (from the order date: no review), 0.25 day
        self.assertAlmostEqual(released["avg_days"], (1.0 + 3.5 + 0.25) / 3)
        self.assertAlmostEqual(released["median_days"], 1.0)
        self.assertEqual(cycle["released_shipped"]["orders"], 1)
        self.assertAlmostEqual(cycle["released_shipped"]["avg_days"], 2.0)
        self.assertAlmostEqual(cycle["shipped_delivered"]["median_days"], 2.0)
        self.assertAlmostEqual(cycle["delivered_closed"]["avg_days"], 2.0)
        self.assertAlmostEqual(cycle["received_closed"]["avg_days"], 7.0)
        april = {row["key"]: row for row in self._data(month=date(2026, 4, 1))["cycle"]}
        self.assertEqual(april["received_released"]["orders"], 0)
        self.assertIsNone(april["received_released"]["avg_days"])

    def test_inquiries_per_channel(self):
        inquiries = self._data()["inquiries"]
        channels = {row["name"]: row for row in inquiries["channels"]}
        self.assertEqual((channels["Phone"]["received"], channels["Phone"]["on_time"]), (1, 1))
        self.assertEqual(
            (channels["E-mail"]["received"], channels["E-mail"]["answered"], channels["E-mail"]["on_time"]), (2, 1, 0)
        )
        self.assertAlmostEqual(channels["E-mail"]["response_hours"], 9.5)
        self.assertEqual(inquiries["total"]["received"], 3)
        self.assertAlmostEqual(inquiries["total"]["on_time_rate"], 50.0)

    def test_complaints_and_revisits(self):
        data = self._data()
        complaints = data["complaints"]
        self.assertEqual((complaints["received"], complaints["closed"], complaints["open_at_end"]), (2, 1, 1))
        self.assertAlmostEqual(complaints["response_hours"], 4.0, msg="averaged over the answered complaint only")
        self.assertAlmostEqual(complaints["close_days"], 8.0)
        self.assertAlmostEqual(complaints["satisfaction"], 4.0)
        self.assertEqual(complaints["categories"], [{"name": "Quality (monthly test)", "count": 2}])
        revisits = data["revisits"]
        self.assertEqual((revisits["due"], revisits["done"], revisits["on_time"]), (2, 1, 1))
        self.assertAlmostEqual(revisits["on_time_rate"], 100.0)
        self.assertAlmostEqual(revisits["satisfaction"], 5.0)
        april = self._data(month=date(2026, 4, 1))
        self.assertEqual((april["complaints"]["received"], april["complaints"]["open_at_end"]), (0, 1))
        self.assertIsNone(april["complaints"]["response_hours"], "nothing answered: no figure, not 0")

    def test_workload_per_specialist(self):
        """The staff KPIs (cs.staff.kpi) of the month, one row per specialist."""
        workload = {row["name"]: row for row in self._data()["workload"]}
        mine = workload["Specialist"]
        self.assertEqual(
            (
                mine["complaints_received"],
                mine["complaints_handled"],
                mine["revisits_done"],
                mine["inquiries_answered"],
            ),
            (1, 1, 1, 2),
        )
        self.assertAlmostEqual(mine["inquiry_response_avg"], 5.0)
        self.assertAlmostEqual(mine["revisit_on_time_rate"], 100.0)
        self.assertEqual(workload["Backup"]["complaints_received"], 1)

    def test_on_time_delivery(self):
        """Lines promised in the month and not delivered count as late (the delivery capability's OTIF)."""
        self.company.cs_delivery_enabled = True
        goods = self.env["product.product"].create({"name": "Caliper (monthly)", "type": "consu"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.other_customer.id,
                "order_line": [Command.create({"product_id": goods.id, "product_uom_qty": 4})],
            }
        )
        order.action_confirm()
        order.cs_promised_date = date(2026, 3, 10)
        otif = self._data()["otif"]
        self.assertEqual((otif["total"]["nbr"], otif["total"]["qty_ordered"]), (1, 4.0))
        self.assertEqual(otif["total"]["otif_rate"], 0.0)
        self.assertIsNone(otif["total"]["on_time_rate"], "nothing delivered: no on-time figure")
        self.assertEqual([row["name"] for row in otif["customers"]], ["Nordwerk Automotive"])
        self.assertEqual(self._data(month=date(2026, 4, 1))["otif"]["total"]["nbr"], 0)

    def test_switched_off_sections_left_out(self):
        self.company.cs_inquiry_enabled = False
        self.assertIsNone(self._data()["inquiries"])

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_specialist_refused(self):
        """A specialist gets none of the team's figures, whatever way it asks."""
        Report = self.env["cs.monthly.report"].with_user(self.specialist)
        with self.assertRaises(AccessError):
            Report.create({"company_id": self.company.id, "month": "3", "year": 2026})
        with self.assertRaises(AccessError):
            Report._cs_monthly_data(self.company, MARCH)
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.specialist).action_export_xlsx()
        with self.assertRaises(AccessError):
            self.env["cs.monthly.report.sent"].with_user(self.specialist).search([])

    def test_other_company_refused(self):
        other = self.env["res.company"].create({"name": "CS Monthly Other Co"})
        outsider = new_test_user(
            self.env,
            "cs_monthly_outsider",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaises(AccessError):
            self._data(user=outsider)

    # ------------------------------------------------------------------
    # Outputs
    # ------------------------------------------------------------------
    def test_xlsx(self):
        wizard = self._wizard()
        action = wizard.action_export_xlsx()
        self.assertIn(f"/sales_cs_desk/xlsx/cs.monthly.report/monthly?ids={wizard.id}", action["url"])
        filename, content = wizard._cs_xlsx_monthly()
        self.assertTrue(filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames, ["Customers", "Regions", "Cycle time", "Complaints", "Revisits", "Inquiries", "Workload"]
        )
        customers = [row for row in book["Customers"].iter_rows(min_row=4, values_only=True) if row[0]]
        self.assertEqual(customers[0], ("Nordwerk Automotive", "Germany", 1, 2000))
        self.assertEqual(customers[1], ("Huitong Auto Parts", self.china_shanghai, 2, 1500))
        self.assertEqual(customers[2][0], "Total")
        workload = {row[0]: row for row in book["Workload"].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(workload["Specialist"][5], 1, "revisits done")
        self.assertEqual(workload["Specialist"][7], 2, "inquiries answered")
        cycle = {row[0]: row for row in book["Cycle time"].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(cycle["Received → released"][1], 3)
        self.assertAlmostEqual(cycle["Received → closed (whole cycle)"][2], 7.0)

    def test_pdf(self):
        wizard = self._wizard()
        self.assertEqual(wizard.action_print_pdf()["report_name"], "sales_cs_desk.cs_monthly_report_document")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.supervisor)
            ._render_qweb_html("sales_cs_desk.cs_monthly_report_pdf", wizard.ids)
        )
        html = html.decode()
        for text in (
            "CS Monthly Report",
            "March 2026",
            "Huitong Auto Parts",
            self.china_shanghai,
            "Received → released",
        ):
            self.assertIn(text, html)

    # ------------------------------------------------------------------
    # The monthly e-mail
    # ------------------------------------------------------------------
    def _monthly_mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "cs.monthly.report"), ("subject", "ilike", self.company.name)]
        )

    def test_cron_sends_once_per_supervisor_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        # the module's Chinese texts, as a database with Chinese installed has them
        self.env["ir.module.module"]._load_module_terms(["sales_cs_desk"], ["zh_CN"])
        chinese = new_test_user(
            self.env,
            "cs_monthly_zh",
            groups="sales_cs_desk.group_cs_supervisor",
            name="王主管",
            email="wang@cs-monthly.example.com",
            lang="zh_CN",
        )
        with freeze_time("2026-04-01 06:00:00"):
            self.env["cs.monthly.report"]._cron_cs_monthly_report()
        mails = self._monthly_mails()
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertEqual(set(by_partner), {self.supervisor.partner_id, chinese.partner_id})
        self.assertNotIn(self.specialist.partner_id, mails.recipient_ids, "specialists get no team report")
        english, zh = by_partner[self.supervisor.partner_id], by_partner[chinese.partner_id]
        self.assertIn("March 2026", english.subject)
        self.assertIn("2026年3月", zh.subject, "the month in the recipient's language")
        self.assertIn("2026年3月", zh.body_html)
        for mail, name in ((english, "CS monthly report 2026-03"), (zh, "客服月度报表 2026-03")):
            self.assertEqual(sorted(mail.attachment_ids.mapped("name")), [f"{name}.pdf", f"{name}.xlsx"])
        xlsx = zh.attachment_ids.filtered(lambda a: a.name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx.datas)))
        self.assertIn("2026年3月", book.worksheets[0]["A1"].value, "the workbook rendered in the recipient's language")
        sent = self.env["cs.monthly.report.sent"].search([("company_id", "=", self.company.id)])
        self.assertEqual((sent.date_from, sent.recipient_ids), (MARCH, self.supervisor | chinese))
        # a second run (a retry, a late run on the 2nd) sends nothing more
        with freeze_time("2026-04-02 06:00:00"):
            self.env["cs.monthly.report"]._cron_cs_monthly_report()
        self.assertEqual(self._monthly_mails(), mails)

    def test_cron_one_recipient_failing_does_not_stop_the_others(self):
        other = new_test_user(
            self.env,
            "cs_monthly_other_sup",
            groups="sales_cs_desk.group_cs_supervisor",
            email="other@cs-monthly.example.com",
        )
        Report = self.env.registry["cs.monthly.report"]
        original = Report._cs_send_monthly_report

        def send(report, company, date_from, user):
            if user == other:
                # as if the recipient had lost the right meanwhile: a real refusal of the ORM
                report.env["cs.monthly.report.sent"].with_user(self.specialist).search([])
            return original(report, company, date_from, user)

        self.patch(Report, "_cs_send_monthly_report", send)
        with (
            freeze_time("2026-04-01 06:00:00"),
            self.assertLogs("odoo.addons.sales_cs_desk.models.monthly", level="WARNING"),
        ):
            self.env["cs.monthly.report"]._cron_cs_monthly_report()
        self.assertEqual(self._monthly_mails().recipient_ids, self.supervisor.partner_id)
        sent = self.env["cs.monthly.report.sent"].search([("company_id", "=", self.company.id)])
        self.assertEqual(sent.recipient_ids, self.supervisor)

    def test_cron_switched_off(self):
        self.company.cs_monthly_report_enabled = False
        with freeze_time("2026-04-01 06:00:00"):
            self.env["cs.monthly.report"]._cron_cs_monthly_report()
        self.assertFalse(self._monthly_mails())
        self.assertFalse(self.env["cs.monthly.report.sent"].search([("company_id", "=", self.company.id)]))

    def test_cron_renders_with_the_recipients_rights(self):
        """Each supervisor's report is built as that supervisor: a supervisor of another company only gets theirs."""
        sent = []
        Report = self.env.registry["cs.monthly.report"]
        original = Report._cs_monthly_data

        def spy(report, company, date_from):
            sent.append((report.env.uid, report.env.su, company))
            return original(report, company, date_from)

        self.patch(Report, "_cs_monthly_data", spy)
        with freeze_time("2026-04-01 06:00:00"):
            self.env["cs.monthly.report"]._cron_cs_monthly_report()
        mine = [entry for entry in sent if entry[2] == self.company]
        self.assertTrue(mine)
        self.assertEqual({(uid, su) for uid, su, _company in mine}, {(self.supervisor.id, False)})


@tagged("post_install", "-at_install")
class TestMonthlyReportPdf(CsDeskCase, HttpCase):
    """A real PDF (wkhtmltopdf fetches the report's assets from the test server, hence an HttpCase)."""

    def test_pdf_smoke(self):
        self.company.cs_monthly_report_enabled = True
        wizard = (
            self.env["cs.monthly.report"]
            .with_user(self.supervisor)
            .create({"company_id": self.company.id, "month": "3", "year": 2026})
        )
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.supervisor)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sales_cs_desk.cs_monthly_report_pdf", wizard.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
