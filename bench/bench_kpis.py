"""Staff KPIs (K3): the KPI view over a year of a desk's work, against the reports it replaces.

Volume, inserted with SQL: 100,000 orders (2 lines each, delivered: the OTIF rows) each moved out of a
review stage by one of 10 specialists (a tracking message per move), 20,000 complaints, 20,000 revisits,
20,000 inquiries and 5,000 applied change requests, spread over 12 months.

Side by side in one run:
- baseline: what a team lead reads today for the same figures — one ``_read_group`` per specialist and
  month on each capability's own report (complaints, revisits, inquiries, OTIF), plus the orders'
  tracking and the change requests counted by ``_read_group`` — six reads;
- the KPI view: one ``_read_group`` per specialist and month with every measure and rate, as superuser,
  as a supervisor, and as one specialist (record rule: own rows), and one month only.
"""

from bench_delivery import make_master_data
from common import best_of, environment, measure

from odoo import fields
from odoo.tools import SQL

ORDERS = 100_000
LINES_PER_ORDER = 2
RECORDS = 20_000
CHANGES = 5_000
SPECIALISTS = 10


def populate_orders(env, customers, products, warehouse):
    """Delivered orders (the OTIF rows), with SQL; each table analysed before the next joins it."""
    cr = env.cr
    params = {
        "company": env.company.id,
        "partners": customers.ids,
        "np": len(customers),
        "products": products.ids,
        "nprod": len(products),
        "uom": env.ref("uom.product_uom_unit").id,
        "warehouse": warehouse.id,
        "out_type": warehouse.out_type_id.id,
        "stock": warehouse.lot_stock_id.id,
        "customer": env.ref("stock.stock_location_customers").id,
        "orders": ORDERS,
        "lines": LINES_PER_ORDER,
        "pattern": "KPIB%",
    }
    statements = (
        # promised over the last year; shipped 0-6 days before, arriving 1-5 days later; a tenth short
        """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id, date_order,
                                picking_policy, state, warehouse_id, cs_promised_date, currency_rate)
        SELECT 'KPIB' || g, %(company)s, p, p, p, now(), 'direct', 'sale', %(warehouse)s,
               current_date - (1 + mod(g * 7, 360)), 1.0
          FROM (SELECT g, (%(partners)s)[1 + mod(g, %(np)s)] AS p FROM generate_series(1, %(orders)s) g) s
        """,
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty, price_unit,
                                     customer_lead, company_id, state, qty_delivered_method)
        SELECT so.id, 'bench', (%(products)s)[1 + mod(so.id + j, %(nprod)s)], %(uom)s, 10 + mod(so.id * j, 90),
               1.0, 0, %(company)s, 'sale', 'stock_move'
          FROM sale_order so, generate_series(1, %(lines)s) j
         WHERE so.name LIKE %(pattern)s
        """,
        """
        INSERT INTO stock_picking (name, location_id, location_dest_id, picking_type_id, move_type, state,
                                   partner_id, company_id, sale_id, scheduled_date, date_done, cs_eta)
        SELECT so.name || '/OUT', %(stock)s, %(customer)s, %(out_type)s, 'direct', 'done', so.partner_id,
               %(company)s, so.id, so.cs_promised_date - mod(so.id, 7), so.cs_promised_date - mod(so.id, 7),
               so.cs_promised_date - mod(so.id, 7) + 1 + mod(so.id, 5)
          FROM sale_order so
         WHERE so.name LIKE %(pattern)s
        """,
        """
        INSERT INTO stock_move (name, company_id, product_id, product_uom, location_id, location_dest_id,
                                procure_method, product_uom_qty, quantity, date, state, picking_id, sale_line_id,
                                partner_id)
        SELECT 'bench', %(company)s, l.product_id, l.product_uom, %(stock)s, %(customer)s, 'make_to_stock',
               l.product_uom_qty, CASE WHEN mod(l.id, 10) = 0 THEN l.product_uom_qty * 0.8
               ELSE l.product_uom_qty END, now(), 'done', pk.id, l.id, so.partner_id
          FROM sale_order_line l
          JOIN sale_order so ON so.id = l.order_id
          JOIN stock_picking pk ON pk.sale_id = so.id
         WHERE so.name LIKE %(pattern)s
        """,
    )
    for statement, table in zip(
        statements, ("sale_order", "sale_order_line", "stock_picking", "stock_move"), strict=True
    ):
        cr.execute(SQL(statement, **params))
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def populate_kpis(env):
    customers, products, _carriers, warehouse = make_master_data(env)

    def user(login, group):
        return env["res.users"].create(
            {"name": login, "login": login, "groups_id": [(6, 0, [env.ref(group).id, env.ref("base.group_user").id])]}
        )

    users = env["res.users"]
    for i in range(SPECIALISTS):
        users |= user(f"bench_kpi_{i}", "sales_cs_desk.group_cs_specialist")
    supervisor = user("bench_kpi_supervisor", "sales_cs_desk.group_cs_supervisor")
    for i, customer in enumerate(customers):
        customer.cs_user_id = users[i % SPECIALISTS]
    env.flush_all()
    populate_orders(env, customers, products, warehouse)
    cr = env.cr
    params = {
        "company": env.company.id,
        "pattern": "KPIB%",
        "users": users.ids,
        "nu": len(users),
        "partners": customers.ids,
        "np": len(customers),
        "n": RECORDS,
        "changes": CHANGES,
        "field": env["ir.model.fields"]._get("sale.order", "cs_stage_id").id,
        "from": env.ref("sales_cs_desk.cs_review_stage_cs_check").id,
        "to": env.ref("sales_cs_desk.cs_review_stage_released").id,
        "category": env["cs.complaint.category"].search([], limit=1).id,
        "stage": env["cs.complaint.stage"].search([("is_closed", "=", True)], limit=1).id,
    }
    # one review move per order, by a specialist, on a day of the last year
    cr.execute(
        SQL(
            """
            WITH msg AS (
                INSERT INTO mail_message (model, res_id, message_type, date, create_uid, write_uid, create_date)
                SELECT 'sale.order', so.id, 'notification', now() - mod(so.id, 365) * interval '1 day',
                       (%(users)s)[1 + mod(so.id, %(nu)s)], 1, now()
                  FROM sale_order so WHERE so.name LIKE %(pattern)s
                RETURNING id
            )
            INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_integer, new_value_integer)
            SELECT id, %(field)s, %(from)s, %(to)s FROM msg
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO cs_complaint (name, subject, partner_id, cs_customer_id, category_id, company_id, stage_id,
                                      channel, user_id, date_received, response_deadline, date_first_response,
                                      date_closed, is_closed, satisfaction)
            SELECT 'KPIC' || g, 'bench', p, p, %(category)s, %(company)s, %(stage)s, 'phone',
                   (%(users)s)[1 + mod(g, %(nu)s)], d, d + interval '2 days', d + mod(g, 72) * interval '1 hour',
                   d + interval '10 days', TRUE, 1 + mod(g, 5)
              FROM (SELECT g, (%(partners)s)[1 + mod(g, %(np)s)] AS p,
                           now() - mod(g, 365) * interval '1 day' AS d
                      FROM generate_series(1, %(n)s) g) s
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO cs_revisit (partner_id, cs_customer_id, company_id, reason, method, state, user_id,
                                    date_due, date_done, satisfaction)
            SELECT p, p, %(company)s, 'bench', 'phone', 'done', (%(users)s)[1 + mod(g, %(nu)s)],
                   current_date - mod(g, 365), current_date - mod(g, 365) + mod(g, 3) - 1, 1 + mod(g, 5)
              FROM (SELECT g, (%(partners)s)[1 + mod(g, %(np)s)] AS p FROM generate_series(1, %(n)s) g) s
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO cs_inquiry (name, subject, partner_id, cs_customer_id, company_id, channel, state, user_id,
                                    first_response_user_id, date_received, response_deadline, date_first_response,
                                    response_hours)
            SELECT 'KPII' || g, 'bench', p, p, %(company)s, 'email', 'answered', u, u, d, d + interval '1 day',
                   d + mod(g, 30) * interval '1 hour', mod(g, 30)
              FROM (SELECT g, (%(partners)s)[1 + mod(g, %(np)s)] AS p, (%(users)s)[1 + mod(g, %(nu)s)] AS u,
                           now() - mod(g, 365) * interval '1 day' AS d
                      FROM generate_series(1, %(n)s) g) s
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO cs_order_change (order_id, partner_id, company_id, kind, state, reason, applied_on,
                                         applied_by_id)
            SELECT so.id, so.partner_id, so.company_id, 'date', 'applied', 'bench',
                   now() - mod(so.id, 365) * interval '1 day', (%(users)s)[1 + mod(so.id, %(nu)s)]
              FROM sale_order so WHERE so.name LIKE %(pattern)s ORDER BY so.id LIMIT %(changes)s
            """,
            **params,
        )
    )
    for table in ("mail_message", "mail_tracking_value", "cs_complaint", "cs_revisit", "cs_inquiry", "cs_order_change"):
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return users, supervisor


def baseline(env):
    """Six reads: each capability's report, grouped per specialist and month, and two counts."""
    groups = 0
    for model, user, date, aggregates in (
        (
            "cs.complaint.report",
            "user_id",
            "date_received:month",
            ["nbr:sum", "response_hours:avg", "on_time_rate:avg"],
        ),
        ("cs.revisit.report", "user_id", "date_due:month", ["done_count:sum", "on_time_rate:avg", "satisfaction:avg"]),
        ("cs.inquiry.report", "user_id", "date_received:month", ["answered_count:sum", "response_hours:avg"]),
        ("cs.delivery.otif.report", "cs_user_id", "promised_date:month", ["nbr:sum", "otif_rate:avg"]),
        ("cs.order.change", "applied_by_id", "applied_on:month", ["__count"]),
    ):
        groups += len(env[model]._read_group([], [user, date], aggregates))
    env.cr.execute(
        """
        SELECT m.create_uid, date_trunc('month', m.date), COUNT(DISTINCT m.res_id)
          FROM mail_tracking_value t JOIN mail_message m ON m.id = t.mail_message_id
         WHERE m.model = 'sale.order'
           AND t.field_id = (SELECT id FROM ir_model_fields WHERE model = 'sale.order' AND name = 'cs_stage_id')
         GROUP BY 1, 2
        """
    )
    return groups + len(env.cr.fetchall())


