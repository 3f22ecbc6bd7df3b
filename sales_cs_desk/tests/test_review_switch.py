from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestReviewSwitch(CsReviewCase):
    """Switching the review on takes new orders only; switching it off empties the queue (issue 14)."""

    def _messages(self, order):
        return "\n".join(order.message_ids.mapped("body"))

    def test_switching_on_leaves_open_quotations_ordinary(self):
        self.company.cs_review_required = False
        before = self._order()
        self.company.cs_review_required = True
        self.assertFalse(before.cs_stage_id, "a quotation made before the switch is not pulled into the queue")
        after = self._order()
        self.assertEqual(after.cs_stage_id, self.received, "a quotation made after it enters the review")
        with self.assertRaisesRegex(UserError, "must pass the CS review"):
            after.action_confirm()
        before.action_confirm()
        self.assertEqual(before.state, "sale", "the earlier quotation confirms as in Odoo")

    def test_supervisor_previews_and_brings_quotations_in(self):
        self.company.cs_review_required = False
        first, second = self._order(), self._order(qty=3)
        self.company.cs_review_required = True
        queued = self._order()
        wizard = Form(self.env["cs.review.enter.wizard"].with_user(self.supervisor))
        self.assertEqual(set(wizard.order_ids.ids), {first.id, second.id}, "the preview lists exactly those outside")
        wizard.order_ids.remove(id=second.id)
        wizard.save().action_enter()
        self.assertEqual(first.cs_stage_id, self.received)
        self.assertTrue(first.cs_check_ids, "its checks ran")
        self.assertIn("Brought into the CS review", self._messages(first))
        self.assertFalse(second.cs_stage_id, "a quotation removed from the preview stays out")
        self.assertEqual(queued.cs_stage_id, self.received)

    def test_bringing_in_is_for_supervisors_and_open_quotations_only(self):
        self.company.cs_review_required = False
        outside = self._order()
        confirmed = self._order()
        confirmed.action_confirm()
        with self.assertRaises(AccessError):
            self.env["cs.review.enter.wizard"].with_user(self.specialist).create({})
        self.company.cs_review_required = True
        wizard = (
            self.env["cs.review.enter.wizard"]
            .with_user(self.supervisor)
            .create({"order_ids": [(6, 0, (outside | confirmed).ids)]})
        )
        wizard.action_enter()
        self.assertEqual(outside.cs_stage_id, self.received)
        self.assertFalse(confirmed.cs_stage_id, "a confirmed order given over RPC is skipped")
        self.company.cs_review_required = False
        with self.assertRaisesRegex(UserError, "Switch the order review on"):
            self.env["cs.review.enter.wizard"].with_user(self.supervisor).create({}).action_enter()

    def test_switching_off_says_and_empties_the_queue(self):
        waiting = self._order()
        released = self._order()
        self._release(released)
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.cs_review_queue_count, 1, "the settings say how many wait in the queue")
        settings.cs_review_required = False
        settings.save().execute()
        self.assertFalse(waiting.cs_stage_id, "the queued quotation left the queue")
        self.assertIn("switched off", self._messages(waiting))
        self.assertTrue(waiting.cs_check_ids, "its checks stay on the order")
        self.assertEqual(released.cs_stage_id, self.released, "a released order keeps its stage")
        waiting.action_confirm()
        self.assertEqual(waiting.state, "sale")


@tagged("post_install", "-at_install")
class TestReviewForSalespeople(CsReviewCase):
    """A salesperson's own order in review: stage, checks, who handles it; no Confirm (issue 14)."""

    def test_salesperson_sees_the_review_of_their_order(self):
        order = self._order(user_id=self.salesman.id, payment_term_id=False)
        mine = order.with_user(self.salesman)
        self.assertEqual(mine.cs_stage_id, self.received)
        self.assertTrue(mine.cs_review_decides)
        self.assertEqual(mine.cs_handled_by_id, self.specialist, "the customer's specialist handles it in CS")
        self.assertEqual(mine.cs_check_state, "block")
        self.assertIn("payment terms", mine.cs_block_summary.lower(), "the banner says what blocks it")
        self.assertTrue(mine.cs_check_ids.read(["kind", "level", "message"]), "the checks are listed, read-only")
        with self.assertRaises(AccessError):
            mine.cs_check_ids.write({"level": "pass"})
        arch = mine.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="cs_stage_id" widget="statusbar"', arch, "the review stages are the status bar")
        self.assertIn("invisible=\"state != 'draft' or cs_review_decides\"", arch, "Confirm hides while review decides")
        self.assertIn('name="cs_review"', arch, "the Review tab is shown to the salesperson")
        self.assertNotIn("action_cs_next_stage", arch, "moving the order is the desk's")
        with self.assertRaisesRegex(UserError, "must pass the CS review"):
            mine.action_confirm()

    def test_confirm_comes_back_once_released(self):
        order = self._order(user_id=self.salesman.id)
        self._release(order)
        self.assertFalse(order.with_user(self.salesman).cs_review_decides)
