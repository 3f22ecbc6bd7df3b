from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CsDeskCase

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 10:00:00")
class TestCustomerGrade(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Brake disc", "type": "service", "list_price": 1.0})
        cls.company.write({"cs_grade_a_share": 80.0, "cs_grade_b_share": 15.0, "cs_grade_months": 12})

    def _customer(self, name, company=None):
        return self.env["res.partner"].create(
            {"name": name, "is_company": True, "customer_rank": 1, "company_id": company and company.id}
        )

    def _sell(self, customer, amount, when=datetime(2026, 5, 1), state="sale", company=None, contact=None):
        """A confirmed (or other state) order of ``amount`` untaxed on ``when``."""
        company = company or self.company
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": (contact or customer).id,
                    "company_id": company.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": False,
                            },
                        )
                    ],
                }
            )
        )
        if state == "sale":
            order.action_confirm()
        elif state == "cancel":
            order.action_cancel()
        order.date_order = when
        return order

    def _grade(self, company=None):
        company = company or self.company
        self.env["res.partner"]._cs_compute_grades(company)

    def test_pareto_grades(self):
        """The customers making up the first 80 % are A, the next 15 % B, the rest C."""
        amounts = {"P500": 500, "P300": 300, "P100": 100, "P60": 60, "P40": 40}
        customers = {name: self._customer(name) for name in amounts}
        for name, amount in amounts.items():
            self._sell(customers[name], amount)
        idle = self._customer("No sales yet")
        self._grade()
        grades = {name: c.cs_grade for name, c in customers.items()}
        self.assertEqual(grades, {"P500": "A", "P300": "A", "P100": "B", "P60": "B", "P40": "C"})
        self.assertEqual(idle.cs_grade, "C", "a customer without sales is graded C")
        self.assertEqual(customers["P500"].cs_grade_sales, 500)
        self.assertEqual(customers["P500"].cs_grade_date, TODAY)

    def test_ties_share_a_grade(self):
        """Customers with equal sales get the same grade, even across a cut-off."""
        big = self._customer("Big")
        self._sell(big, 700)
        peers = self._customer("Peer 1") | self._customer("Peer 2") | self._customer("Peer 3")
        for peer in peers:
            self._sell(peer, 100)
        self._grade()
        self.assertEqual(big.cs_grade, "A")
        self.assertEqual(set(peers.mapped("cs_grade")), {"A"})

    def test_only_trailing_confirmed_sales_count(self):
        """Quotations, cancelled and older orders do not count; contacts count for their company."""
        steady, fading = self._customer("Steady"), self._customer("Fading")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": steady.id})
        self._sell(steady, 100, contact=contact)
        self._sell(fading, 100)
        self._sell(fading, 10000, when=datetime(2025, 5, 1))  # 14 months ago
        self._sell(fading, 10000, state="draft")
        self._sell(fading, 10000, state="cancel")
        self._grade()
        self.assertEqual(steady.cs_grade_sales, 100)
        self.assertEqual(fading.cs_grade_sales, 100)
        self.assertEqual(steady.cs_grade, fading.cs_grade)

    def test_customers_without_sales_are_c(self):
        """A customer the desk handles, or one whose orders are all older than the period, is C (not ungraded)."""
        seller = self._customer("Seller")
        self._sell(seller, 1000)
        handled = self.env["res.partner"].create(
            {"name": "Handled, never ordered", "is_company": True, "cs_user_id": self.specialist.id}
        )
        lapsed = self.env["res.partner"].create({"name": "Lapsed", "is_company": True})
        self._sell(lapsed, 500, when=datetime(2024, 5, 1))
        lapsed.customer_rank = 0  # imported history: Odoo's rank was never raised
        self._grade()
        self.assertEqual((handled.cs_grade, handled.cs_grade_sales), ("C", 0))
        self.assertEqual((lapsed.cs_grade, lapsed.cs_grade_sales), ("C", 0))
        self.assertEqual(seller.cs_grade, "A")

    def test_override_sticks(self):
        top, small = self._customer("Top"), self._customer("Small")
        self._sell(top, 960)
        self._sell(small, 40)
        self._grade()
        self.assertEqual((top.cs_grade, small.cs_grade), ("A", "C"))
        with Form(small) as form:
            form.cs_grade_manual = "A"
        self.assertEqual(small.cs_grade, "A")
        self.assertTrue(small.cs_grade_is_manual)
        self._grade()
        self.assertEqual(small.cs_grade, "A", "the daily job keeps the override")
        self.assertEqual(small.cs_grade_auto, "C", "the computed grade stays visible")
        small.cs_grade_manual = False
        self.assertEqual(small.cs_grade, "C", "clearing the override restores the computed grade")
        self.assertFalse(small.cs_grade_is_manual)

    def test_cutoffs_come_from_settings(self):
        first, second = self._customer("First"), self._customer("Second")
        self._sell(first, 600)
        self._sell(second, 400)
        self._grade()
        self.assertEqual(second.cs_grade, "A")
        settings = self.env["res.config.settings"].create({})
        settings.cs_grade_a_share = 50.0
        settings.execute()
        self._grade()
        self.assertEqual((first.cs_grade, second.cs_grade), ("A", "B"))

    def test_invalid_cutoffs_refused(self):
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.company.write({"cs_grade_a_share": 90.0, "cs_grade_b_share": 20.0})
        with self.assertRaises(ValidationError):
            self.company.cs_grade_months = 0

    def test_companies_grade_separately(self):
        """Sales of one company do not grade the customer in another company."""
        other = self.env["res.company"].create({"name": "CS Desk Other Co"})
        shared_a, shared_b = self._customer("Shared A"), self._customer("Shared B")
        private_b = self._customer("Private to Other", company=other)
        self._sell(shared_a, 960)
        self._sell(shared_b, 40)
        self._sell(shared_b, 5000, company=other)
        self._sell(private_b, 100, company=other)
        self._grade()
        self._grade(other)
        self.assertEqual((shared_a.cs_grade, shared_b.cs_grade), ("A", "C"))
        in_other = self.env["res.partner"].with_company(other)
        self.assertEqual(in_other.browse(shared_b.id).cs_grade, "A")
        self.assertEqual(in_other.browse(shared_a.id).cs_grade, "C")
        self.assertEqual(in_other.browse(private_b.id).cs_grade_sales, 100)
        self.assertFalse(private_b.cs_grade, "a customer of another company is not graded here")
        # an override in one company leaves the other alone
        in_other.browse(shared_a.id).cs_grade_manual = "B"
        self.assertEqual(shared_a.cs_grade, "A")

    def test_grades_searchable_and_groupable(self):
        top, small = self._customer("Top"), self._customer("Small")
        self._sell(top, 960)
        self._sell(small, 40)
        self._grade()
        partners = self.env["res.partner"].search([("cs_grade", "=", "A"), ("id", "in", (top | small).ids)])
        self.assertEqual(partners, top)
        groups = dict(self.env["res.partner"]._read_group([("id", "in", (top | small).ids)], ["cs_grade"], ["__count"]))
        self.assertEqual(groups, {"A": 1, "C": 1})

    def test_grading_runs_in_constant_queries(self):
        """The daily job issues the same number of queries for 3 or 30 customers."""
        customers = self.env["res.partner"]
        for i in range(3):
            customers |= self._customer(f"Few {i}")
            self._sell(customers[-1], 10 * (i + 1))
        self.env.flush_all()
        self._grade()  # warm-up
        with self.assertQueryCount(1):
            self._grade()
        for i in range(27):
            customers |= self._customer(f"Many {i}")
            self._sell(customers[-1], 10 * (i + 1))
        self.env.flush_all()
        with self.assertQueryCount(1):
            self._grade()
        self.assertEqual(customers[-1].cs_grade, "A")
