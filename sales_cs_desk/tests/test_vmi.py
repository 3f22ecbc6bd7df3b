from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestVmiSite(VmiCase):
    def test_site_is_resupplied_through_odoo_route(self):
        self.assertIn(self.main, self.site.resupply_wh_ids)
        route = self.site._cs_vmi_resupply_route()
        self.assertTrue(route, "Odoo built the inter-warehouse route")
        self.assertEqual(route.supplier_wh_id, self.main)
        self.assertEqual(route.supplied_wh_id, self.site)

    def test_replenishment_creates_inter_warehouse_transfer(self):
        self.env["cs.customer.item"].create(
            {"partner_id": self.customer.id, "product_id": self.disc.id, "min_qty": 10, "max_qty": 50}
        )
        orderpoint = self.env["stock.warehouse.orderpoint"].search(
            [("location_id", "=", self.site.lot_stock_id.id), ("product_id", "=", self.disc.id)]
        )
        self.assertEqual(orderpoint.route_id, self.site._cs_vmi_resupply_route())
        orderpoint.action_replenish()
        moves = self.env["stock.move"].search([("product_id", "=", self.disc.id)])
        into_site = moves.filtered(lambda m: m.location_dest_id == self.site.lot_stock_id)
        out_of_main = moves.filtered(lambda m: m.location_id == self.main.lot_stock_id)
        self.assertEqual(sum(into_site.mapped("product_uom_qty")), 50, "filled up to max")
        self.assertTrue(out_of_main, "the main warehouse ships to the site")
        self.assertFalse(into_site.move_line_ids.owner_id, "the stock at the site is ours, no owner")

    def test_customer_consumption_is_delivery_from_site(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.site.id,
                "order_line": [(0, 0, {"product_id": self.disc.id, "product_uom_qty": 5})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.picking_ids.location_id, self.site.lot_stock_id)
        self.assertEqual(order.picking_ids.picking_type_id, self.site.out_type_id)

    def test_plain_warehouse_can_be_archived(self):
        """Archiving an ordinary warehouse (Odoo's own flow) is untouched by VMI."""
        company = self.env["res.company"].create({"name": "VMI Other Co"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        warehouse.active = False
        self.assertFalse(warehouse.active)

    def test_vmi_site_needs_customer(self):
        with self.assertRaises(ValidationError):
            self.env["stock.warehouse"].create({"name": "Orphan VMI", "code": "ORV", "cs_is_vmi": True})

    def test_form_flags_site(self):
        with Form(self.env["stock.warehouse"].with_context(default_cs_is_vmi=True)) as form:
            form.name = "Jinggong VMI"
            form.code = "JGV"
            form.cs_vmi_partner_id = self.customer
            form.cs_vmi_supply_warehouse_id = self.main
        self.assertTrue(form.record.cs_is_vmi)
        self.assertTrue(form.record._cs_vmi_resupply_route())

    def test_specialist_reads_own_customers_sites_only(self):
        sites = self.env["stock.warehouse"].with_user(self.specialist).search([])
        self.assertIn(self.site, sites)
        self.assertIn(self.main, sites, "ordinary warehouses stay visible")
        self.assertNotIn(self.other_site, sites)
        supervisor_sites = self.env["stock.warehouse"].with_user(self.supervisor).search([])
        self.assertIn(self.other_site, supervisor_sites)


@tagged("post_install", "-at_install")
class TestVmiDailyReport(VmiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_vmi_cover_days = 2
        today = cls._today()
        cls.d3, cls.d2, cls.d1 = (today - timedelta(days=n) for n in (3, 2, 1))
        stock = cls.site.lot_stock_id
        cls._move(cls.disc, cls.supplier_location, stock, 100, cls.d3)
        cls._move(cls.disc, stock, cls.customer_location, 30, cls.d2)
        cls._move(cls.disc, stock, cls.customer_location, 20, today, hour=1)
        shelf = cls.env["stock.location"].create({"name": "Shelf A", "location_id": stock.id})
        cls._move(cls.disc, stock, shelf, 5, today, hour=2)  # inside the site: not a flow
        cls._move(cls.bracket, cls.supplier_location, cls.other_site.lot_stock_id, 40, cls.d1)
        cls.env["cs.customer.item"].create(
            {"partner_id": cls.customer.id, "product_id": cls.disc.id, "min_qty": 60, "max_qty": 200}
        )
        cls.env.flush_all()

    def _rows(self, site=None, product=None, model=None):
        model = model or self.env["cs.vmi.daily.report"]
        rows = model.search(
            [("warehouse_id", "=", (site or self.site).id), ("product_id", "=", (product or self.disc).id)],
            order="date",
        )
        return {r.date: (r.opening_qty, r.qty_in, r.qty_out, r.closing_qty) for r in rows}, rows

    def test_opening_in_out_closing_every_day(self):
        figures, __ = self._rows()
        self.assertEqual(
            figures,
            {
                self.d3: (0, 100, 0, 100),
                self.d2: (100, 0, 30, 70),
                self.d1: (70, 0, 0, 70),  # a quiet day still has its line
                self._today(): (70, 0, 20, 50),
            },
        )

    def test_min_max_status_and_days_of_cover(self):
        __, rows = self._rows()
        by_date = {r.date: r for r in rows}
        self.assertEqual(by_date[self.d2].stock_status, "ok")
        self.assertEqual(by_date[self._today()].stock_status, "below_min")
        self.assertEqual((by_date[self._today()].min_qty, by_date[self._today()].max_qty), (60, 200))
        self.assertFalse(by_date[self.d3].days_of_cover, "nothing went out yet")
        # window of 2 days: 30 out over the last 2 days, 15 a day, 70 / 15
        self.assertAlmostEqual(by_date[self.d2].days_of_cover, 70 / 15, places=2)
        # today: 20 out over the last 2 days (d-1 and today), 10 a day
        self.assertAlmostEqual(by_date[self._today()].avg_daily_out, 10)
        self.assertAlmostEqual(by_date[self._today()].days_of_cover, 5)

    def test_pivot_by_site(self):
        groups = self.env["cs.vmi.daily.report"]._read_group(
            [("date", "=", self._today()), ("company_id", "=", self.company.id)],
            ["warehouse_id"],
            ["closing_qty:sum", "qty_out:sum"],
        )
        self.assertEqual(
            {site: (closing, out) for site, closing, out in groups},
            {self.site: (50, 20), self.other_site: (40, 0)},
        )

    def test_in_out_by_period(self):
        Flow = self.env["cs.vmi.stock.flow"].with_user(self.supervisor)
        groups = Flow._read_group([("date", ">=", self.d2)], ["warehouse_id"], ["qty_in:sum", "qty_out:sum"])
        self.assertEqual(
            {site: (qty_in, qty_out) for site, qty_in, qty_out in groups},
            {self.site: (0, 50), self.other_site: (40, 0)},
        )
        mine = self.env["cs.vmi.stock.flow"].with_user(self.specialist).search([])
        self.assertEqual(mine.warehouse_id, self.site, "specialists see their customers' sites only")

    def test_printed_daily_report(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.specialist)
            ._render_qweb_html("sales_cs_desk.cs_vmi_daily_report_pdf", self.site.ids, data={"date": str(self.d2)})[0]
            .decode()
        )
        self.assertIn("Daily Inventory Report", html)
        self.assertIn("Huitong VMI", html)
        self.assertIn("[BD-01] Brake disc", html)
        self.assertIn("70.00", html)

    def test_wizard_opens_site_day(self):
        wizard = (
            self.env["cs.vmi.daily.report.wizard"].with_user(self.specialist).create({"warehouse_id": self.site.id})
        )
        self.assertEqual(wizard.date, self.d1, "yesterday by default")
        action = wizard.action_open()
        rows = self.env["cs.vmi.daily.report"].search(action["domain"])
        self.assertEqual(rows.mapped("closing_qty"), [70])
        self.assertEqual(wizard.action_print()["report_name"], "sales_cs_desk.cs_vmi_daily_report_document")

    def test_export_xlsx_through_odoo(self):
        __, rows = self._rows()
        data = rows.export_data(["date", "product_id", "opening_qty", "qty_in", "qty_out", "closing_qty"])["datas"]
        self.assertEqual(len(data), 4)

    def test_specialist_sees_own_sites_rows_only(self):
        model = self.env["cs.vmi.daily.report"].with_user(self.specialist)
        self.assertEqual(set(model.search([]).warehouse_id.ids), {self.site.id})
        supervisor = self.env["cs.vmi.daily.report"].with_user(self.supervisor)
        self.assertEqual(set(supervisor.search([]).warehouse_id.ids), {self.site.id, self.other_site.id})

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "CS Desk Europe"})
        self.supervisor.company_ids |= other_company
        foreign_site = self._site("Europe VMI", "EUV", self.customer, company=other_company)
        self._move(self.disc, self.supplier_location, foreign_site.lot_stock_id, 9, self.d1)
        self.env.flush_all()
        model = self.env["cs.vmi.daily.report"].with_user(self.supervisor)
        self.assertNotIn(
            foreign_site, model.with_context(allowed_company_ids=[self.company.id]).search([]).warehouse_id
        )
        rows = model.with_context(allowed_company_ids=[other_company.id]).search([])
        self.assertEqual(rows.warehouse_id, foreign_site)
