from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CsDeskCase
from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestCustomerItem(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.disc = cls.env["product.product"].create(
            {"name": "Brake disc", "default_code": "BD-01", "is_storable": True, "cs_moq": 100, "cs_pack_multiple": 20}
        )
        cls.bracket = cls.env["product.product"].create(
            {"name": "Bracket", "default_code": "BR-01", "is_storable": True, "cs_moq": 50, "cs_pack_multiple": 0}
        )
        cls.bare = cls.env["product.product"].create({"name": "Washer", "default_code": "WS-01"})
        cls.contact = cls.env["res.partner"].create({"name": "Buyer Zhang", "parent_id": cls.customer.id})
        cls.item = cls.env["cs.customer.item"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.disc.id,
                "customer_part_number": "HT-4471",
                "moq": 200,
                "pack_multiple": 25,
            }
        )

    def _item(self, **vals):
        return self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.bracket.id, **vals}
        )

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    def test_form_proposes_product_rules_and_keeps_customer_values(self):
        with Form(self.env["cs.customer.item"].with_user(self.specialist)) as form:
            form.partner_id = self.customer
            form.product_id = self.bracket
            self.assertEqual((form.moq, form.pack_multiple), (50, 0), "proposed from the product")
            form.moq = 10
            form.customer_part_number = "HT-0099"
        item = form.record
        self.assertEqual(item.moq, 10, "the customer's own MOQ is kept")
        self.assertEqual(item.display_name, "[HT-0099] [BR-01] Bracket")
        self.assertEqual(item.verified_by_id, self.specialist, "creating the parameters verifies them")
        self.assertEqual(item.verification_interval_days, 90)

    def test_contact_is_replaced_by_its_company(self):
        item = self._item(partner_id=self.contact.id)
        self.assertEqual(item.partner_id, self.customer)
        self.assertEqual(item.cs_customer_id, self.customer)

    def test_one_item_per_customer_product_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._item(product_id=self.disc.id)

    def test_min_cannot_exceed_max(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._item(min_qty=50, max_qty=10)

    def test_negative_moq_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._item(moq=-1)

    def test_transit_days_override(self):
        self.customer.cs_transit_days = 4
        item = self._item()
        self.assertEqual(item.effective_transit_days, 4, "0 means the customer's transit days")
        item.transit_days = 7
        self.assertEqual(item.effective_transit_days, 7)

    # ------------------------------------------------------------------
    # Order rules for the order review
    # ------------------------------------------------------------------
    def test_order_rules_item_first_then_product_defaults(self):
        pairs = [
            (self.customer.id, self.disc.id),  # customer item
            (self.contact.id, self.disc.id),  # contact of the customer: same item
            (self.customer.id, self.bracket.id),  # product defaults
            (self.other_customer.id, self.disc.id),  # other customer: product defaults
            (self.customer.id, self.bare.id),  # no rule at all
        ]
        rules = self.env["cs.customer.item"]._cs_order_rules(pairs)
        self.assertEqual(
            rules,
            {
                (self.customer.id, self.disc.id): (200, 25),
                (self.contact.id, self.disc.id): (200, 25),
                (self.customer.id, self.bracket.id): (50, 0),
                (self.other_customer.id, self.disc.id): (100, 20),
                (self.customer.id, self.bare.id): (0, 0),
            },
        )

    def test_order_rules_ignore_archived_items_and_other_companies(self):
        self.item.active = False
        rules = self.env["cs.customer.item"]._cs_order_rules([(self.customer.id, self.disc.id)])
        self.assertEqual(rules[self.customer.id, self.disc.id], (100, 20), "archived item: product defaults")
        self.item.active = True
        other_company = self.env["res.company"].create({"name": "CS Desk Europe"})
        rules = self.env["cs.customer.item"]._cs_order_rules([(self.customer.id, self.disc.id)], company=other_company)
        self.assertEqual(rules[self.customer.id, self.disc.id], (100, 20))

    def test_order_rules_constant_queries(self):
        """The order review asks for all lines at once: query count does not grow with lines."""
        products = self.env["product.product"].create(
            [{"name": f"Part {i}", "cs_moq": i, "cs_pack_multiple": 1} for i in range(30)]
        )
        self.env["cs.customer.item"].create(
            [{"partner_id": self.customer.id, "product_id": p.id, "moq": 5} for p in products[:15]]
        )
        model = self.env["cs.customer.item"].with_user(self.salesman)
        model._cs_order_rules([(self.customer.id, self.bare.id)])  # warm-up
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            rules = model._cs_order_rules([(self.customer.id, p.id) for p in products])
        self.assertEqual(rules[self.customer.id, products[0].id], (5, 1))
        self.assertEqual(rules[self.customer.id, products[20].id], (20, 1))

    # ------------------------------------------------------------------
    # Verification (L9)
    # ------------------------------------------------------------------
    def test_next_verification_and_mark_verified(self):
        with freeze_time("2026-01-10"):
            item = self._item(verified_date=date(2026, 1, 10), verification_interval_days=30)
            self.assertEqual(item.next_verification_date, date(2026, 2, 9))
            self.assertFalse(item.verification_due)
        with freeze_time("2026-02-09"):
            item.invalidate_recordset(["verification_due"])
            self.assertTrue(item.verification_due)
            due = self.env["cs.customer.item"].search([("verification_due", "=", True)])
            self.assertIn(item, due)
            item.with_user(self.specialist).action_mark_verified()
            self.assertEqual(item.verified_date, date(2026, 2, 9))
            self.assertEqual(item.verified_by_id, self.specialist)
            self.assertEqual(item.next_verification_date, date(2026, 3, 11))
            self.assertNotIn(item, self.env["cs.customer.item"].search([("verification_due", "=", True)]))

    def test_never_verified_is_due(self):
        item = self._item(verified_date=False, verified_by_id=False)
        self.assertFalse(item.next_verification_date)
        self.assertTrue(item.verification_due)

    # ------------------------------------------------------------------
    # Access (C4) and multi-company
    # ------------------------------------------------------------------
    def test_specialist_sees_and_edits_own_customers_only(self):
        other = self.env["cs.customer.item"].create({"partner_id": self.other_customer.id, "product_id": self.disc.id})
        items = self.env["cs.customer.item"].with_user(self.specialist).search([])
        self.assertIn(self.item, items)
        self.assertNotIn(other, items)
        self.item.with_user(self.specialist).write({"moq": 300})
        self.assertEqual(self.item.moq, 300)
        with self.assertRaises(AccessError):
            other.with_user(self.specialist).write({"moq": 1})
        with self.assertRaises(AccessError):
            self.item.with_user(self.specialist).unlink()

    def test_backup_covers_while_specialist_absent(self):
        item = self.item.with_user(self.backup)
        self.assertFalse(item.search([("id", "=", self.item.id)]))
        self._absent(self.specialist, date.today(), date.today())
        self.env.invalidate_all()
        self.assertEqual(item.search([("id", "=", self.item.id)]), self.item)

    def test_supervisor_sees_all_salesman_none(self):
        other = self.env["cs.customer.item"].create({"partner_id": self.other_customer.id, "product_id": self.disc.id})
        items = self.env["cs.customer.item"].with_user(self.supervisor).search([])
        self.assertIn(self.item, items)
        self.assertIn(other, items)
        with self.assertRaises(AccessError):
            self.env["cs.customer.item"].with_user(self.salesman).search([])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "CS Desk Europe"})
        self.supervisor.company_ids |= other_company
        foreign = (
            self.env["cs.customer.item"]
            .with_company(other_company)
            .create({"partner_id": self.customer.id, "product_id": self.disc.id, "moq": 7})
        )
        self.assertEqual(foreign.company_id, other_company, "same customer and product, another company")
        model = self.env["cs.customer.item"].with_user(self.supervisor)
        self.assertNotIn(
            foreign, model.with_context(allowed_company_ids=[self.company.id]).search([]), "only the active company's"
        )
        self.assertIn(foreign, model.with_context(allowed_company_ids=[other_company.id]).search([]))
        rules = self.env["cs.customer.item"]._cs_order_rules([(self.customer.id, self.disc.id)], company=other_company)
        self.assertEqual(rules[self.customer.id, self.disc.id], (7, 20))


