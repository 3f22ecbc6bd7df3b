from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_policies import CsPolicyCase


@tagged("post_install", "-at_install")
class TestPolicies(CsPolicyCase):
    # ------------------------------------------------------------------
    # Granting at review
    # ------------------------------------------------------------------
    def test_apply_grants_the_highest_step_at_zero_price(self):
        order = self._order(qty=20.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        items = self._items(order)
        self.assertEqual(
            sorted((line.product_id.name, line.product_uom_qty) for line in items),
            [("Poster", 1.0), ("Sample kit", 2.0)],
        )
        self.assertTrue(all(line.price_unit == 0.0 and line.cs_policy_id == self.policy for line in items))
        self.assertAlmostEqual(sum(items.mapped("cs_policy_cost")), 62.0)
        self.assertAlmostEqual(order.amount_untaxed, 2000.0, msg="free items add nothing to the order amount")
        self.assertIn("Spring brake promotion", order.message_ids[0].body)
        # free items are judged by the policy check, not by the price and quantity checks
        checks = order.sudo().cs_check_ids
        self.assertFalse(checks.filtered(lambda c: c.line_id in items and c.kind in ("price", "moq")))
        self.assertEqual(self._policy_checks(order).mapped("level"), ["pass"])
        # applying again changes nothing; updating prices keeps them free
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertEqual(self._items(order), items)
        order.sudo().action_update_prices()
        self.assertEqual(items.mapped("price_unit"), [0.0, 0.0])

    def test_granted_when_the_order_enters_the_cs_check(self):
        order = self._order(qty=20.0)
        self.assertEqual(order.cs_stage_id, self.received)
        self.assertFalse(self._items(order))
        self._move_to(order, self.cs_check, self.specialist)
        self.assertEqual(len(self._items(order)), 2)
        self.assertEqual(self._policy_checks(order).mapped("level"), ["pass"])

    def test_lower_step_and_adjustment(self):
        order = self._order(qty=12.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertEqual(self._items(order).mapped("product_uom_qty"), [1.0])
        order.order_line.filtered(lambda ln: not ln.sudo().cs_policy_id).product_uom_qty = 25.0
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertEqual(len(self._items(order)), 2)
        self.assertEqual(
            sum(self._items(order).filtered(lambda ln: ln.product_id == self.sample).mapped("product_uom_qty")), 2.0
        )

    def test_ineligible_customers_get_nothing(self):
        self.customer.sudo().write({"cs_tier": "general"})
        order = self._order(qty=30.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order))
        self.assertEqual(self._policy_checks(order).message, "No free items.")
        # grade C is below "A or B"
        self.customer.sudo().write({"cs_tier": "key"})
        self.customer.sudo().with_company(self.company).write({"cs_grade_manual": "C"})
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order))
        # a customer filter and a customer list
        self.customer.sudo().with_company(self.company).write({"cs_grade_manual": "B"})
        self.policy.eligible_domain = "[('city', '=', 'Shanghai')]"
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order))
        self.policy.write({"eligible_domain": "[('city', '=', 'Ningbo')]"})
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertTrue(self._items(order))
        self.policy.partner_ids = self.other_customer
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order), "items no longer granted are removed")

    def test_outside_the_period(self):
        self.policy.write(
            {
                "date_from": fields.Date.today() - timedelta(days=40),
                "date_to": fields.Date.today() - timedelta(days=20),
            }
        )
        order = self._order(qty=30.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order))

    def test_category_and_amount_triggers(self):
        category = self.env["product.category"].create({"name": "Brakes"})
        sub = self.env["product.category"].create({"name": "Discs", "parent_id": category.id})
        self.product.categ_id = sub
        self.policy.write({"trigger_type": "categ_qty", "trigger_categ_ids": [Command.set(category.ids)]})
        order = self._order(qty=10.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertEqual(self._items(order).mapped("product_uom_qty"), [1.0])
        # amount: 10 × 100 = 1,000 reaches the step from 1,000 only
        self.policy.write({"trigger_type": "amount", "trigger_categ_ids": [Command.clear()]})
        self.policy.step_ids.write({"threshold": 5000})
        self.policy.step_ids[0].threshold = 1000
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertEqual(self._items(order).mapped("product_uom_qty"), [1.0])

    # ------------------------------------------------------------------
    # The check and the budget
    # ------------------------------------------------------------------
    def test_check_warns_beyond_the_policy(self):
        order = self._order(qty=20.0, user_id=self.salesman.id)
        order.with_user(self.specialist).action_cs_apply_policies()
        # the customer reduces the order: the items granted at 20 are now too many
        sold = order.order_line.filtered(lambda ln: not ln.sudo().cs_policy_id)
        sold.with_user(self.salesman).product_uom_qty = 10.0
        order._cs_run_checks()
        warnings = self._policy_checks(order).filtered(lambda c: c.level == "warning")
        self.assertTrue(warnings)
        self.assertIn(
            "2.0 Units of Sample kit granted; Spring brake promotion gives 1.0", warnings.mapped("message")[0]
        )
        self.assertTrue(any("Poster is granted" in m for m in warnings.mapped("message")), "the poster is beyond")
        self.assertEqual(order.cs_check_state, "warning")

    def test_check_reminds_items_not_applied(self):
        order = self._order(qty=20.0)
        order._cs_run_checks()
        check = self._policy_checks(order)
        self.assertEqual(check.level, "warning")
        self.assertIn("qualifies for Spring brake promotion", check.message)

    def test_budget_caps_the_grants(self):
        self.policy.budget_cost = 100.0
        first = self._order(qty=20.0)
        first.with_user(self.specialist).action_cs_apply_policies()  # 62 at cost
        second = self._order(qty=20.0)
        second.with_user(self.specialist).action_cs_apply_policies()  # 62 more would exceed 100
        self.assertFalse(self._items(second))
        self.assertIn("not granted, its budget", second.message_ids[0].body)
        self.assertAlmostEqual(self.policy.budget_used, 62.0)
        # a specialist raises the quantity by hand beyond the budget: the check warns
        self._items(first).filtered(lambda ln: ln.product_id == self.sample).with_user(
            self.specialist
        ).product_uom_qty = 4.0
        first._cs_run_checks()
        messages = " ".join(self._policy_checks(first).mapped("message"))
        self.assertIn("over its budget", messages)
        self.assertIn("gives 2.0", messages)

    def test_check_in_a_fixed_number_of_queries(self):
        orders = [self._order(qty=20.0) for _i in range(12)]
        Order = self.env["sale.order"]
        small = Order.browse([o.id for o in orders[:2]])
        large = Order.browse([o.id for o in orders])
        large.with_user(self.specialist).action_cs_apply_policies()
        Check = self.env["cs.order.check"]

        def count(batch):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Check._cs_check_policy(batch)
            return self.env.cr.sql_log_count - start

        self.assertEqual(count(small), count(large))

    # ------------------------------------------------------------------
    # Trust: RPC with any values
    # ------------------------------------------------------------------
    def test_salesman_cannot_forge_or_change_policy_items(self):
        order = self._order(qty=20.0, user_id=self.salesman.id)
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_cs_apply_policies()
        for context in ({}, {"default_cs_policy_id": self.policy.id}):
            with self.assertRaises(AccessError):
                self.env["sale.order.line"].with_user(self.salesman).with_context(**context).create(
                    {
                        "order_id": order.id,
                        "product_id": self.sample.id,
                        "product_uom_qty": 50,
                        "price_unit": 0.0,
                        **({} if context else {"cs_policy_id": self.policy.id}),
                    }
                )
        order.with_user(self.specialist).action_cs_apply_policies()
        item = self._items(order)[:1].with_user(self.salesman)
        for vals in ({"product_uom_qty": 50}, {"price_unit": 10.0}, {"product_id": self.product.id}):
            with self.assertRaises(AccessError):
                item.write(vals)
        with self.assertRaises(AccessError):
            item.write({"cs_policy_id": False})
        with self.assertRaises(AccessError):
            order.order_line.filtered(lambda ln: not ln.sudo().cs_policy_id).with_user(self.salesman).write(
                {"cs_policy_id": self.policy.id}
            )
        # a policy item is free even for the desk
        with self.assertRaises(ValidationError):
            item.with_user(self.specialist).write({"price_unit": 10.0})
        # the salesperson may still remove it (the order's own rights)
        item.unlink()
        self.assertEqual(len(self._items(order)), 1)

    def test_only_supervisors_edit_policies(self):
        self.assertTrue(self.policy.with_user(self.specialist).read(["name", "budget_used"]))
        with self.assertRaises(AccessError):
            self.policy.with_user(self.specialist).write({"budget_cost": 10_000})
        with self.assertRaises(AccessError):
            self.policy.with_user(self.salesman).read(["name"])
        self.policy.with_user(self.supervisor).write({"budget_cost": 1000})
        with self.assertRaises(ValidationError):
            self.policy.with_user(self.supervisor).write({"eligible_domain": "[('no_such_field', '=', 1)]"})
        with self.assertRaises(ValidationError):
            self.policy.with_user(self.supervisor).write({"date_to": self.policy.date_from - timedelta(days=1)})

    def test_copy_does_not_copy_the_items(self):
        order = self._order(qty=20.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        copy = order.copy()
        self.assertEqual(len(copy.order_line), 1)
        self.assertFalse(self._items(copy))

    def test_switch_off_is_standard_odoo(self):
        self.company.cs_policy_enabled = False
        order = self._order(qty=20.0)
        order._cs_run_checks()
        self.assertFalse(self._policy_checks(order))
        with self.assertRaises(UserError):
            order.with_user(self.specialist).action_cs_apply_policies()

    # ------------------------------------------------------------------
    # Report and companies
    # ------------------------------------------------------------------
    def test_report_per_policy_customer_and_month_at_cost(self):
        self.company.cs_review_required = False
        order = self._order(qty=20.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        order.action_confirm()
        self.env.flush_all()
        rows = (
            self.env["cs.policy.grant.report"].with_user(self.supervisor).search([("policy_id", "=", self.policy.id)])
        )
        self.assertEqual(
            sorted((r.partner_id, r.product_id.name, r.quantity, r.cost, r.order_count) for r in rows),
            [(self.customer, "Poster", 1.0, 2.0, 1), (self.customer, "Sample kit", 2.0, 60.0, 1)],
        )
        self.assertEqual(rows[0].month, order.date_order.date().replace(day=1))
        with self.assertRaises(AccessError):
            self.env["cs.policy.grant.report"].with_user(self.specialist).search([])

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "CS Policy Other Company", "cs_policy_enabled": True})
        foreign = new_test_user(
            self.env,
            "cs_policy_foreign",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(self.env["cs.sales.policy"].with_user(foreign).search([("id", "=", self.policy.id)]))
        with self.assertRaises(AccessError):
            self.policy.with_user(foreign).read(["name"])
        # a policy of another company grants nothing on this company's orders
        self.policy.sudo().company_id = other
        self.policy.write({"trigger_type": "amount", "trigger_product_ids": [Command.clear()]})
        order = self._order(qty=20.0)
        order.with_user(self.specialist).action_cs_apply_policies()
        self.assertFalse(self._items(order))

    def test_menus_follow_the_switch(self):
        user = new_test_user(
            self.env,
            "cs_policy_menu_supervisor",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        menus = {
            self.env.ref(f"sales_cs_desk.{xml_id}").id
            for xml_id in ["cs_sales_policy_menu", "cs_policy_grant_report_menu"]
        }

        def shown():
            return {m["id"] for m in self.env["ir.ui.menu"].with_user(user).load_menus(False).values() if "id" in m}

        self.assertEqual(menus & shown(), menus)
        self.company.cs_policy_enabled = False
        self.assertFalse(menus & shown(), "switched off: the menus are hidden")
