"""Fixtures for the load-planning tests (L2).

``LoadsCase`` adds to ``CsDeskCase``: the company with load planning on, a
truck category of 1,000 kg and 10 m³, a crate package type (600 × 400 × 500 mm,
2 kg empty) that is a returnable container, a gearbox (10 kg, 0.01 m³) sold in
crates of 4, a loose bracket (1 kg, 0.01 m³), two routes (shipping methods)
and helpers to make confirmed deliveries.
"""

from odoo import Command

from .common import CsDeskCase


class LoadsCase(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_loads_enabled = True
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.truck = cls.env["fleet.vehicle.model.category"].create(
            {"name": "Truck 1t", "weight_capacity": 1000.0, "volume_capacity": 10.0}
        )
        cls.crate_product = cls.env["product.product"].create(
            {"name": "Crate C4", "is_storable": True, "cs_is_container": True, "weight": 3.0}
        )
        cls.crate = cls.env["stock.package.type"].create(
            {
                "name": "Crate",
                "packaging_length": 600,
                "width": 400,
                "height": 500,
                "base_weight": 2.0,
                "cs_container_product_id": cls.crate_product.id,
            }
        )
        cls.gearbox = cls.env["product.product"].create(
            {"name": "Gearbox", "is_storable": True, "weight": 10.0, "volume": 0.01, "list_price": 100}
        )
        cls.crate_of_4 = cls.env["product.packaging"].create(
            {"name": "Crate of 4", "product_id": cls.gearbox.id, "qty": 4, "package_type_id": cls.crate.id}
        )
        cls.bracket = cls.env["product.product"].create(
            {"name": "Bracket", "is_storable": True, "weight": 1.0, "volume": 0.01, "list_price": 5}
        )
        delivery_product = cls.env["product.product"].create({"name": "Freight", "type": "service"})
        cls.route_east, cls.route_west = cls.env["delivery.carrier"].create(
            [
                {"name": "East line", "product_id": delivery_product.id, "company_id": cls.company.id},
                {"name": "West line", "product_id": delivery_product.id, "company_id": cls.company.id},
            ]
        )

    @classmethod
    def _delivery(cls, lines, partner=None, carrier=None, company=None):
        """A confirmed delivery of ``lines``: ``(product, qty)`` or ``(product, qty, packaging)``."""
        warehouse = cls.warehouse
        if company:
            warehouse = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        picking_type = warehouse.out_type_id
        partner = partner or cls.customer
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                "carrier_id": carrier.id if carrier else False,
                "company_id": picking_type.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": line[0].name,
                            "product_id": line[0].id,
                            "product_uom_qty": line[1],
                            "product_uom": line[0].uom_id.id,
                            "product_packaging_id": line[2].id if len(line) > 2 else False,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                            "company_id": picking_type.company_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        return picking
