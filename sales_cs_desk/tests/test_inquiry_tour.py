from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCsInquiryTour(HttpCase):
    def test_specialist_answers_an_inquiry_within_target(self):
        """A specialist opens the unanswered list, answers from the chatter: on time, by them."""
        self.env.company.cs_inquiry_enabled = True
        specialist = new_test_user(
            self.env,
            "cs_inquiry_tour_specialist",
            password="cs_inquiry_tour_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Inquiry Tour Specialist",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Inquiry Tour Customer",
                "is_company": True,
                "customer_rank": 1,
                "email": "buyer@inquiry-tour.example.com",
                "cs_user_id": specialist.id,
            }
        )
        inquiry = self.env["cs.inquiry"].create(
            {"subject": "Inquiry tour: price of 500 brackets", "partner_id": customer.id, "channel": "email"}
        )
        self.start_tour("/odoo", "sales_cs_desk_inquiry_answer_tour", login=specialist.login)
        self.assertEqual(inquiry.first_response_user_id, specialist)
        self.assertEqual(inquiry.response_state, "on_time")
        self.assertEqual(inquiry.state, "answered")
