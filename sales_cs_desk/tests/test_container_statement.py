from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_container import ContainerCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20 09:00:00")
class TestContainerStatement(ContainerCase):
    """L6 (5): the statement (对账单) per customer and period, confirmation and lock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        location = cls.env["stock.location"]._cs_container_location(cls.customer, cls.company)

        def issue(qty, when):
            return {
                "partner": cls.customer,
                "company": cls.company,
                "product": cls.tote,
                "qty": qty,
                "kind": "issue",
                "date": when,
                "location": cls.stock,
                "location_dest": location,
                "reference": f"WH/OUT/{when:%m%d}",
            }

        Move = cls.env["stock.move"]
        Move._cs_container_post([issue(5, datetime(2026, 9, 10, 8))])
        cls.env["cs.container.receive"].create(
            {"partner_id": cls.customer.id, "product_id": cls.tote.id, "quantity": 2, "date": datetime(2026, 10, 5, 8)}
        ).action_confirm()
        Move._cs_container_post([issue(3, datetime(2026, 10, 20, 8))])
        cls.env["cs.container.writeoff"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.tote.id,
                "quantity": 1,
                "kind": "lost",
                "date": datetime(2026, 10, 25, 8),
            }
        ).action_confirm()
        Move._cs_container_post([issue(4, datetime(2026, 11, 3, 8))])
        cls.statement = cls.env["cs.container.statement"].create(
            {"partner_id": cls.customer.id, "date_from": "2026-10-01", "date_to": "2026-10-31"}
        )

    def test_statement_figures(self):
        data = self.statement._cs_statement_data()
        self.assertEqual(data["opening"], {self.tote: 5})
        self.assertEqual(data["closing"], {self.tote: 5})
        self.assertEqual(
            [(line["issued"], line["returned"], line["written_off"], line["balance"]) for line in data["lines"]],
            [(0, 2, 0, 3), (3, 0, 0, 6), (0, 0, 1, 5)],
        )
        self.assertTrue(data["lines"][0]["reference"].startswith("CRT/"))
        self.assertEqual(data["lines"][1]["reference"], "WH/OUT/1020")
        self.assertEqual((self.statement.opening_balance, self.statement.closing_balance), (5, 5))
        self.assertTrue(self.statement.name.startswith("CST/"))

    def test_statement_pdf(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.cs_container_statement_report", self.statement.ids)[0]
            .decode()
        )
        for text in (self.statement.name, "Huitong Auto Parts", "Opening balance", "WH/OUT/1020", "Tote T1"):
            self.assertIn(text, html)
        self.assertNotIn("WH/OUT/0910", html, "movements before the period are in the opening balance")
        self.assertNotIn("WH/OUT/1103", html, "movements after the period are not listed")

    def test_print_from_customer_and_in_batch(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.customer.action_cs_container_statement()
        self.assertEqual(action["res_model"], "cs.container.statement.wizard")
        wizard = Form(
            self.env["cs.container.statement.wizard"].with_context(
                active_model="res.partner", active_ids=(self.customer | self.other_customer).ids
            )
        ).save()
        self.assertEqual(wizard.date_from.isoformat(), "2026-10-01")
        self.assertEqual(wizard.date_to.isoformat(), "2026-10-31")
        report = wizard.action_issue()
        self.assertEqual(report["report_name"], "sales_cs_desk.report_cs_container_statement")
        statements = self.env["cs.container.statement"].browse(report["context"]["active_ids"])
        self.assertEqual(statements.partner_id, self.customer | self.other_customer)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.cs_container_statement_report", statements.ids)[0]
            .decode()
        )
        self.assertIn("No container movements in this period", html)

    def test_confirm_locks_the_period(self):
        with self.assertRaisesRegex(UserError, "who at the customer"):
            self.statement.action_confirm()
        self.statement.confirmed_by = "Ms Li (warehouse)"
        # confirming locks the customer's movements: supervisor-only (issue 9)
        self.statement.with_user(self.supervisor).action_confirm()
        self.assertEqual(self.statement.state, "confirmed")
        self.assertEqual(self.statement.confirmed_user_id, self.supervisor)
        self.assertEqual(self.statement.confirmed_date.isoformat(), "2026-11-20")
        self.assertEqual(self.customer.cs_container_lock_date.isoformat(), "2026-10-31")
        with self.assertRaisesRegex(UserError, "locked"):
            self._receive(1, date=datetime(2026, 10, 30, 10))
        with self.assertRaisesRegex(UserError, "locked"):
            self.env["cs.container.writeoff"].create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.tote.id,
                    "quantity": 1,
                    "kind": "damaged",
                    "date": datetime(2026, 10, 1, 10),
                }
            ).action_confirm()
        self._receive(1, date=datetime(2026, 11, 1, 10))
        self.assertEqual(self._held(), 8)

    def test_dispute(self):
        with self.assertRaisesRegex(UserError, "describe"):
            self.statement.action_dispute()
        self.statement.dispute_reason = "We returned 3 totes on 5 October, not 2."
        self.statement.action_dispute()
        self.assertEqual(self.statement.state, "disputed")
        self.assertFalse(self.customer.cs_container_lock_date, "a disputed statement locks nothing")
        self.statement.action_reset_draft()
        self.assertEqual(self.statement.state, "draft")

    def test_future_period_cannot_be_confirmed(self):
        statement = self.env["cs.container.statement"].create(
            {"partner_id": self.customer.id, "date_from": "2026-11-01", "date_to": "2026-11-30", "confirmed_by": "X"}
        )
        with self.assertRaisesRegex(UserError, "not over yet"):
            statement.action_confirm()

    def test_access_per_role(self):
        other = self.env["cs.container.statement"].create(
            {"partner_id": self.other_customer.id, "date_from": "2026-10-01", "date_to": "2026-10-31"}
        )
        Statement = self.env["cs.container.statement"]
        self.assertEqual(Statement.with_user(self.specialist).search([]), self.statement)
        with self.assertRaises(AccessError):
            other.with_user(self.specialist).read(["name"])
        self.assertEqual(Statement.with_user(self.supervisor).search([]), self.statement | other)
        with self.assertRaises(AccessError):
            Statement.with_user(self.salesman).search([])
