from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestReviewChecks(CsReviewCase):
    cs_chart_template = True  # posts invoices: the test company gets a chart of accounts

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True

    def _check(self, order, kind):
        return order.cs_check_ids.filtered(lambda c: c.kind == kind)

    def _post_invoice(self, partner, amount, move_type="out_invoice"):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_line_ids": [Command.create({"name": "Goods", "price_unit": amount, "tax_ids": []})],
            }
        )
        move.action_post()
        return move

    # Credit ---------------------------------------------------------------
    def test_customer_without_limit_passes(self):
        order = self._order(qty=10)
        self.assertEqual(self._check(order, "credit").level, "pass")
        self.assertIn("no credit limit", self._check(order, "credit").message)

    def test_credit_exposure_counts_receivables_orders_and_credits(self):
        self.customer.credit_limit = 5000
        self._post_invoice(self.customer, 2000)  # open receivable
        self._post_invoice(self.customer, 500, "out_refund")  # unapplied credit note
        confirmed = self._order(qty=10)  # 1,000 + taxes, confirmed not invoiced
        self._release(confirmed)
        order = self._order(qty=20)  # 2,000 + taxes
        credit = self._check(order, "credit")
        # 2,000 + 1,000 + 2,000 − 500 plus 15 % taxes on the orders = 4,950 < 5,000
        self.assertEqual(credit.level, "pass", credit.message)
        self.customer.credit_limit = 4000
        order.action_cs_run_checks()
        credit = self._check(order, "credit")
        self.assertEqual(credit.level, "block")
        self.assertIn("open receivables", credit.message)
        self.assertTrue(order.cs_credit_hold)

    def test_credit_hold_activities_and_release_by_waiver(self):
        self.customer.credit_limit = 100
        order = self._order(qty=10, user_id=self.salesman.id)
        self.assertTrue(order.cs_credit_hold)
        hold_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_credit_hold")
        activities = order.activity_ids.filtered(lambda a: a.activity_type_id == hold_type)
        self.assertIn(self.salesman, activities.user_id)
        self.assertTrue(any(u.has_group("sales_cs_desk.group_cs_supervisor") for u in activities.user_id))
        order.action_cs_run_checks()  # re-running does not add activities
        self.assertEqual(len(order.activity_ids.filtered(lambda a: a.activity_type_id == hold_type)), 2)
        credit = self._check(order, "credit")
        with self.assertRaisesRegex(UserError, "Only a CS supervisor"):
            credit.with_user(self.specialist)._cs_waive("ok")
        with self.assertRaisesRegex(UserError, "reason"):
            credit.with_user(self.supervisor)._cs_waive("  ")
        action = credit.with_user(self.supervisor).action_cs_waive()
        wizard = self.env[action["res_model"]].with_user(self.supervisor).with_context(**action["context"])
        wizard.create({"reason": "Customer pays in advance, proof received"}).action_apply()
        self.assertTrue(credit.waived)
        self.assertEqual(credit.waived_by_id, self.supervisor)
        self.assertFalse(order.cs_credit_hold)
        self.assertIn("Credit hold released", order.message_ids[0].body)
        self.assertFalse(order.activity_ids.filtered(lambda a: a.activity_type_id == hold_type))

    def test_block_stops_at_its_stage_until_waived(self):
        self.customer.credit_limit = 100
        order = self._order(qty=10)
        for stage, user in (
            (self.cs_check, self.specialist),
            (self.supervisor_stage, self.specialist),
            (self.finance_stage, self.supervisor),
        ):
            order.with_user(user)._cs_move(stage)
        with self.assertRaisesRegex(UserError, "cannot leave Finance review"):
            order.with_user(self.finance)._cs_move(self.released)
        self._check(order, "credit").with_user(self.supervisor)._cs_waive("Director approved")
        order.with_user(self.finance)._cs_move(self.released)
        self.assertEqual(order.state, "sale")

    # Stock, quantities, price, completeness ------------------------------------
    def test_stock_today_warns_when_short(self):
        order = self._order(qty=150)
        stock = self._check(order, "stock")
        self.assertEqual(stock.level, "warning")
        self.assertIn("100", stock.message)
        order.order_line.product_uom_qty = 80  # re-runs on change
        self.assertEqual(self._check(order, "stock").level, "pass")

    def test_moq_and_pack_multiple(self):
        self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id, "moq": 20, "pack_multiple": 10}
        )
        order = self._order(qty=15)
        moq = self._check(order, "moq")
        self.assertEqual(moq.level, "block")
        self.assertIn("minimum order quantity", moq.message)
        order.order_line.product_uom_qty = 25
        moq = self._check(order, "moq")
        self.assertIn("order 30", moq.message)
        order.order_line.product_uom_qty = 30
        self.assertEqual(self._check(order, "moq").level, "pass")
        with self.assertRaisesRegex(UserError, "cannot leave CS check"):
            order.order_line.product_uom_qty = 25
            order.with_user(self.specialist)._cs_move(self.cs_check)
            order.with_user(self.specialist)._cs_move(self.supervisor_stage)

    def test_line_below_one_unit_blocks(self):
        order = self._order(qty=0.5)
        self.assertIn("at least 1", self._check(order, "moq").message)

    def test_price_below_pricelist_tolerance(self):
        order = self._order(qty=10, price=96.0)  # 4 % below, tolerance 5 %
        self.assertEqual(self._check(order, "price").level, "pass")
        order.order_line.price_unit = 90.0
        price = self._check(order, "price")
        self.assertEqual(price.level, "block")
        self.assertIn("10.0 %", price.message)

    def test_completeness(self):
        order = self._order(commitment_date=False, payment_term_id=False)
        completeness = self._check(order, "completeness")
        self.assertEqual(completeness.level, "block")
        self.assertIn("requested delivery date", completeness.message)
        self.assertIn("payment terms", completeness.message)
        order.write({"payment_term_id": self.payment_term.id, "commitment_date": "2030-01-10 10:00:00"})
        self.assertEqual(self._check(order, "completeness").level, "pass")

    def test_waiver_dropped_when_situation_changes(self):
        order = self._order(qty=10, price=50.0)
        price = self._check(order, "price")
        price.with_user(self.supervisor)._cs_waive("Clearance sale")
        order.action_cs_run_checks()
        self.assertTrue(self._check(order, "price").waived, "same situation keeps the waiver")
        order.order_line.price_unit = 40.0
        self.assertFalse(self._check(order, "price").waived, "a new price needs a new decision")

    # Batch in a constant number of queries ----------------------------------------
    def test_checks_batch_constant_queries(self):
        self.customer.credit_limit = 1_000_000
        products = self.env["product.product"].create(
            [{"name": f"Part {i}", "is_storable": True, "list_price": 10.0} for i in range(4)]
        )

        def make_orders(count):
            return self.env["sale.order"].create(
                [
                    {
                        "partner_id": (self.customer if i % 2 else self.other_customer).id,
                        "payment_term_id": self.payment_term.id,
                        "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 5}) for p in products],
                    }
                    for i in range(count)
                ]
            )

        small, large = make_orders(2), make_orders(12)
        Check = self.env["cs.order.check"]
        # warm-up, then measure the small batch
        Check._cs_run(small)
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Check._cs_run(small)
        small_count = self.env.cr.sql_log_count - start
        Check._cs_run(large)
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            Check._cs_run(large)
