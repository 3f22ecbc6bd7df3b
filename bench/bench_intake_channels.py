"""Order intake channels (O1): EDIFACT ORDERS and the mail gateway, per 1,000 lines, against a CSV file.

1. EDIFACT parsing alone (pydifact tokenising + envelope and segment reading): 1,000 and 10,000 lines.
2. An EDIFACT interchange of 1,000 and 10,000 lines read, staged and checked through
   ``cs.order.intake._cs_intake_from_file`` — side by side with the baseline: the same lines as a CSV
   file through the same entry point (the intake core's reader).
3. An order mail with a 1,000-line CSV through Odoo's mail gateway (``mail.thread.message_process`` to the
   company's intake alias): routing, the batch, the mail posted with its attachment.
"""

import base64
import random
import time
from datetime import timedelta

from common import environment, measure

from odoo import fields

PARTS = 500


def setup(env):
    env.company.cs_intake_enabled = True
    env.company.cs_intake_max_rows = 0
    customer = env["res.partner"].create({"name": "Bench channel buyer", "is_company": True, "customer_rank": 1})
    env["res.partner"].create(
        [
            {"name": f"Plant {i}", "type": "delivery", "parent_id": customer.id, "cs_ship_to_code": f"SH{i:02d}"}
            for i in range(5)
        ]
    )
    buyer = env["res.partner"].create(
        {"name": "Bench buyer contact", "parent_id": customer.id, "email": "bench.buyer@channel.example.com"}
    )
    products = env["product.product"].create(
        [{"name": f"Bench channel part {i}", "default_code": f"BCP-{i:04d}", "list_price": 5.0} for i in range(PARTS)]
    )
    env["cs.customer.item"].create(
        [
            {"partner_id": customer.id, "product_id": p.id, "customer_part_number": f"K-{i:04d}", "pack_multiple": 0}
            for i, p in enumerate(products)
        ]
    )
    return customer, buyer


def make_lines(count):
    rng = random.Random(count)
    today = fields.Date.today()
    return [
        (f"K-{rng.randrange(PARTS):04d}", rng.randrange(1, 500), today + timedelta(days=rng.randrange(10, 90)))
        for _i in range(count)
    ]


def make_edi(lines, po):
    body = [f"BGM+220+{po}+9", "NAD+BY+B1::92++Bench buyer", "NAD+DP+SH01::92++Plant 1"]
    for number, (part, qty, date) in enumerate(lines, start=1):
        body += [f"LIN+{number}", f"PIA+1+{part}:IN", f"QTY+21:{qty}:PCE", f"DTM+2:{date:%Y%m%d}:102"]
    segments = ["UNH+1+ORDERS:D:96A:UN", *body, f"UNT+{len(body) + 2}+1"]
    interchange = ["UNB+UNOC:3+B1:14+S1:14+261130:0915+BENCH", *segments, "UNZ+1+BENCH", ""]
    return ("UNA:+.? '\n" + "'\n".join(interchange)).encode()


def make_csv(lines, po):
    rows = ["Part No;Qty;Delivery date;Ship to;PO;PO line"]
    rows += [f"{part};{qty};{date.isoformat()};SH01;{po};{n}" for n, (part, qty, date) in enumerate(lines, start=1)]
    return ("\n".join(rows) + "\n").encode()


def bench_parse():
    # the addons path is known once the configuration is read (environment())
    from odoo.addons.sales_cs_desk.models.intake.cs_intake_edi import parse_orders

    print("1. EDIFACT parsing alone (no database)")
    for count in (1_000, 10_000):
        data = make_edi(make_lines(count), f"P-{count}")
        start = time.perf_counter()
        result = parse_orders(data)
        seconds = time.perf_counter() - start
        print(f"  {count:>6,} lines ({len(data) / 1024:,.0f} KiB): {seconds:.3f} s, {len(result['rows']):,} rows")


def bench_stage(env, customer):
    print("2. Read, stage and check: EDIFACT against the same lines as CSV (baseline)")
    Intake = env["cs.order.intake"]
    figures = {}
    for count in (1_000, 10_000):
        lines = make_lines(count)
        for kind, data, name in (
            ("CSV", make_csv(lines, f"PC-{count}"), f"bench-{count}.csv"),
            ("EDIFACT", make_edi(lines, f"PE-{count}"), f"bench-{count}.edi"),
        ):
            env.flush_all()
            env.invalidate_all()
            with measure(env, f"{kind:<8}{count:>7,} lines") as m:
                intake = Intake._cs_intake_from_file(customer, name, data)
                env.flush_all()
            figures[kind, count] = m
            assert intake.line_count == count, (kind, intake.line_count)
    for kind in ("CSV", "EDIFACT"):
        small, large = figures[kind, 1_000], figures[kind, 10_000]
        print(
            f"  {kind:<8} per 1,000 lines: {small['seconds']:.2f} s / {small['queries']} queries at 1,000; "
            f"{large['seconds'] / 10:.2f} s / {large['queries'] / 10:.0f} queries at 10,000"
        )


def bench_mail(env, buyer):
    print("3. An order mail with a 1,000-line CSV through the mail gateway")
    domain = env["mail.alias.domain"].search([], limit=1) or env["mail.alias.domain"].create(
        {"name": "bench-channels.example.com"}
    )
    env.company.alias_domain_id = domain
    env.company._cs_intake_set_alias("bench-orders")
    csv = make_csv(make_lines(1_000), "PM-1000")
    mail = (
        f"From: {buyer.email}\nTo: bench-orders@{domain.name}\nSubject: Bench order\n"
        f"Message-ID: <bench-{time.time()}@channel.example.com>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nOrder attached.\n'
        '--b\nContent-Type: text/csv; charset="utf-8"; name="order.csv"\n'
        'Content-Disposition: attachment; filename="order.csv"\nContent-Transfer-Encoding: base64\n\n'
        f"{base64.encodebytes(csv).decode()}--b--\n"
    )
    env.flush_all()
    env.invalidate_all()
    with measure(env, "message_process: 1 mail, 1,000-line CSV"):
        batch_id = env["mail.thread"].message_process(False, mail.encode())
        env.flush_all()
    batch = env["cs.order.intake"].browse(batch_id)
    print(f"  batch {batch.name}: source {batch.source}, {batch.line_count:,} lines, state {batch.state}")


def main():
    with environment() as env:
        bench_parse()
        customer, buyer = setup(env)
        bench_stage(env, customer)
        bench_mail(env, buyer)
        env.cr.rollback()


if __name__ == "__main__":
    main()
