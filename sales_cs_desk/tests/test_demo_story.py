# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo tells the desk's story (issue 14): what each role finds on ``make run``.

Runs on a database with the demo data (``make suite``); skipped without it (``make test``).
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import safe_eval

from .common_demo import CsDemoCaseMixin


@tagged("post_install", "-at_install")
class TestDemoStory(CsDemoCaseMixin, TransactionCase):
    def test_capabilities_switched_on(self):
        company = self.company
        for switch in (
            "cs_complaints_enabled",
            "cs_revisits_enabled",
            "cs_vmi_enabled",
            "cs_container_tracking",
            "cs_review_required",
        ):
            self.assertTrue(company[switch], switch)

    def test_containers_out_aged_and_over_limit(self):
        Balance = self.env["cs.container.balance"]
        rows = Balance.search([("company_id", "=", self.company.id)])
        self.assertGreater(sum(rows.mapped("balance")), 0)
        self.assertGreater(sum(rows.mapped("age_61_90")), 0, "containers out for 61-90 days")
        self.assertGreater(sum(rows.mapped("age_over_90")), 0, "containers out for over 90 days")
        self.assertGreater(sum(rows.mapped("returned")), 0, "containers came back")
        huitong = self.ref("res_partner_huitong_demo").with_company(self.company)
        self.assertGreater(huitong.cs_container_balance, huitong.cs_container_limit_qty)
        self.assertTrue(huitong.cs_container_over_limit)
        over = self.env["res.partner"].with_company(self.company).search([("cs_container_over_limit", "=", True)])
        self.assertIn(huitong, over)

    def test_container_statements(self):
        statements = self.env["cs.container.statement"].search([("company_id", "=", self.company.id)])
        confirmed = statements.filtered(lambda s: s.state == "confirmed")
        disputed = statements.filtered(lambda s: s.state == "disputed")
        self.assertTrue(confirmed and disputed)
        self.assertTrue(confirmed[0].confirmed_by and confirmed[0].closing_balance > 0)
        self.assertTrue(disputed[0].dispute_reason)
        self.assertEqual(confirmed[0].partner_id.cs_container_lock_date, confirmed[0].date_to)

    def test_vmi_history_at_two_sites(self):
        today = fields.Date.context_today(self.env["cs.vmi.daily.report"])
        Report = self.env["cs.vmi.daily.report"]
        sites = self.ref("stock_warehouse_vmi_huitong_demo") | self.ref("stock_warehouse_vmi_jinggong_demo")
        for site in sites:
            for day in (today, today - timedelta(days=30)):
                rows = Report.search([("warehouse_id", "=", site.id), ("date", "=", day)])
                self.assertTrue(rows, f"{site.name}: no row on {day}")
            moved = Report.search([("warehouse_id", "=", site.id), ("date", ">=", today - timedelta(days=31))])
            self.assertGreater(sum(moved.mapped("qty_in")), 0, site.name)
            self.assertGreater(sum(moved.mapped("qty_out")), 0, site.name)

    def test_short_product_with_competing_orders(self):
        disc = self.ref("product_brake_disc_demo")
        warehouse = self.env.ref("stock.warehouse0")
        wizard = self.env["cs.shortage.wizard"].create({"warehouse_id": warehouse.id, "product_id": disc.id})
        lines = wizard._cs_waiting_lines()
        self.assertGreaterEqual(len(lines.order_id.partner_id.commercial_partner_id), 3, "customers compete")
        free = self.env["cs.order.check"]._cs_free_quantities(lines.order_id)[warehouse.id, disc.id]
        self.assertGreater(free, 0)
        self.assertLess(free, sum(lines.mapped("product_uom_qty")), "not enough for every order: a real choice")
        # the other products are in stock
        for xmlid in ("product_bracket_demo", "product_caliper_demo", "product_tile_demo", "product_coating_demo"):
            product = self.ref(xmlid).with_context(warehouse_id=warehouse.id)
            self.assertGreater(product.free_qty, 0, xmlid)

    def test_orders_in_every_review_stage(self):
        Order = self.env["sale.order"]
        for xmlid in (
            "received",
            "cs_check",
            "supervisor",
            "finance",
            "released",
            "shipped",
            "delivered",
            "closed",
        ):
            stage = self.ref(f"cs_review_stage_{xmlid}")
            self.assertTrue(Order.search_count([("cs_stage_id", "=", stage.id)]), f"no order in {stage.name}")
        today = fields.Date.context_today(Order)
        late = Order.search([("cs_stage_id.stage_type", "=", "released"), ("cs_ship_by_date", "<", today)])
        self.assertTrue(late, "an order released and late to ship")
        closed = self.ref("sale_order_review_closed_huitong_1_demo")
        self.assertTrue(closed.cs_receipt_confirmed)
        self.assertLess(closed.cs_delivered_date.date(), today - timedelta(days=60))

    def test_finance_user_owns_finance_stage(self):
        finance = self.ref("res_users_cs_finance_demo")
        stage = self.ref("cs_review_stage_finance")
        self.assertIn(stage._cs_owner_group(), finance.groups_id)
        waiting = self.env["sale.order"].with_user(finance).search([("cs_stage_id", "=", stage.id)])
        self.assertTrue(waiting, "the finance user finds work in Finance review")

    def test_complaints_and_revisits_in_every_state(self):
        complaints = self.env["cs.complaint"].search([("company_id", "=", self.company.id)])
        for stage in self.env["cs.complaint.stage"].search([]):
            self.assertIn(stage, complaints.stage_id, f"no complaint in {stage.name}")
        revisits = self.env["cs.revisit"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(revisits.mapped("state")), {"planned", "done", "missed", "cancelled"})
        self.assertTrue(revisits.filtered("is_late"), "an overdue revisit")

    def test_desk_finds_work_this_morning(self):
        order = self.ref("sale_order_review_released_gzjc_demo")
        change = self.env["cs.order.change"].search([("order_id", "=", order.id)])
        self.assertEqual(change.state, "to_approve", "a change request waits for the supervisor")
        alerts = self.env["cs.vmi.stock.alert"].search([("state", "=", "open")])
        self.assertIn(self.ref("stock_warehouse_vmi_jinggong_demo"), alerts.warehouse_id, "a VMI site below its min")
        site = self.ref("stock_warehouse_vmi_huitong_demo")
        reconcile = self.env["cs.vmi.reconcile"].search([("warehouse_id", "=", site.id)])
        self.assertEqual(reconcile.state, "checked")
        self.assertEqual(sorted(reconcile.line_ids.mapped("state")), ["difference", "match"])

    def test_story_told_once(self):
        """Loading the demo's story again adds nothing."""
        counts = {
            model: self.env[model].search_count([]) for model in ("stock.move", "sale.order", "cs.container.statement")
        }
        self.company._cs_demo_story()
        self.assertEqual(counts, {model: self.env[model].search_count([]) for model in counts})

    def test_no_screen_of_the_menu_is_empty(self):
        """Every list reached from the CS Desk menu shows records to a demo user who has that menu.

        The count uses the action's domain and the search filters the screen opens with
        (``search_default_*``, e.g. "My complaints"), under the user's own rights and company,
        as the web client would. A screen counts as filled when one of the demo's desk users
        (administrator, supervisor, specialist, backup) finds records in it.
        """
        logins = (
            "base.user_admin",
            "sales_cs_desk.res_users_cs_supervisor_demo",
            "sales_cs_desk.res_users_cs_specialist_demo",
            "sales_cs_desk.res_users_cs_backup_demo",
        )
        users = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in logins]
        users = [user for user in users if user]
        self.assertEqual(len(users), len(logins), "the demo's desk users")
        root = self.env.ref("sales_cs_desk.sales_cs_desk_menu_root")
        filled, seen = set(), {}
        for user in users:
            env = self.env(user=user, context={**user.context_get(), "allowed_company_ids": [self.company.id]})
            visible = env["ir.ui.menu"].browse(env["ir.ui.menu"]._visible_menu_ids())
            eval_context = {
                "uid": user.id,
                "context_today": lambda env=env: fields.Date.context_today(env.user),
                "datetime": safe_eval.datetime,
                "relativedelta": relativedelta,
                "time": safe_eval.time,
                "allowed_company_ids": [self.company.id],
                "current_company_id": self.company.id,
            }
            for menu in visible.filtered(lambda m: m.parent_path.startswith(root.parent_path) and m.action):
                action = menu.action.sudo()
                if action._name != "ir.actions.act_window" or action.target == "new":
                    continue
                model = env[action.res_model]
                if model._transient:
                    continue
                seen[menu.id] = f"{menu.complete_name} ({action.res_model})"
                context = safe_eval.safe_eval(action.context or "{}", dict(eval_context, context={}))
                domains = self._default_filter_domains(model, action, context, eval_context)
                domain = expression.AND([safe_eval.safe_eval(action.domain or "[]", eval_context), *domains])
                if model.with_context(**context).search_count(domain):
                    filled.add(menu.id)
        self.assertGreater(len(seen), 20)
        empty = sorted(name for menu_id, name in seen.items() if menu_id not in filled)
        self.assertFalse(empty, "screens that open empty on the demo")

    def _default_filter_domains(self, model, action, context, eval_context):
        """The domains of the search filters an action opens with, read from its search view."""
        defaults = {
            key[len("search_default_") :]
            for key, value in context.items()
            if key.startswith("search_default_") and value
        }
        if not defaults:
            return []
        view_id = action.search_view_id.id or False
        arch = model.get_views([(view_id, "search")])["views"]["search"]["arch"]
        domains = []
        for node in etree.fromstring(arch).iter("filter"):
            if node.get("name") in defaults and node.get("domain"):
                domains.append(safe_eval.safe_eval(node.get("domain"), eval_context))
        return domains
