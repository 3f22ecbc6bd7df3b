from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestReviewQueue(CsReviewCase):
    def test_queue_ranks_urgent_then_size_then_first_come(self):
        self.product.list_price = 10.0
        with freeze_time("2026-03-02 08:00:00"):
            early_small = self._order(qty=10)  # 100
        with freeze_time("2026-03-02 09:00:00"):
            large = self._order(qty=2000)  # 20,000
        with freeze_time("2026-03-02 10:00:00"):
            late_small = self._order(qty=20)  # 200: same magnitude as early_small
            urgent = self._order(qty=5, cs_urgent=True)
        orders = early_small | large | late_small | urgent
        ranked = self.env["sale.order"].search(
            [("id", "in", orders.ids)], order="cs_queue_score desc, cs_received_date asc, id asc"
        )
        self.assertEqual(ranked, urgent | large | early_small | late_small)
        # the list pages on the server with the same order
        page = self.env["sale.order"].search(
            [("id", "in", orders.ids)], order="cs_queue_score desc, cs_received_date asc, id asc", limit=2, offset=2
        )
        self.assertEqual(page, early_small | late_small)

    def test_key_customer_outranks_same_size(self):
        first = self._order(customer=self.other_customer, qty=10)
        key = self._order(qty=10)
        self.customer.cs_tier = "key"
        ranked = self.env["sale.order"].search([("id", "in", (first | key).ids)], order="cs_queue_score desc, id")
        self.assertEqual(ranked[0], key)
        self.company.cs_queue_weight_customer = 0
        ranked = self.env["sale.order"].search(
            [("id", "in", (first | key).ids)], order="cs_queue_score desc, cs_received_date, id"
        )
        self.assertEqual(ranked[0], first)

    def test_rank_reason(self):
        self.customer.cs_tier = "key"
        self.product.list_price = 1230.0
        with freeze_time("2026-03-02 08:00:00"):
            order = self._order(qty=10, cs_urgent=True)
        with freeze_time("2026-03-04 09:00:00"):
            order.invalidate_recordset(["cs_rank_reason"])
            self.assertEqual(order.cs_rank_reason, "urgent · key customer · 12,300 · waiting 2 days")
        self.assertGreaterEqual(order.cs_queue_score, 1000)

    def test_today_queue_action(self):
        self._order()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.sale_order_action_cs_today_queue")
        orders = self.env["sale.order"].with_user(self.supervisor).search(safe_eval(action["domain"]))
        self.assertTrue(orders)
        view = self.env.ref("sales_cs_desk.sale_order_view_list_cs_queue")
        self.assertIn("cs_queue_score desc", view.arch)
        # the web client's read of the ranked list works
        result = (
            self.env["sale.order"]
            .with_user(self.supervisor)
            .web_search_read(
                safe_eval(action["domain"]),
                {"name": {}, "cs_rank_reason": {}},
                order="cs_queue_score desc, cs_received_date asc, id asc",
            )
        )
        self.assertTrue(result["records"][0]["cs_rank_reason"])


@tagged("post_install", "-at_install")
class TestCloseOut(CsReviewCase):
    def _deliver(self, order):
        self._release(order)
        picking = order.picking_ids
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.cs_stage_id, self.delivered)

    def test_receipt_confirmation_closes_and_calls_hook(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "once all its deliveries are done"):
            order.with_user(self.specialist).action_cs_confirm_receipt()
        self._deliver(order)
        calls = []
        original = type(order)._cs_on_closed

        def spy(records):
            calls.append(records.ids)
            return original(records)

        type(order)._cs_on_closed = spy
        try:
            order.with_user(self.specialist).action_cs_confirm_receipt()
        finally:
            type(order)._cs_on_closed = original
        self.assertEqual(order.cs_stage_id, self.closed)
        self.assertTrue(order.cs_receipt_confirmed)
        self.assertEqual(calls, [order.ids])
        self.assertEqual(order.cs_retention_until, fields.Date.context_today(order) + timedelta(days=0) + _months(6))

    def test_closed_order_kept_for_retention(self):
        order = self._order()
        self._deliver(order)
        order.action_cs_confirm_receipt()
        with self.assertRaisesRegex(UserError, "kept until"):
            order.action_cancel()
        with self.assertRaisesRegex(UserError, "kept until"):
            order.unlink()
        with freeze_time(fields.Date.today() + _months(7)):
            order._cs_ensure_not_retained("cancelled")  # retention over: allowed again

    def test_auto_close_after_days(self):
        self.company.cs_auto_close_days = 5
        order = self._order()
        self._deliver(order)
        self.env["sale.order"]._cron_cs_review_daily()
        self.assertEqual(order.cs_stage_id, self.delivered)
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.env["sale.order"]._cron_cs_review_daily()
        self.assertEqual(order.cs_stage_id, self.closed)
        self.assertFalse(order.cs_receipt_confirmed)

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"])
        settings.cs_release_days = 4
        settings.cs_review_required = True
        settings.save().execute()
        self.assertEqual(self.company.cs_release_days, 4)


def _months(n):
    from dateutil.relativedelta import relativedelta

    return relativedelta(months=n)


@tagged("post_install", "-at_install")
class TestDeliveryByWarehouseUser(CsReviewCase):
    def test_stock_user_validating_moves_the_stage(self):
        from odoo.tests import new_test_user

        stock_user = new_test_user(self.env, "cs_test_stock_user", groups="stock.group_stock_user")
        order = self._order()
        self._release(order)
        picking = order.picking_ids.with_user(stock_user)
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(order.cs_stage_id, self.delivered)
