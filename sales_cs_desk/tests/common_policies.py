from datetime import timedelta

from odoo import Command, fields

from .common_review import CsReviewCase


class CsPolicyCase(CsReviewCase):
    """Review and sales policies on; a brake promotion for key customers of grade A or B:
    from 10 brake discs one sample kit, from 20 two sample kits and a poster; budget 500 at cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_policy_enabled = True
        # as a fresh install sets it (data/policies): the policy check runs in the CS check
        cls.cs_check.check_policy = True
        Product = cls.env["product.product"]
        cls.sample = Product.create({"name": "Sample kit", "type": "consu", "list_price": 40.0, "standard_price": 30.0})
        cls.poster = Product.create({"name": "Poster", "type": "consu", "list_price": 5.0, "standard_price": 2.0})
        cls.customer.sudo().write({"cs_tier": "key"})
        cls.customer.sudo().with_company(cls.company).write({"cs_grade_manual": "A"})
        today = fields.Date.context_today(cls.env["res.users"])
        cls.policy = cls.env["cs.sales.policy"].create(
            {
                "name": "Spring brake promotion",
                "date_from": today - timedelta(days=10),
                "date_to": today + timedelta(days=30),
                "eligible_tier": "key",
                "eligible_min_grade": "B",
                "trigger_type": "product_qty",
                "trigger_product_ids": [Command.set(cls.product.ids)],
                "budget_cost": 500.0,
                "step_ids": [
                    Command.create({"threshold": 10, "product_id": cls.sample.id, "quantity": 1}),
                    Command.create({"threshold": 20, "product_id": cls.sample.id, "quantity": 2}),
                    Command.create({"threshold": 20, "product_id": cls.poster.id, "quantity": 1}),
                ],
            }
        )

    def _items(self, order):
        return order.order_line.sudo().filtered("cs_policy_id")

    def _policy_checks(self, order):
        return order.sudo().cs_check_ids.filtered(lambda c: c.kind == "policy")
