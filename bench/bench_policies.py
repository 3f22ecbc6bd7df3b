"""Sales policy items (O7): the policy check and the granting, against the review without policies.

1. The review checks of 200 orders x 10 lines with the policies off (baseline) and on (5 policies
   of 3 steps), side by side; and the policy check alone on 20 and 200 orders: the query count
   does not grow with the batch.
2. Granting the policy items ("Apply policies") on 200 orders, per order.
"""

from datetime import timedelta

from common import environment, measure

from odoo import Command, fields


def setup(env):
    products = env["product.product"].create(
        [{"name": f"Bench disc {i}", "is_storable": True, "list_price": 10.0 + i} for i in range(20)]
    )
    gifts = env["product.product"].create(
        [{"name": f"Bench gift {i}", "type": "consu", "standard_price": 2.0 + i} for i in range(5)]
    )
    customers = env["res.partner"].create(
        [
            {"name": f"Bench buyer {i}", "is_company": True, "street": "1 Bench Road", "city": "Ningbo"}
            for i in range(25)
        ]
    )
    customers.write({"cs_tier": "key"})
    today = fields.Date.today()
    env["cs.sales.policy"].create(
        [
            {
                "name": f"Bench policy {p}",
                "date_from": today - timedelta(days=5),
                "date_to": today + timedelta(days=30),
                "eligible_tier": "key",
                "trigger_type": "product_qty",
                "trigger_product_ids": [Command.set(products[p * 4 : p * 4 + 4].ids)],
                "budget_cost": 1_000_000,
                "step_ids": [
                    Command.create({"threshold": t, "product_id": gifts[p].id, "quantity": q})
                    for t, q in ((10, 1), (20, 2), (40, 4))
                ],
            }
            for p in range(5)
        ]
    )
    term = env.ref("account.account_payment_term_30days")
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[i % 25].id,
                "payment_term_id": term.id,
                "commitment_date": fields.Datetime.now(),
                "order_line": [
                    Command.create({"product_id": products[(i + j) % 20].id, "product_uom_qty": 5 + j})
                    for j in range(10)
                ],
            }
            for i in range(200)
        ]
    )
    return orders


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        env.company.cs_review_required = False
        orders = setup(env)
        Check = env["cs.order.check"]
        print("1. Review checks of 200 orders x 10 lines")
        env.company.cs_policy_enabled = False
        env.invalidate_all()
        with measure(env, "all checks, policies off (baseline)") as off:
            Check._cs_run(orders)
        env.company.cs_policy_enabled = True
        env.invalidate_all()
        with measure(env, "all checks, policies on (5 policies)") as on:
            Check._cs_run(orders)
        print(
            f"  policies add {on['queries'] - off['queries']:+d} queries,"
            f" {(on['seconds'] - off['seconds']) * 1000:+.0f} ms"
        )
        for count in (20, 200):
            env.invalidate_all()
            with measure(env, f"policy check alone, {count} orders"):
                Check._cs_check_policy(orders[:count])
        print("2. Apply policies on 200 orders")
        env.invalidate_all()
        with measure(env, "apply (grant the items)") as grant:
            orders._cs_apply_policies()
        granted = len(orders.order_line.filtered("cs_policy_id"))
        print(
            f"  {granted} items granted; per order {grant['seconds'] / 200 * 1000:.1f} ms,"
            f" {grant['queries'] / 200:.1f} queries"
        )
        env.invalidate_all()
        with measure(env, "policy check after granting, 200 orders"):
            Check._cs_check_policy(orders)
        env.cr.rollback()


if __name__ == "__main__":
    main()
