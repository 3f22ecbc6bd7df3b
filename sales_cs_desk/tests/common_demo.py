# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Tests of the shipped demo (``make suite``): one way to find it, and one way to skip without it."""

# the first order of the demo's story: present only when the demo data loaded
DEMO_STORY = "sales_cs_desk.sale_order_review_closed_huitong_1_demo"


class CsDemoCaseMixin:
    """Mixed into a TransactionCase or HttpCase whose tests walk the demo data.

    Without the demo (``make test``) every test skips with the one message ``make test`` accepts
    (tools/devtool.py, ``DEMO_SKIP``); ``make suite`` builds the demo and allows no skip.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.story = cls.env.ref(DEMO_STORY, raise_if_not_found=False)
        cls.company = cls.env.ref("base.main_company")

    def setUp(self):
        super().setUp()
        if not self.story:
            self.skipTest("the demo data is not installed")

    def ref(self, xmlid):
        return self.env.ref(f"sales_cs_desk.{xmlid}")
