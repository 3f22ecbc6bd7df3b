from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common_container import ContainerCase


@tagged("post_install", "-at_install")
class TestContainerForecast(ContainerCase):
    """L6 (6): containers needed by coming deliveries against containers available."""

    def _need(self):
        self.env.flush_all()
        self.env["cs.container.need"].invalidate_model()
        return self.env["cs.container.need"].search([("product_id", "=", self.tote.id)])

    def test_needs_against_stock(self):
        small = self._sell(50)
        need = self._need()
        self.assertEqual((need.needed, need.on_hand, need.expected, need.shortfall), (5, 20, 0, 0))
        self.assertFalse(small.cs_container_warning)
        big = self._sell(205)  # 21 totes, rounded up
        need = self._need()
        self.assertEqual((need.needed, need.shortfall), (26, 6))
        small.invalidate_recordset(["cs_container_warning"])
        self.assertIn("Tote T1 needed 26, in warehouses 20", big.cs_container_warning)
        self.assertTrue(small.cs_container_warning, "both orders wait for the same totes")

    def test_partly_delivered_counts_the_rest(self):
        order = self._sell(100)
        self._validate(order.picking_ids, qty=40)  # 4 totes went out, 6 still needed
        need = self._need()
        self.assertEqual((need.needed, need.on_hand), (6, 16))

    def test_horizon_and_expected_returns(self):
        late = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=30),
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.disc.id,
                            "product_uom_qty": 300,
                            "product_packaging_id": self.tote_of_10.id,
                        },
                    )
                ],
            }
        )
        late.action_confirm()
        self.assertFalse(self._need(), "beyond the 14-day horizon")
        self.company.cs_container_forecast_days = 40
        self.assertEqual(self._need().shortfall, 10)
        # 10 totes bought, arriving next week
        receipt = Form(self.env["stock.picking"])
        receipt.picking_type_id = self.warehouse.in_type_id
        receipt.partner_id = self.other_customer
        with receipt.move_ids_without_package.new() as move:
            move.product_id = self.tote
            move.product_uom_qty = 10
        receipt = receipt.save()
        receipt.action_confirm()
        need = self._need()
        self.assertEqual((need.expected, need.shortfall), (10, 0))
        self.assertFalse(late.cs_container_warning)

    def test_views_and_setting_off(self):
        self._sell(300)
        self.assertTrue(self._need())
        views = self.env["cs.container.need"].get_views([(False, "list"), (False, "search")])
        self.assertIn("list", views["views"])
        self.company.cs_container_tracking = False
        self.assertFalse(self._need())
        order = self._sell(300)
        self.assertFalse(order.cs_container_warning)
