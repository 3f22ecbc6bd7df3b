from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestLogisticsFee(VmiCase):
    cs_chart_template = True  # posts invoices: the test company gets a chart of accounts

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stock = cls.site.lot_stock_id
        cls._move(cls.disc, cls.supplier_location, stock, 500, date(2026, 4, 20))
        cls._move(cls.disc, stock, cls.customer_location, 120, date(2026, 5, 3))
        cls._move(cls.bracket, cls.supplier_location, stock, 100, date(2026, 5, 4))
        cls._move(cls.bracket, stock, cls.customer_location, 80, date(2026, 5, 20))
        cls._move(cls.disc, stock, cls.customer_location, 50, date(2026, 6, 2))
        Fee = cls.env["cs.logistics.fee"]
        cls.fees = Fee.create(
            [
                cls._fee("storage", 600, date(2026, 5, 1), date(2026, 5, 31)),
                cls._fee("handling", 400, date(2026, 5, 1), date(2026, 5, 31)),
                cls._fee("storage", 500, date(2026, 6, 1), date(2026, 6, 30)),
            ]
        )

    @classmethod
    def _fee(cls, fee_type, amount, date_from, date_to, site=None):
        return {
            "warehouse_id": (site or cls.site).id,
            "fee_type": fee_type,
            "amount": amount,
            "date_from": date_from,
            "date_to": date_to,
        }

    def test_provider_from_site_and_bill_link(self):
        with Form(self.env["cs.logistics.fee"].with_user(self.supervisor)) as form:
            form.warehouse_id = self.site
            self.assertEqual(form.provider_id, self.provider)
            form.fee_type = "transport"
            form.date_from = date(2026, 5, 1)
            form.date_to = date(2026, 5, 31)
            form.amount = 250
        fee = form.record
        bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.provider.id, "invoice_date": date(2026, 6, 5)}
        )
        fee.bill_id = bill
        self.assertEqual(fee.amount_company, 250)

    def test_statistics_by_month_site_type(self):
        groups = self.env["cs.logistics.fee"]._read_group(
            [("warehouse_id", "=", self.site.id)], ["date_from:month", "fee_type"], ["amount_company:sum"]
        )
        self.assertEqual(
            {(month.month, fee_type): amount for month, fee_type, amount in groups},
            {(5, "storage"): 600, (5, "handling"): 400, (6, "storage"): 500},
        )

    def test_fee_per_unit_out(self):
        Report = self.env["cs.vmi.fee.report"].with_user(self.supervisor)
        rows = Report.search([("warehouse_id", "=", self.site.id), ("month", "=", date(2026, 5, 1))])
        self.assertEqual(set(rows.mapped("qty_out")), {200}, "120 discs and 80 brackets left the site in May")
        by_type = {row.fee_type: row.fee_per_unit for row in rows}
        self.assertEqual(by_type, {"storage": 3.0, "handling": 2.0})
        per_unit = Report._cs_fee_per_unit([("warehouse_id", "=", self.site.id)])
        self.assertEqual(per_unit[self.site, date(2026, 5, 1)], 5.0, "1,000 of fees for 200 units")
        self.assertEqual(per_unit[self.site, date(2026, 6, 1)], 10.0, "500 for 50 units")

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self.env["cs.logistics.fee"].create(self._fee("other", -5, date(2026, 5, 1), date(2026, 5, 31)))

    def test_access_supervisor_only(self):
        with self.assertRaises(AccessError):
            self.env["cs.logistics.fee"].with_user(self.specialist).search([])
        with self.assertRaises(AccessError):
            self.env["cs.vmi.fee.report"].with_user(self.specialist).search([])
        self.assertEqual(self.env["cs.logistics.fee"].with_user(self.supervisor).search([]), self.fees)

    def test_multi_company(self):
        other_company = self.env["res.company"].create(
            {"name": "CS Desk Europe", "currency_id": self.env.ref("base.EUR").id}
        )
        self.supervisor.company_ids |= other_company
        foreign_site = self._site("Europe VMI", "EUV", self.customer, company=other_company)
        foreign = (
            self.env["cs.logistics.fee"]
            .with_company(other_company)
            .create(self._fee("storage", 90, date(2026, 5, 1), date(2026, 5, 31), site=foreign_site))
        )
        self.assertEqual(foreign.company_id, other_company)
        self.assertEqual(foreign.currency_id, other_company.currency_id)
        model = self.env["cs.logistics.fee"].with_user(self.supervisor)
        self.assertNotIn(foreign, model.with_context(allowed_company_ids=[self.company.id]).search([]))
        self.assertEqual(model.with_context(allowed_company_ids=[other_company.id]).search([]), foreign)
