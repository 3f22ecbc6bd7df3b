from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVmiTour(HttpCase):
    def _move(self, product, source, destination, qty, day):
        with freeze_time(datetime.combine(day, time(10))):
            move = self.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": qty,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                }
            )
            move._action_confirm()
            move.quantity = qty
            move.picked = True
            move._action_done()

    def test_specialist_opens_yesterdays_daily_report(self):
        self.env.company.cs_vmi_enabled = True
        specialist = new_test_user(
            self.env,
            "cs_vmi_tour_specialist",
            password="cs_vmi_tour_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            name="VMI Tour Specialist",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer 汇通", "is_company": True, "cs_user_id": specialist.id}
        )
        main = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        site = self.env["stock.warehouse"].create(
            {
                "name": "Tour VMI 汇通",
                "code": "TVMI",
                "cs_is_vmi": True,
                "cs_vmi_partner_id": customer.id,
                "cs_vmi_supply_warehouse_id": main.id,
            }
        )
        disc = self.env["product.product"].create({"name": "Tour brake disc", "is_storable": True})
        today = fields.Date.context_today(specialist)
        self._move(disc, self.env.ref("stock.stock_location_suppliers"), site.lot_stock_id, 100, today - timedelta(2))
        self._move(disc, site.lot_stock_id, self.env.ref("stock.stock_location_customers"), 30, today - timedelta(1))
        self.start_tour("/odoo", "sales_cs_desk_vmi_daily_report_tour", login=specialist.login)
