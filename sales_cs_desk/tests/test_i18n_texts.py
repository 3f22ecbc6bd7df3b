"""Generated texts are shown in the reader's language (issue 14 item 4)."""

from odoo.tests import tagged

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
