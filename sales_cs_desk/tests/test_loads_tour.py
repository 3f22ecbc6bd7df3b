from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoadsTour(HttpCase):
    def test_plan_a_load(self):
        """A dispatcher proposes the day's loads, previews them and creates the batches."""
        company = self.env.company
        company.cs_loads_enabled = True
        dispatcher = new_test_user(
            self.env,
            "cs_tour_dispatcher",
            password="cs_tour_dispatcher",
            groups="stock.group_stock_user",
            name="Tour Dispatcher",
        )
        truck = self.env["fleet.vehicle.model.category"].create(
            {"name": "Tour truck", "weight_capacity": 1000.0, "volume_capacity": 20.0}
        )
        freight = self.env["product.product"].create({"name": "Tour freight", "type": "service"})
        route = self.env["delivery.carrier"].create({"name": "Tour east line", "product_id": freight.id})
        product = self.env["product.product"].create({"name": "Tour gearbox", "is_storable": True, "weight": 10.0})
        customer = self.env["res.partner"].create({"name": "Tour Load Customer"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        picking_type = warehouse.out_type_id
        # every other open delivery of the database is planned already (demo data)
        self.env["stock.picking"].search(
            [("picking_type_code", "=", "outgoing"), ("state", "in", ("confirmed", "waiting", "assigned"))]
        ).write({"scheduled_date": "2099-01-01 10:00:00"})
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": customer.id,
                    "carrier_id": route.id,
                    "location_id": picking_type.default_location_src_id.id,
                    "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": picking_type.default_location_src_id.id,
                                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                            }
                        )
                    ],
                }
                for qty in (60, 50, 40)
            ]
        )
        pickings.action_confirm()
        self.start_tour("/odoo", "sales_cs_desk_load_plan_tour", login=dispatcher.login)
        self.assertEqual(len(pickings.batch_id), 2)
        self.assertEqual(pickings.batch_id.vehicle_category_id, truck)
