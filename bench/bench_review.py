"""Order review (O3–O6): checks engine, ranked queue, fair share, confirmation cost.

1. The checks of 200 orders × 20 lines in one batch — time and queries,
   against a batch of 20 orders to show the query count does not grow.
2. The review queue over 10,000 waiting orders (populated with SQL): first
   page sorted by the SQL rank, count, and the reasons of that page.
3. Fair-share allocation of a short product over 1,000 waiting orders.
4. Order confirmation with the review off (standard ``action_confirm``)
   and on (the move into Released, which re-checks and confirms), side by
   side in one run, per order; then again with the cache emptied before
   each confirmation (as a request starts).
"""

import random
import time

from common import environment, measure

from odoo import Command, fields
from odoo.tools import SQL


def make_products(env, count):
    return env["product.product"].create(
        [{"name": f"Bench part {i}", "is_storable": True, "list_price": 10.0 + i} for i in range(count)]
    )


def make_customers(env, count):
    return env["res.partner"].create(
        [
            {"name": f"Bench buyer {i}", "is_company": True, "street": "1 Bench Road", "city": "Ningbo"}
            for i in range(count)
        ]
    )


def make_orders(env, customers, products, count, lines):
    term = env.ref("account.account_payment_term_30days")
    return env["sale.order"].create(
        [
            {
                "partner_id": customers[i % len(customers)].id,
                "payment_term_id": term.id,
                "commitment_date": fields.Datetime.now(),
                "order_line": [
                    Command.create({"product_id": products[(i + j) % len(products)].id, "product_uom_qty": 5 + j})
                    for j in range(lines)
                ],
            }
            for i in range(count)
        ]
    )


def bench_checks(env):
    print("1. Checks engine: 200 orders x 20 lines")
    products = make_products(env, 40)
    customers = make_customers(env, 25)
    env.company.account_use_credit_limit = True
    for customer in customers:
        customer.credit_limit = 50_000
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    for product in products[:30]:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 500)
    with measure(env, "create 220 orders (ORM, review off)"):
        orders = make_orders(env, customers, products, 220, 20)
    small, large = orders[:20], orders[20:]
    Check = env["cs.order.check"]
    Check._cs_run(small)
    env.invalidate_all()
    with measure(env, "checks of 20 orders x 20 lines") as m_small:
        Check._cs_run(small)
    env.invalidate_all()
    with measure(env, "checks of 200 orders x 20 lines (first run)"):
        Check._cs_run(large)
    env.invalidate_all()
    with measure(env, "checks of 200 orders x 20 lines (re-run)") as m_large:
        Check._cs_run(large)
    print(
        f"  check results: {Check.search_count([('order_id', 'in', large.ids)]):,};"
        f" queries 20 orders: {m_small['queries']}, 200 orders: {m_large['queries']}"
    )


