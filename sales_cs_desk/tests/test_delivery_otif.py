from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_delivery import CsDeliveryCase


@tagged("post_install", "-at_install")
class TestDeliveryOtif(CsDeliveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls._today()
        cls.due = today - timedelta(days=10)
        # 10 ordered, shipped in time, arrived on the promised day
        cls.on_time = cls._order(cls.due, qty=10.0)
        cls.on_time_picking = cls._ship(cls.on_time, shipped=cls.due - timedelta(days=3))
        cls.on_time_picking._cs_set_arrival(cls.due, "desk")
        # 30 ordered, 20 shipped late (ETA = ship date + 2 days, after the promise)
        cls.late = cls._order(cls.due, qty=30.0)
        cls.late_picking = cls._ship(cls.late, qty=20.0, shipped=cls.due - timedelta(days=1))

    def _rates(self, user=None, domain=None):
        Report = self.env["cs.delivery.otif.report"]
        if user:
            Report = Report.with_user(user)
        return Report._read_group(
            [("cs_customer_id", "=", self.customer.id), *(domain or [])],
            [],
            ["otif_rate:avg", "on_time_rate:avg", "in_full_rate:avg", "qty_ordered:sum", "__count"],
        )[0]

    def test_promise_is_frozen_at_confirmation(self):
        self.assertEqual(self.late.cs_promised_date, self.due)
        self.late.commitment_date = self.late.commitment_date + timedelta(days=5)
        self.assertEqual(self.late.cs_promised_date, self.due, "a delivery date moved by hand keeps the promise")
        with self.assertRaises(UserError):
            self.late.with_user(self.salesman).sudo(False).write({"cs_promised_date": self.due + timedelta(days=5)})

    def test_eta_and_lateness(self):
        self.assertEqual(self.late_picking.cs_eta, self.due + timedelta(days=1))
        self.assertEqual(self.late_picking.cs_tracking_state, "in_transit")
        self.assertTrue(self.late_picking.cs_arrival_late)
        self.assertEqual(self.on_time_picking.cs_tracking_state, "arrived")
        self.assertFalse(self.on_time_picking.cs_arrival_late)

    def test_rates_are_weighted_by_quantity(self):
        otif, on_time, in_full, ordered, count = self._rates()
        self.assertEqual(count, 2)
        self.assertEqual(ordered, 40.0)
        self.assertAlmostEqual(otif, 25.0)  # 10 of 40 on time and in full
        self.assertAlmostEqual(in_full, 75.0)  # 30 of 40 delivered
        self.assertAlmostEqual(on_time, 100.0 * 10 / 30)  # 10 of the 30 delivered arrived in time
        lines = self.env["cs.delivery.otif.report"].search([("order_id", "=", self.late.id)])
        self.assertEqual((lines.is_on_time, lines.is_in_full, lines.is_otif), (False, False, False))
        self.assertEqual(lines.arrival_date, self.due + timedelta(days=1), "the ETA while not arrived")

    def test_tracking_table_printed_and_exported(self):
        pickings = (self.on_time_picking | self.late_picking).with_user(self.specialist)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.cs_delivery_tracking_report", pickings.ids)[0]
            .decode()
        )
        self.assertIn(self.late_picking.name, html)
        self.assertIn(self.customer.name, html)
        name, data = pickings._cs_xlsx_tracking()
        self.assertTrue(name.endswith(".xlsx"))
        self.assertEqual(data[:2], b"PK")

    def test_arrival_recorded_by_the_desk_only(self):
        with self.assertRaises(AccessError):
            self.late_picking.with_user(self.stock_user).write({"cs_arrival_date": self.due})
        with self.assertRaises(AccessError):
            self.late_picking.with_user(self.stock_user).action_cs_record_arrival()
        with self.assertRaises(UserError):
            self.late_picking.with_user(self.specialist).action_cs_record_arrival(self.due - timedelta(days=5))
        self.late_picking.with_user(self.specialist).action_cs_record_arrival(self.due - timedelta(days=1))
        self.assertEqual(self.late_picking.cs_arrival_source, "desk")
        otif, on_time, *_rest = self._rates()
        self.assertAlmostEqual(on_time, 100.0, msg="arrived before the promise after all")
        self.assertAlmostEqual(otif, 75.0)

    def test_specialist_reads_own_customers_only(self):
        other = self._order(self.due, qty=5.0, customer=self.other_customer)
        self._ship(other, shipped=self.due - timedelta(days=5))
        Report = self.env["cs.delivery.otif.report"]
        mine = Report.with_user(self.specialist).search([])
        self.assertEqual(set(mine.mapped("cs_customer_id").ids), {self.customer.id})
        self.assertIn(self.other_customer, Report.with_user(self.supervisor).search([]).cs_customer_id)
        with self.assertRaises(AccessError):
            Report.with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            Report.with_user(self.stock_user).search([])

    def test_other_company_sees_nothing(self):
        company2 = self.env["res.company"].create({"name": "Other CS Company"})
        outsider = new_test_user(
            self.env,
            "cs_test_outsider",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=company2.id,
            company_ids=[Command.set(company2.ids)],
        )
        self.assertFalse(self.env["cs.delivery.otif.report"].with_user(outsider).search([]))
        card = self.env["cs.customer.scorecard"].create(
            {"partner_id": self.customer.id, "date_from": self.due.replace(day=1), "date_to": self.due}
        )
        self.assertFalse(self.env["cs.customer.scorecard"].with_user(outsider).search([("id", "=", card.id)]))
