"""Delivery performance (L1, L5): on-time-in-full report and ship plan.

1. The OTIF report (SQL view, read through the ORM's ``_read_group`` with its quantity-weighted rates)
   over 1,000,000 delivered order lines, against a hand-written SQL aggregate computing the same
   figures over the same rows, side by side in one run (target: report ≤ 1.5 × SQL).
2. The ship plan of 1,000 and of 10,000 deliveries: time and queries (the query count must not grow).

Rows are inserted with SQL (orders, lines, deliveries, moves); the figures are printed, nothing is kept
apart from the rows in this throwaway database.
"""

from common import best_of, environment, measure

from odoo import fields
from odoo.tools import SQL

ORDERS = 100_000
LINES_PER_ORDER = 10


def make_master_data(env):
    company = env.company
    company.cs_delivery_enabled = True
    weekdays = env["cs.weekday"].search([("code", "in", ["0", "1", "2", "3", "4"])])
    customers = env["res.partner"].create(
        [
            {
                "name": f"Bench consignee {i}",
                "is_company": True,
                "cs_transit_days": 1 + i % 4,
                "cs_receiving_weekday_ids": [(6, 0, weekdays.ids)],
                "cs_receiving_hour_to": 17.0,
            }
            for i in range(200)
        ]
    )
    products = env["product.product"].create(
        [{"name": f"Bench bearing {i}", "is_storable": True, "list_price": 5.0 + i} for i in range(50)]
    )
    freight = env["product.product"].create({"name": "Bench freight", "type": "service"})
    carriers = env["delivery.carrier"].create(
        [{"name": f"Bench carrier {i}", "product_id": freight.id, "cs_transit_days": 2 + i} for i in range(3)]
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    env.flush_all()
    return customers, products, carriers, warehouse


def populate(env, customers, products, carriers, warehouse, orders, lines, prefix, done=True):
    """``orders`` confirmed orders of ``lines`` lines each, one delivery per order, with SQL."""
    cr = env.cr
    customer_loc = env.ref("stock.stock_location_customers").id
    params = {
        "company": env.company.id,
        "partners": customers.ids,
        "np": len(customers),
        "products": products.ids,
        "nprod": len(products),
        "uom": env.ref("uom.product_uom_unit").id,
        "carriers": carriers.ids,
        "nc": len(carriers),
        "warehouse": warehouse.id,
        "out_type": warehouse.out_type_id.id,
        "stock": warehouse.lot_stock_id.id,
        "customer": customer_loc,
        "orders": orders,
        "lines": lines,
        "prefix": prefix,
        "pattern": prefix + "%",
        "state": "done" if done else "assigned",
    }
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                    date_order, picking_policy, state, warehouse_id, carrier_id, cs_promised_date,
                                    currency_rate)
            SELECT %(prefix)s || g, %(company)s, p, p, p, now(), 'direct', 'sale', %(warehouse)s,
                   (%(carriers)s)[1 + mod(g, %(nc)s)],
                   CASE WHEN %(state)s = 'done' THEN current_date - (1 + mod(g * 7, 360))
                        ELSE current_date + (3 + mod(g, 40)) END,
                   1.0
              FROM (SELECT g, (%(partners)s)[1 + mod(g, %(np)s)] AS p FROM generate_series(1, %(orders)s) g) s
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty, price_unit,
                                         customer_lead, company_id, state, qty_delivered_method)
            SELECT so.id, 'bench', (%(products)s)[1 + mod(so.id + j, %(nprod)s)], %(uom)s, 10 + mod(so.id * j, 90),
                   1.0, 0, %(company)s, 'sale', 'stock_move'
              FROM sale_order so, generate_series(1, %(lines)s) j
             WHERE so.name LIKE %(pattern)s
            """,
            **params,
        )
    )
    # one delivery per order: shipped 0–6 days before the promise, the arrival recorded on half of them
    cr.execute(
        SQL(
            """
            INSERT INTO stock_picking (name, location_id, location_dest_id, picking_type_id, move_type, state,
                                       partner_id, company_id, sale_id, carrier_id, scheduled_date, date_done,
                                       cs_eta, cs_arrival_date)
            SELECT so.name || '/OUT', %(stock)s, %(customer)s, %(out_type)s, 'direct', %(state)s,
                   so.partner_id, %(company)s, so.id, so.carrier_id,
                   so.cs_promised_date - mod(so.id, 7), CASE WHEN %(state)s = 'done'
                   THEN so.cs_promised_date - mod(so.id, 7) END,
                   CASE WHEN %(state)s = 'done' THEN so.cs_promised_date - mod(so.id, 7) + 1 + mod(so.id, 5) END,
                   CASE WHEN %(state)s = 'done' AND mod(so.id, 2) = 0
                        THEN so.cs_promised_date - mod(so.id, 7) + 1 + mod(so.id, 4) END
              FROM sale_order so
             WHERE so.name LIKE %(pattern)s
            """,
            **params,
        )
    )
    # each line ships its quantity, a tenth of them short by a fifth
    cr.execute(
        SQL(
            """
            INSERT INTO stock_move (name, company_id, product_id, product_uom, location_id, location_dest_id,
                                    procure_method, product_uom_qty, quantity, date, state, picking_id,
                                    sale_line_id, partner_id)
            SELECT 'bench', %(company)s, l.product_id, l.product_uom, %(stock)s, %(customer)s, 'make_to_stock',
                   l.product_uom_qty, CASE WHEN mod(l.id, 10) = 0 THEN l.product_uom_qty * 0.8
                   ELSE l.product_uom_qty END,
                   now(), %(state)s, pk.id, l.id, so.partner_id
              FROM sale_order_line l
              JOIN sale_order so ON so.id = l.order_id
              JOIN stock_picking pk ON pk.sale_id = so.id
             WHERE so.name LIKE %(pattern)s
            """,
            **params,
        )
    )
    for table in ("sale_order", "sale_order_line", "stock_picking", "stock_move"):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


HAND_WRITTEN = """
    WITH mv AS (
        SELECT m.sale_line_id,
               SUM(m.quantity) AS delivered,
               SUM(m.quantity) FILTER (WHERE COALESCE(pk.cs_arrival_date, pk.cs_eta) <= so.cs_promised_date)
                   AS on_time
          FROM stock_move m
          JOIN stock_picking pk ON pk.id = m.picking_id
          JOIN sale_order_line sl ON sl.id = m.sale_line_id
          JOIN sale_order so ON so.id = sl.order_id
         WHERE m.state = 'done' AND m.location_dest_id = %(customer)s
         GROUP BY m.sale_line_id
    )
    SELECT p.commercial_partner_id, date_trunc('month', so.cs_promised_date) AS month,
           100.0 * SUM(LEAST(COALESCE(mv.on_time, 0), l.product_uom_qty)) / SUM(l.product_uom_qty),
           100.0 * SUM(COALESCE(mv.on_time, 0)) / NULLIF(SUM(mv.delivered), 0),
           100.0 * SUM(LEAST(COALESCE(mv.delivered, 0), l.product_uom_qty)) / SUM(l.product_uom_qty),
           SUM(l.product_uom_qty)
      FROM sale_order_line l
      JOIN sale_order so ON so.id = l.order_id
      JOIN res_partner p ON p.id = so.partner_id
      LEFT JOIN mv ON mv.sale_line_id = l.id
     WHERE so.state = 'sale' AND so.cs_promised_date IS NOT NULL AND l.product_uom_qty > 0
       AND l.qty_delivered_method = 'stock_move' AND l.display_type IS NULL
     GROUP BY 1, 2
