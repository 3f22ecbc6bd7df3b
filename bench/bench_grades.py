"""Customer grading (C2) on 100,000 customers.

Builds 100,000 customers and 400,000 confirmed orders over 18 months with
plain SQL (the ORM would take an hour to create them), then times the daily
grading job and shows that its query count does not grow with the number of
customers.
"""

from common import environment, measure

from odoo.tools import SQL

CUSTOMERS = 100_000
ORDERS = 400_000


def populate(env, customers, orders):
    cr = env.cr
    company = env.company
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, customer_rank,
                                     commercial_partner_id, type, autopost_bills)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 1, NULL, 'contact', 'ask'
              FROM generate_series(1, %s) g
            RETURNING id
            """,
            customers,
        )
    )
    ids = [r[0] for r in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    # Pareto-like amounts: a few customers buy a lot, most buy a little.
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                    date_order, picking_policy, state, amount_untaxed, currency_rate)
            SELECT 'BENCH' || g, %(company)s, p, p, p,
                   now() - (random() * interval '540 days'), 'direct', 'sale',
                   round((1000 / (1 + (p - %(first)s) / 50.0)) * (0.5 + random()))::numeric, 1.0
              FROM (SELECT g, %(first)s + (random() * random() * (%(n)s - 1))::int AS p
                      FROM generate_series(1, %(orders)s) g) s
            """,
            company=company.id,
            first=min(ids),
            n=customers,
            orders=orders,
        )
    )
    cr.execute("ANALYZE res_partner; ANALYZE sale_order")
    return ids


def main():
    with environment() as env:
        print(f"Customer grading: {CUSTOMERS:,} customers, {ORDERS:,} orders")
        with measure(env, "populate (SQL)"):
            populate(env, CUSTOMERS, ORDERS)
        Partner = env["res.partner"]
        with measure(env, "grade all customers, first run") as first:
            graded = Partner._cs_compute_grades(env.company)
        with measure(env, "grade all customers, second run") as second:
            Partner._cs_compute_grades(env.company)
        env.cr.execute(
            """SELECT cs_grade->>%s, count(*) FROM res_partner
                WHERE name LIKE 'Bench customer %%' GROUP BY 1 ORDER BY 1""",
            [str(env.company.id)],
        )
        print(f"  customers graded: {graded:,}; by grade: {dict(env.cr.fetchall())}")
        print(f"  queries per run: {first['queries']} and {second['queries']} (independent of the customer count)")
        env.cr.rollback()


if __name__ == "__main__":
    main()
