# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A browser tour per role on the shipped demo data (issue 14 item 7).

The specialist's and the supervisor's paths are test_tour.py, test_review_tour.py and
test_care_tour.py (on data of their own); these walk the demo users' days on the demo:
the backup covering (in Chinese), finance, a salesperson on their own order and the CS
manager in Settings. Run on a database with the demo data (``make suite``); skipped
without it (``make test``).
"""

from odoo.tests import HttpCase, tagged

from .common_demo import CsDemoCaseMixin


@tagged("post_install", "-at_install")
class TestRoleTours(CsDemoCaseMixin, HttpCase):
    # the CS Desk menu bar holds every capability of the demo: wide enough that Configuration is not under "More"
    browser_size = "1920x1080"

    def test_backup_covering_in_chinese(self):
        """陈静 Chen Jing covers 刘洋 Liu Yang this week: his customer's order moves on in her hands, in Chinese."""
        chen = self.ref("res_users_cs_specialist_demo")
        liu = self.ref("res_users_cs_backup_demo")
        self.assertIn(liu, self.env["res.users"]._cs_absent_today(), "the demo's absence covers today")
        order = self.ref("sale_order_review_short_changjiang_demo")
        self.assertEqual(order.partner_id.cs_user_id, liu)
        self.assertEqual(order.cs_stage_id, self.ref("cs_review_stage_cs_check"))
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_cs_desk"], ["zh_CN"], overwrite=True)
        chen.lang = "zh_CN"
        self.start_tour("/odoo", "sales_cs_desk_role_backup_tour", login=chen.login)
        order.invalidate_recordset()
        self.assertEqual(order.cs_stage_id, self.ref("cs_review_stage_supervisor"))
        self.assertEqual(order.write_uid, chen, "moved on by the backup")
        self.assertEqual(order.state, "draft", "the supervisor still decides")

    def test_finance_passes_finance_review(self):
        """赵敏 Zhao Min finds the orders waiting for finance under Invoicing: one on hold, one she releases."""
        finance = self.ref("res_users_cs_finance_demo")
        stage = self.ref("cs_review_stage_finance")
        held = self.ref("sale_order_review_finance_changjiang_demo")
        order = self.ref("sale_order_review_finance_midwest_demo")
        self.assertEqual((held.cs_stage_id, held.cs_credit_hold), (stage, True))
        self.assertEqual((order.cs_stage_id, order.cs_credit_hold), (stage, False))
        self.start_tour("/odoo", "sales_cs_desk_role_finance_tour", login=finance.login)
        (held | order).invalidate_recordset()
        self.assertEqual(order.cs_stage_id, self.ref("cs_review_stage_released"))
        self.assertEqual(order.state, "sale", "released: confirmed")
        self.assertEqual(order.write_uid, finance)
        self.assertEqual((held.cs_stage_id, held.state), (stage, "draft"), "the credit hold stays in finance")

    def test_salesperson_reads_own_order_in_review(self):
        """Marc Demo sees his quotation's stage, blocks and CS handler; no Confirm; no CS tab on the customer."""
        salesman = self.env.ref("base.user_demo")
        order = self.ref("sale_order_review_salesman_demo")
        self.assertEqual(order.user_id, salesman)
        self.assertFalse(salesman.has_group("sales_cs_desk.group_cs_specialist"))
        self.start_tour("/odoo", "sales_cs_desk_role_salesperson_tour", login=salesman.login)
        order.invalidate_recordset()
        self.assertEqual(order.cs_stage_id, self.ref("cs_review_stage_received"), "nothing moved")
        self.assertEqual((order.state, order.cs_check_state), ("draft", "block"))

    def test_manager_switches_a_capability(self):
        """The CS manager switches complaints off in Settings › CS Desk; the menu follows."""
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("sales_cs_desk.group_cs_manager"))
        self.assertTrue(self.company.cs_complaints_enabled)
        menu = self.ref("cs_complaint_menu_root")
        self.start_tour("/odoo", "sales_cs_desk_role_manager_tour", login=admin.login)
        self.company.invalidate_recordset()
        self.assertFalse(self.company.cs_complaints_enabled, "the switch is saved")
        menus = self.env["ir.ui.menu"].with_user(admin).load_menus(debug=False)
        self.assertNotIn(menu.id, menus, "the Complaints menu is hidden")
