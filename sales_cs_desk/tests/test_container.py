from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_container import ContainerCase


@tagged("post_install", "-at_install")
class TestContainerSetup(ContainerCase):
    """L6 (1): setting, container flag, package type, per-customer location."""

    def test_setting_off_after_install(self):
        company = self.env["res.company"].create({"name": "Fresh Co"})
        self.assertFalse(company.cs_container_tracking)
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.cs_container_tracking, "the test company switched it on")

    def test_forms_show_the_container_fields(self):
        for model, fields in (
            ("res.config.settings", ("cs_container_tracking", "cs_container_shortage_policy")),
            ("res.partner", ("cs_container_limit_qty", "cs_container_balance")),
            ("product.template", ("cs_is_container", "cs_container_value")),
            ("stock.package.type", ("cs_container_product_id",)),
            ("stock.picking", ("cs_container_count", "cs_container_shortage")),
            ("sale.order", ("cs_container_warning",)),
        ):
            arch = self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
            for field in fields:
                self.assertIn(f'name="{field}"', arch, f"{model} form shows {field}")

    def test_container_must_be_storable(self):
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "Pallet", "type": "consu", "cs_is_container": True})

    def test_package_type_offers_containers_only(self):
        form = Form(self.env["stock.package.type"])
        form.name = "Rack"
        form.cs_container_product_id = self.tote
        self.assertEqual(form.save().cs_container_product_id, self.tote)
        field = self.env["stock.package.type"]._fields["cs_container_product_id"]
        self.assertIn(self.tote, self.env["product.product"].search(field.domain))
        self.assertNotIn(self.disc, self.env["product.product"].search(field.domain))

    def test_customer_location_created_on_first_use(self):
        Location = self.env["stock.location"]
        self.assertFalse(Location.search([("cs_container_partner_id", "=", self.customer.id)]))
        self._deliver(30)
        location = Location.search([("cs_container_partner_id", "=", self.customer.id)])
        self.assertEqual(len(location), 1)
        self.assertEqual(location.usage, "internal")
        self.assertFalse(location.warehouse_id, "outside every warehouse: never picked for sales")
        self.assertEqual(location.location_id, self.company.cs_container_location_id)
        self.assertEqual(location.location_id.usage, "view")
        # second delivery: same location
        self._deliver(10)
        self.assertEqual(Location.search_count([("cs_container_partner_id", "=", self.customer.id)]), 1)
        # containers at customers are not counted as warehouse stock
        self.assertEqual(self.tote.with_context(warehouse_id=self.warehouse.id).qty_available, 16)


