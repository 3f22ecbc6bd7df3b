"""Loads (L2): the proposal for the day's deliveries.

500 confirmed deliveries (1–3 lines, half of the goods in crates that are
returnable containers) on 5 routes; the proposal packs them into trucks of
1,000 kg / 10 m³. Side by side in one run:

* baseline — what a per-delivery loop costs: each delivery weighed on its own
  (Odoo's ``stock_delivery`` weight compute, record by record, cache cleared as
  in a loop over separately read records), then placed first-fit in arrival
  order;
* the proposal wizard — weights and volumes with packages for all deliveries
  in one batch of queries, first-fit decreasing per route, preview lines
  written; the same for 50 deliveries shows that the queries do not grow.
"""

import random

from common import environment, measure

from odoo import Command


def make_deliveries(env, count, carriers, products, packagings):
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    picking_type = warehouse.out_type_id
    customers = env["res.partner"].create([{"name": f"Bench load customer {i}", "zip": f"2{i:05d}"} for i in range(40)])
    dest = env.ref("stock.stock_location_customers")
    rng = random.Random(12)
    vals_list = []
    for i in range(count):
        lines = []
        for _j in range(rng.randint(1, 3)):
            k = rng.randrange(len(products))
            lines.append(
                Command.create(
                    {
                        "name": products[k].name,
                        "product_id": products[k].id,
                        "product_uom_qty": rng.randint(1, 40),
                        "product_uom": products[k].uom_id.id,
                        "product_packaging_id": packagings[k].id if k % 2 == 0 else False,
                        "location_id": picking_type.default_location_src_id.id,
                        "location_dest_id": dest.id,
                    }
                )
            )
        vals_list.append(
            {
                "picking_type_id": picking_type.id,
                "partner_id": customers[i % len(customers)].id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": dest.id,
                "carrier_id": carriers[i % len(carriers)].id,
                "move_ids": lines,
            }
        )
    pickings = env["stock.picking"].create(vals_list)
    pickings.action_confirm()
    return pickings


def baseline(env, pickings, category):
    """Per-delivery weight (Odoo's own compute, one record at a time), first fit in arrival order."""
    loads = {}
    for picking_id in pickings.ids:
        env.invalidate_all()
        picking = env["stock.picking"].browse(picking_id)
        weight = picking.weight  # stock_delivery: goods only, no packages
        volume = sum(move.product_id.volume * move.product_qty for move in picking.move_ids)
        route = loads.setdefault(picking.carrier_id.id, [])
        for load in route:
            if load[0] + weight <= category.weight_capacity and load[1] + volume <= category.volume_capacity:
                load[0] += weight
                load[1] += volume
                break
        else:
            route.append([weight, volume])
    return sum(len(route) for route in loads.values())


def propose(env, category):
    env.invalidate_all()
    wizard = env["cs.load.proposal"].create({"vehicle_category_id": category.id, "grouping": "carrier"})
    wizard.action_propose()
    env.flush_all()
    return wizard


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        env.company.cs_loads_enabled = True
        print("Loads: proposal for the day's deliveries (trucks of 1,000 kg / 10 m³, 5 routes)")
        crate_product = env["product.product"].create({"name": "Bench crate", "is_storable": True, "weight": 3.0})
        crate = env["stock.package.type"].create(
            {
                "name": "Bench crate",
                "packaging_length": 600,
                "width": 400,
                "height": 500,
                "base_weight": 2.0,
                "cs_container_product_id": crate_product.id,
            }
        )
        products = env["product.product"].create(
            [
                {"name": f"Bench load part {i}", "is_storable": True, "weight": 1.0 + i % 7, "volume": 0.01}
                for i in range(30)
            ]
        )
        packagings = env["product.packaging"].create(
            [{"name": "Crate of 6", "product_id": p.id, "qty": 6, "package_type_id": crate.id} for p in products]
        )
        service = env["product.product"].create({"name": "Bench freight", "type": "service"})
        carriers = env["delivery.carrier"].create(
            [{"name": f"Bench route {i}", "product_id": service.id} for i in range(5)]
        )
        category = env["fleet.vehicle.model.category"].create(
            {"name": "Bench truck", "weight_capacity": 1000.0, "volume_capacity": 10.0}
        )
        small = make_deliveries(env, 50, carriers, products, packagings)
        with measure(env, "proposal, 50 deliveries") as m_small:
            wizard = propose(env, category)
        print(f"    {wizard.load_count} loads")
        small.write({"state": "cancel"})
        env.flush_all()
        pickings = make_deliveries(env, 500, carriers, products, packagings)
        with measure(env, "baseline: per-delivery weight, first fit") as m_base:
            base_loads = baseline(env, pickings, category)
        print(f"    {base_loads} loads (goods only: packages and containers not counted)")
        with measure(env, "proposal, 500 deliveries") as m_large:
            wizard = propose(env, category)
        print(f"    {wizard.load_count} loads for {wizard.delivery_count} deliveries")
        print(
            f"  => proposal {m_large['seconds']:.3f} s (target <= 1 s), "
            f"{m_base['seconds'] / m_large['seconds']:.1f}x faster than the baseline; "
            f"queries {m_small['queries']} for 50 vs {m_large['queries']} for 500"
        )
        env.cr.rollback()


if __name__ == "__main__":
    main()
