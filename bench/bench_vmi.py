"""VMI daily inventory report (L8) and safety-stock alerts (L7) at scale.

Builds 5 VMI sites × 2,000 products × 365 days of done moves with plain SQL
(one delivery per site, product and day, a resupply every week: about
4.2 million moves) and one min/max rule per site and product (10,000
rules). The moves are written by SQL, past the done-move path that keeps
the daily balance snapshot, so the snapshot is then rebuilt once
(``cs.vmi.daily.balance._cs_rebuild()``, timed). Then it

* times the daily report (through the ORM, over the snapshot) beside a
  hand-written SQL aggregate giving the same figures from the same moves,
  and beside the report as it was before the snapshot (the same view over
  the moves, kept here as a temporary view), for the three ways the report
  is used: one site's report for one day, a month's in/out per site, and
  the whole report (every site, product and day);
* times the safety-stock alert job over the 10,000 rules and shows that its
  query count per batch does not depend on the batch size.
"""

import os
from datetime import timedelta

from common import environment, measure

from odoo import fields
from odoo.tools import SQL

# a smaller scale while iterating: VMI_SITES=1 VMI_PRODUCTS=200 VMI_DAYS=90 python3 bench_vmi.py CFG
SITES = int(os.environ.get("VMI_SITES", "5"))
PRODUCTS = int(os.environ.get("VMI_PRODUCTS", "2000"))
DAYS = int(os.environ.get("VMI_DAYS", "365"))
RUNS = int(os.environ.get("VMI_RUNS", "3"))


def populate(env):
    cr = env.cr
    company = env.company
    main = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    customers = env["res.partner"].create(
        [{"name": f"Bench VMI customer {i}", "is_company": True} for i in range(SITES)]
    )
    sites = env["stock.warehouse"].create(
        [
            {
                "name": f"Bench VMI {i}",
                "code": f"BV{i}",
                "cs_is_vmi": True,
                "cs_vmi_partner_id": customer.id,
                "cs_vmi_supply_warehouse_id": main.id,
            }
            for i, customer in enumerate(customers)
        ]
    )
    products = env["product.product"].create(
        [{"name": f"Bench part {i}", "default_code": f"BP{i:05d}", "is_storable": True} for i in range(PRODUCTS)]
    )
    company.cs_vmi_enabled = True  # the alert job watches companies with VMI switched on
    env.flush_all()
    uom = env.ref("uom.product_uom_unit").id
    transit = company.internal_transit_location_id.id
    customer_location = env.ref("stock.stock_location_customers").id
    cr.execute(
        SQL(
            """
            WITH grid AS (
                SELECT s.id AS site, s.stock AS stock, p AS product, d AS day, row_number() OVER () AS n
                  FROM unnest(%(sites)s::int[], %(stocks)s::int[]) AS s(id, stock)
                 CROSS JOIN unnest(%(products)s::int[]) AS p
                 CROSS JOIN generate_series(CURRENT_DATE - %(days)s + 1, CURRENT_DATE, INTERVAL '1 day') AS d
            )
            INSERT INTO stock_move (company_id, product_id, product_uom, product_uom_qty, product_qty, quantity,
                                    location_id, location_dest_id, name, procure_method, date, state,
                                    warehouse_id)
            SELECT %(company)s, product, %(uom)s, qty, qty, qty, src, dst, 'bench', 'make_to_stock',
                   day + INTERVAL '9 hours', 'done', site
              FROM (
                    SELECT site, product, day, 1 + mod(n, 9) AS qty, stock AS src, %(customers)s AS dst FROM grid
                    UNION ALL
                    SELECT site, product, day, 40, %(transit)s, stock FROM grid
                     WHERE mod(EXTRACT(DOY FROM day)::int + product, 7) = 0
                   ) m
            """,
            company=company.id,
            uom=uom,
            sites=sites.ids,
            stocks=sites.lot_stock_id.ids,
            products=products.ids,
            days=DAYS,
            customers=customer_location,
            transit=transit,
        )
    )
    moves = cr.rowcount
    cr.execute(
        SQL(
            """
            INSERT INTO stock_warehouse_orderpoint (name, trigger, warehouse_id, location_id, product_id,
                                                    company_id, product_min_qty, product_max_qty, qty_multiple,
                                                    active)
            SELECT 'BENCH-OP', 'manual', s.id, s.stock, p, %(company)s, 30, 120, 1, true
              FROM unnest(%(sites)s::int[], %(stocks)s::int[]) AS s(id, stock)
             CROSS JOIN unnest(%(products)s::int[]) AS p
            """,
            company=company.id,
            sites=sites.ids,
            stocks=sites.lot_stock_id.ids,
            products=products.ids,
        )
    )
    cr.execute(
        "ANALYZE stock_move; ANALYZE stock_warehouse_orderpoint; ANALYZE stock_location;"
        " ANALYZE product_product; ANALYZE product_template"
    )
    return sites, products, moves


