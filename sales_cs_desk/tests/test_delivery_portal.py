from datetime import timedelta

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeliveryPortal(HttpCase):
    """The customer sees its own shipments in the portal and confirms an arrival; nobody else's."""

    def test_customer_confirms_arrival(self):
        company = self.env.company
        company.write({"cs_delivery_enabled": True, "cs_review_required": False})
        customer, stranger = self.env["res.partner"].create(
            [{"name": "Portal Freight Buyer", "is_company": True}, {"name": "Portal Other Buyer", "is_company": True}]
        )
        portal = new_test_user(
            self.env, "cs_portal_shipments", password="cs_portal_shipments", groups="base.group_portal"
        )
        portal.partner_id.parent_id = customer
        product = self.env["product.product"].create({"name": "Portal brake pad", "is_storable": True})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 20.0)
        pickings = []
        for partner in (customer, stranger):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "commitment_date": fields.Datetime.now() + timedelta(days=3),
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids.quantity = 5
            picking.move_ids.picked = True
            picking.button_validate()
            pickings.append(picking)
        mine, theirs = pickings
        self.assertEqual(mine.cs_tracking_state, "in_transit")

        self.authenticate(portal.login, portal.login)
        page = self.url_open("/my/shipments").text
        self.assertIn(mine.name, page)
        self.assertNotIn(theirs.name, page)
        for picking in (theirs, mine):
            self.url_open(f"/my/shipments/{picking.id}/arrived", data={"csrf_token": Request.csrf_token(self)})
        self.env.invalidate_all()
        self.assertFalse(theirs.cs_arrival_date, "another customer's shipment stays untouched")
        self.assertEqual(mine.cs_arrival_date, fields.Date.today())
        self.assertEqual(mine.cs_arrival_source, "portal")
        self.assertEqual(mine.cs_tracking_state, "arrived")
