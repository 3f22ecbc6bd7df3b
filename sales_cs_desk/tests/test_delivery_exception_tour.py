from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeliveryExceptionTour(HttpCase):
    def test_record_short_delivery_and_resolve(self):
        """A specialist records a short delivery, ships the rest again and resolves it with a cause."""
        company = self.env.company
        # the order is confirmed here directly: on the demo database the company reviews its orders first
        company.write({"cs_delivery_enabled": True, "cs_review_required": False})
        specialist = new_test_user(
            self.env,
            "cs_tour_exception_specialist",
            password="cs_tour_exception_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Tour Exception Specialist",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Exception Customer", "is_company": True, "cs_user_id": specialist.id}
        )
        self.env["cs.complaint.cause"].create({"name": "Tour picking error"})
        product = self.env["product.product"].create({"name": "Tour bearing", "is_storable": True, "list_price": 9})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 50)
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 10, "picked": True})
        picking.button_validate()
        picking.name = "TOUR/OUT/0001"
        self.start_tour("/odoo", "sales_cs_desk_delivery_exception_tour", login=specialist.login)
        exception = self.env["cs.delivery.exception"].search([("picking_id", "=", picking.id)])
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(exception.line_ids.affected_qty, 2)
        self.assertEqual(exception.replacement_picking_id.move_ids.product_uom_qty, 2)