# ----------------------------------------------------------------------
# Hand-written SQL giving the same figures straight from the moves
# ----------------------------------------------------------------------
FLOWS = """
    SELECT m.product_id, (m.date AT TIME ZONE 'UTC' AT TIME ZONE 'UTC')::date AS day,
           CASE WHEN dest_here THEN m.product_qty ELSE 0 END AS qty_in,
           CASE WHEN source_here THEN m.product_qty ELSE 0 END AS qty_out
      FROM stock_move m
      JOIN stock_location ls ON ls.id = m.location_id
      JOIN stock_location ld ON ld.id = m.location_dest_id
     CROSS JOIN LATERAL (
           SELECT COALESCE(ls.warehouse_id = %(site)s AND ls.usage = 'internal', FALSE) AS source_here,
                  COALESCE(ld.warehouse_id = %(site)s AND ld.usage = 'internal', FALSE) AS dest_here) here
     WHERE m.state = 'done' AND source_here <> dest_here
"""


def hand_site_day(cr, site, day):
    cr.execute(
        SQL(
            """
            SELECT product_id,
                   SUM(qty_in - qty_out) FILTER (WHERE day < %(day)s) AS opening,
                   SUM(qty_in) FILTER (WHERE day = %(day)s) AS qty_in,
                   SUM(qty_out) FILTER (WHERE day = %(day)s) AS qty_out,
                   SUM(qty_in - qty_out) AS closing
              FROM ("""
            + FLOWS
            + """) f
             WHERE day <= %(day)s
             GROUP BY product_id
            """,
            site=site.id,
            day=day,
        )
    )
    return cr.fetchall()


def hand_month_by_site(cr, sites, first, last):
    cr.execute(
        SQL(
            """
            SELECT ld.warehouse_id, ls.warehouse_id, SUM(m.product_qty)
              FROM stock_move m
              JOIN stock_location ls ON ls.id = m.location_id
              JOIN stock_location ld ON ld.id = m.location_dest_id
             WHERE m.state = 'done' AND m.date >= %(first)s AND m.date < %(last)s
               AND (ld.warehouse_id = ANY(%(sites)s) OR ls.warehouse_id = ANY(%(sites)s))
             GROUP BY 1, 2
            """,
            first=first,
            last=last,
            sites=sites.ids,
        )
    )
    return cr.fetchall()


def hand_full_report(cr, site, cover_days):
    """The same rows as the view for one site — every product and day, quiet days included —
    written by hand: a day series per product, running balance and moving outflow by window."""
    cr.execute(
        SQL(
            """
            WITH f AS (
                SELECT product_id, day, SUM(qty_in) AS qty_in, SUM(qty_out) AS qty_out
                  FROM ("""
            + FLOWS
            + """) m GROUP BY product_id, day
            ),
            d AS (
                SELECT s.product_id, g::date AS day, COALESCE(f.qty_in, 0) AS qty_in, COALESCE(f.qty_out, 0) AS qty_out
                  FROM (SELECT product_id, MIN(day) AS first_day FROM f GROUP BY product_id) s
                 CROSS JOIN LATERAL generate_series(s.first_day, CURRENT_DATE, INTERVAL '1 day') g
                  LEFT JOIN f ON f.product_id = s.product_id AND f.day = g::date
            ),
            r AS (
                SELECT SUM(qty_in - qty_out) OVER w AS closing,
                       SUM(qty_out) OVER (w ROWS BETWEEN %(preceding)s PRECEDING AND CURRENT ROW) / %(days)s AS avg_out
                  FROM d WINDOW w AS (PARTITION BY product_id ORDER BY day)
            )
            SELECT COUNT(*), SUM(closing), AVG(CASE WHEN avg_out > 0 THEN closing / avg_out END) FROM r
            """,
            site=site.id,
            preceding=SQL(str(int(cover_days) - 1)),
            days=cover_days,
        )
    )
    return cr.fetchone()


