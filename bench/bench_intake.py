"""Order intake (O1): staging and checking customer files, per 1,000 lines, against Odoo's own import.

1. A customer file of 1,000 and of 10,000 lines (CSV, 500 customer part numbers, ship-to codes, PO
   lines, 2 % bad lines) read, staged and checked by ``cs.order.intake._cs_intake_from_file``: time
   and queries. The lookups (items, products, ship-tos, units, PO lines already ordered, order rules,
   pricelist rules) are batched; what grows is Odoo's batched INSERT of the lines (100 rows a query).
2. The same lines checked again (``action_check``) after a fix.
3. The import of 1,000 checked lines into quotations (``action_import``).
4. Baseline, side by side: Odoo's own import (``sale.order.line.load``, what Import in the list view
   does) of the same 1,000 lines into a quotation — no staging, no checks beyond the ORM's.
"""

import random
from datetime import timedelta

from common import environment, measure

from odoo import fields


def setup(env, parts=500):
    customer = env["res.partner"].create({"name": "Bench intake buyer", "is_company": True, "customer_rank": 1})
    ship_tos = env["res.partner"].create(
        [
            {"name": f"Plant {i}", "type": "delivery", "parent_id": customer.id, "cs_ship_to_code": f"SH{i:02d}"}
            for i in range(5)
        ]
    )
    products = env["product.product"].create(
        [
            {"name": f"Bench intake part {i}", "default_code": f"BIP-{i:04d}", "list_price": 5.0 + i % 17}
            for i in range(parts)
        ]
    )
    env["cs.customer.item"].create(
        [
            {"partner_id": customer.id, "product_id": p.id, "customer_part_number": f"C-{i:04d}", "pack_multiple": 0}
            for i, p in enumerate(products)
        ]
    )
    return customer, ship_tos, products


def make_csv(count, parts=500, po="PO-BENCH"):
    rng = random.Random(count)
    today = fields.Date.today()
    lines = ["Part No;Qty;Delivery date;Ship to;Price;PO;PO line"]
    for i in range(count):
        part = f"C-{rng.randrange(parts):04d}" if rng.random() > 0.01 else "C-UNKNOWN"
        qty = str(rng.randrange(1, 500)) if rng.random() > 0.01 else "abc"
        date = (today + timedelta(days=rng.randrange(10, 90))).isoformat()
        lines.append(f"{part};{qty};{date};SH{rng.randrange(5):02d};;{po}-{count};{i + 1}")
    return ("\n".join(lines) + "\n").encode()


def bench_staging(env, customer):
    print("1. Read, stage and check a customer file")
    Intake = env["cs.order.intake"]
    results = {}
    for count in (1_000, 10_000):
        data = make_csv(count)
        env.flush_all()
        env.invalidate_all()
        with measure(env, f"{count:,} lines: read + stage + check") as m:
            intake = Intake._cs_intake_from_file(customer, f"bench-{count}.csv", data)
            env.flush_all()
        results[count] = (intake, m)
        blocked = intake.block_count
        print(f"  {count:,} lines: {blocked} blocked, {intake.ready_count} ready")
    small, large = results[1_000][1], results[10_000][1]
    print(
        f"  per 1,000 lines: {small['seconds']:.2f} s / {small['queries']} queries at 1,000;"
        f" {large['seconds'] / 10:.2f} s / {large['queries'] / 10:.0f} queries at 10,000"
        f" (10x the lines: {large['queries'] / small['queries']:.1f}x the queries)"
    )
    return results


def bench_recheck(env, intake):
    print("2. Check a 10,000-line batch again")
    env.invalidate_all()
    with measure(env, "action_check, 10,000 lines"):
        intake.action_check()
        env.flush_all()


def bench_import(env, intake):
    print("3. Import 1,000 checked lines into quotations (one per ship-to)")
    env.invalidate_all()
    with measure(env, "action_import, 1,000 lines") as m:
        intake.action_import()
        env.flush_all()
    print(
        f"  {intake.done_count} lines into {len(intake.order_ids)} quotations;"
        f" {m['seconds'] / max(intake.done_count, 1) * 1000:.1f} ms per line"
    )


def bench_baseline(env, customer, products):
    print("4. Baseline: Odoo's own import (sale.order.line.load) of 1,000 lines")
    order = env["sale.order"].create({"partner_id": customer.id})
    rng = random.Random(1)
    # the product column as Odoo's import expects it (its display name, found by name_search line by line)
    rows = [
        [str(order.id), products[rng.randrange(len(products))].display_name, str(rng.randrange(1, 500))]
        for _i in range(1_000)
    ]
    env.invalidate_all()
    with measure(env, "load(): 1,000 lines, no staging, no checks") as m:
        result = env["sale.order.line"].load(["order_id/.id", "product_id", "product_uom_qty"], rows)
        env.flush_all()
    errors = [msg for msg in result["messages"] if msg.get("type") == "error"]
    loaded = len(result["ids"] or [])
    print(f"  {loaded} lines loaded, {len(errors)} errors; {m['seconds']:.2f} s / {m['queries']} queries")


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        env.company.cs_intake_enabled = True
        customer, _ship_tos, products = setup(env)
        results = bench_staging(env, customer)
        bench_recheck(env, results[10_000][0])
        bench_import(env, results[1_000][0])
        bench_baseline(env, customer, products)
        env.cr.rollback()


if __name__ == "__main__":
    main()