@tagged("post_install", "-at_install")
class TestCustomerItemStock(VmiCase):
    """Min/max of customer items become Odoo replenishment rules (L7)."""

    def _orderpoint(self, location, product):
        return self.env["stock.warehouse.orderpoint"].search(
            [("location_id", "=", location.id), ("product_id", "=", product.id)]
        )

    def test_min_max_kept_at_vmi_site(self):
        item = self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "min_qty": 100, "max_qty": 300}
        )
        orderpoint = self._orderpoint(self.site.lot_stock_id, self.disc)
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (100, 300))
        self.assertEqual(orderpoint.trigger, "auto")
        self.assertEqual(item.orderpoint_id, orderpoint)
        item.with_user(self.specialist).write({"min_qty": 150, "max_qty": 400})
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (150, 400))

    def test_customers_sharing_main_warehouse_add_up(self):
        third = self.env["res.partner"].create(
            {"name": "Jinggong", "is_company": True, "cs_user_id": self.specialist.id}
        )
        fourth = self.env["res.partner"].create({"name": "GZJC", "is_company": True, "cs_user_id": self.specialist.id})
        first = self.env["cs.customer.item"].create(
            {"partner_id": third.id, "product_id": self.bracket.id, "min_qty": 10, "max_qty": 40}
        )
        second = self.env["cs.customer.item"].create(
            {"partner_id": fourth.id, "product_id": self.bracket.id, "min_qty": 5, "max_qty": 20}
        )
        orderpoint = self._orderpoint(self.main.lot_stock_id, self.bracket)
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (15, 60))
        self.assertEqual(first.orderpoint_id, second.orderpoint_id)
        second.write({"min_qty": 0, "max_qty": 0})
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (10, 40))
        self.assertFalse(second.orderpoint_id)
        first.action_archive()
        self.assertFalse(orderpoint.exists(), "no item feeds the rule any more: removed")

    def test_no_min_max_no_rule(self):
        self.env["cs.customer.item"].create({"partner_id": self.customer.id, "product_id": self.bracket.id})
        self.assertFalse(self._orderpoint(self.site.lot_stock_id, self.bracket))

    def test_deleting_item_removes_its_rule(self):
        item = self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.bracket.id, "min_qty": 1, "max_qty": 2}
        )
        orderpoint = item.orderpoint_id
        item.unlink()
        self.assertFalse(orderpoint.exists())

    def test_rule_follows_customer_to_new_vmi_site(self):
        third = self.env["res.partner"].create({"name": "Jinggong", "is_company": True})
        item = self.env["cs.customer.item"].create(
            {"partner_id": third.id, "product_id": self.disc.id, "min_qty": 5, "max_qty": 15}
        )
        self.assertEqual(item.orderpoint_id.location_id, self.main.lot_stock_id)
        site = self._site("Jinggong VMI", "JGV", third)
        self.assertEqual(item.orderpoint_id.location_id, site.lot_stock_id, "the rule moved to the new site")
        self.assertEqual(item.orderpoint_id.route_id, site._cs_vmi_resupply_route())
        self.assertFalse(self._orderpoint(self.main.lot_stock_id, self.disc), "the main warehouse rule went")


