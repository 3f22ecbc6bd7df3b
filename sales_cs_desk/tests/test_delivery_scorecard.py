from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_delivery import CsDeliveryCase


@tagged("post_install", "-at_install")
class TestDeliveryScorecard(CsDeliveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.due = cls._today() - timedelta(days=10)
        order = cls._order(cls.due, qty=10.0)
        cls._ship(order, shipped=cls.due - timedelta(days=4))  # ETA two days before the promise

    def _card(self, otd, user=None):
        Card = self.env["cs.customer.scorecard"].with_user(user or self.specialist)
        return Card.create(
            {
                "partner_id": self.customer.id,
                "date_from": self.due - timedelta(days=5),
                "date_to": self.due + timedelta(days=5),
                "customer_otd": otd,
                "customer_ppm": 120.0,
                "customer_rating": "B",
            }
        )

    def test_met_target_beside_our_figure(self):
        card = self._card(98.0)
        card.action_confirm()
        self.assertEqual(card.state, "met")
        self.assertAlmostEqual(card.internal_otif, 100.0)
        self.assertAlmostEqual(card.target, 95.0)
        self.assertAlmostEqual(card.gap, -2.0)
        self.assertFalse(card.complaint_id)

    def test_miss_opens_the_action_plan_and_follows_it(self):
        self.customer.with_user(self.supervisor).cs_otif_target = 99.0
        card = self._card(90.0)
        card.action_confirm()
        self.assertEqual(card.state, "action")
        plan = card.complaint_id
        self.assertEqual(plan.category_id, self.env.ref("sales_cs_desk.cs_complaint_category_logistics"))
        self.assertEqual(plan.cs_customer_id, self.customer)
        self.assertEqual(card.target, 99.0)
        plan.with_user(self.specialist).write(
            {
                "cause_id": self.env["cs.complaint.cause"].search([], limit=1).id,
                "action_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Book the carrier a day earlier",
                            "user_id": self.specialist.id,
                            "date_deadline": self._today() + timedelta(days=7),
                        },
                    )
                ],
            }
        )
        self.assertEqual(len(card.action_ids), 1)
        closed = self.env["cs.complaint.stage"].search([("is_closed", "=", True)], limit=1)
        plan.with_user(self.supervisor).write(
            {"stage_id": closed.id, "close_override_reason": "Customer did not rate the answer"}
        )
        self.assertEqual(card.state, "closed")

    def test_grade_target_applies(self):
        self.company.cs_delivery_target_b = 80.0
        self.customer.with_company(self.company).sudo().cs_grade_manual = "B"
        self.assertEqual(self.customer._cs_otif_target_for(self.company), 80.0)

    def test_guarded_and_validated(self):
        with self.assertRaises(AccessError):
            self._card(90.0).write({"state": "met"})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.specialist).write({"cs_otif_target": 50.0})
        with self.assertRaises(ValidationError):
            self._card(120.0)
        card = self._card(97.0)
        card.action_confirm()
        with self.assertRaises(UserError):
            card.write({"date_to": self.due})
        with self.assertRaises(AccessError):
            self._card(97.0, user=self.backup)  # the backup, while the specialist is present, is not its CS
