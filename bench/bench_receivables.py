"""Receivables and credit (C5) on 20,000 customers and 200,000 journal items.

Posts one customer invoice with the ORM, then clones its receivable and sales
journal items with plain SQL over 20,000 customers (ten open items each, due
on dates that fill every overdue bucket). Prints, side by side:

* the desk list (``cs.receivable.report``: first page of 80 overdue customers,
  sorted by overdue amount, with every bucket) against Odoo's own figure for
  the same customers (``res.partner.credit``, total receivable only, no
  buckets, no sales, no limit);
* one customer's CS tab (its report row) against ``res.partner.credit``;
* the daily overdue job, first run in batches of 1,000 and a second run
  (nothing new: idempotent).
"""

from common import environment, measure

from odoo import Command
from odoo.tools import SQL

CUSTOMERS = 20_000
ITEMS_PER_CUSTOMER = 10
BATCH = 1000


def populate(env):
    company = env.company
    company.write({"cs_receivables_enabled": True, "cs_overdue_alert_days": 30, "account_use_credit_limit": True})
    product = env["product.product"].create({"name": "Bench bracket", "list_price": 10.0, "taxes_id": False})
    seed = env["res.partner"].create({"name": "Bench seed customer", "is_company": True, "customer_rank": 1})
    today = env.cr.now().date()
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": seed.id,
            "invoice_date": today,
            "invoice_date_due": today,
            "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 100.0, "tax_ids": False})],
        }
    )
    invoice.action_post()
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, customer_rank, type, autopost_bills)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 1, 'contact', 'ask'
              FROM generate_series(1, %(n)s) g
            """,
            n=CUSTOMERS,
        )
    )
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_move_line' AND column_name <> 'id'"
    )
    columns = [row[0] for row in env.cr.fetchall()]
    replaced = {"partner_id": "p.id", "date_maturity": "%(today)s::date - (mod(p.id * 7 + k, 150) - 20)"}
    select = ", ".join(replaced.get(c, f"aml.{c}") for c in columns)
    env.cr.execute(
        SQL(
            f"""
            INSERT INTO account_move_line ({", ".join(columns)})
            SELECT {select}
              FROM account_move_line aml
              CROSS JOIN (SELECT id FROM res_partner WHERE name LIKE %(bench)s) p
              CROSS JOIN generate_series(1, %(k)s) k
             WHERE aml.move_id = %(move)s
            """,
            today=today,
            k=ITEMS_PER_CUSTOMER // 2,
            bench="Bench customer %",
            move=invoice.id,
        )
    )
    env.cr.execute("ANALYZE res_partner; ANALYZE account_move_line")
    env.invalidate_all()
    return company


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        print(f"Receivables: {CUSTOMERS:,} customers, {CUSTOMERS * ITEMS_PER_CUSTOMER:,} journal items")
        with measure(env, "populate (ORM invoice + SQL clones)"):
            populate(env)
        Report = env["cs.receivable.report"]
        Partner = env["res.partner"]
        with measure(env, "desk list: 80 overdue customers, all buckets"):
            rows = Report.search([("overdue_amount", ">", 0)], limit=80)
            rows.read(["cs_customer_id", "open_amount", "overdue_1_30", "overdue_90_plus", "credit_usage"])
        customers = rows.cs_customer_id
        env.invalidate_all()
        with measure(env, "baseline: res.partner.credit of the same 80"):
            customers.read(["credit"])
        env.invalidate_all()
        with measure(env, "desk list: count of overdue customers"):
            count = Report.search_count([("overdue_amount", ">", 0)])
        one = customers[:1]
        env.invalidate_all()
        with measure(env, "CS tab: one customer's report row"):
            one.read(["cs_receivable_ids"])
            one.cs_receivable_ids.read(["open_amount", "overdue_90_plus", "credit_usage"])
        env.invalidate_all()
        with measure(env, "CS tab: another customer (warm)"):
            customers[1:2].read(["cs_receivable_ids"])
            customers[1:2].cs_receivable_ids.read(["open_amount", "overdue_90_plus", "credit_usage"])
        env.invalidate_all()
        with measure(env, "baseline: one customer's res.partner.credit"):
            customers[2:3].read(["credit"])
        print(f"  overdue customers: {count:,}")
        raised = 0
        with measure(env, "overdue job, first run (all batches)"):
            while True:
                done = Partner._cron_cs_receivables_overdue(batch_size=BATCH)
                env.flush_all()
                env.invalidate_all()
                if not done:
                    break
                raised += done
        with measure(env, "overdue job, second run (nothing new)"):
            again = Partner._cron_cs_receivables_overdue(batch_size=BATCH)
        print(f"  activities raised: {raised:,}; second run: {again}")
        env.cr.rollback()


if __name__ == "__main__":
    main()
