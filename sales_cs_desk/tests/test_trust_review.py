"""Trust at the boundary for the order review (issue 9).

Every test calls what JSON-RPC can call (``with_user`` + ``read``/``write``/
``create`` and public methods, with the module's former context keys passed on
purpose) and expects a refusal that writes nothing.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_review import CsReviewCase

OLD_KEYS = {
    "cs_review_release": True,
    "cs_stage_move": True,
    "cs_change_apply": True,
    "cs_skip_checks": True,
}


@tagged("post_install", "-at_install")
class TestTrustReviewContextKeys(CsReviewCase):
    """Finding 1: context keys never grant anything."""

    def test_release_key_does_not_confirm_an_order_in_review(self):
        order = self._order(user_id=self.salesman.id)
        with self.assertRaisesRegex(UserError, "must pass the CS review"):
            order.with_user(self.salesman).with_context(**OLD_KEYS).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_state_written_directly_refused(self):
        order = self._order(user_id=self.salesman.id)
        with self.assertRaises(UserError):
            order.with_user(self.salesman).with_context(**OLD_KEYS).write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_stage_key_cannot_jump_to_released(self):
        order = self._order(user_id=self.salesman.id)
        for user in (self.salesman, self.specialist):
            with self.assertRaises(UserError):
                order.with_user(user).with_context(**OLD_KEYS).write({"cs_stage_id": self.released.id})
        self.assertEqual(order.cs_stage_id, self.received)
        self.assertEqual(order.state, "draft")

    def test_plain_salesman_cannot_move_stages(self):
        order = self._order(user_id=self.salesman.id)
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_cs_next_stage()
        self.assertEqual(order.cs_stage_id, self.received)

    def test_change_apply_key_cannot_move_promise(self):
        order = self._order(user_id=self.salesman.id)
        self._release(order)
        promised = order.cs_promised_date
        with self.assertRaisesRegex(UserError, "through a change request"):
            order.with_user(self.salesman).with_context(**OLD_KEYS).write(
                {"cs_promised_date": fields.Date.today() + timedelta(days=60)}
            )
        self.assertEqual(order.cs_promised_date, promised)

    def test_skip_checks_key_does_not_skip_the_checks(self):
        order = self._order(user_id=self.salesman.id)
        price = order.cs_check_ids.filtered(lambda c: c.kind == "price")
        self.assertEqual(price.level, "pass")
        order.order_line.with_user(self.salesman).with_context(**OLD_KEYS).write({"price_unit": 50.0})
        price = order.cs_check_ids.filtered(lambda c: c.kind == "price")
        self.assertEqual(price.level, "block", "a line edited with the old key is checked again")
        line = order.order_line
        order.with_user(self.salesman).with_context(**OLD_KEYS).write(
            {"order_line": [Command.update(line.id, {"price_unit": 100.0})]}
        )
        price = order.cs_check_ids.filtered(lambda c: c.kind == "price")
        self.assertEqual(price.level, "pass", "an order edited with the old key is checked again")

    def test_seen_stage_only_refuses(self):
        """The stage the user saw is a concurrency hint: a wrong one refuses, it never moves further."""
        order = self._order()
        with self.assertRaisesRegex(UserError, "someone else"):
            order.with_user(self.specialist).with_context(cs_stage_seen_id=self.finance_stage.id).action_cs_next_stage()
        with self.assertRaisesRegex(UserError, "someone else|Reload"):
            order.with_user(self.specialist).with_context(cs_stage_seen_id="x").action_cs_next_stage()
        self.assertEqual(order.cs_stage_id, self.received)


@tagged("post_install", "-at_install")
class TestTrustReviewGuardedFields(CsReviewCase):
    """Finding 2: state and audit fields change only through the desk's methods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "cs_trust_stock", groups="stock.group_stock_user")

    def test_order_state_fields_refused_for_every_writer(self):
        order = self._order(user_id=self.salesman.id)
        guarded = {
            "cs_closed_date": "2020-01-01",
            "cs_credit_hold": True,
            "cs_receipt_confirmed": True,
            "cs_released_date": "2020-01-01 10:00:00",
            "cs_ship_by_date": "2099-01-01",
            "cs_shipped_date": "2020-01-01 10:00:00",
            "cs_delivered_date": "2020-01-01 10:00:00",
            "cs_received_date": "2020-01-01 10:00:00",
            "cs_retention_until": "2020-01-01",
            "cs_check_state": "pass",
            "cs_deferred_from_id": self._order().id,
        }
        for user in (self.salesman, self.specialist, self.supervisor, self.stock_user):
            for name, value in guarded.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(AccessError):
                    order.with_user(user).with_context(**OLD_KEYS).write({name: value})
        self.assertFalse(order.cs_closed_date or order.cs_credit_hold or order.cs_receipt_confirmed)
        self.assertFalse(order.cs_ship_by_date)

    def test_urgency_is_the_desks_call(self):
        order = self._order(user_id=self.salesman.id)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"cs_urgent": True})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "user_id": self.salesman.id, "cs_urgent": True}
            )
        self.assertFalse(order.cs_urgent)
        order.with_user(self.specialist).write({"cs_urgent": True})
        self.assertTrue(order.cs_urgent)
        copy = order.with_user(self.salesman).copy()
        self.assertFalse(copy.cs_urgent, "a duplicate of an urgent order is not urgent by itself")

    def test_order_created_with_state_fields_refused(self):
        Order = self.env["sale.order"].with_user(self.salesman).with_context(**OLD_KEYS)
        for vals in ({"cs_stage_id": self.released.id}, {"cs_closed_date": "2020-01-01"}, {"cs_credit_hold": True}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Order.create({"partner_id": self.customer.id, "user_id": self.salesman.id, **vals})

    def test_clearing_closed_date_cannot_lift_retention(self):
        order = self._order(user_id=self.salesman.id)
        closed = self.closed
        order.sudo().write(
            {"cs_stage_id": closed.id, "cs_closed_date": fields.Date.today(), "cs_receipt_confirmed": True}
        )
        for name in ("cs_closed_date", "cs_retention_until"):
            with self.assertRaises(AccessError):
                order.with_user(self.salesman).write({name: False})
        with self.assertRaisesRegex(UserError, "kept until"):
            order.with_user(self.salesman).action_cancel()

    def test_receipt_confirmation_is_a_cs_step(self):
        order = self._order(user_id=self.salesman.id)
        order.sudo().write({"cs_stage_id": self.delivered.id})
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_cs_confirm_receipt()
        self.assertFalse(order.cs_receipt_confirmed)

    def test_check_waiver_only_through_the_waiver(self):
        order = self._order(qty=10, price=50.0)
        price = order.cs_check_ids.filtered(lambda c: c.kind == "price")
        self.assertTrue(price.is_blocking)
        for user in (self.specialist, self.supervisor):
            for vals in (
                {"waived": True},
                {"waiver_reason": "x"},
                {"waived_by_id": user.id},
                {"level": "pass"},
                {"message": "fine"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    price.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.env["cs.order.check"].with_user(self.supervisor).create(
                {"order_id": order.id, "kind": "price", "level": "pass", "message": "ok"}
            )
        self.assertTrue(price.is_blocking)
        price.with_user(self.supervisor)._cs_waive("Clearance sale")
        self.assertEqual(price.waived_by_id, self.supervisor)
        self.assertEqual(price.waiver_reason, "Clearance sale")
        self.assertIn("Clearance sale", order.message_ids[0].body)

    def test_empty_waiver_wizard_refused(self):
        wizard = self.env["cs.review.waive.wizard"].with_user(self.supervisor).create({"reason": "because"})
        with self.assertRaises(UserError):
            wizard.action_apply()


@tagged("post_install", "-at_install")
class TestTrustOrderChange(CsReviewCase):
    """Finding 2 for change requests: approval is a supervisor's, approved lines are frozen."""

    def _confirmed(self, qty=10):
        order = self._order(qty=qty)
        self._release(order)
        return order

    def _quantity_change(self, order, new_qty=11):
        Change = self.env["cs.order.change"].with_user(self.specialist)
        return Change.create(
            {
                "order_id": order.id,
                "kind": "quantity",
                "reason": "Customer's plan",
                "line_ids": [Command.create({"order_line_id": order.order_line.id, "new_qty": new_qty})],
            }
        )

    def test_specialist_cannot_approve_own_change(self):
        order = self._confirmed()
        change = self._quantity_change(order)
        change.action_submit()
        now = fields.Datetime.now()
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.specialist.id},
            {"approved_on": now},
            {"applied_on": now},
            {"state": "applied"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                change.with_user(self.specialist).write(vals)
        with self.assertRaisesRegex(UserError, "Only a CS supervisor"):
            change.with_user(self.specialist).action_approve()
        change.with_user(self.specialist).write({"customer_confirmed": True, "customer_confirmation": "Mail"})
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.with_user(self.specialist).action_apply()
        self.assertEqual(order.order_line.product_uom_qty, 10)

    def test_change_created_approved_refused(self):
        order = self._confirmed()
        with self.assertRaises(AccessError):
            self.env["cs.order.change"].with_user(self.specialist).create(
                {"order_id": order.id, "kind": "other", "reason": "x", "note": "y", "state": "approved"}
            )

    def test_approved_lines_frozen(self):
        order = self._confirmed()
        change = self._quantity_change(order, new_qty=11)
        change.action_submit()
        change.with_user(self.supervisor).action_approve()
        line = change.line_ids
        with self.assertRaises(UserError):
            line.with_user(self.specialist).write({"new_qty": 999})
        with self.assertRaises(UserError):
            change.with_user(self.specialist).write({"line_ids": [Command.update(line.id, {"new_qty": 999})]})
        with self.assertRaises(UserError):
            self.env["cs.order.change.line"].with_user(self.specialist).create(
                {"change_id": change.id, "order_line_id": order.order_line.id, "new_qty": 999}
            )
        with self.assertRaises(UserError):
            line.with_user(self.specialist).unlink()
        with self.assertRaises(UserError):
            change.with_user(self.specialist).write({"kind": "date", "new_date": "2099-01-01"})
        change.with_user(self.specialist).write({"customer_confirmed": True, "customer_confirmation": "Mail"})
        change.with_user(self.specialist).action_apply()
        self.assertEqual(order.order_line.product_uom_qty, 11)
        with self.assertRaises(UserError):
            change.with_user(self.specialist).write({"customer_confirmation": "changed afterwards"})

    def test_change_cannot_borrow_a_customer(self):
        """The request's customer follows from its order: naming one's own customer opens nothing."""
        order = self._order(customer=self.other_customer)
        Change = self.env["cs.order.change"].with_user(self.specialist)
        vals = {"order_id": order.id, "kind": "other", "reason": "x", "note": "y"}
        for extra in ({"cs_customer_id": self.customer.id}, {"partner_id": self.customer.id}, {}):
            with self.subTest(extra=extra), self.assertRaises(AccessError):
                Change.create({**vals, **extra})
        self.assertFalse(self.env["cs.order.change"].search([("order_id", "=", order.id)]))

    def test_change_line_of_another_order_refused(self):
        order = self._confirmed()
        other = self._order(qty=5)
        with self.assertRaises(ValidationError):
            self.env["cs.order.change"].with_user(self.specialist).create(
                {
                    "order_id": order.id,
                    "kind": "quantity",
                    "reason": "x",
                    "line_ids": [Command.create({"order_line_id": other.order_line.id, "new_qty": 1})],
                }
            )
        change = self._quantity_change(order)
        with self.assertRaises(ValidationError):
            change.line_ids.with_user(self.specialist).write({"order_line_id": other.order_line.id})
        self.assertEqual(other.order_line.product_uom_qty, 5)


@tagged("post_install", "-at_install")
class TestTrustReviewRead(CsReviewCase):
    """Finding 3: who reads the checks and the CS fields of orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(cls.env, "cs_trust_sales2", groups="sales_team.group_sale_salesman")
        cls.sales_all = new_test_user(cls.env, "cs_trust_sales_all", groups="sales_team.group_sale_salesman_all_leads")
        cls.invoicing = new_test_user(cls.env, "cs_trust_invoicing", groups="account.group_account_invoice")
        cls.portal = new_test_user(cls.env, "cs_trust_portal", groups="base.group_portal")
        cls.stock_user = new_test_user(cls.env, "cs_trust_stock_r", groups="stock.group_stock_user")

    def test_salesman_reads_checks_of_own_orders_only(self):
        mine = self._order(user_id=self.salesman.id)
        theirs = self._order(user_id=self.other_salesman.id)
        Check = self.env["cs.order.check"]
        found = Check.with_user(self.salesman).search([("order_id", "in", (mine | theirs).ids)])
        self.assertEqual(found.order_id, mine)
        with self.assertRaises(AccessError):
            theirs.cs_check_ids.with_user(self.salesman).read(["message"])
        found_all = Check.with_user(self.sales_all).search([("order_id", "in", (mine | theirs).ids)])
        self.assertEqual(found_all.order_id, mine | theirs)

    def test_finance_reads_checks(self):
        order = self._order(user_id=self.other_salesman.id)
        checks = self.env["cs.order.check"].with_user(self.invoicing).search([("order_id", "=", order.id)])
        self.assertEqual(len(checks), len(order.cs_check_ids))
        checks.read(["message", "level"])

    def test_portal_reads_no_cs_field(self):
        order = self._order(user_id=self.salesman.id)
        order.message_subscribe(partner_ids=self.portal.partner_id.ids)
        as_portal = order.with_user(self.portal)
        as_portal.read(["name"])
        for name in ("cs_rank_reason", "cs_credit_hold", "cs_stage_id", "cs_check_ids", "cs_ship_by_date"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                as_portal.read([name])
        self.assertNotIn("cs_credit_hold", as_portal.fields_get())

    def test_stock_user_reads_the_deadline(self):
        order = self._order(user_id=self.salesman.id)
        values = order.with_user(self.stock_user).read(["cs_stage_id", "cs_ship_by_date"])[0]
        self.assertEqual(values["cs_stage_id"][0], self.received.id)

    def test_salesman_reads_rank_reason(self):
        self.customer.cs_tier = "key"
        order = self._order(user_id=self.salesman.id)
        self.assertIn("key customer", order.with_user(self.salesman).read(["cs_rank_reason"])[0]["cs_rank_reason"])

    def test_rank_reason_names_the_grade_to_the_desk_only(self):
        """The reason is computed as superuser; a grade (CS data) is not told to a plain salesman."""
        self.customer.sudo().write({"cs_grade": "A"})
        order = self._order(user_id=self.salesman.id)
        reason = order.with_user(self.salesman).read(["cs_rank_reason"])[0]["cs_rank_reason"]
        self.assertNotIn("A customer", reason)
        reason = order.with_user(self.specialist).read(["cs_rank_reason"])[0]["cs_rank_reason"]
        self.assertIn("A customer", reason)


@tagged("post_install", "-at_install")
class TestTrustReviewUom(CsReviewCase):
    """Finding 4: lines in Dozens of a product sold in Units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.company.cs_shortfall_percent = 20.0
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.part = cls.env["product.product"].create(
            {"name": "Wheel bolt", "is_storable": True, "list_price": 10.0, "taxes_id": [Command.clear()]}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.part, cls.warehouse.lot_stock_id, 100.0)
        cls.env["cs.customer.item"].create(
            {"partner_id": cls.customer.id, "product_id": cls.part.id, "moq": 0, "pack_multiple": 12}
        )

    def _dozen_order(self, dozens):
        return self._order(
            order_line=[
                Command.create({"product_id": self.part.id, "product_uom_qty": dozens, "product_uom": self.dozen.id})
            ]
        )

    def test_fit_to_credit_in_dozens(self):
        order = self._dozen_order(5)  # 60 bolts, 600
        self.customer.credit_limit = 500  # shortfall 100: 48 bolts fit
        order.action_cs_run_checks()
        self.assertTrue(order.cs_credit_hold)
        action = order.with_user(self.specialist).action_cs_fit_to_credit()
        form = Form(self.env[action["res_model"]].with_user(self.specialist).with_context(**action["context"]))
        form.customer_agreement = "Buyer agreed by phone"
        form.save().action_apply()
        line = order.order_line
        self.assertEqual(line.product_uom, self.dozen)
        self.assertEqual(line.product_uom_qty, 4)

    def test_shortage_allocation_in_dozens(self):
        order = self._dozen_order(10)  # 120 bolts, 100 free
        form = Form(self.env["cs.shortage.wizard"].with_user(self.supervisor))
        form.product_id = self.part
        form.mode = "priority"
        wizard = form.save()
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.allocated, 96)
        wizard.customer_consent = "Buyer agreed"
        wizard.action_apply()
        self.assertEqual(order.order_line.product_uom_qty, 8)
        self.assertEqual(order.order_line.product_uom, self.dozen)
        follow_up = self.env["sale.order"].search([("cs_deferred_from_id", "=", order.id)])
        self.assertEqual(follow_up.order_line.product_uom_qty, 2)
        self.assertEqual(follow_up.order_line.product_uom, self.dozen)


@tagged("post_install", "-at_install")
class TestTrustReviewJobs(CsReviewCase):
    """Finding 5: one escalation per situation, batched jobs."""

    def _late(self, days=1):
        order = self._order()
        order.sudo().write(
            {"cs_stage_id": self.released.id, "cs_ship_by_date": fields.Date.today() - timedelta(days=days)}
        )
        return order

    def _late_activities(self, orders):
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_release_late")
        return orders.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_late_release_not_raised_again_once_done(self):
        order = self._late()
        self.env["sale.order"]._cron_cs_review_daily()
        activity = self._late_activities(order)
        self.assertEqual(len(activity), 1)
        activity.action_feedback(feedback="Warehouse called")
        self.env["sale.order"]._cron_cs_review_daily()
        self.assertFalse(self._late_activities(order), "the same late release is not raised again")
        order.sudo().cs_ship_by_date = fields.Date.today() - timedelta(days=3)
        self.env["sale.order"]._cron_cs_review_daily()
        self.assertEqual(len(self._late_activities(order)), 1, "a new ship-by date is a new situation")

    def _progress(self):
        cron = self.env.ref("sales_cs_desk.ir_cron_cs_review_daily")
        return self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})

    def test_jobs_work_in_batches(self):
        late = self._late() | self._late() | self._late()
        self.company.cs_auto_close_days = 2
        delivered = self._order() | self._order() | self._order()
        delivered.sudo().write(
            {"cs_stage_id": self.delivered.id, "cs_delivered_date": fields.Datetime.now() - timedelta(days=5)}
        )
        progress = self._progress()
        Order = self.env["sale.order"].with_context(ir_cron_progress_id=progress.id)
        Order._cron_cs_review_daily(batch_size=2)
        self.assertEqual(len(self._late_activities(late)), 2)
        self.assertEqual(len(delivered.filtered(lambda o: o.cs_stage_id == self.closed)), 2)
        self.assertEqual((progress.done, progress.remaining), (4, 2))
        Order._cron_cs_review_daily(batch_size=2)
        self.assertEqual(len(self._late_activities(late)), 3)
        self.assertEqual(delivered.cs_stage_id, self.closed)
        self.assertEqual(progress.remaining, 0)


