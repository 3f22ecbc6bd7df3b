"""Revisit planning (C6) on 100,000 customers.

Builds 100,000 customers spread over 20 CS specialists (one in five a key
customer) with plain SQL, then runs the daily revisit job for the shipped
"key customers: quarterly call" rule batch by batch. Prints the time and the
number of queries of each batch, shows that a second run plans nothing, and
that the query count per batch does not grow with the number of customers.
"""

from common import environment, measure

from odoo.tools import SQL

CUSTOMERS = 100_000
SPECIALISTS = 20
BATCH = 1000


def populate(env, customers):
    group = env.ref("sales_cs_desk.group_cs_specialist")
    users = env["res.users"].create(
        [{"name": f"Bench CS {n}", "login": f"bench_cs_{n}", "groups_id": [(4, group.id)]} for n in range(SPECIALISTS)]
    )
    user_ids = [u.id for u in users]
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, customer_rank,
                                     commercial_partner_id, type, autopost_bills, cs_tier,
                                     cs_user_id, cs_backup_user_id)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 1, NULL, 'contact', 'ask',
                   CASE WHEN mod(g, 5) = 0 THEN 'key' ELSE 'general' END,
                   (%(users)s)[1 + mod(g, %(n)s)], (%(users)s)[1 + mod(g + 1, %(n)s)]
              FROM generate_series(1, %(customers)s) g
            """,
            users=user_ids,
            n=len(user_ids),
            customers=customers,
        )
    )
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    env.cr.execute("ANALYZE res_partner")
    env.invalidate_all()


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        print(f"Revisit planning: {CUSTOMERS:,} customers, {SPECIALISTS} specialists, batches of {BATCH:,}")
        with measure(env, "populate (SQL)"):
            populate(env, CUSTOMERS)
        Rule = env["cs.revisit.rule"]
        Rule.search([]).action_archive()
        rule = env.ref("sales_cs_desk.cs_revisit_rule_key_quarterly")
        rule.action_unarchive()
        today = env.cr.now().date()
        total, batch_queries = 0, []
        with measure(env, "plan all due revisits (first run)"):
            n = 0
            while True:
                n += 1
                with measure(env, f"  batch {n}") as batch:
                    created = rule._cs_generate(today, BATCH)
                    env.flush_all()
                    env.invalidate_all()
                if not created:
                    break
                total += len(created)
                batch_queries.append(batch["queries"])
        with measure(env, "second run (nothing is due)") as second:
            again = rule._cs_generate(today, BATCH)
        print(f"  revisits planned: {total:,}; second run planned: {len(again)}")
        print(
            f"  queries per full batch: min {min(batch_queries)}, max {max(batch_queries)} "
            f"(independent of the customer count); second run: {second['queries']}"
        )
        env.cr.rollback()


if __name__ == "__main__":
    main()
