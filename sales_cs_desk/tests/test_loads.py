from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..wizards.loads.cs_load_proposal import first_fit_decreasing
from .common_loads import LoadsCase


@tagged("post_install", "-at_install")
class TestLoads(LoadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher = new_test_user(cls.env, "cs_test_dispatcher", groups="stock.group_stock_user", name="Dispatch")

    def _propose(self, user=None, **vals):
        wizard = (
            self.env["cs.load.proposal"]
            .with_user(user or self.dispatcher)
            .create({"vehicle_category_id": self.truck.id, **vals})
        )
        wizard.action_propose()
        return wizard

    # ------------------------------------------------------------------
    # Weight and volume with packages and containers
    # ------------------------------------------------------------------
    def test_weight_and_volume_count_packages(self):
        # 10 gearboxes in crates of 4 take 3 crates: 100 kg of goods + 3 × 2 kg, 3 × 0.12 m³
        picking = self._delivery([(self.gearbox, 10, self.crate_of_4), (self.bracket, 5)])
        self.assertAlmostEqual(picking.cs_load_weight, 100 + 6 + 5)
        self.assertAlmostEqual(picking.cs_load_volume, 3 * 0.12 + 5 * 0.01)
        self.assertEqual(picking.cs_load_packages, 3)

    def test_container_figures_when_package_type_has_none(self):
        self.crate.write({"base_weight": 0, "packaging_length": 0, "width": 0, "height": 0})
        self.crate_product.volume = 0.2
        picking = self._delivery([(self.gearbox, 8, self.crate_of_4)])
        self.assertAlmostEqual(picking.cs_load_weight, 80 + 2 * 3.0)
        self.assertAlmostEqual(picking.cs_load_volume, 2 * 0.2)

    def test_batch_fill_rate_and_fleet_payload(self):
        picking = self._delivery([(self.gearbox, 40, self.crate_of_4)], carrier=self.route_east)
        batch = self.env["stock.picking.batch"].create(
            {"picking_ids": [(6, 0, picking.ids)], "vehicle_category_id": self.truck.id}
        )
        # 400 kg + 10 crates × 2 kg over 1,000 kg; 10 × 0.12 m³ over 10 m³
        self.assertAlmostEqual(batch.cs_fill_weight, 42.0)
        self.assertAlmostEqual(batch.cs_fill_volume, 12.0)
        self.assertEqual(batch.cs_load_carrier_id, self.route_east)
        # stock_fleet's payload bar shows the same figure while load planning is on ...
        self.assertAlmostEqual(batch.used_weight_percentage, 42.0)
        # ... and Odoo's own (goods only) when it is off
        self.company.cs_loads_enabled = False
        batch.invalidate_recordset(["estimated_shipping_weight", "used_weight_percentage"])
        self.assertAlmostEqual(batch.used_weight_percentage, 40.0)

    # ------------------------------------------------------------------
    # Proposal
    # ------------------------------------------------------------------
    def test_first_fit_decreasing(self):
        items = [("a", 600, 0), ("b", 500, 0), ("c", 400, 0), ("d", 300, 0), ("e", 100, 0)]
        loads = first_fit_decreasing(items, 1000, 0)
        self.assertEqual([sorted(keys) for keys, _w, _v in loads], [["a", "c"], ["b", "d", "e"]])
        # volume limits too: two bulky light items do not share a vehicle
        loads = first_fit_decreasing([("x", 10, 6), ("y", 10, 6)], 1000, 10)
        self.assertEqual(len(loads), 2)

    def test_propose_per_route_then_create_batches(self):
        east = [
            self._delivery([(self.gearbox, qty)], carrier=self.route_east) for qty in (60, 50, 40, 30, 10)
        ]  # 600, 500, 400, 300, 100 kg
        west = self._delivery([(self.bracket, 100)], carrier=self.route_west)
        other_day = self._delivery([(self.bracket, 1)], carrier=self.route_west)
        other_day.scheduled_date = "2099-01-01 10:00:00"
        wizard = self._propose()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.load_count, 3)
        self.assertEqual(wizard.delivery_count, 6)
        by_picks = {frozenset(line.picking_ids.ids): line for line in wizard.line_ids}
        self.assertIn(frozenset((east[0] | east[2]).ids), by_picks)
        self.assertIn(frozenset((east[1] | east[3] | east[4]).ids), by_picks)
        self.assertIn(frozenset(west.ids), by_picks)
        self.assertAlmostEqual(by_picks[frozenset((east[0] | east[2]).ids)].fill_weight, 100.0)
        action = wizard.action_create_batches()
        batches = self.env["stock.picking.batch"].search(action["domain"])
        self.assertEqual(len(batches), 3)
        self.assertEqual(batches.vehicle_category_id, self.truck)
        self.assertEqual(
            set(batches.picking_ids.ids), set((west + east[0] + east[1] + east[2] + east[3] + east[4]).ids)
        )
        self.assertFalse(other_day.batch_id)
        # the fill-rate report has one row per load, per route and month
        report = self.env["cs.load.report"].search([("batch_id", "in", batches.ids)])
        self.assertEqual(len(report), 3)
        rows = self.env["cs.load.report"]._read_group(
            [("batch_id", "in", batches.ids)], ["carrier_id"], ["load_count:sum", "weight:sum"]
        )
        self.assertEqual({carrier.name: (count, weight) for carrier, count, weight in rows}["East line"], (2, 1900.0))

    def test_group_by_area(self):
        near = self.env["res.partner"].create(
            {"name": "Near", "zip": "215000", "country_id": self.env.ref("base.cn").id}
        )
        far = self.env["res.partner"].create({"name": "Far", "zip": "510000", "country_id": self.env.ref("base.cn").id})
        self._delivery([(self.bracket, 10)], partner=near)
        self._delivery([(self.bracket, 10)], partner=far)
        wizard = self._propose(grouping="area")
        self.assertEqual(wizard.load_count, 2)
        self.assertTrue(any("CN / 215" in name for name in wizard.line_ids.mapped("name")))

    def test_delivery_larger_than_a_vehicle_gets_its_own_load(self):
        self._delivery([(self.gearbox, 150)], carrier=self.route_east)
        wizard = self._propose()
        self.assertEqual(wizard.load_count, 1)
        self.assertTrue(wizard.line_ids.over_capacity)

    def test_planned_meanwhile_asks_to_propose_again(self):
        picking = self._delivery([(self.bracket, 10)], carrier=self.route_east)
        wizard = self._propose()
        self.env["stock.picking.batch"].create({"picking_ids": [(6, 0, picking.ids)]})
        with self.assertRaisesRegex(UserError, "Propose the loads again"):
            wizard.action_create_batches()

    def test_switched_off_and_bad_vehicle(self):
        self._delivery([(self.bracket, 10)])
        empty = self.env["fleet.vehicle.model.category"].create({"name": "Van"})
        with self.assertRaisesRegex(UserError, "no weight or volume capacity"):
            self._propose(vehicle_category_id=empty.id)
        self.company.cs_loads_enabled = False
        with self.assertRaisesRegex(UserError, "Load planning is off"):
            self._propose()

    def test_access_and_companies(self):
        # a salesman plans no loads
        with self.assertRaises(AccessError):
            self.env["cs.load.proposal"].with_user(self.salesman).create({"vehicle_category_id": self.truck.id})
        # another company's deliveries are not proposed to this company's dispatcher
        other = self.env["res.company"].create({"name": "Loads Other Co", "cs_loads_enabled": True})
        self._delivery([(self.bracket, 10)], company=other)
        mine = self._delivery([(self.bracket, 10)])
        wizard = self._propose()
        self.assertEqual(wizard.line_ids.picking_ids, mine)

    def test_preview_in_the_form(self):
        self._delivery([(self.bracket, 10)], carrier=self.route_east)
        form = Form(self.env["cs.load.proposal"].with_user(self.dispatcher))
        form.vehicle_category_id = self.truck
        wizard = form.save()
        wizard.action_propose()
        self.assertEqual(wizard.line_ids.name, f"{self.warehouse.code} East line #1")

    def test_menus_follow_the_switch(self):
        menus = {self.env.ref(xml_id).id for xml_id in self.env["ir.ui.menu"]._cs_switched_menus()["cs_loads_enabled"]}
        Menu = self.env["ir.ui.menu"].with_user(self.dispatcher)
        self.assertFalse(menus & set(Menu._load_menus_blacklist()))
        self.company.cs_loads_enabled = False
        self.assertTrue(menus <= set(Menu._load_menus_blacklist()))