@tagged("post_install", "-at_install")
class TestTrustReviewBadInput(CsReviewCase):
    """Finding 6: bad input gets a clear error and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.company.cs_shortfall_percent = 20.0
        cls.product.taxes_id = False
        cls.product.list_price = 10.0
        cls.env["cs.customer.item"].create(
            [
                {"partner_id": p.id, "product_id": cls.product.id, "moq": 0, "pack_multiple": 10}
                for p in (cls.customer, cls.other_customer)
            ]
        )

    # fit to credit ---------------------------------------------------------
    def _fit_wizard(self, order):
        Wizard = self.env["cs.fit.credit.wizard"].with_user(self.specialist).with_context(default_order_id=order.id)
        return Wizard.create({"customer_agreement": "Buyer agreed"})

    def _held(self, qty=60, limit=500):
        self.customer.credit_limit = limit
        order = self._order(qty=qty)
        self.assertTrue(order.cs_credit_hold)
        return order

    def test_fit_to_credit_bad_quantities(self):
        order = self._held()
        line = order.order_line
        for qty in (-10, 70, 45, 60):  # negative, above ordered, not a pack multiple, still over the credit
            wizard = self._fit_wizard(order)
            wizard.line_ids.proposed_qty = qty
            with self.subTest(qty=qty), self.assertRaises(UserError):
                wizard.action_apply()
            self.assertEqual(line.product_uom_qty, 60)

    def test_fit_to_credit_tampered_wizard(self):
        order = self._held()
        other = self._order(customer=self.customer, qty=20)
        line = order.order_line
        wizard = self._fit_wizard(order)
        wizard.write({"available": 1e9, "line_ids": [Command.update(wizard.line_ids.id, {"proposed_qty": 60})]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard = self._fit_wizard(order)
        wizard.write({"line_ids": [Command.create({"order_line_id": other.order_line.id, "proposed_qty": 0})]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard = self._fit_wizard(order)
        wizard.write({"line_ids": [Command.create({"order_line_id": line.id, "proposed_qty": 40})]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard = self._fit_wizard(order)
        wizard.write({"line_ids": [Command.clear()]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard = self._fit_wizard(order)
        wizard.line_ids.proposed_qty = 0
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(line.product_uom_qty, 60)
        self.assertEqual(other.order_line.product_uom_qty, 20)

    def test_fit_to_credit_only_in_review(self):
        order = self._held()
        wizard = self._fit_wizard(order)
        wizard.line_ids.proposed_qty = 40
        order.cs_check_ids.filtered("is_blocking").with_user(self.supervisor)._cs_waive("Director")
        order.sudo().write({"cs_stage_id": self.released.id})
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(order.order_line.product_uom_qty, 60)

    # shortage allocation ------------------------------------------------------
    def _shortage(self):
        first = self._order(qty=80)
        second = self._order(customer=self.other_customer, qty=80)
        form = Form(self.env["cs.shortage.wizard"].with_user(self.supervisor))
        form.product_id = self.product
        form.mode = "fair"
        wizard = form.save()
        wizard.action_preview()
        wizard.customer_consent = "Agreed"
        return wizard, first | second

    def test_shortage_bad_allocations(self):
        wizard, orders = self._shortage()
        with self.assertRaises(ValidationError):
            wizard.line_ids[0].allocated = -10
        with self.assertRaises(ValidationError):
            wizard.line_ids[0].allocated = 90
        with self.assertRaises(ValidationError):
            wizard.line_ids[0].allocated = 45
        # the demand and free quantity the client sends are not trusted
        wizard.line_ids.write({"demand": 1000, "free_qty": 1000})
        wizard.line_ids.write({"allocated": 500})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard.line_ids.write({"demand": 80, "allocated": 80})
        with self.assertRaises(UserError):  # 160 allocated of 100 free
            wizard.action_apply()
        self.assertEqual(orders.order_line.mapped("product_uom_qty"), [80, 80])

    def test_shortage_foreign_or_duplicated_lines(self):
        wizard, orders = self._shortage()
        confirmed = self._order(qty=10)
        self._release(confirmed)
        wizard.write(
            {"line_ids": [Command.create({"order_line_id": confirmed.order_line.id, "demand": 10, "allocated": 0})]}
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard, orders2 = self._shortage()
        first = wizard.line_ids[0]
        wizard.write(
            {
                "line_ids": [
                    Command.create({"order_line_id": first.order_line_id.id, "demand": 80, "allocated": 0}),
                ]
            }
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(confirmed.order_line.product_uom_qty, 10)
        self.assertEqual((orders | orders2).order_line.mapped("product_uom_qty"), [80] * 4)

    def test_shortage_apply_needs_a_preview(self):
        self._order(qty=80)
        wizard = self.env["cs.shortage.wizard"].with_user(self.supervisor).create({"customer_consent": "ok"})
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard.state = "preview"
        with self.assertRaises(UserError):
            wizard.action_apply()

    # change requests -----------------------------------------------------------
    def _confirmed(self, qty=10):
        self.customer.credit_limit = 0
        order = self._order(qty=qty)
        self._release(order)
        return order

    def _change(self, order, **line):
        return (
            self.env["cs.order.change"]
            .with_user(self.specialist)
            .create(
                {
                    "order_id": order.id,
                    "kind": "quantity",
                    "reason": "Plan",
                    "line_ids": [Command.create({"order_line_id": order.order_line.id, **line})],
                }
            )
        )

    def test_change_bad_quantities(self):
        order = self._confirmed()
        with self.assertRaises(ValidationError):
            self._change(order, new_qty=-5)
        change = self._change(order, new_qty=15)  # not a pack of 10
        with self.assertRaises(UserError):
            change.action_submit()
        change.line_ids.new_qty = 10  # nothing changes
        with self.assertRaises(UserError):
            change.action_submit()
        self.assertEqual(change.state, "draft")
        empty = (
            self.env["cs.order.change"]
            .with_user(self.specialist)
            .create({"order_id": order.id, "kind": "quantity", "reason": "Plan"})
        )
        with self.assertRaisesRegex(UserError, "Fill in the new values"):
            empty.action_submit()

    def test_change_steps_out_of_order(self):
        order = self._confirmed()
        change = self._change(order, new_qty=20)
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.with_user(self.supervisor).action_approve()
        change.action_submit()
        change.with_user(self.supervisor).action_approve()
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.with_user(self.supervisor).action_approve()
        change.write({"customer_confirmed": True, "customer_confirmation": "Mail"})
        change.with_user(self.specialist).action_apply()
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.with_user(self.specialist).action_apply()
        with self.assertRaisesRegex(UserError, "not possible now"):
            change.with_user(self.supervisor).action_refuse()
        self.assertEqual(order.order_line.product_uom_qty, 20)


@tagged("post_install", "-at_install")
class TestTrustContextDefaults(CsReviewCase):
    """A ``default_<field>`` context key sets a field as a value would: guarded fields refuse it too."""

    def test_context_defaults_count_as_values(self):
        closed = (
            self.env["sale.order"].with_user(self.salesman).with_context(default_cs_closed_date=fields.Date.today())
        )
        with self.assertRaisesRegex(AccessError, "desk's own actions"):
            closed.create({"partner_id": self.customer.id})
        order = self._order()
        approved = self.env["cs.order.change"].with_user(self.specialist).with_context(default_state="approved")
        with self.assertRaisesRegex(AccessError, "desk's own actions"):
            approved.create({"order_id": order.id, "kind": "date", "reason": "Sooner", "new_date": fields.Date.today()})