"""


def bench_otif(env, master):
    print(f"1. On-time-in-full over {ORDERS * LINES_PER_ORDER:,} delivered order lines")
    with measure(env, f"populate {ORDERS:,} orders, {ORDERS * LINES_PER_ORDER:,} lines and moves (SQL)"):
        populate(env, *master, ORDERS, LINES_PER_ORDER, "OTIFB")
    env.flush_all()
    Report = env["cs.delivery.otif.report"]
    groupby, aggregates = (
        ["cs_customer_id", "promised_date:month"],
        [
            "otif_rate:avg",
            "on_time_rate:avg",
            "in_full_rate:avg",
            "qty_ordered:sum",
        ],
    )
    customer = env.ref("stock.stock_location_customers").id

    def report():
        env.invalidate_all()
        return Report._read_group([], groupby, aggregates)

    def hand():
        env.cr.execute(SQL(HAND_WRITTEN, customer=customer))
        return env.cr.fetchall()

    report()  # warm-up: plans and caches
    hand()
    t_report, rows = best_of(3, report)
    t_hand, hand_rows = best_of(3, hand)
    total_report = sum(row[-1] for row in rows)
    total_hand = sum(row[-1] for row in hand_rows)
    print(f"  {'hand-written SQL aggregate (customer x month)':<48} {t_hand:8.3f} s  {len(hand_rows):6d} groups")
    print(f"  {'OTIF report _read_group (customer x month)':<48} {t_report:8.3f} s  {len(rows):6d} groups")
    print(
        f"  ratio report / SQL: {t_report / t_hand:.2f} (target <= 1.5);"
        f" ordered qty {total_report:,.0f} vs {total_hand:,.0f}"
    )
    t_month, _rows = best_of(
        3, lambda: (env.invalidate_all(), Report._read_group([], ["promised_date:month"], aggregates))
    )
    print(f"  {'OTIF report _read_group (month only)':<48} {t_month:8.3f} s")


def bench_ship_plan(env, master):
    print("2. Ship plan: 1,000 and 10,000 deliveries")
    with measure(env, "populate 10,000 open deliveries (SQL)"):
        populate(env, *master, 10_000, 1, "PLANB", done=False)
    pickings = env["stock.picking"].search([("name", "like", "PLANB%")])
    results = {}
    for count in (1_000, 10_000):
        batch = pickings[:count]
        env.invalidate_all()
        with measure(env, f"ship plan of {count:,} deliveries (compute)") as m:
            batch._cs_refresh_ship_plan()  # as after a change of the customers' profile
        results[count] = m
        with measure(env, f"  written back, ETA and status follow ({count:,})"):
            env.flush_all()  # one UPDATE per distinct set of values; dependent computes per 1,000
    flagged = sum(1 for p in pickings if p.cs_plan_issue)
    print(
        f"  queries 1,000: {results[1_000]['queries']}, 10,000: {results[10_000]['queries']};"
        f" flagged {flagged:,} of {len(pickings):,} (Odoo schedules on the promised day, before transit)"
    )


def main():
    with environment() as env:
        print(f"Delivery performance benchmark ({fields.Datetime.now()} UTC)")
        master = make_master_data(env)
        bench_otif(env, master)
        bench_ship_plan(env, master)
        env.cr.rollback()


if __name__ == "__main__":
    main()
