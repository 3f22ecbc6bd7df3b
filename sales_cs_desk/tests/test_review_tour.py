from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReviewTour(HttpCase):
    def test_specialist_moves_order_from_queue(self):
        self.env.company.cs_review_required = True
        specialist = new_test_user(
            self.env,
            "cs_tour_review_specialist",
            password="cs_tour_review_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Tour Review Specialist",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Review Customer",
                "is_company": True,
                "street": "8 Port Road",
                "city": "Ningbo",
                "cs_user_id": specialist.id,
            }
        )
        product = self.env["product.product"].create({"name": "Tour caliper", "list_price": 50.0})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": specialist.id,
                "payment_term_id": self.env.ref("account.account_payment_term_30days").id,
                "commitment_date": fields.Datetime.now() + timedelta(days=5),
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 4})],
            }
        )
        order._cs_move(self.env.ref("sales_cs_desk.cs_review_stage_cs_check"))
        self.start_tour("/odoo", "sales_cs_desk_review_tour", login=specialist.login)
        self.assertEqual(order.cs_stage_id, self.env.ref("sales_cs_desk.cs_review_stage_supervisor"))
