from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestVmiStockAlert(VmiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["cs.vmi.stock.alert"]
        cls.activity_type = cls.env.ref("sales_cs_desk.mail_activity_type_cs_stock_alert")
        cls.rule = cls.env["stock.warehouse.orderpoint"].create(
            {
                "location_id": cls.site.lot_stock_id.id,
                "warehouse_id": cls.site.id,
                "product_id": cls.disc.id,
                "product_min_qty": 10,
                "product_max_qty": 30,
                "trigger": "manual",
            }
        )

    def _activities(self, alerts):
        return self.env["mail.activity"].search(
            [("res_model", "=", "cs.vmi.stock.alert"), ("res_id", "in", alerts.ids)]
        )

    def test_no_alert_while_vmi_is_switched_off(self):
        self.company.cs_vmi_enabled = False
        self.Alert._cron_cs_stock_alerts()
        self.assertFalse(self.Alert.search([("orderpoint_id", "=", self.rule.id)]), "VMI off: the job raises nothing")
        self.company.cs_vmi_enabled = True
        self.Alert._cron_cs_stock_alerts()
        self.assertTrue(self.Alert.search([("orderpoint_id", "=", self.rule.id)]))

    def test_one_alert_per_situation_closed_when_back(self):
        self.Alert._cron_cs_stock_alerts()
        self.Alert._cron_cs_stock_alerts()
        alert = self.Alert.search([("orderpoint_id", "=", self.rule.id)])
        self.assertEqual(len(alert), 1, "one alert however often the job runs")
        self.assertEqual((alert.state, alert.forecast_qty, alert.shortage_qty), ("open", 0, 10))
        activity = self._activities(alert)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertEqual(activity.activity_type_id, self.activity_type)

        self._move(self.disc, self.supplier_location, self.site.lot_stock_id, 25, self._today())
        self.Alert._cron_cs_stock_alerts()
        self.assertEqual(alert.state, "closed")
        self.assertTrue(alert.date_closed)
        self.assertFalse(self._activities(alert), "closed automatically")
        self.assertFalse(self.Alert.search([("state", "=", "open"), ("company_id", "=", self.company.id)]))

        self._move(self.disc, self.site.lot_stock_id, self.customer_location, 20, self._today())
        self.Alert._cron_cs_stock_alerts()
        reopened = self.Alert.search([("orderpoint_id", "=", self.rule.id), ("state", "=", "open")])
        self.assertTrue(reopened and reopened != alert, "a new situation, a new alert")
        self.assertEqual(reopened.forecast_qty, 5)

    def test_forecast_counts_pending_moves_and_sublocations(self):
        shelf = self.env["stock.location"].create({"name": "Shelf", "location_id": self.site.lot_stock_id.id})
        self._move(self.disc, self.supplier_location, shelf, 4, self._today())
        incoming = self.env["stock.move"].create(
            {
                "name": "incoming",
                "product_id": self.disc.id,
                "product_uom": self.disc.uom_id.id,
                "product_uom_qty": 8,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.site.lot_stock_id.id,
            }
        )
        incoming._action_confirm()
        self.assertEqual(self.Alert._cs_forecasts(self.rule), {self.rule.id: 12})
        self.Alert._cron_cs_stock_alerts()
        self.assertFalse(self.Alert.search([("orderpoint_id", "=", self.rule.id)]), "4 on hand + 8 coming ≥ 10")

    def test_constant_queries_per_batch(self):
        products = self.env["product.product"].create([{"name": f"Part {i}", "is_storable": True} for i in range(12)])
        rules = self.env["stock.warehouse.orderpoint"].create(
            [
                {
                    "location_id": self.main.lot_stock_id.id,
                    "product_id": product.id,
                    "product_min_qty": 1,
                    "product_max_qty": 2,
                    "trigger": "manual",
                }
                for product in products
            ]
        )
        self.Alert._cs_check_batch(self.rule)  # warm-up
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.Alert._cs_check_batch(rules[:3])
        few = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.Alert._cs_check_batch(rules[3:])
        many = self.env.cr.sql_log_count - before
        self.assertEqual(few, many, "9 rules cost what 3 rules cost")
        self.assertEqual(self.Alert.search_count([("orderpoint_id", "in", rules.ids)]), 12)

    def test_access_supervisor_only(self):
        self.Alert._cron_cs_stock_alerts()
        self.assertTrue(self.Alert.with_user(self.supervisor).search([]))
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.specialist).search([])
        action = self.Alert.with_user(self.supervisor).action_cs_refresh()
        self.assertEqual(action["res_model"], "cs.vmi.stock.alert")

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "CS Desk Europe", "cs_vmi_enabled": True})
        self.supervisor.company_ids |= other_company
        foreign_wh = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)], limit=1)
        foreign_rule = self.env["stock.warehouse.orderpoint"].create(
            {
                "location_id": foreign_wh.lot_stock_id.id,
                "warehouse_id": foreign_wh.id,
                "company_id": other_company.id,
                "product_id": self.bracket.id,
                "product_min_qty": 3,
                "product_max_qty": 9,
                "trigger": "manual",
            }
        )
        self.Alert._cron_cs_stock_alerts()
        model = self.Alert.with_user(self.supervisor)
        here = model.with_context(allowed_company_ids=[self.company.id]).search([])
        there = model.with_context(allowed_company_ids=[other_company.id]).search([])
        self.assertEqual(here.orderpoint_id, self.rule)
        self.assertEqual(there.orderpoint_id, foreign_rule)
        self.assertEqual(self._activities(there).user_id, self.supervisor)