# ----------------------------------------------------------------------
# The report before the snapshot (sales_cs_desk 18.0.3.0.0): the same rows
# computed from the moves at each read — a temporary view, for comparison
# ----------------------------------------------------------------------
LEGACY_HALF = """
    SELECT s.warehouse_id, m.product_id, (m.date AT TIME ZONE 'UTC' AT TIME ZONE s.tz)::date AS date,
           {qty_in} AS qty_in, {qty_out} AS qty_out
      FROM sites s
      JOIN stock_location here ON here.warehouse_id = s.warehouse_id AND here.usage = 'internal'
      JOIN stock_move m ON m.{here_column} = here.id AND m.state = 'done'
      JOIN stock_location there ON there.id = m.{there_column}
     WHERE NOT (there.usage = 'internal' AND there.warehouse_id IS NOT DISTINCT FROM s.warehouse_id)
"""
LEGACY_FLOWS = (
    "SELECT warehouse_id, product_id, date, SUM(qty_in) AS qty_in, SUM(qty_out) AS qty_out FROM ("
    + LEGACY_HALF.format(
        qty_in="m.product_qty", qty_out="0", here_column="location_dest_id", there_column="location_id"
    )
    + " UNION ALL "
    + LEGACY_HALF.format(
        qty_in="0", qty_out="m.product_qty", here_column="location_id", there_column="location_dest_id"
    )
    + ") moves GROUP BY warehouse_id, product_id, date"
)
LEGACY_REPORT = """
    WITH sites AS NOT MATERIALIZED ({sites}),
         flows AS NOT MATERIALIZED ({flows}),
         sparse AS NOT MATERIALIZED (
        SELECT f.warehouse_id, f.product_id, f.date, f.qty_in, f.qty_out, s.company_id, s.cover_days,
               (NOW() AT TIME ZONE s.tz)::date AS today, LEAD(f.date) OVER w AS next_date,
               SUM(f.qty_in - f.qty_out) OVER w AS closing_qty, SUM(f.qty_out) OVER w AS cumulated_out
          FROM flows f JOIN sites s ON s.warehouse_id = f.warehouse_id
        WINDOW w AS (PARTITION BY f.warehouse_id, f.product_id ORDER BY f.date)),
         dense AS NOT MATERIALIZED (
        SELECT sp.warehouse_id, sp.product_id, sp.date + g.n AS date,
               CASE WHEN g.n = 0 THEN sp.qty_in ELSE 0 END AS qty_in,
               CASE WHEN g.n = 0 THEN sp.qty_out ELSE 0 END AS qty_out,
               sp.closing_qty, sp.cumulated_out, sp.cover_days, sp.company_id
          FROM sparse sp
         CROSS JOIN LATERAL generate_series(0, COALESCE(sp.next_date - 1, GREATEST(sp.date, sp.today)) - sp.date) g(n)),
         averaged AS NOT MATERIALIZED (
        SELECT d.*, (d.cumulated_out - COALESCE(LAG(d.cumulated_out, d.cover_days) OVER (
                   PARTITION BY d.warehouse_id, d.product_id ORDER BY d.date), 0)) / d.cover_days AS avg_daily_out
          FROM dense d)
    SELECT a.date, a.warehouse_id, a.company_id, a.product_id, a.closing_qty - a.qty_in + a.qty_out AS opening_qty,
           a.qty_in, a.qty_out, a.closing_qty, a.avg_daily_out,
           CASE WHEN a.avg_daily_out > 0 THEN a.closing_qty / a.avg_daily_out END AS days_of_cover
      FROM averaged a
"""