@tagged("post_install", "-at_install")
class TestContainerIssue(ContainerCase):
    """L6 (2): containers follow deliveries, backorders and returns of goods."""

    def test_delivery_issues_containers_rounded_up(self):
        picking = self._deliver(25)
        self.assertEqual(self._held(), 3, "25 discs in totes of 10 take 3 totes")
        self.assertEqual(self._in_stock(), 17)
        self.assertEqual(picking.cs_container_count, 3)
        move = picking.cs_container_move_ids
        self.assertEqual(move.state, "done")
        self.assertEqual(move.cs_container_kind, "issue")
        self.assertEqual(move.reference, picking.name)
        self.assertEqual(self._balance().balance, 3)

    def test_partial_delivery_and_backorder(self):
        order = self._sell(40)
        picking = order.picking_ids
        self._validate(picking, qty=15)
        self.assertEqual(self._held(), 2)
        backorder = order.picking_ids - picking
        self.assertEqual(backorder.backorder_id, picking)
        self._validate(backorder)
        self.assertEqual(self._held(), 2 + 3, "the backorder's 25 discs take 3 more totes")
        self.assertEqual(backorder.cs_container_count, 3)

    def test_partial_delivery_without_backorder(self):
        order = self._sell(40)
        self._validate(order.picking_ids, qty=12, backorder=False)
        self.assertEqual(self._held(), 2)

    def test_return_of_goods_brings_containers_back(self):
        picking = self._deliver(30)
        self.assertEqual(self._held(), 3)
        return_picking = self._return_goods(picking, 10)
        self.assertEqual(self._held(), 2)
        self.assertEqual(self._in_stock(), 18)
        self.assertEqual(return_picking.cs_container_move_ids.cs_container_kind, "return")

    def test_deliveries_validated_together_share_the_stock(self):
        first, second = self._sell(150), self._sell(150)  # 15 totes each, 20 in stock
        pickings = first.picking_ids | second.picking_ids
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.button_validate()
        self.assertEqual(self._held(), 20)
        self.assertEqual(self._in_stock(), 0, "never below zero")
        self.assertEqual(sum(pickings.mapped("cs_container_shortage")), 10)

    def test_no_packaging_no_containers(self):
        order = self._sell(30, packaging=self.env["product.packaging"])
        self._validate(order.picking_ids)
        self.assertEqual(self._held(), 0)
        self.assertFalse(self._balance())

    def test_setting_off_standard_behaviour(self):
        self.company.cs_container_tracking = False
        picking = self._deliver(30)
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.cs_container_move_ids)
        self.assertEqual(self._in_stock(), 20)
        locations = self.env["stock.location"].search(
            [("cs_container_partner_id", "!=", False), ("company_id", "=", self.company.id)]
        )
        self.assertFalse(locations)

    def test_shortage_ships_and_raises_to_specialist(self):
        picking = self._deliver(250)  # 25 totes needed, 20 in stock
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._held(), 20)
        self.assertEqual(self._in_stock(), 0)
        self.assertEqual(picking.cs_container_shortage, 5)
        activity = picking.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("sales_cs_desk.mail_activity_type_cs_container_shortage")
        )
        self.assertEqual(activity.user_id, self.specialist)

    def test_shortage_blocks_when_configured(self):
        self.company.cs_container_shortage_policy = "block"
        order = self._sell(250)
        with self.assertRaisesRegex(UserError, "needs 25"):
            self._validate(order.picking_ids)
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertEqual(self._in_stock(), 20)
        # enough containers: ships
        order2 = self._sell(200)
        self._validate(order2.picking_ids)
        self.assertEqual(self._held(), 20)

    def test_multi_company(self):
        self._deliver(10)
        company_b = self.env["res.company"].create({"name": "CS Desk B"})
        self.env.user.company_ids |= company_b
        self.assertFalse(company_b.cs_container_tracking)
        env_b = self.env(context=dict(self.env.context, allowed_company_ids=[company_b.id]))
        warehouse_b = env_b["stock.warehouse"].search([("company_id", "=", company_b.id)])
        tote_type_b = env_b["stock.package.type"].create(
            {"name": "Tote B", "company_id": company_b.id, "cs_container_product_id": self.tote.id}
        )
        packaging_b = env_b["product.packaging"].create(
            {"name": "Tote of 5", "product_id": self.disc.id, "qty": 5, "package_type_id": tote_type_b.id}
        )
        env_b["stock.quant"]._update_available_quantity(self.disc, warehouse_b.lot_stock_id, 100)
        env_b["stock.quant"]._update_available_quantity(self.tote, warehouse_b.lot_stock_id, 10)
        order = env_b["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": company_b.id,
                "order_line": [
                    (0, 0, {"product_id": self.disc.id, "product_uom_qty": 10, "product_packaging_id": packaging_b.id})
                ],
            }
        )
        order.action_confirm()
        self._validate(order.picking_ids.with_env(env_b))
        self.assertFalse(order.picking_ids.cs_container_move_ids, "company B does not track containers")
        company_b.cs_container_tracking = True
        order2 = order.copy()
        order2.action_confirm()
        self._validate(order2.picking_ids.with_env(env_b))
        self.assertEqual(self.customer._cs_container_held(self.tote, company_b), 2)
        self.assertEqual(self._held(), 1, "company A's balance is untouched")
        location_b = self.env["stock.location"].search(
            [("cs_container_partner_id", "=", self.customer.id), ("company_id", "=", company_b.id)]
        )
        self.assertEqual(location_b.company_id, company_b)
        rows = (
            self.env["cs.container.balance"].with_user(self.supervisor).search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(rows.company_id, self.company, "the supervisor works in company A only")
        self.assertEqual(rows.balance, 1)


@tagged("post_install", "-at_install")
class TestContainerReturnsAndLosses(ContainerCase):
    """L6 (3): receive empty containers, write off lost / damaged ones."""

    cs_chart_template = True  # posts invoices: the test company gets a chart of accounts

    def setUp(self):
        super().setUp()
        self._deliver(80)  # 8 totes at the customer

    def test_receive_empty_containers(self):
        action = self._receive(5, date=datetime(2026, 1, 15, 10, 0))
        self.assertEqual(self._held(), 3)
        self.assertEqual(self._in_stock(), 17)
        balance = self._balance()
        self.assertEqual((balance.issued, balance.returned, balance.balance), (8, 5, 3))
        self.assertEqual(action["res_model"], "cs.container.balance")
        move = self.env["stock.move"].search(
            [("cs_container_kind", "=", "return"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(move.date, datetime(2026, 1, 15, 10, 0))
        self.assertTrue(move.reference.startswith("CRT/"))

    def test_receive_from_customer_form(self):
        action = self.customer.action_cs_receive_containers()
        form = Form(self.env["cs.container.receive"].with_context(**action["context"]))
        form.product_id = self.tote
        self.assertEqual(form.held, 8)
        form.quantity = 8
        form.save().action_confirm()
        self.assertEqual(self._held(), 0)

    def test_lost_containers_charged(self):
        tag = self.env["stock.scrap.reason.tag"].create({"name": "Lost in transit"})
        form = Form(self.env["cs.container.writeoff"].with_context(default_partner_id=self.customer.id))
        form.product_id = self.tote
        form.quantity = 2
        form.kind = "lost"
        form.reason_tag_ids.add(tag)
        form.charge = True
        self.assertEqual(form.unit_value, 50.0)
        action = form.save().action_confirm()
        self.assertEqual(self._held(), 6)
        self.assertEqual(self._in_stock(), 12, "lost containers do not come back to the warehouse")
        scrap = self.env["stock.scrap"].search([("product_id", "=", self.tote.id)])
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_reason_tag_ids, tag)
        self.assertEqual(scrap.move_ids.cs_container_kind, "lost")
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.amount_untaxed, 100.0)
        self.assertEqual(self._balance().lost, 2)

    def test_damaged_not_charged(self):
        self.env["cs.container.writeoff"].create(
            {"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1, "kind": "damaged"}
        ).action_confirm()
        self.assertEqual(self._balance().damaged, 1)
        self.assertEqual(self._held(), 7)
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer.id)]))

    def test_specialist_receives_for_own_customer_only(self):
        self._receive(1, user=self.specialist)
        self.assertEqual(self._held(), 7)
        with self.assertRaises(AccessError):
            self._receive(1, partner=self.other_customer, user=self.specialist)
        with self.assertRaises(AccessError):
            self.env["cs.container.receive"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 1}
            )


