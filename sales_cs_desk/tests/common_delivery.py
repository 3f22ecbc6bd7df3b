from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import CsDeskCase


class CsDeliveryCase(CsDeskCase):
    """Delivery performance switched on; a customer that receives Monday to Friday 08:00–17:00, 2 days away.

    Dates are fixed weeks ahead of today so that the weekdays are known: ``monday`` is a Monday at least
    three weeks away; the company calendar (Odoo's 40 hours/week) works Monday to Friday.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_delivery_enabled = True
        cls.company.cs_delivery_transit_days = 1
        cls.stock_user = new_test_user(cls.env, "cs_test_stock", groups="stock.group_stock_user", name="Stock")
        weekdays = cls.env["cs.weekday"].search([("code", "in", ["0", "1", "2", "3", "4"])])
        cls.customer.write(
            {
                "street": "1 Harbour Road",
                "city": "Ningbo",
                "cs_transit_days": 2,
                "cs_receiving_weekday_ids": [Command.set(weekdays.ids)],
                "cs_receiving_hour_from": 8.0,
                "cs_receiving_hour_to": 17.0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Brake disc", "is_storable": True, "list_price": 100.0, "type": "consu"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 1000.0)
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Coastal Freight",
                "product_id": cls.env["product.product"].create({"name": "Freight", "type": "service"}).id,
                "company_id": cls.company.id,
                "cs_transit_days": 4,
            }
        )
        today = date.today()
        cls.monday = today + timedelta(days=21 - today.weekday())

    @classmethod
    def _order(cls, promised, qty=10.0, customer=None, confirm=True):
        """A confirmed order promised to arrive on ``promised`` (a date), at noon UTC."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (customer or cls.customer).id,
                "commitment_date": datetime.combine(promised, datetime.min.time()) + timedelta(hours=12),
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": qty})],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _ship(cls, order, qty=None, shipped=None):
        """Validate the order's open delivery (``qty``: ship only that much, no backorder), shipped at noon."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.move_ids.quantity = qty if qty is not None else picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        if shipped:
            picking.date_done = datetime.combine(shipped, datetime.min.time()) + timedelta(hours=4)
        return picking

    @staticmethod
    def _today():
        return fields.Date.today()
