from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestReviewAccess(CsReviewCase):
    def test_specialist_sees_own_and_covered_customers_orders(self):
        mine = self._order()
        others = self._order(customer=self.other_customer)
        Order = self.env["sale.order"].with_user(self.specialist)
        self.assertEqual(Order.search([("id", "in", (mine | others).ids)]), mine)
        with self.assertRaises(AccessError):
            others.with_user(self.specialist).read(["name"])
        # the backup sees the order while covering for the absent specialist
        self.assertFalse(self.env["sale.order"].with_user(self.backup).search([("id", "=", mine.id)]))
        self._absent(self.specialist, "2000-01-01", "2100-01-01")
        self.assertEqual(self.env["sale.order"].with_user(self.backup).search([("id", "=", mine.id)]), mine)
        self.assertTrue(mine.with_user(self.backup).cs_check_ids)

    def test_supervisor_sees_all(self):
        orders = self._order() | self._order(customer=self.other_customer)
        self.assertEqual(self.env["sale.order"].with_user(self.supervisor).search([("id", "in", orders.ids)]), orders)

    def test_salesman_outside_desk_not_widened(self):
        order = self._order()
        self.assertFalse(self.env["sale.order"].with_user(self.salesman).search([("id", "=", order.id)]))

    def test_specialist_cannot_do_supervisor_or_finance_stage(self):
        order = self._order()
        order.with_user(self.specialist)._cs_move(self.supervisor_stage)
        with self.assertRaisesRegex(UserError, "Only CS Supervisor|Only .*Supervisor"):
            order.with_user(self.specialist)._cs_move(self.finance_stage)
        self.assertEqual(order.cs_stage_id, self.supervisor_stage)

    def test_specialist_cannot_edit_checks_or_stages(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.cs_check_ids[0].with_user(self.specialist).write({"level": "pass"})
        with self.assertRaises(AccessError):
            self.received.with_user(self.specialist).write({"name": "Mine"})

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "CS Desk B"})
        self.assertFalse(company_b.cs_review_required)
        order_b = (
            self.env["sale.order"]
            .with_company(company_b)
            .create({"partner_id": self.customer.id, "company_id": company_b.id})
        )
        self.assertFalse(order_b.cs_stage_id, "review is per company")
        order_a = self._order()
        self.assertTrue(order_a.cs_stage_id)
        self.supervisor.write({"company_ids": [(4, company_b.id)]})
        checks = self.env["cs.order.check"].with_user(self.supervisor).search([("order_id", "=", order_a.id)])
        self.assertTrue(checks)
        company_b.cs_review_required = True
        self.assertFalse(order_b.cs_stage_id, "switching review on takes new orders only (issue 14)")
        new_b = self.env["sale.order"].with_company(company_b).create({"partner_id": self.customer.id})
        self.assertEqual(new_b.cs_stage_id, self.received, "review is on for company B's new quotations")

    def test_bad_settings_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.cs_release_days = -1
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self.company.cs_shortfall_percent = 150

    def test_kanban_drag_cannot_skip_checks_or_go_back_silently(self):
        order = self._order(commitment_date=False)
        order.with_user(self.specialist).write({"cs_stage_id": self.cs_check.id})  # drag and drop
        with self.assertRaisesRegex(UserError, "cannot leave CS check"):
            order.with_user(self.specialist).write({"cs_stage_id": self.supervisor_stage.id})
        with self.assertRaisesRegex(UserError, "Send back button"):
            order.with_user(self.specialist).write({"cs_stage_id": self.received.id})
        self.assertEqual(order.cs_stage_id, self.cs_check)

    def test_odoo_salesman_reads_own_order(self):
        """Odoo's own sales users keep reading their orders, every field, with the review on."""
        order = self._order(user_id=self.salesman.id)
        values = order.with_user(self.salesman).read()[0]
        self.assertEqual(values["cs_stage_id"][0], self.received.id)
        self.assertNotIn("cs_change_ids", values)
