from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCockpitTour(HttpCase):
    def test_supervisor_follows_a_tile(self):
        """A supervisor opens CS Desk on the overview and follows a tile to the filtered list."""
        self.env.company.cs_revisits_enabled = True
        supervisor = new_test_user(
            self.env,
            "cs_cockpit_tour_supervisor",
            password="cs_cockpit_tour_supervisor",
            groups="sales_cs_desk.group_cs_supervisor",
            name="Cockpit Tour Supervisor",
        )
        customer = self.env["res.partner"].create(
            {"name": "Cockpit Tour Customer", "is_company": True, "customer_rank": 1, "cs_user_id": supervisor.id}
        )
        today = fields.Date.context_today(supervisor)
        # a database with the demo has revisits due today of its own: the tile counts them too
        self.env["cs.revisit"].search([("date_due", "=", today), ("state", "=", "planned")]).write(
            {"state": "cancelled"}
        )
        self.env["cs.revisit"].create(
            [
                {"partner_id": customer.id, "reason": "Cockpit tour: due today", "date_due": today},
                {
                    "partner_id": customer.id,
                    "reason": "Cockpit tour: next week",
                    "date_due": today + timedelta(days=7),
                },
            ]
        )
        self.start_tour("/odoo", "sales_cs_desk_cockpit_tour", login=supervisor.login)
