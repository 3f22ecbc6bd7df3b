"""Monthly report (K2) over 100,000 confirmed orders of 2,000 customers in a year.

Confirms one order with the ORM, then clones it (order and line) with plain SQL
into 100,000 orders spread over the last 365 days, each with its review
dates (received, released, shipped, delivered, closed) and a promised date, so
that the month reported holds about 8,300 orders. Prints, side by side:

* the month's data dict (every section: customers, regions, cycle time with
  medians, on-time delivery, complaints, revisits, inquiries, workload), as
  superuser and as a CS supervisor (record rules applied), and the XLSX;
* baseline 1: Odoo's own Sales Analysis (``sale.report``) grouped by customer for
  the month — one figure (sales per customer) of the report's many;
* baseline 2: the same sales per customer and cycle times computed the naive way,
  reading the month's orders with the ORM and looping over them in Python.
"""

import statistics

from common import environment, measure
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools import SQL

ORDERS = 100_000
CUSTOMERS = 2_000


def populate(env):
    company = env.company
    company.write(
        {
            "cs_monthly_report_enabled": True,
            "cs_delivery_enabled": True,
            "cs_complaints_enabled": True,
            "cs_revisits_enabled": True,
            "cs_inquiry_enabled": True,
        }
    )
    product = env["product.product"].create({"name": "Bench disc", "type": "consu", "list_price": 10.0})
    seed = env["res.partner"].create({"name": "Bench seed customer", "is_company": True, "customer_rank": 1})
    order = env["sale.order"].create(
        {"partner_id": seed.id, "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})]}
    )
    order.action_confirm()
    env.flush_all()
    states = env["res.country.state"].search([("country_id.code", "=", "CN")]).ids or [None]
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, customer_rank, type, autopost_bills,
                                     country_id, state_id)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 1, 'contact', 'ask',
                   (SELECT id FROM res_country WHERE code = 'CN'), (%(states)s::int[])[1 + mod(g, %(n_states)s)]
              FROM generate_series(1, %(n)s) g
            """,
            n=CUSTOMERS,
            states=states,
            n_states=len(states),
        )
    )
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    now = env.cr.now()

    def clone(table, replaced, source_where, extra_from=""):
        env.cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'",
                table,
            )
        )
        columns = [row[0] for row in env.cr.fetchall()]
        select = ", ".join(replaced.get(c, f"src.{c}") for c in columns)
        into = ", ".join(columns)
        return f"INSERT INTO {table} ({into}) SELECT {select} FROM {table} src {extra_from} WHERE {source_where}"

    day = "(%(now)s::timestamp - (mod(g * 37, 365) || ' days')::interval - (mod(g, 24) || ' hours')::interval)"
    order_sql = clone(
        "sale_order",
        {
            "name": "'BENCH/' || g",
            "partner_id": "c.id",
            "partner_invoice_id": "c.id",
            "partner_shipping_id": "c.id",
            "date_order": day,
            "amount_untaxed": "100 + mod(g * 13, 900)",
            "amount_total": "100 + mod(g * 13, 900)",
            "cs_received_date": day,
            "cs_released_date": f"{day} + (mod(g, 72) || ' hours')::interval",
            "cs_shipped_date": f"{day} + (72 + mod(g, 96) || ' hours')::interval",
            "cs_delivered_date": f"{day} + (168 + mod(g, 120) || ' hours')::interval",
            "cs_closed_date": f"({day} + (300 + mod(g, 200) || ' hours')::interval)::date",
            "cs_promised_date": f"({day} + interval '9 days')::date",
        },
        "src.id = %(seed)s",
        "CROSS JOIN generate_series(1, %(orders)s) g "
        "JOIN res_partner c ON c.name = 'Bench customer ' || (1 + mod(g, %(customers)s))",
    )
    env.cr.execute(SQL(order_sql, now=now, seed=order.id, orders=ORDERS, customers=CUSTOMERS))
    line_sql = clone(
        "sale_order_line",
        {"order_id": "so.id", "order_partner_id": "so.partner_id"},
        "src.order_id = %(seed)s",
        "CROSS JOIN (SELECT id, partner_id FROM sale_order WHERE name LIKE %(bench)s) so",
    )
    env.cr.execute(SQL(line_sql, seed=order.id, bench="BENCH/%"))
    env.cr.execute("ANALYZE res_partner; ANALYZE sale_order; ANALYZE sale_order_line")
    env.invalidate_all()
    return company


def naive(env, company, date_from, date_to):
    """Baseline 2: the figures by reading the month's orders and looping in Python."""
    orders = env["sale.order"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "sale"),
            ("date_order", ">=", date_from),
            ("date_order", "<", date_to),
        ]
    )
    per_customer = {}
    for order in orders:
        key = order.partner_id.commercial_partner_id
        count, amount = per_customer.get(key, (0, 0.0))
        per_customer[key] = (count + 1, amount + order.amount_untaxed)
    released = env["sale.order"].search(
        [("company_id", "=", company.id), ("cs_released_date", ">=", date_from), ("cs_released_date", "<", date_to)]
    )
    days = [(o.cs_released_date - (o.cs_received_date or o.date_order)).total_seconds() / 86400 for o in released]
    return per_customer, statistics.median(days) if days else None


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        print(f"Monthly report: {ORDERS:,} orders of {CUSTOMERS:,} customers over a year")
        with measure(env, "populate (ORM order + SQL clones)"):
            company = populate(env)
        supervisor = env["res.users"].create(
            {
                "name": "Bench supervisor",
                "login": "bench_monthly_supervisor",
                "groups_id": [Command.set(env.ref("sales_cs_desk.group_cs_supervisor").ids)],
            }
        )
        date_from = (fields.Date.today().replace(day=1) - relativedelta(months=1)).replace(day=1)
        date_to = date_from + relativedelta(months=1)
        Report = env["cs.monthly.report"]
        env.invalidate_all()
        with measure(env, "monthly data, superuser (all sections)"):
            data = Report._cs_monthly_data(company, date_from)
        bounds = Report._cs_monthly_bounds(company, date_from)
        for section in ("sales", "cycle", "otif", "complaints", "revisits", "inquiries", "workload"):
            env.invalidate_all()
            with measure(env, f"  section {section}"):
                getattr(Report, f"_cs_monthly_{section}")(company, bounds)
        env.invalidate_all()
        with measure(env, "monthly data, as a CS supervisor (rules)"):
            Report.with_user(supervisor)._cs_monthly_data(company, date_from)
        wizard = Report.with_user(supervisor).create(
            {"company_id": company.id, "month": str(date_from.month), "year": date_from.year}
        )
        env.invalidate_all()
        with measure(env, "XLSX of the month (as supervisor)"):
            _name, content = wizard._cs_xlsx_monthly()
        env.invalidate_all()
        with measure(env, "PDF HTML of the month (as supervisor)"):
            env["ir.actions.report"].with_user(supervisor)._render_qweb_html(
                "sales_cs_desk.cs_monthly_report_pdf", wizard.ids
            )
        env.invalidate_all()
        with measure(env, "baseline 1: sale.report by customer (month)"):
            env["sale.report"]._read_group(
                [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<", date_to)],
                ["partner_id"],
                ["price_subtotal:sum", "order_reference:count_distinct"],
            )
        env.invalidate_all()
        with measure(env, "baseline 2: ORM loop (sales/customer, median)"):
            per_customer, median = naive(env, company, date_from, date_to)
        cycle = {row["key"]: row for row in data["cycle"]}
        print(
            f"  month {date_from:%Y-%m}: {data['totals']['orders']:,} orders, {data['totals']['customers']:,} "
            f"customers, {len(data['regions'])} regions; XLSX {len(content) / 1024:.0f} KiB"
        )
        print(
            f"  received→released median: report {cycle['received_released']['median_days']:.3f} d, "
            f"loop {median:.3f} d; customers: report {data['totals']['customers']}, loop {len(per_customer)}"
        )
        env.cr.rollback()


if __name__ == "__main__":
    main()
