from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from .common_delivery import CsDeliveryCase


@tagged("post_install", "-at_install")
class TestDeliveryShipPlan(CsDeliveryCase):
    def _at(self, day, hour):
        return datetime.combine(day, time(hour))

    def test_latest_ship_date_counts_transit_and_window(self):
        """Promised Wednesday, 2 days in transit: ship by Monday; Odoo's own schedule (Wednesday) is flagged."""
        order = self._order(self.monday + timedelta(days=2))
        picking = order.picking_ids
        self.assertEqual(order.cs_promised_date, self.monday + timedelta(days=2))
        self.assertEqual(picking.cs_requested_date, self.monday + timedelta(days=2))
        self.assertEqual(picking.cs_transit_days, 2)
        self.assertEqual(picking.cs_ship_by, self.monday)
        self.assertEqual(picking.cs_plan_issue, "late_ship")
        self.assertIn(str(self.monday), picking.cs_plan_reason)
        picking.scheduled_date = self._at(self.monday, 2)
        self.assertFalse(picking.cs_plan_issue)

    def test_window_and_calendar_move_the_ship_date_back(self):
        # promised on Sunday: the customer receives Friday at the latest, so ship Wednesday
        sunday = self._order(self.monday + timedelta(days=6)).picking_ids
        self.assertEqual(sunday.cs_latest_arrival, self.monday + timedelta(days=4))
        self.assertEqual(sunday.cs_ship_by, self.monday + timedelta(days=2))
        # promised Tuesday: shipping on Sunday would do, but the warehouse works Friday last
        tuesday = self._order(self.monday + timedelta(days=1)).picking_ids
        self.assertEqual(tuesday.cs_ship_by, self.monday - timedelta(days=3))

    def test_receiving_hours_and_closed_warehouse_are_reasons(self):
        thursday = self._order(self.monday + timedelta(days=3)).picking_ids
        self.assertEqual(thursday.cs_ship_by, self.monday + timedelta(days=1))
        thursday.scheduled_date = self._at(self.monday + timedelta(days=1), 10)
        self.assertFalse(thursday.cs_plan_issue)
        # leaves Tuesday evening: reaches the customer Thursday after 17:00, received Friday — too late
        thursday.scheduled_date = self._at(self.monday + timedelta(days=1), 19)
        self.assertEqual(thursday.cs_plan_issue, "receiving_closed")
        # in time, but on a Sunday the warehouse does not work
        later = self._order(self.monday + timedelta(days=9)).picking_ids
        later.scheduled_date = self._at(self.monday + timedelta(days=6), 10)
        self.assertEqual(later.cs_plan_issue, "warehouse_closed")
        self.assertTrue(later.cs_plan_reason)

    def test_transit_days_item_then_customer_then_carrier(self):
        order = self._order(self.monday + timedelta(days=9))
        picking = order.picking_ids
        self.assertEqual(picking.cs_transit_days, 2)
        item = self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id, "company_id": self.company.id}
        )
        item.transit_days = 5
        self.assertEqual(picking.cs_transit_days, 5)
        self.assertEqual(picking.cs_ship_by, self.monday + timedelta(days=4))
        item.transit_days = 0
        self.customer.cs_transit_days = 0
        picking.carrier_id = self.carrier
        self.assertEqual(picking.cs_transit_days, 4)
        picking.carrier_id = False
        self.assertEqual(picking.cs_transit_days, 1, "the company default")

    def test_switch_off_leaves_deliveries_alone(self):
        self.company.cs_delivery_enabled = False
        order = self._order(self.monday + timedelta(days=2))
        self.assertFalse(order.picking_ids.cs_ship_by)
        self.assertFalse(order.picking_ids.cs_plan_issue)
        self.assertFalse(order.cs_promised_date, "the promise is not frozen by a switched-off desk")

    def test_late_to_ship_as_the_warehouse_sees_it(self):
        """Promised tomorrow with 2 days in transit: the ship date has passed; a stock user finds it."""
        late = self._order(self._today() + timedelta(days=1)).picking_ids
        self.assertLess(late.cs_ship_by, self._today())
        Picking = self.env["stock.picking"].with_user(self.stock_user)
        late_to_ship = [("cs_ship_by", "<", self._today()), ("state", "not in", ("done", "cancel"))]
        self.assertIn(late, Picking.search(late_to_ship))
        self.assertEqual(Picking.browse(late.id).cs_plan_issue, "late_ship")

    def test_ship_plan_queries_do_not_grow_with_deliveries(self):
        orders = [self._order(self.monday + timedelta(days=2 + i % 5), confirm=True) for i in range(12)]
        pickings = self.env["stock.picking"].browse([o.picking_ids.id for o in orders])

        def count(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._cs_refresh_ship_plan()
            return self.env.cr.sql_log_count - before

        count(pickings[:3])  # warm-up
        few, many = count(pickings[:3]), count(pickings)
        self.assertEqual(few, many)

    def test_feasible_date_and_ship_plan_count_the_same_transit(self):
        """The review's feasible date counts the transit days the delivery is then planned with.

        One rule (customer item › customer › carrier › company default) for the quotation, before any
        delivery exists, and for its delivery once confirmed.
        """
        item = self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id, "company_id": self.company.id}
        )

        def setup_item(days):
            item.transit_days = days

        def setup_customer(days):
            item.transit_days = 0
            self.customer.cs_transit_days = days

        def setup_carrier(days):
            self.customer.cs_transit_days = 0

        cases = [
            (setup_item, 5, False),
            (setup_customer, 3, False),
            (setup_carrier, 4, True),
            (setup_carrier, 1, False),
        ]
        for setup, expected, with_carrier in cases:
            setup(expected)
            order = self._order(self.monday + timedelta(days=9), confirm=False)
            if with_carrier:
                order.carrier_id = self.carrier
            today = fields.Date.context_today(order)
            # in stock, no customer lead time: the feasible date is today plus the transit days
            self.assertEqual(order.cs_proposed_date, today + timedelta(days=expected))
            order.action_confirm()
            self.assertEqual(order.picking_ids.cs_transit_days, expected)
            order.invalidate_recordset(["cs_proposed_date"])
            self.assertEqual(order.cs_proposed_date, today + timedelta(days=expected), "the delivery's own")
