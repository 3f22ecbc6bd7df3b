"""Inquiries (C8) on 100,000 inquiries of 20,000 customers.

Builds the inquiries with plain SQL (one in ten unanswered, a third of those
past target), then prints side by side:

* the unanswered list a specialist opens (first page of 80, past target,
  record rules of their own customers) against the same page read as
  superuser without rules (Odoo's list cost without the desk's rules);
* posting the first answer in an inquiry's chatter (the response is read from
  the chatter) against posting the same message on a customer (Odoo's own
  ``message_post`` without the hook), and a second answer (nothing to read);
* the response-time report per channel and specialist (read_group).
"""

from common import environment, measure

from odoo.tools import SQL

CUSTOMERS = 20_000
INQUIRIES = 100_000
SPECIALISTS = 20


def populate(env):
    group = env.ref("sales_cs_desk.group_cs_specialist")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench CS {n}",
                "login": f"bench_inq_{n}",
                "email": f"bench_inq_{n}@example.com",
                "groups_id": [(4, group.id)],
            }
            for n in range(SPECIALISTS)
        ]
    )
    user_ids = users.ids
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, customer_rank, type, autopost_bills,
                                     cs_user_id)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 1, 'contact', 'ask',
                   (%(users)s)[1 + mod(g, %(n)s)]
              FROM generate_series(1, %(customers)s) g
            """,
            users=user_ids,
            n=len(user_ids),
            customers=CUSTOMERS,
        )
    )
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    env.cr.execute(
        SQL(
            """
            WITH c AS (SELECT id, cs_user_id, row_number() OVER (ORDER BY id) AS rn
                         FROM res_partner WHERE name LIKE %(bench)s)
            INSERT INTO cs_inquiry (name, subject, partner_id, cs_customer_id, channel, date_received, user_id,
                                    company_id, state, response_deadline, date_first_response,
                                    first_response_user_id, response_hours)
            SELECT 'INQ/B/' || g, 'Bench inquiry ' || g, c.id, c.id,
                   (ARRAY['phone', 'email', 'chat', 'portal', 'other'])[1 + mod(g, 5)],
                   now() at time zone 'UTC' - make_interval(hours => mod(g, 2000)), c.cs_user_id, %(company)s,
                   CASE WHEN mod(g, 10) = 0 THEN 'open' ELSE 'answered' END,
                   now() at time zone 'UTC' - make_interval(hours => mod(g, 2000) - 24),
                   CASE WHEN mod(g, 10) = 0 THEN NULL
                        ELSE now() at time zone 'UTC' - make_interval(hours => mod(g, 2000) - 2) END,
                   CASE WHEN mod(g, 10) = 0 THEN NULL ELSE c.cs_user_id END,
                   CASE WHEN mod(g, 10) = 0 THEN NULL ELSE 2.0 END
              FROM generate_series(1, %(inquiries)s) g
              JOIN c ON c.rn = 1 + mod(g, %(customers)s)
            """,
            company=env.company.id,
            bench="Bench customer %",
            inquiries=INQUIRIES,
            customers=CUSTOMERS,
        )
    )
    env.cr.execute("ANALYZE res_partner; ANALYZE cs_inquiry")
    env.invalidate_all()
    return users


def main():
    with environment() as base_env:
        env = base_env(context={"tracking_disable": True})
        print(f"Inquiries: {INQUIRIES:,} inquiries, {CUSTOMERS:,} customers, {SPECIALISTS} specialists")
        with measure(env, "populate (SQL)"):
            users = populate(env)
        fields_read = ["name", "date_received", "channel", "cs_customer_id", "subject", "user_id", "response_deadline"]
        domain = [("is_late", "=", True)]
        Inquiry = env["cs.inquiry"]
        mine = Inquiry.with_user(users[1])  # the specialist of customers with open inquiries
        with measure(env, "unanswered list, specialist (rules), 80 rows"):
            page = mine.search(domain, limit=80)
            page.read(fields_read)
            count = mine.search_count(domain)
        env.invalidate_all()
        with measure(env, "baseline: same page as superuser (no rules)"):
            Inquiry.search(domain, limit=80).read(fields_read)
            total = Inquiry.search_count(domain)
        print(f"  past target: {count:,} of the specialist's, {total:,} in all")
        inquiry = mine.search([("date_first_response", "=", False)], limit=1)
        customer = inquiry.partner_id
        with measure(env, "first answer in an inquiry's chatter"):
            inquiry.message_post(body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment")
        with measure(env, "baseline: same message on the customer"):
            customer.message_post(body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment")
        with measure(env, "second answer (already answered)"):
            inquiry.message_post(body="More", message_type="comment", subtype_xmlid="mail.mt_comment")
        print(f"  answered: {bool(inquiry.date_first_response)}")
        with measure(env, "response-time report per channel and specialist"):
            env["cs.inquiry.report"].read_group(
                [], ["response_hours:avg", "on_time_count:sum"], ["channel", "user_id"], lazy=False
            )
        env.cr.rollback()


if __name__ == "__main__":
    main()
