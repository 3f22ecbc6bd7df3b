import base64
import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import file_open

from .common import CsDeskCase
from .common_delivery import CsDeliveryCase


@tagged("post_install", "-at_install")
class TestCockpit(CsDeskCase):
    """The desk overview (K1): numbers that agree with their lists, per user and company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cs_inquiry_enabled": True, "cs_review_required": False})
        cls.Overview = cls.env["cs.desk.overview"]
        cls.category = cls.env["cs.complaint.category"].create({"name": "Cockpit quality", "response_days": 1})
        today = fields.Date.context_today(cls.Overview)
        cls.complaints = cls.env["cs.complaint"]
        cls.revisits = cls.env["cs.revisit"]
        for customer, user in ((cls.customer, cls.specialist), (cls.other_customer, cls.backup)):
            cls.complaints |= cls.env["cs.complaint"].create(
                [
                    {"subject": "Scratched discs", "partner_id": customer.id, "category_id": cls.category.id},
                    {
                        "subject": "Late answer",
                        "partner_id": customer.id,
                        "category_id": cls.category.id,
                        "date_received": fields.Datetime.now() - timedelta(days=10),
                    },
                ]
            )
            cls.revisits |= cls.env["cs.revisit"].create(
                [
                    {"partner_id": customer.id, "reason": "Check", "date_due": today, "user_id": user.id},
                    {
                        "partner_id": customer.id,
                        "reason": "Late",
                        "date_due": today - timedelta(days=3),
                        "user_id": user.id,
                    },
                ]
            )
            cls.env["cs.inquiry"].create(
                [
                    {"subject": "Price?", "partner_id": customer.id, "channel": "email"},
                    {
                        "subject": "Lead time?",
                        "partner_id": customer.id,
                        "channel": "phone",
                        "date_received": fields.Datetime.now() - timedelta(days=5),
                    },
                ]
            )
        cls.product = cls.env["product.product"].create({"name": "Cockpit disc", "sale_ok": True})
        cls.env["cs.customer.item"].create(
            {"partner_id": cls.customer.id, "product_id": cls.product.id, "verified_date": today - timedelta(days=400)}
        )

    def _tiles(self, as_user, **context):
        result = self.Overview.with_user(as_user).with_context(**context).get_tiles()
        return {section["key"]: {tile["key"]: tile for tile in section["tiles"]} for section in result["sections"]}

    def _assert_lists_agree(self, user, sections):
        for section, tiles in sections.items():
            for tile in tiles.values():
                for entry in [tile, *tile.get("lines", [])]:
                    action = entry["action"]
                    with self.subTest(user=user.login, section=section, tile=entry["key"], title=entry["title"]):
                        Model = self.env[action["res_model"]].with_user(user)
                        self.assertEqual(Model.search_count(action["domain"]), entry["count"])
                        self.assertEqual(action["views"][0][1], "list", "the number opens a list")
                        self.assertFalse(
                            [key for key in action["context"] if key.startswith("search_default_")],
                            "no default filter hides what the number counts",
                        )
                        if "blocked_action" in entry:
                            blocked = entry["blocked_action"]["domain"]
                            self.assertEqual(Model.search_count(blocked), entry["blocked"])

    def test_numbers_agree_with_their_lists(self):
        result = self.Overview.with_user(self.supervisor).get_tiles()
        self.assertEqual([s["key"] for s in result["sections"]], ["team", "mine"], "a team lead sees the team first")
        sections = self._tiles(self.supervisor)
        team = sections["team"]
        self.assertEqual(team["complaints_open"]["count"], 4)
        self.assertEqual(team["complaints_late"]["count"], 2, "received ten days ago, one working day to answer")
        self.assertEqual(team["revisits_today"]["count"], 2)
        self.assertEqual(team["revisits_late"]["count"], 2)
        self.assertEqual(team["inquiries_open"]["count"], 4)
        self.assertEqual(team["inquiries_late"]["count"], 2)
        self.assertEqual(team["items_verification"]["count"], 1, "last verified 400 days ago")
        self.assertEqual(team["revisits_late"]["state"], "danger")
        self.assertEqual(sections["mine"]["complaints_open"]["count"], 0, "the supervisor owns no customer")
        self._assert_lists_agree(self.supervisor, sections)
        # one cancelled: it leaves both the number and the list
        self.revisits.filtered(lambda r: r.date_due < fields.Date.context_today(r))[:1].sudo().state = "cancelled"
        self.assertEqual(self._tiles(self.supervisor)["team"]["revisits_late"]["count"], 1)

    def test_review_queue_by_stage_with_blocks(self):
        self.company.cs_review_required = True
        product = self.env["product.product"].create({"name": "Cockpit caliper", "list_price": 10.0})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
                }
                for partner in (self.customer, self.customer, self.other_customer)
            ]
        )
        orders[0].sudo().write({"cs_ship_by_date": fields.Date.context_today(orders) - timedelta(days=1)})
        for order in orders:
            order._cs_move(self.env.ref("sales_cs_desk.cs_review_stage_cs_check"))
        sections = self._tiles(self.supervisor)
        queue = sections["team"]["review_queue"]
        self.assertEqual(queue["count"], 3)
        self.assertEqual(sum(line["count"] for line in queue["lines"]), 3)
        self.assertIn("credit_hold", sections["team"])
        self.assertIn("late_release", sections["team"])
        self._assert_lists_agree(self.supervisor, sections)
        mine = self._tiles(self.specialist)["mine"]["review_queue"]
        self.assertEqual(mine["count"], 2, "the specialist's own customer's orders only")
        self._assert_lists_agree(self.specialist, self._tiles(self.specialist))

    def test_switched_off_feature_has_no_tile(self):
        tiles = self._tiles(self.supervisor)["team"]
        self.assertNotIn("review_queue", tiles, "review is off in this company")
        self.assertNotIn("otif_month", tiles, "delivery performance is off")
        self.assertIn("complaints_open", tiles)
        self.company.cs_complaints_enabled = False
        self.company.cs_inquiry_enabled = False
        tiles = self._tiles(self.supervisor)["team"]
        for key in ("complaints_open", "complaints_late", "inquiries_open", "inquiries_late"):
            self.assertNotIn(key, tiles)
        self.assertIn("revisits_today", tiles)
        self.company.write({"cs_delivery_enabled": True, "cs_container_tracking": True})
        sections = self._tiles(self.supervisor)
        for key in ("delivery_risk", "otif_month", "containers"):
            self.assertIn(key, sections["team"])
        self.assertEqual(sections["team"]["otif_month"]["value"], "—", "nothing promised this month yet")
        self._assert_lists_agree(self.supervisor, sections)

    def test_specialist_counts_only_their_customers(self):
        sections = self._tiles(self.specialist)
        self.assertEqual(set(sections), {"mine"})
        mine = sections["mine"]
        self.assertEqual(mine["complaints_open"]["count"], 2)
        self.assertEqual(mine["revisits_today"]["count"], 1)
        self.assertEqual(mine["inquiries_late"]["count"], 1)
        self.assertEqual(mine["items_verification"]["count"], 1)
        self.assertNotIn("vmi_below_min", mine, "specialists do not read the VMI alerts")
        self._assert_lists_agree(self.specialist, sections)
        self.assertEqual(self._tiles(self.backup)["mine"]["complaints_open"]["count"], 2)

    def test_no_team_tiles_for_a_specialist_over_rpc(self):
        for context in (
            {},
            {"cs_team": True, "scope": "team"},
            {"uid": self.supervisor.id, "user": self.supervisor.id},
            {"cs_review_release": True, "cs_stage_move": True},
        ):
            with self.subTest(context=context):
                self.assertEqual(set(self._tiles(self.specialist, **context)), {"mine"})
        with self.assertRaises(AccessError):
            self.Overview.with_user(self.salesman).get_tiles()
        portal = new_test_user(self.env, "cs_cockpit_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.Overview.with_user(portal).get_tiles()

    def test_other_company_not_counted(self):
        other = self.env["res.company"].create(
            {"name": "CS Cockpit Other Co", "cs_complaints_enabled": True, "cs_inquiry_enabled": True}
        )
        self.supervisor.write({"company_ids": [Command.link(other.id)]})
        self.env["cs.complaint"].create(
            {
                "subject": "Elsewhere",
                "partner_id": self.customer.id,
                "category_id": self.category.id,
                "company_id": other.id,
            }
        )
        both = {"allowed_company_ids": [self.company.id, other.id]}
        self.assertEqual(self._tiles(self.supervisor, **both)["team"]["complaints_open"]["count"], 4)
        there = self._tiles(self.supervisor, allowed_company_ids=[other.id, self.company.id])["team"]
        self.assertEqual(there["complaints_open"]["count"], 1, "the current company's records only")
        self.assertNotIn("revisits_today", there, "revisits are off in the other company")
        with self.assertRaises(AccessError):
            self.Overview.with_user(self.specialist).with_context(allowed_company_ids=[other.id]).get_tiles()


@tagged("post_install", "-at_install")
class TestCockpitDashboard(CsDeskCase):
    def test_dashboard_for_supervisors_with_valid_data(self):
        dashboard = self.env.ref("sales_cs_desk.spreadsheet_dashboard_cs_desk")
        self.assertEqual(dashboard.group_ids, self.env.ref("sales_cs_desk.group_cs_supervisor"))
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        with file_open("sales_cs_desk/data/cockpit/files/cs_desk_dashboard.json") as f:
            self.assertEqual(data, json.load(f))
        for pivot in data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                Model = self.env[pivot["model"]]
                fields_used = [m["fieldName"] for m in pivot["measures"]] + [r["fieldName"] for r in pivot["rows"]]
                fields_used += [match["chain"] for match in pivot["fieldMatching"].values()]
                self.assertEqual([f for f in fields_used if f not in Model._fields], [])
                Model.with_user(self.supervisor).read_group([], [pivot["measures"][0]["fieldName"]], [])
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(dashboard, Dashboard.with_user(self.supervisor).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.specialist).search([]))


@tagged("post_install", "-at_install")
class TestCockpitDelivery(CsDeliveryCase):
    def test_on_time_tile_agrees_with_its_lines(self):
        Overview = self.env["cs.desk.overview"].with_user(self.supervisor)
        Report = self.env["cs.delivery.otif.report"].with_user(self.supervisor)
        today = self._today()
        last_month = today.replace(day=1) - timedelta(days=5)
        shipped = self._order(last_month, qty=10.0)
        self._ship(shipped, shipped=last_month - timedelta(days=3))
        self._order(last_month, qty=30.0)  # never shipped: late to ship, not on time

        def team():
            result = Overview.get_tiles()
            [section] = [section for section in result["sections"] if section["key"] == "team"]
            return {tile["key"]: tile for tile in section["tiles"]}

        otif = team()["otif_month"]
        self.assertEqual(otif["title"], "On time in full last month", "nothing promised this month yet")
        self.assertEqual(otif["count"], 2)
        lines = Report.search(otif["action"]["domain"])
        self.assertEqual(len(lines), otif["count"])
        expected = round(100.0 * sum(lines.mapped("qty_otif")) / sum(lines.mapped("qty_ordered")), 1)
        self.assertEqual(otif["rate"], expected)
        self.assertLess(otif["rate"], 50.0)
        self.assertEqual(otif["state"], "danger", "below the company's target")
        risk = team()["delivery_risk"]
        self.assertGreaterEqual(risk["count"], 1, "the order never shipped is late to ship")
        self.assertEqual(
            self.env["stock.picking"].with_user(self.supervisor).search_count(risk["action"]["domain"]), risk["count"]
        )
        # a line promised this month brings the tile back to this month
        self._order(today, qty=10.0)
        otif = team()["otif_month"]
        self.assertEqual((otif["title"], otif["count"]), ("On time in full this month", 1))