@tagged("post_install", "-at_install")
class TestCustomerItemReminders(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Caliper"})
        cls.activity_type = cls.env.ref("sales_cs_desk.mail_activity_type_cs_item_verification")

    def _activities(self, items):
        return self.env["mail.activity"].search([("res_model", "=", "cs.customer.item"), ("res_id", "in", items.ids)])

    def test_one_reminder_per_overdue_item_to_specialist(self):
        with freeze_time("2026-01-01"):
            item = self.env["cs.customer.item"].create(
                {"partner_id": self.customer.id, "product_id": self.product.id, "verification_interval_days": 30}
            )
            fresh = self.env["cs.customer.item"].create(
                {"partner_id": self.other_customer.id, "product_id": self.product.id}
            )
        with freeze_time("2026-02-05"):
            self.env["cs.customer.item"]._cron_cs_verification_reminders()
            self.env["cs.customer.item"]._cron_cs_verification_reminders()  # idempotent
            activities = self._activities(item | fresh)
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.res_id, item.id)
            self.assertEqual(activities.user_id, self.specialist)
            self.assertEqual(activities.activity_type_id, self.activity_type)
            item.with_user(self.specialist).action_mark_verified()
            self.assertFalse(self._activities(item), "marking verified closes the reminder")
            self.assertEqual(item.verified_by_id, self.specialist)
            self.env["cs.customer.item"]._cron_cs_verification_reminders()
            self.assertFalse(self._activities(item), "verified: no new reminder")

    def test_reminder_goes_to_backup_while_specialist_absent(self):
        with freeze_time("2026-01-01"):
            item = self.env["cs.customer.item"].create(
                {"partner_id": self.customer.id, "product_id": self.product.id, "verification_interval_days": 10}
            )
        with freeze_time("2026-03-02"):
            self._absent(self.specialist, date(2026, 3, 1), date(2026, 3, 5))
            self.env["cs.customer.item"]._cron_cs_verification_reminders()
            self.assertEqual(self._activities(item).user_id, self.backup)

    def test_reminders_batched(self):
        products = self.env["product.product"].create([{"name": f"P{i}"} for i in range(5)])
        with freeze_time("2026-01-01"):
            self.env["cs.customer.item"].create(
                [
                    {"partner_id": self.customer.id, "product_id": p.id, "verification_interval_days": 1}
                    for p in products
                ]
            )
        with freeze_time("2026-01-10"):
            done = self.env["cs.customer.item"]._cron_cs_verification_reminders(batch_size=3)
            self.assertEqual(done, 3)
            done = self.env["cs.customer.item"]._cron_cs_verification_reminders(batch_size=3)
            self.assertEqual(done, 2)
