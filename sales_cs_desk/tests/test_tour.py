from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCsDeskTour(HttpCase):
    def test_specialist_opens_customer_service_tab(self):
        specialist = new_test_user(
            self.env,
            "cs_tour_specialist",
            password="cs_tour_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="Tour Specialist",
        )
        backup = new_test_user(self.env, "cs_tour_backup", groups="sales_cs_desk.group_cs_specialist")
        self.env["res.partner"].create(
            {
                "name": "Tour Customer 汇通",
                "is_company": True,
                "customer_rank": 1,
                "cs_tier": "key",
                "cs_user_id": specialist.id,
                "cs_backup_user_id": backup.id,
            }
        )
        self.start_tour("/odoo", "sales_cs_desk_customer_tour", login=specialist.login)