def create_legacy_views(env):
    cr = env.cr
    sites = env["cs.vmi.daily.report"]._cs_sites_query()
    sites_sql = cr.mogrify(sites.code, sites.params).decode()
    cr.execute(
        "CREATE TEMP VIEW bench_legacy_report AS "
        + LEGACY_REPORT.format(sites=sites_sql, flows=LEGACY_FLOWS)
        + "; CREATE TEMP VIEW bench_legacy_flow AS WITH sites AS NOT MATERIALIZED ("
        + sites_sql
        + ") SELECT * FROM ("
        + LEGACY_FLOWS
        + ") f"
    )


def legacy_site_day(cr, site, day):
    cr.execute(
        "SELECT product_id, opening_qty, qty_in, qty_out, closing_qty, days_of_cover FROM bench_legacy_report"
        " WHERE warehouse_id = %s AND date = %s ORDER BY product_id",
        [site.id, day],
    )
    return cr.fetchall()


def legacy_month(cr, first, last):
    cr.execute(
        "SELECT warehouse_id, SUM(qty_in), SUM(qty_out) FROM bench_legacy_flow"
        " WHERE date >= %s AND date < %s GROUP BY warehouse_id",
        [first, last],
    )
    return cr.fetchall()


def legacy_full(cr, site):
    cr.execute(
        "SELECT COUNT(*), SUM(closing_qty), AVG(days_of_cover) FROM bench_legacy_report WHERE warehouse_id = %s",
        [site.id],
    )
    return cr.fetchone()


def side_by_side(env, label, view_fn, hand_fn, legacy_fn, runs=RUNS):
    best = {}
    paths = (("before: view over moves", legacy_fn), ("report (ORM)", view_fn), ("hand-written SQL", hand_fn))
    for name, fn in paths:
        timings = []
        for __ in range(runs):
            with measure(env, f"{label}: {name}") as result:
                fn()
            timings.append(result["seconds"])
        best[name] = min(timings)
    hand = best["hand-written SQL"]
    print(
        f"  => {label} (best of {runs}): before {best['before: view over moves']:.3f} s "
        f"({best['before: view over moves'] / hand:.2f}x) | now {best['report (ORM)']:.3f} s "
        f"({best['report (ORM)'] / hand:.2f}x) | hand-written {hand:.3f} s",
        flush=True,
    )
    return best["report (ORM)"] / hand


def check_same_figures(env, site, day, view_full):
    """The report's figures equal the hand-written ones before anything is timed."""
    cr = env.cr
    Report = env["cs.vmi.daily.report"]
    # same figures both ways
    view_rows = {
        r.product_id.id: (r.opening_qty, r.qty_in, r.qty_out, r.closing_qty)
        for r in Report.search([("warehouse_id", "=", site.id), ("date", "=", day)])
    }
    hand_rows = {p: (o or 0, i or 0, out or 0, c or 0) for p, o, i, out, c in hand_site_day(cr, site, day)}
    assert view_rows == {p: tuple(float(x) for x in v) for p, v in hand_rows.items()}, "figures differ"
    print("  figures of the view and of the hand-written SQL are identical")

    cover_days = env.company.cs_vmi_cover_days
    count, closing, cover = view_full()
    hand_count, hand_closing, hand_cover = hand_full_report(cr, site, cover_days)
    assert (count, round(closing, 2)) == (hand_count, round(float(hand_closing), 2)), "full report differs"
    assert abs(cover - float(hand_cover)) < 1e-6, (cover, hand_cover)
    print(f"  full report of a site: {count:,} rows, same closing total and mean days of cover both ways")


def bench_back_dating(env, site, product, day):
    """The done-move path: one delivery back-dated (the snapshot refreshes that product's days after it)."""
    move = env["stock.move"].search(
        [("product_id", "=", product.id), ("location_id", "=", site.lot_stock_id.id), ("state", "=", "done")],
        order="date desc",
        limit=1,
    )
    with measure(env, f"back-date one done move by {DAYS - 1} days (refresh)"):
        move.date = move.date - timedelta(days=DAYS - 1)
        env.flush_all()
    with measure(env, "cancel that done move (refresh)"):
        move.state = "cancel"
        env.flush_all()
    rows = {
        r.product_id.id: (r.opening_qty, r.qty_in, r.qty_out, r.closing_qty)
        for r in env["cs.vmi.daily.report"].search([("warehouse_id", "=", site.id), ("date", "=", day)])
    }
    hand = {p: tuple(float(x or 0) for x in v) for p, *v in hand_site_day(env.cr, site, day)}
    assert rows == hand, "the snapshot drifted from the moves"
    print("  after back-dating and cancelling: report and hand-written SQL still identical")


