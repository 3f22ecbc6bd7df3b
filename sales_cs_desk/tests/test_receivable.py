"""Receivables and credit (C5): the SQL report over posted journal items, who
reads it, and the daily job that raises newly overdue customers."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestReceivable(CsDeskCase):
    cs_chart_template = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"cs_receivables_enabled": True, "cs_overdue_alert_days": 30, "account_use_credit_limit": True}
        )
        cls.customer.with_company(cls.company).credit_limit = 4000.0
        cls.invoicing = new_test_user(cls.env, "cs_test_invoicing", groups="account.group_account_invoice")
        cls.product = cls.env["product.product"].create({"name": "Bracket 7731", "list_price": 1.0, "taxes_id": False})
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        # due 10, 45, 100 days ago and in 10 days; invoiced today (this year's sales)
        cls.inv_10 = cls._invoice(cls.customer, 1000.0, -10)
        cls.inv_45 = cls._invoice(cls.customer, 500.0, -45)
        cls.inv_100 = cls._invoice(cls.customer, 200.0, -100)
        cls.inv_future = cls._invoice(cls.customer, 300.0, 10)
        cls.activity_type = cls.env.ref("sales_cs_desk.mail_activity_type_cs_overdue")

    @classmethod
    def _invoice(cls, partner, amount, due_in_days, company=None, move_type="out_invoice"):
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": cls.today,
                    "invoice_date_due": cls.today + timedelta(days=due_in_days),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": False}
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _pay(self, invoices):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoices.ids).create(
            {}
        )._create_payments()

    def _row(self, user=None, partner=None):
        Report = self.env["cs.receivable.report"].with_user(user or self.supervisor)
        return Report.search([("cs_customer_id", "=", (partner or self.customer).id)])

    # ------------------------------------------------------------------
    # The figures
    # ------------------------------------------------------------------
    def test_figures_by_bucket_and_credit_usage(self):
        row = self._row()
        self.assertEqual(len(row), 1, "one row per customer and company")
        self.assertEqual(row.company_id, self.company)
        self.assertEqual(row.cs_user_id, self.specialist)
        self.assertAlmostEqual(row.sales_ytd, 2000.0)
        self.assertAlmostEqual(row.open_amount, 2000.0)
        self.assertAlmostEqual(row.overdue_amount, 1700.0)
        self.assertAlmostEqual(row.overdue_1_30, 1000.0)
        self.assertAlmostEqual(row.overdue_31_60, 500.0)
        self.assertAlmostEqual(row.overdue_61_90, 0.0)
        self.assertAlmostEqual(row.overdue_90_plus, 200.0)
        self.assertEqual(row.oldest_overdue_days, 100)
        self.assertAlmostEqual(row.credit_limit, 4000.0)
        self.assertAlmostEqual(row.credit_usage, 50.0)

    def test_payments_and_credit_notes_reduce_the_figures(self):
        self._pay(self.inv_100)
        refund = self._invoice(self.customer, 150.0, 0, move_type="out_refund")
        row = self._row()
        self.assertAlmostEqual(row.overdue_90_plus, 0.0)
        self.assertAlmostEqual(row.open_amount, 1800.0 - 150.0, msg="an unapplied credit note is deducted")
        self.assertAlmostEqual(row.sales_ytd, 2000.0 - 150.0)
        self.assertAlmostEqual(row.overdue_amount, 1500.0, msg="a credit note is not overdue")
        self.assertTrue(refund)

    def test_unapplied_payment_sits_in_the_bucket_of_its_date(self):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 500.0,
                "date": self.today - timedelta(days=40),
            }
        )
        payment.action_post()
        row = self._row()
        self.assertAlmostEqual(row.open_amount, 1500.0)
        self.assertAlmostEqual(row.overdue_31_60, 0.0, msg="paid, not matched yet: not owed")
        self.assertAlmostEqual(row.overdue_amount, 1200.0)
        self.assertEqual(row.oldest_overdue_days, 100)

    def test_contacts_count_for_their_company(self):
        contact = self.env["res.partner"].create({"name": "Li Wei", "parent_id": self.customer.id})
        self._invoice(contact, 100.0, -5)
        self.assertAlmostEqual(self._row().overdue_1_30, 1100.0)
        self.assertFalse(self._row(partner=contact))

    # ------------------------------------------------------------------
    # Who reads them
    # ------------------------------------------------------------------
    def test_readers(self):
        self.assertTrue(self._row(self.specialist), "the customer's specialist")
        self.assertTrue(self._row(self.invoicing), "invoicing users")
        self.assertFalse(self._row(self.specialist, self.other_customer))
        self._invoice(self.other_customer, 50.0, -5)
        self.assertFalse(self._row(self.specialist, self.other_customer), "not another specialist's customer")
        self.assertTrue(self._row(self.backup, self.other_customer))
        with self.assertRaises(AccessError):
            self.env["cs.receivable.report"].with_user(self.salesman).search([])
        # on the customer's CS tab: the same rows, the same rules (read as RPC does, each with a fresh cache)
        row = self._row()
        self.env.invalidate_all()
        self.assertEqual(
            self.customer.with_user(self.specialist).read(["cs_receivable_ids"])[0]["cs_receivable_ids"], row.ids
        )
        self.env.invalidate_all()
        self.assertEqual(self.customer.with_user(self.backup).read(["cs_receivable_ids"])[0]["cs_receivable_ids"], [])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).read(["cs_receivable_ids"])

    def test_quotation_opens_with_credit_limits_on(self):
        """Odoo's credit banner reads an accounting field: CS and salespeople still open their quotations."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 3000})],
            }
        )
        for user in (self.specialist, self.salesman):
            self.env.invalidate_all()
            warning = order.with_user(user).read(["partner_credit_warning"])[0]["partner_credit_warning"]
            self.assertIn(self.customer.name, warning, "the banner says the customer is over its limit")
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                self.customer.with_user(user).read(["credit_limit"])

    def test_other_company(self):
        other = self.env["res.company"].create({"name": "CS Receivables Co B"})
        self.env["account.chart.template"].try_loading("generic_coa", company=other, install_demo=False)
        self._invoice(self.customer, 700.0, -40, company=other)
        rows = self.env["cs.receivable.report"].search([("cs_customer_id", "=", self.customer.id)])
        self.assertEqual(rows.company_id, self.company | other)
        self.assertAlmostEqual(rows.filtered(lambda r: r.company_id == other).overdue_31_60, 700.0)
        self.assertEqual(self._row().company_id, self.company, "the supervisor of company A sees A only")
        outsider = new_test_user(
            self.env,
            "cs_rec_outsider",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertEqual(self._row(outsider).company_id, other)

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    def _activities(self, partner=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (partner or self.customer).id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_job_raises_once_and_closes_when_paid(self):
        Partner = self.env["res.partner"]
        Partner._cron_cs_receivables_overdue()
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertIn("700", activity.note, "overdue beyond 30 days: 500 + 200")
        self.assertFalse(self._activities(self.other_customer))
        Partner._cron_cs_receivables_overdue()
        self.assertEqual(self._activities(), activity, "idempotent: a second run changes nothing")
        activity.action_feedback(feedback="Called the buyer")
        Partner._cron_cs_receivables_overdue()
        self.assertFalse(self._activities(), "marked done: not raised again while still overdue")
        self._pay(self.inv_45 | self.inv_100)
        Partner._cron_cs_receivables_overdue()
        self.assertFalse(self.customer.cs_overdue_alerted, "paid: a later overdue is a new situation")
        self._invoice(self.customer, 80.0, -60)
        Partner._cron_cs_receivables_overdue()
        self.assertEqual(len(self._activities()), 1)

    def test_job_closes_the_open_activity_when_paid(self):
        Partner = self.env["res.partner"]
        Partner._cron_cs_receivables_overdue()
        activity = self._activities()
        self._pay(self.inv_45 | self.inv_100)
        Partner._cron_cs_receivables_overdue()
        self.assertFalse(activity.exists(), "done with the job's feedback")
        done = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("mail_activity_type_id", "=", self.activity_type.id),
            ]
        )
        self.assertTrue(done)

    def test_job_respects_the_threshold_and_the_switch(self):
        Partner = self.env["res.partner"]
        self.company.cs_overdue_alert_amount = 1000.0
        Partner._cron_cs_receivables_overdue()
        self.assertFalse(self._activities(), "700 overdue beyond 30 days is below the amount")
        self.company.write({"cs_overdue_alert_amount": 0.0, "cs_receivables_enabled": False})
        Partner._cron_cs_receivables_overdue()
        self.assertFalse(self._activities(), "switched off: nothing")

    def test_job_works_in_batches(self):
        more = self.env["res.partner"].create(
            [{"name": f"Batch customer {i}", "is_company": True, "customer_rank": 1} for i in range(3)]
        )
        for partner in more:
            self._invoice(partner, 100.0, -40)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._cron_cs_receivables_overdue(batch_size=2), 2)
        self.assertEqual(Partner._cron_cs_receivables_overdue(batch_size=2), 2)
        self.assertEqual(Partner._cron_cs_receivables_overdue(batch_size=2), 0)
        self.assertTrue(all(len(self._activities(p)) == 1 for p in more | self.customer))

    def test_menu_and_tab_follow_the_switch(self):
        def menu_ids():
            menus = self.env["ir.ui.menu"].with_user(self.supervisor).load_menus(False).values()
            return {menu["id"] for menu in menus if "id" in menu}

        menu = self.env.ref("sales_cs_desk.cs_receivable_report_menu")
        self.assertIn(menu.id, menu_ids())
        self.assertTrue(self.customer.with_user(self.specialist).cs_receivables_enabled)
        self.company.cs_receivables_enabled = False
        self.assertNotIn(menu.id, menu_ids(), "receivables off: the desk list is hidden")
        self.env.invalidate_all()
        self.assertFalse(self.customer.with_user(self.specialist).cs_receivables_enabled, "and the CS tab's figures")

    def test_overdue_mark_is_guarded(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.supervisor).write({"cs_overdue_alerted": True})
