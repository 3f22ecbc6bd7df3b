from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestIntakeTour(HttpCase):
    def test_specialist_imports_fixes_ignores_and_finds_quotation(self):
        """A customer file with two bad lines: one fixed, one ignored, the quotation in the review queue."""
        self.env.company.write({"cs_intake_enabled": True, "cs_review_required": True})
        specialist = new_test_user(
            self.env,
            "cs_tour_intake_specialist",
            password="cs_tour_intake_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Tour Intake Specialist",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Intake Customer",
                "is_company": True,
                "customer_rank": 1,
                "street": "8 Port Road",
                "city": "Ningbo",
                "cs_user_id": specialist.id,
            }
        )
        for code in ("BOLT", "NUT"):
            product = self.env["product.product"].create({"name": f"Tour {code.lower()}", "list_price": 3.0})
            self.env["cs.customer.item"].create(
                {"partner_id": customer.id, "product_id": product.id, "customer_part_number": f"TOUR-{code}"}
            )
        self.start_tour("/odoo", "sales_cs_desk_intake_tour", login=specialist.login)
        intake = self.env["cs.order.intake"].search([("partner_id", "=", customer.id)])
        self.assertEqual(intake.state, "done")
        self.assertEqual(sorted(intake.line_ids.mapped("status")), ["done", "done", "ignored"])
        self.assertEqual(
            intake.line_ids.filtered(lambda ln: ln.status == "ignored").ignore_reason, "Customer cancelled this line"
        )
        order = intake.order_ids
        self.assertEqual(order.client_order_ref, "TOUR-PO")
        self.assertEqual(order.order_line.mapped("cs_customer_po_line"), ["10", "20"])
        self.assertEqual(order.cs_stage_id.stage_type, "review")
