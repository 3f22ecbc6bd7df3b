from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeliveryTour(HttpCase):
    def test_specialist_reads_customer_otif(self):
        company = self.env.company
        company.write({"cs_delivery_enabled": True, "cs_review_required": False})
        specialist = new_test_user(
            self.env,
            "cs_tour_otif_specialist",
            password="cs_tour_otif_specialist",
            groups="sales_cs_desk.group_cs_specialist,stock.group_stock_user",
            name="Tour OTIF Specialist",
        )
        customer = self.env["res.partner"].create(
            {"name": "OTIF Tour Customer", "is_company": True, "cs_user_id": specialist.id, "cs_transit_days": 1}
        )
        product = self.env["product.product"].create({"name": "Tour OTIF disc", "is_storable": True})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 40.0)
        due = fields.Date.today() - timedelta(days=5)
        for late in (0, 3):
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "commitment_date": fields.Datetime.to_datetime(due) + timedelta(hours=10),
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10})],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids.quantity = 10
            picking.move_ids.picked = True
            picking.button_validate()
            picking.date_done = fields.Datetime.to_datetime(due - timedelta(days=2 - late))
        card = self.env["cs.customer.scorecard"].create(
            {
                "partner_id": customer.id,
                "date_from": due - timedelta(days=10),
                "date_to": due + timedelta(days=1),
                "customer_otd": 60.0,
            }
        )
        card.action_confirm()
        self.assertAlmostEqual(card.internal_otif, 50.0)
        self.start_tour("/odoo", "sales_cs_desk_delivery_otif_tour", login=specialist.login)
