"""Customer forecasts (O2): the daily comparison and the accuracy report.

1. The daily comparison over 50 and over 200 customers (10 products, 6 monthly buckets, two versions
   each: 6,000 and 24,000 forecast lines; one confirmed order per customer and month): time and
   queries, first run (deviations and activities created) and second run (nothing new). The query
   count does not grow with the customers.
2. Baseline: the same comparison as a naive ORM loop (one read_group per bucket) for 50 customers.
3. The accuracy report (bias, MAPE) over all customers.
"""

from datetime import datetime, time, timedelta

from common import environment, measure
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tools import SQL


def setup(env, customers, products):
    today = fields.Date.today()
    months = [today.replace(day=1) - relativedelta(months=m) for m in range(4, -2, -1)]
    Version = env["cs.customer.forecast.version"]
    for received, factor in ((months[0] - timedelta(days=10), 1.0), (today - timedelta(days=3), 1.3)):
        Version.create(
            [
                {
                    "partner_id": customer.id,
                    "received_date": received,
                    "line_ids": [
                        Command.create(
                            {"product_id": p.id, "bucket_type": "month", "bucket_start": m, "quantity": 100 * factor}
                        )
                        for p in products
                        for m in months
                    ],
                }
                for customer in customers
            ]
        )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "commitment_date": datetime.combine(m + timedelta(days=5), time(9)),
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 60 + 10 * (i % 8)})
                    for i, p in enumerate(products)
                ],
            }
            for customer in customers
            for m in months[:-1]
        ]
    )
    # confirmed as the ERP would have them; action_confirm's deliveries are not what is measured
    env.flush_all()
    env.cr.execute(SQL("UPDATE sale_order SET state = 'sale' WHERE id = ANY(%s)", orders.ids))
    env.invalidate_all()


def naive(env, company):
    """One read_group per latest bucket: what a first implementation in the ORM would do."""
    Line = env["sale.order.line"]
    latest = {}
    for forecast in env["cs.customer.forecast"].search([("company_id", "=", company.id)], order="received_date"):
        latest[(forecast.cs_customer_id.id, forecast.product_id.id, forecast.bucket_start)] = forecast
    found = 0
    for (customer_id, product_id, start), forecast in latest.items():
        groups = Line._read_group(
            [
                ("order_id.partner_id.commercial_partner_id", "=", customer_id),
                ("product_id", "=", product_id),
                ("order_id.state", "=", "sale"),
                ("order_id.commitment_date", ">=", start),
                ("order_id.commitment_date", "<", forecast.bucket_end),
            ],
            aggregates=["product_uom_qty:sum"],
        )
        ordered = groups[0][0] or 0.0
        found += abs(ordered - forecast.quantity) > 10
    return found


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        company = env.company
        company.write({"cs_forecast_enabled": True, "cs_forecast_tolerance_qty": 10, "cs_forecast_tolerance_pct": 20})
        specialist = env.ref("base.user_admin")
        products = env["product.product"].create([{"name": f"Bench pad {i}", "type": "consu"} for i in range(10)])
        all_customers = env["res.partner"].create(
            [{"name": f"Bench forecaster {i}", "is_company": True, "cs_user_id": specialist.id} for i in range(200)]
        )
        Deviation = env["cs.forecast.deviation"]
        print("1. Daily comparison")
        setup(env, all_customers[:50], products)
        for label in ("50 customers, first run", "50 customers, second run"):
            env.invalidate_all()
            with measure(env, label):
                Deviation._cs_find_deviations(company)
        print(f"  {Deviation.search_count([])} deviations")
        print("2. Baseline: naive ORM loop, 50 customers")
        env.invalidate_all()
        with measure(env, "one read_group per bucket"):
            naive(env, company)
        setup(env, all_customers[50:], products)
        for label in ("200 customers, first run", "200 customers, second run"):
            env.invalidate_all()
            with measure(env, label):
                Deviation._cs_find_deviations(company)
        print(f"  {Deviation.search_count([])} deviations")
        print("3. Accuracy report over 200 customers")
        env.flush_all()
        Report = env["cs.forecast.accuracy.report"]
        with measure(env, "read_group per customer and product"):
            Report._read_group([], ["cs_customer_id", "product_id"], ["ape:avg", "error_qty:sum"])
        with measure(env, "_cs_accuracy (bias %, MAPE) all"):
            result = Report._cs_accuracy([])
        print(f"  bias {result['bias_pct']:.1f} %, MAPE {result['mape']:.1f} % over {result['periods']} buckets")
        env.cr.rollback()


if __name__ == "__main__":
    main()
