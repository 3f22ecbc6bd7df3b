from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContainerTour(HttpCase):
    def test_receive_empty_containers(self):
        """L6: a specialist receives empty containers and sees the balance drop."""
        company = self.env.company
        company.cs_container_tracking = True
        specialist = new_test_user(
            self.env,
            "cs_tour_container_specialist",
            password="cs_tour_container_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Tour Container Specialist",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Containers 汇通", "is_company": True, "customer_rank": 1, "cs_user_id": specialist.id}
        )
        tote = self.env["product.product"].create({"name": "Tour Tote", "is_storable": True, "cs_is_container": True})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(tote, warehouse.lot_stock_id, 10)
        self.env["stock.move"]._cs_container_post(
            [
                {
                    "partner": customer,
                    "company": company,
                    "product": tote,
                    "qty": 5,
                    "kind": "issue",
                    "location": warehouse.lot_stock_id,
                    "location_dest": self.env["stock.location"]._cs_container_location(customer, company),
                }
            ]
        )
        self.start_tour("/odoo", "sales_cs_desk_container_receive_tour", login=specialist.login)
        self.assertEqual(customer._cs_container_held(tote, company), 3)