def bench_alerts(env):
    """The safety-stock job over every rule: first run, second run, queries per batch."""
    cr = env.cr
    Alert = env["cs.vmi.stock.alert"]
    with measure(env, f"alert job, {SITES * PRODUCTS:,} rules, first run") as first_run:
        raised, closed = Alert._cron_cs_stock_alerts(batch_size=2000, auto_commit=False)
    print(f"  alerts raised: {raised:,}, closed: {closed:,}")
    with measure(env, "alert job, second run (nothing new)") as second_run:
        Alert._cron_cs_stock_alerts(batch_size=2000, auto_commit=False)
    rules = env["stock.warehouse.orderpoint"].search([("name", "=", "BENCH-OP")], order="id")
    counts = []
    for size in (100, 1000):
        env.invalidate_all()
        before = cr.sql_log_count
        Alert._cs_check_batch(rules[:size])
        counts.append(cr.sql_log_count - before)
    print(f"  queries for one batch of 100 rules: {counts[0]}, of 1,000 rules: {counts[1]}")
    print(f"  queries per full run: {first_run['queries']} and {second_run['queries']}")


def main():
    with environment() as env:
        cr = env.cr
        print(f"VMI: {SITES} sites x {PRODUCTS:,} products x {DAYS} days")
        with measure(env, "populate (ORM for sites/products, SQL for moves)"):
            sites, products, moves = populate(env)
        print(f"  done moves: {moves:,}; rules: {SITES * PRODUCTS:,}")
        # the moves were written by SQL, past the done-move path: rebuild the snapshot once
        with measure(env, "daily balance snapshot: full rebuild"):
            env["cs.vmi.daily.balance"]._cs_rebuild()
        cr.execute("ANALYZE cs_vmi_daily_balance")
        cr.execute("SELECT COUNT(*) FROM cs_vmi_daily_balance")
        print(f"  snapshot rows: {cr.fetchone()[0]:,}")
        create_legacy_views(env)
        Report = env["cs.vmi.daily.report"]
        site = sites[0]
        day = fields.Date.subtract(fields.Date.context_today(Report), days=1)
        first = fields.Date.subtract(day, days=30)

        def view_site_day():
            rows = Report.search_fetch(
                [("warehouse_id", "=", site.id), ("date", "=", day)],
                ["product_id", "opening_qty", "qty_in", "qty_out", "closing_qty", "days_of_cover"],
            )
            assert len(rows) == PRODUCTS, len(rows)
            Report.invalidate_model()

        def view_month():
            # period statistics read the in/out view: the daily report would rebuild every
            # site's whole history for them (measured: 46 s here)
            env["cs.vmi.stock.flow"]._read_group(
                [("date", ">=", first), ("date", "<", day)], ["warehouse_id"], ["qty_in:sum", "qty_out:sum"]
            )

        def view_full():
            return Report._read_group(
                [("warehouse_id", "=", site.id)], [], ["__count", "closing_qty:sum", "days_of_cover:avg"]
            )[0]

        check_same_figures(env, site, day, view_full)

        cover_days = env.company.cs_vmi_cover_days
        print("Same rows both ways (the report itself):")
        side_by_side(
            env,
            "one site, every day",
            view_full,
            lambda: hand_full_report(cr, site, cover_days),
            lambda: legacy_full(cr, site),
        )
        print("Reference: a hand-written aggregate of one day or one period only (not the report's rows):")
        side_by_side(
            env,
            "one site, one day",
            view_site_day,
            lambda: hand_site_day(cr, site, day),
            lambda: legacy_site_day(cr, site, day),
        )
        side_by_side(
            env,
            "30 days in/out by site (in/out view)",
            view_month,
            lambda: hand_month_by_site(cr, sites, first, day),
            lambda: legacy_month(cr, first, day),
        )

        bench_back_dating(env, site, products[0], day)
        bench_alerts(env)
        cr.rollback()


if __name__ == "__main__":
    main()