KPI_AGGREGATES = [
    "orders_reviewed:sum",
    "changes_handled:sum",
    "complaints_handled:sum",
    "revisits_done:sum",
    "inquiries_answered:sum",
    "deliveries:sum",
    "revisit_on_time_rate:avg",
    "inquiry_on_time_rate:avg",
    "inquiry_response_avg:avg",
    "complaint_on_time_rate:avg",
    "satisfaction_avg:avg",
    "delivery_otif_rate:avg",
    "target_delivery_otif:max",
]


def main():
    with environment() as env:
        print(f"Staff KPI benchmark ({fields.Datetime.now()} UTC)")
        with measure(env, f"populate {ORDERS:,} orders, {RECORDS:,} each of complaints/revisits/inquiries"):
            users, supervisor = populate_kpis(env)
        env.flush_all()
        Kpi = env["cs.staff.kpi"]

        def kpis(model=Kpi, domain=()):
            env.invalidate_all()
            return model._read_group(list(domain), ["user_id", "date:month"], KPI_AGGREGATES)

        def base():
            env.invalidate_all()
            return baseline(env)

        kpis()  # warm-up
        base()
        t_base, n_base = best_of(3, base)
        t_kpi, rows = best_of(3, kpis)
        t_sup, sup_rows = best_of(3, lambda: kpis(Kpi.with_user(supervisor)))
        t_spec, spec_rows = best_of(3, lambda: kpis(Kpi.with_user(users[0])))
        month = fields.Date.today().replace(day=1)
        t_month, month_rows = best_of(3, lambda: kpis(Kpi.with_user(supervisor), [("date", "=", month)]))
        print(f"  {'baseline: 5 reports + tracking count (6 reads)':<52} {t_base:8.3f} s  {n_base:6d} groups")
        print(f"  {'KPI view _read_group, superuser (user x month)':<52} {t_kpi:8.3f} s  {len(rows):6d} groups")
        print(f"  {'KPI view _read_group, supervisor':<52} {t_sup:8.3f} s  {len(sup_rows):6d} groups")
        print(f"  {'KPI view _read_group, one specialist (own rows)':<52} {t_spec:8.3f} s  {len(spec_rows):6d} groups")
        print(f"  {'KPI view _read_group, supervisor, this month':<52} {t_month:8.3f} s  {len(month_rows):6d} groups")
        print(f"  ratio KPI / baseline: {t_kpi / t_base:.2f}")
        env.cr.rollback()


if __name__ == "__main__":
    main()