def populate_queue(env, count):
    cr = env.cr
    received = env.ref("sales_cs_desk.cs_review_stage_received")
    customers = make_customers(env, 200)
    customers[:20].write({"cs_tier": "key"})
    env.flush_all()
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                    date_order, picking_policy, state, amount_untaxed, currency_rate,
                                    cs_stage_id, cs_received_date, cs_urgent)
            SELECT 'QBENCH' || g, %(company)s, p, p, p, now(), 'direct', 'draft',
                   round((10 ^ (1 + random() * 4))::numeric, 2), 1.0,
                   %(stage)s, now() - (random() * interval '10 days'), random() < 0.02
              FROM (SELECT g, (%(partners)s)[1 + mod(g, %(n)s)] AS p
                      FROM generate_series(1, %(count)s) g) s
            """,
            company=env.company.id,
            stage=received.id,
            partners=customers.ids,
            n=len(customers),
            count=count,
        )
    )
    cr.execute("ANALYZE sale_order")


def bench_queue(env):
    print("2. Review queue: 10,000 waiting orders")
    with measure(env, "populate 10,000 waiting orders (SQL)"):
        populate_queue(env, 10_000)
    Order = env["sale.order"]
    domain = [("cs_stage_id.stage_type", "=", "review"), ("name", "like", "QBENCH")]
    order = "cs_queue_score desc, cs_received_date asc, id asc"
    with measure(env, "first page (80) ranked in SQL"):
        page = Order.search(domain, order=order, limit=80)
    with measure(env, "page 50 (offset 3,920) ranked in SQL"):
        Order.search(domain, order=order, limit=80, offset=3920)
    with measure(env, "count of the queue"):
        total = Order.search_count(domain)
    env.invalidate_all()
    with measure(env, "rank reasons of the first page"):
        reasons = page.mapped("cs_rank_reason")
    print(f"  {total:,} waiting; top: {page[0].name} — {reasons[0]}")


def bench_fair_share(env):
    # the add-on is importable once the registry is loaded
    from odoo.addons.sales_cs_desk.wizards.review.cs_shortage_allocation import allocate_fair

    print("3. Fair share: 1,000 waiting orders for one short product")
    rnd = random.Random(7)
    demands = []
    for _i in range(1000):
        pack = rnd.choice([0, 6, 10, 12, 25])
        moq = rnd.choice([0, 10, 20, 50])
        step = pack or 1
        least = -(-max(moq, 1) // step) * step
        demands.append((float(least + step * rnd.randint(0, 40)), float(moq), float(pack)))
    free = sum(d[0] for d in demands) * 0.6
    start = time.perf_counter()
    result = allocate_fair(free, demands)
    seconds = time.perf_counter() - start
    print(
        f"  {'allocate 60 % of the demand':<48} {seconds:8.3f} s; allocated {sum(result):,.0f} of {free:,.0f} free,"
        f" {sum(1 for a in result if a == 0)} orders at 0"
    )


def bench_confirmation(env, count=40, cold=False):
    """``cold``: the cache is emptied before each confirmation, as each request of the web client starts."""
    print(f"4. Confirmation of {count} orders x 5 lines: review off vs on{' (cold cache)' if cold else ''}")
    admin_env = env(user=env.ref("base.user_admin").id)
    products = make_products(admin_env, 10)
    customers = make_customers(admin_env, 10)
    company = env.company
    company.cs_review_required = False
    off = make_orders(admin_env, customers, products, count, 5)
    company.cs_review_required = True
    on = make_orders(admin_env, customers, products, count, 5)
    Stage = admin_env["cs.review.stage"]
    stages = [admin_env.ref(f"sales_cs_desk.cs_review_stage_{x}") for x in ("cs_check", "supervisor", "finance")]
    released = admin_env.ref("sales_cs_desk.cs_review_stage_released")
    for order in on:
        for stage in stages:
            order._cs_move(stage)
    env.flush_all()

    def set_review(on):
        # The switch as the confirmation sees it. Not through the settings: switching review off
        # empties the queue (the quotations waiting in it become ordinary ones), which would take
        # the "on" orders out of the review before they are released.
        env.flush_all()
        env.cr.execute(SQL("UPDATE res_company SET cs_review_required = %s WHERE id = %s", on, company.id))
        company.invalidate_recordset(["cs_review_required"])

    # interleaved, one order of each mode in turn, so that the load of the
    # machine weighs on both alike; the first two of each are warm-up
    results = {"off": {"seconds": 0.0, "queries": 0}, "on": {"seconds": 0.0, "queries": 0}}
    target = Stage.browse(released.id)
    for i, (order_off, order_on) in enumerate(zip(off, on, strict=True)):
        for mode, run in (("off", order_off.action_confirm), ("on", lambda o=order_on: o._cs_move(target))):
            set_review(mode == "on")
            if cold:
                env.invalidate_all()
            before, start = env.cr.sql_log_count, time.perf_counter()
            run()
            env.flush_all()
            if i >= 2:
                results[mode]["seconds"] += time.perf_counter() - start
                results[mode]["queries"] += env.cr.sql_log_count - before
    count -= 2
    for mode, label in (("off", "review off: action_confirm"), ("on", "review on: move into Released")):
        print(f"  {label:<48} {results[mode]['seconds']:8.3f} s  {results[mode]['queries']:6d} queries")
    per = {k: (v["seconds"] / count * 1000, v["queries"] / count) for k, v in results.items()}
    print(
        f"  per order: off {per['off'][0]:.1f} ms / {per['off'][1]:.1f} queries,"
        f" on {per['on'][0]:.1f} ms / {per['on'][1]:.1f} queries"
        f" ({(per['on'][0] / per['off'][0] - 1) * 100:+.0f} % time, {per['on'][1] - per['off'][1]:+.1f} queries)"
    )


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        bench_checks(env)
        bench_queue(env)
        bench_fair_share(env)
        bench_confirmation(env)
        bench_confirmation(env, cold=True)
        env.cr.rollback()


if __name__ == "__main__":
    main()
