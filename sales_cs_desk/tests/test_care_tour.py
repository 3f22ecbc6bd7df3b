from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCsCareTour(HttpCase):
    def test_complaint_closed_plans_revisit(self):
        """Register a complaint, add an action, close it, see the revisit planned."""
        self.env.company.write({"cs_complaints_enabled": True, "cs_revisits_enabled": True})
        self.env["cs.revisit.rule"].search([]).action_archive()
        self.env["cs.revisit.rule"].create(
            {"name": "After complaint (tour)", "target": "all", "trigger": "complaint_closed", "delay_days": 7}
        )
        self.env["cs.complaint.category"].create({"name": "Care tour quality", "response_days": 2})
        self.env["cs.complaint.cause"].create({"name": "Care tour packaging"})
        specialist = new_test_user(
            self.env,
            "cs_care_tour_specialist",
            password="cs_care_tour_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Care Tour Specialist",
        )
        customer = self.env["res.partner"].create(
            {"name": "Care Tour Customer", "is_company": True, "customer_rank": 1, "cs_user_id": specialist.id}
        )
        self.start_tour("/odoo", "sales_cs_desk_care_tour", login=specialist.login)
        revisit = self.env["cs.revisit"].search([("cs_customer_id", "=", customer.id)])
        self.assertEqual(len(revisit), 1)
        self.assertEqual((revisit.state, revisit.user_id), ("planned", specialist))
        self.assertTrue(revisit.complaint_id.is_closed)
