"""The rough edges people hit in the screens (issue 14), checked on the views they open."""

from odoo.tests import tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestUiEdges(CsDeskCase):
    def _arch(self, model, view_type, user=None, view_id=None):
        records = self.env[model].with_user(user or self.supervisor)
        return records.get_views([(view_id, view_type)])["views"][view_type]["arch"]

    def test_customer_buttons_come_before_odoo_ones(self):
        arch = self._arch("res.partner", "form")
        names = ("action_cs_open_revisits", "action_cs_open_complaints", "action_cs_open_notes")
        desk = [arch.index(name) for name in names]
        sales = arch.index("action_view_sale_order")
        self.assertLess(max(desk), sales, "the desk's buttons lead the button box instead of hiding under More")

    def test_coverage_audit_opens_unfolded_and_says_why(self):
        action = self.env.ref("sales_cs_desk.res_partner_action_cs_cover_audit")
        view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        arch = self._arch("res.partner", "list", view_id=view.id)
        self.assertIn('expand="1"', arch)
        self.assertIn('create="0"', arch, "nothing to create in an audit")
        self.assertLess(arch.index('string="Why listed"'), arch.index('name="cs_user_id"'))

    def test_grade_override_shows_in_the_customers_list(self):
        arch = self._arch("res.partner", "list", view_id=self.env.ref("sales_cs_desk.res_partner_view_list_cs").id)
        self.assertIn('name="cs_grade_manual" string="Grade override" optional="show"', arch)

    def test_labels_say_what_they_mean(self):
        self.assertEqual(self.env["cs.complaint"]._fields["channel"].string, "Channel")
        arch = self._arch("res.config.settings", "form", user=self.env.user)
        self.assertIn("0: never automatically", arch)

    def test_shortage_dialog_is_wide_enough(self):
        action = self.env.ref("sales_cs_desk.cs_shortage_wizard_action")
        self.assertIn("extra-large", action.context)

    def test_days_of_cover_blank_when_nothing_goes_out(self):
        arch = self._arch("cs.vmi.daily.report", "list")
        self.assertIn('name="days_of_cover" optional="show" invisible="not avg_daily_out"', arch)
