from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestReviewPipeline(CsReviewCase):
    def test_off_by_default_standard_confirmation(self):
        """With the setting off, an order has no stage and confirms as in Odoo."""
        self.company.cs_review_required = False
        order = self._order()
        self.assertFalse(order.cs_stage_id)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_new_order_enters_received_with_checks(self):
        order = self._order()
        self.assertEqual(order.cs_stage_id, self.received)
        self.assertTrue(order.cs_received_date)
        self.assertEqual(set(order.cs_check_ids.mapped("kind")), {"credit", "stock", "moq", "price", "completeness"})
        self.assertEqual(order.cs_check_state, "pass")

    def test_confirmation_refused_until_released(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "must pass the CS review"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_full_pipeline_confirms_and_follows_deliveries(self):
        order = self._order()
        self._release(order)
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.cs_released_date)
        self.assertTrue(order.cs_ship_by_date)
        picking = order.picking_ids
        picking.move_ids.quantity = 4.0
        picking.move_ids.picked = True
        backorder_wizard = picking.button_validate()
        Form.from_action(self.env, backorder_wizard).save().process()
        self.assertEqual(order.cs_stage_id, self.shipped)
        backorder = order.picking_ids - picking
        backorder.move_ids.quantity = 6.0
        backorder.move_ids.picked = True
        backorder.button_validate()
        self.assertEqual(order.cs_stage_id, self.delivered)
        self.assertTrue(order.cs_delivered_date)

    def test_forward_move_needs_owner_group(self):
        order = self._order()
        self._move_to(order, self.cs_check, self.specialist)
        self._move_to(order, self.supervisor_stage, self.specialist)
        with self.assertRaisesRegex(UserError, "Only CS Supervisor|Only .*Supervisor"):
            self._move_to(order, self.finance_stage, self.specialist)
        self._move_to(order, self.finance_stage, self.supervisor)
        with self.assertRaisesRegex(UserError, "Only Invoicing can move") as refusal:
            self._move_to(order, self.released, self.supervisor)
        self.assertNotIn("Invoicing / Invoicing", str(refusal.exception), "the group is named once")
        self.assertEqual(order.state, "draft")

    def test_cannot_jump_into_delivery_stages(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "by themselves"):
            self._move_to(order, self.shipped, self.supervisor)

    def test_back_move_needs_reason(self):
        order = self._order()
        self._move_to(order, self.cs_check, self.specialist)
        with self.assertRaisesRegex(UserError, "needs a reason"):
            order.with_user(self.specialist).write({"cs_stage_id": self.received.id})
        action = order.with_user(self.specialist).action_cs_move_back()
        wizard = Form(self.env[action["res_model"]].with_user(self.specialist).with_context(**action["context"]))
        self.assertEqual(wizard.stage_id, self.received)
        wizard.reason = "Customer sends a corrected drawing"
        wizard.save().action_apply()
        self.assertEqual(order.cs_stage_id, self.received)
        self.assertIn("corrected drawing", order.message_ids[0].body)

    def test_moves_tracked_in_chatter(self):
        order = self._order(tracking=True)
        self.env.cr.precommit.run()  # the order was created in an earlier transaction
        order.with_user(self.specialist).with_context(tracking_disable=False)._cs_move(self.cs_check)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracking = order.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "cs_stage_id")
        self.assertTrue(tracking)
        self.assertEqual(tracking[0].old_value_char, "Received")
        self.assertEqual(tracking[0].new_value_char, "CS check")
        self.assertEqual(tracking[0].mail_message_id.author_id, self.specialist.partner_id)

    def test_kanban_groups_show_every_stage(self):
        self._order()
        groups = (
            self.env["sale.order"]
            .with_user(self.supervisor)
            .read_group([("cs_stage_id", "!=", False)], ["cs_stage_id"], ["cs_stage_id"])
        )
        names = [g["cs_stage_id"][1] for g in groups]
        self.assertEqual(names[:5], ["Received", "CS check", "Supervisor review", "Finance review", "Released"])
        self.assertIn("Closed", names)

    def test_stale_move_refused(self):
        """Someone moved the order since the user loaded it: one clear error, nothing moved."""
        order = self._order()
        self._move_to(order, self.cs_check, self.supervisor)
        with self.assertRaisesRegex(UserError, "moved to CS check by someone else"):
            order.with_user(self.specialist).with_context(cs_stage_seen_id=self.received.id).action_cs_next_stage()
        self.assertEqual(order.cs_stage_id, self.cs_check)

    def test_stale_release_refused_as_moved(self):
        """A second finance user releasing an order already released gets the same clear error."""
        order = self._order()
        self._release(order)
        with self.assertRaisesRegex(UserError, "moved to Released by someone else"):
            order.with_user(self.finance).with_context(cs_stage_seen_id=self.finance_stage.id).action_cs_next_stage()
        self.assertEqual(order.cs_stage_id, self.released)

    def test_release_deadline_working_days(self):
        order = self._order()
        # Friday 2026-03-06 10:00 UTC + 3 working days (Mon–Fri calendar) = Wednesday 2026-03-11
        calendar = self.company.resource_calendar_id
        calendar.tz = "UTC"
        from freezegun import freeze_time

        with freeze_time("2026-03-06 10:00:00"):
            self._release(order)
        self.assertEqual(order.cs_ship_by_date, fields.Date.to_date("2026-03-11"))

    def test_release_deadline_skips_a_long_holiday(self):
        """A week of public holidays (Golden Week) pushes the ship-by date past it."""
        order = self._order()
        calendar = self.company.resource_calendar_id
        calendar.tz = "UTC"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day holidays",
                "calendar_id": calendar.id,
                "date_from": "2026-10-01 00:00:00",
                "date_to": "2026-10-07 23:59:59",
            }
        )
        from freezegun import freeze_time

        # Wednesday 30 Sept + 3 working days: Thu 8, Fri 9, Mon 12 October
        with freeze_time("2026-09-30 10:00:00"):
            self._release(order)
        self.assertEqual(order.cs_ship_by_date, fields.Date.to_date("2026-10-12"))

    def test_late_release_one_activity(self):
        order = self._order()
        self._release(order)
        order.cs_ship_by_date = fields.Date.today() - timedelta(days=1)
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_release_late")
        self.env["sale.order"]._cron_cs_review_daily()
        self.env["sale.order"]._cron_cs_review_daily()
        activities = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activities), 1)
        self.assertTrue(activities.user_id.has_group("sales_cs_desk.group_cs_supervisor"))