@tagged("post_install", "-at_install")
class TestContainerBadInput(ContainerCase):
    """L6 (7): bad input is refused with a message, nothing half posted."""

    def setUp(self):
        super().setUp()
        self._deliver(30)  # 3 totes at the customer

    def _assert_nothing_posted(self):
        self.assertEqual(self._held(), 3)
        self.assertEqual(self._in_stock(), 17)
        self.assertFalse(self.env["stock.scrap"].search([]).filtered(lambda s: s.product_id == self.tote))

    def test_more_than_held(self):
        with self.assertRaisesRegex(UserError, "holds 3"):
            self._receive(4)
        self._assert_nothing_posted()

    def test_more_than_held_writeoff(self):
        wizard = self.env["cs.container.writeoff"].create(
            {"partner_id": self.customer.id, "product_id": self.tote.id, "quantity": 5, "kind": "lost", "charge": True}
        )
        with self.assertRaisesRegex(UserError, "holds 3"):
            wizard.action_confirm()
        self._assert_nothing_posted()
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer.id)]))

    def test_negative_or_fractional(self):
        for qty in (-1, 0, 1.5):
            with self.subTest(qty=qty), self.assertRaisesRegex(UserError, "whole number"):
                self._receive(qty)
        self._assert_nothing_posted()

    def test_future_date(self):
        with self.assertRaisesRegex(UserError, "future"):
            self._receive(1, date=datetime.now() + timedelta(days=2))
        self._assert_nothing_posted()

    def test_not_a_container(self):
        wizard = self.env["cs.container.receive"].create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "quantity": 1}
        )
        with self.assertRaisesRegex(UserError, "not a returnable container"):
            wizard.action_confirm()
        self._assert_nothing_posted()

    def test_before_locked_statement(self):
        statement = self.env["cs.container.statement"].create(
            {
                "partner_id": self.customer.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
                "confirmed_by": "Ms Li",
            }
        )
        statement.action_confirm()
        with self.assertRaisesRegex(UserError, "locked"):
            self._receive(1, date=datetime(2026, 1, 20))
        self._assert_nothing_posted()
        self._receive(1, date=datetime(2026, 2, 1))
        self.assertEqual(self._held(), 2)
