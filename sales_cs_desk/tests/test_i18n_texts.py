"""Generated texts are shown in the reader's language (issue 14 item 4)."""

from odoo.tests import tagged

from .common import CsDeskCase
from .common_review import CsReviewCase


@tagged("post_install", "-at_install")
class TestGeneratedTextsInReadersLanguage(CsReviewCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")

    def test_check_results_render_in_the_readers_language(self):
        # checks run in English (a job, an English colleague) …
        order = self._order(payment_term_id=False, commitment_date=False)
        completeness = order.cs_check_ids.filtered(lambda c: c.kind == "completeness")
        self.assertEqual(completeness.level, "block")
        self.assertEqual(
            completeness.with_context(lang="en_US").message_text,
            "Missing: requested delivery date; payment terms. Complete the order.",
        )
        # … and a Chinese reader reads them in Chinese, nested parts included
        chinese = completeness.with_context(lang="zh_CN").message_text
        self.assertEqual(chinese, "缺少：要求交货日期；付款条款。请补全订单。")
        stock = order.cs_check_ids.filtered(lambda c: c.kind == "moq")
        self.assertNotEqual(
            stock.with_context(lang="zh_CN").message_text, stock.with_context(lang="en_US").message_text
        )
        self.assertIn("付款条款", order.with_context(lang="zh_CN").cs_block_summary, "the banner too")
        # the stored source text stays the same whoever reads it (re-runs keep unchanged results and waivers)
        self.assertEqual(completeness.message, completeness.with_context(lang="en_US").message_text)

    def test_a_broken_translation_falls_back_to_the_source(self):
        from ..models.common.cs_i18n import _lt, cs_text_dump, cs_text_render

        data = cs_text_dump(_lt("Missing: %(missing)s. Complete the order.", missing=["x"]))
        data["s"] = "Not in any catalogue: %(missing)s"
        self.assertEqual(cs_text_render(data, "zh_CN"), "Not in any catalogue: x")


@tagged("post_install", "-at_install")
class TestRevisitReasonInReadersLanguage(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["cs.revisit.rule"].search([]).action_archive()
        cls.customer.cs_tier = "key"
        cls.specialist.lang = "zh_CN"
        cls.rule = cls.env["cs.revisit.rule"].create(
            {"name": "After a complaint", "target": "key", "trigger": "complaint_closed", "delay_days": 3}
        )
        cls.rule.with_context(lang="zh_CN").name = "投诉结案后回访"

    def test_planned_reason_follows_the_reader_and_the_assignee(self):
        # planned by a job running in English
        revisit = (
            self.env["cs.revisit.rule"]
            .with_context(lang="en_US")
            ._cs_plan_for_events("complaint_closed", [(self.customer, self.company, "C0042", {})])
        )
        self.assertEqual(revisit.with_context(lang="en_US").reason_text, "After a complaint: C0042")
        chinese = revisit.with_context(lang="zh_CN").reason_text
        self.assertIn("投诉结案后回访", chinese)
        self.assertIn("C0042", chinese)
        self.assertIn("投诉结案后回访", revisit.with_context(lang="zh_CN").display_name)
        activity = self.env["mail.activity"].search([("res_model", "=", "cs.revisit"), ("res_id", "=", revisit.id)])
        self.assertIn("投诉结案后回访", activity.summary, "the Chinese-speaking assignee's to-do is in Chinese")
        # a person's own words stay as written, whoever reads them
        revisit.with_user(self.specialist).reason = "Call Mr. Zhang about the new totes"
        self.assertEqual(revisit.with_context(lang="zh_CN").reason_text, "Call Mr. Zhang about the new totes")
        self.assertFalse(revisit.reason_from_rule)
