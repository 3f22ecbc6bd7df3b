"""Base of the intake tests: a customer with items, ship-to codes and a file layout to be learnt.

``CsIntakeCase`` adds to ``CsDeskCase``: two products (``bolt`` sold per unit with MOQ 100 in packs
of 50, ``nut``), the customer's items (part numbers ``HT-BOLT`` and ``HT-NUT``), a delivery address
with the customer's ship-to code ``SH01``, and ``_csv(rows)`` to build a customer file.
"""

from datetime import timedelta

from odoo import fields

from .common import CsDeskCase

HEADER = "Part No;Qty;Unit;Delivery date;Ship to;Price;PO;PO line"


class CsIntakeCase(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_intake_enabled = True
        cls.bolt = cls.env["product.product"].create(
            {"name": "Hex bolt M8", "default_code": "BOLT-M8", "is_storable": True, "list_price": 2.0, "sale_delay": 5}
        )
        cls.nut = cls.env["product.product"].create(
            {"name": "Hex nut M8", "default_code": "NUT-M8", "is_storable": True, "list_price": 1.0}
        )
        Item = cls.env["cs.customer.item"]
        cls.bolt_item = Item.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.bolt.id,
                "customer_part_number": "HT-BOLT",
                "moq": 100,
                "pack_multiple": 50,
            }
        )
        cls.nut_item = Item.create(
            {"partner_id": cls.customer.id, "product_id": cls.nut.id, "customer_part_number": "HT-NUT"}
        )
        cls.ship_to = cls.env["res.partner"].create(
            {
                "name": "Huitong Plant 1",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "cs_ship_to_code": "SH01",
            }
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.later = cls.today + timedelta(days=30)

    @classmethod
    def _csv(cls, rows, header=HEADER, encoding="utf-8", separator=";"):
        lines = [header.replace(";", separator)] + [separator.join(str(v) for v in row) for row in rows]
        return ("\n".join(lines) + "\n").encode(encoding)

    def _line(self, intake, number):
        return intake.line_ids.filtered(lambda line: line.line_number == number)

    def _codes(self, line):
        return {anomaly["code"] for anomaly in line.anomalies or []}
