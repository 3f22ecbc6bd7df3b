"""Load test of the real server (issue 15): many CS users at once, with the daily jobs running.

Run by ``make load`` (tools/devtool.py ``cmd_load``), which builds two throwaway
databases — the module with its demo data, and vanilla Odoo (sale_management,
sale_stock) —, serves each with Odoo's multi-process server (``--workers``
and a cron worker) on 127.0.0.1 only, and runs this driver against both::

    python3 bench/load_test.py --url URL --db DB --vanilla-url URL --vanilla-db DB [--users 30] [--seconds 300]

A small bounded client: one thread per simulated user, each with its own Odoo
session, calling the same JSON-RPC endpoint the web client uses
(``/web/dataset/call_kw``). The CS users browse the review queue, read orders,
re-run checks, move orders on through the stages they own, update complaints and
revisits; an administrator triggers the module's daily jobs every minute. The
vanilla users create a quotation and confirm it. Afterwards the driver audits
every order's stage history (each recorded move starts where the previous one
ended, ends at the current stage, and there is one recorded move per move the
clients were told succeeded) and prints p50/p95 per operation side by side.

Only ``127.0.0.1`` and ``localhost`` are accepted as targets.
"""

import argparse
import functools
import itertools
import random
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from datetime import date, timedelta

import requests

EXPECTED = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
)


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")

    @property
    def expected(self):
        return self.name in EXPECTED


class Client:
    """One user's Odoo session."""

    def __init__(self, url, db, login, password):
        self.url, self.db = url, db
        self.session = requests.Session()
        self.uid = self._rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"]

    def _rpc(self, path, params):
        response = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=300
        )
        if response.status_code >= 500:
            raise RpcError({"data": {"name": f"HTTP {response.status_code}", "message": response.text[:200]}})
        body = response.json()
        if body.get("error"):
            raise RpcError(body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.outcomes = Counter()
        self.server_errors = []
        self.refusals = Counter()

    def record(self, op, seconds, outcome, detail=""):
        with self.lock:
            self.latency[op].append(seconds)
            self.outcomes[op, outcome] += 1
            if outcome == "server error":
                self.server_errors.append(f"{op}: {detail}")
            elif outcome == "refused":
                self.refusals[op, detail.split(": ", 1)[-1].splitlines()[0][:110]] += 1


def timed(stats, op, func):
    """Call ``func``, record its latency and outcome; True when it succeeded."""
    start = time.perf_counter()
    try:
        func()
    except RpcError as error:
        stats.record(op, time.perf_counter() - start, "refused" if error.expected else "server error", str(error))
        return False
    except requests.RequestException as error:
        stats.record(op, time.perf_counter() - start, "server error", repr(error))
        return False
    stats.record(op, time.perf_counter() - start, "ok")
    return True


def xmlid(admin, name):
    module, ref = name.split(".")
    rows = admin.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", ref)], ["res_id"])
    return rows[0]["res_id"]


# ---------------------------------------------------------------------------
# The CS desk
# ---------------------------------------------------------------------------
def prepare_desk(admin, users, orders_count):
    """Users, customers and a queue of complete quotations, complaints and revisits."""
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company], {"cs_review_required": True})
    groups = {
        "specialist": [xmlid(admin, "sales_cs_desk.group_cs_specialist")],
        "supervisor": [
            xmlid(admin, "sales_cs_desk.group_cs_specialist"),
            xmlid(admin, "sales_cs_desk.group_cs_supervisor"),
        ],
        # finance reviews every order that reaches it: invoicing with Sales "All Documents", not a CS
        # specialist (who sees only the orders of its own customers, so never the ones at finance)
        "finance": [
            xmlid(admin, "account.group_account_invoice"),
            xmlid(admin, "sales_team.group_sale_salesman_all_leads"),
        ],
    }
    roles = (
        ["specialist"] * (users - users // 3)
        + ["supervisor"] * (users // 3 - users // 10)
        + ["finance"] * (users // 10)
    )
    logins = []
    for n, role in enumerate(roles):
        login = f"load_{role}_{n}"
        admin.call(
            "res.users",
            "create",
            {"name": f"Load {role} {n}", "login": login, "password": login, "groups_id": [(6, 0, groups[role])]},
        )
        logins.append((login, role))
    # the customers belong to the specialists, who take their orders through the first stages
    user_ids = admin.call("res.users", "search", [("login", "like", "load_specialist_%")])
    customers = admin.call(
        "res.partner",
        "create",
        [
            {
                "name": f"Load customer {n}",
                "is_company": True,
                "customer_rank": 1,
                "street": f"{n} Load Road",
                "city": "Suzhou",
                "cs_user_id": user_ids[n % len(user_ids)],
                "cs_backup_user_id": user_ids[(n + 1) % len(user_ids)],
            }
            for n in range(users * 2)
        ],
    )
    product = admin.call(
        "product.product", "create", {"name": "Load test part", "is_storable": True, "list_price": 10.0}
    )
    term = xmlid(admin, "account.account_payment_term_30days")
    due = (date.today() + timedelta(days=30)).isoformat()
    for start in range(0, orders_count, 100):
        admin.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": customers[n % len(customers)],
                    "payment_term_id": term,
                    "commitment_date": f"{due} 08:00:00",
                    "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1 + n % 7})],
                }
                for n in range(start, min(start + 100, orders_count))
            ],
        )
    category = admin.call("cs.complaint.category", "search", [], limit=1)
    admin.call(
        "cs.complaint",
        "create",
        [
            {"subject": f"Load complaint {n}", "partner_id": customers[n % len(customers)], "category_id": category[0]}
            for n in range(users * 2)
        ],
    )
    admin.call(
        "cs.revisit",
        "create",
        [
            {
                "partner_id": customers[n % len(customers)],
                "reason": f"Load revisit {n}",
                "user_id": user_ids[n % len(user_ids)],
                "date_due": date.today().isoformat(),
            }
            for n in range(users * 2)
        ],
    )
    stages = admin.call("cs.review.stage", "search_read", [], ["name", "stage_type", "sequence"])
    return logins, stages


def desk_user(url, db, login, role, stages, stop, *, stats, moves_ok):
    try:
        _desk_user(url, db, login, role, stages, stop, stats=stats, moves_ok=moves_ok)
    except Exception as error:  # noqa: BLE001 - a user thread that dies must show in the figures
        stats.record(f"(user thread: {role})", 0.0, "server error", f"{login}: {error!r}")


def _desk_user(url, db, login, role, stages, stop, *, stats, moves_ok):
    client = Client(url, db, login, login)
    review = [s for s in stages if s["stage_type"] == "review"]
    owned = {
        "specialist": [s["id"] for s in review[:2]],
        "supervisor": [s["id"] for s in review[2:3]],
        "finance": [s["id"] for s in review[3:]],
    }[role]
    queue = [("cs_stage_id.stage_type", "=", "review")]
    fields = ["name", "partner_id", "cs_stage_id", "cs_rank_reason", "cs_check_state", "amount_untaxed"]

    def pick(model, domain):
        ids = client.call(model, "search", domain, limit=50)
        return random.choice(ids) if ids else None

    def browse():
        timed(stats, "browse the queue", lambda: client.call("sale.order", "search_read", queue, fields, limit=80))

    def read():
        if order := pick("sale.order", queue):
            timed(stats, "open an order", lambda: client.call("sale.order", "read", [order], [*fields, "cs_check_ids"]))

    def checks():
        if order := pick("sale.order", queue):
            timed(stats, "re-run checks", lambda: client.call("sale.order", "action_cs_run_checks", [order]))

    def move():
        domain = [("cs_stage_id", "in", owned), ("state", "in", ("draft", "sent"))]
        rows = client.call("sale.order", "search_read", domain, ["cs_stage_id"], limit=20)
        if rows:
            row = random.choice(rows)
            seen = {"cs_stage_seen_id": row["cs_stage_id"][0]}
            if timed(
                stats,
                "move to the next stage",
                lambda: client.call("sale.order", "action_cs_next_stage", [row["id"]], context=seen),
            ):
                with stats.lock:
                    moves_ok[row["id"]] += 1

    def complaint():
        # the chatter's own route, as the web client posts a note
        if record := pick("cs.complaint", []):
            post = {"body": "Called the customer back (load test).", "message_type": "comment"}
            post["subtype_xmlid"] = "mail.mt_note"
            timed(
                stats,
                "update a complaint (note)",
                lambda: client._rpc(
                    "/mail/message/post", {"thread_model": "cs.complaint", "thread_id": record, "post_data": post}
                ),
            )

    def revisit():
        if record := pick("cs.revisit", [("state", "=", "planned")]):
            note = {"feedback": f"Load test note {random.random():.6f}"}
            timed(stats, "update a revisit", lambda: client.call("cs.revisit", "write", [record], note))

    operations = [browse] * 30 + [read] * 15 + [checks] * 15 + [move] * 20
    if role != "finance":  # complaints and revisits are the CS desk's; finance has no access to them
        operations += [complaint] * 10 + [revisit] * 10
    while not stop.is_set():
        try:
            random.choice(operations)()
        except RpcError as error:  # a failed lookup before the timed call
            stats.record("(lookups)", 0.0, "refused" if error.expected else "server error", str(error))
        except requests.RequestException as error:
            stats.record("(lookups)", 0.0, "server error", repr(error))


def jobs_runner(admin, stop, *, stats):
    crons = admin.call("ir.cron", "search", [("cron_name", "like", "CS Desk:")])
    while not stop.wait(5):
        for cron in crons:
            timed(
                stats,
                "daily job (all CS Desk crons)",
                lambda cron=cron: admin.call("ir.cron", "method_direct_trigger", [cron]),
            )
            if stop.wait(60 / max(len(crons), 1)):
                return


def audit(admin, moves_ok):
    """Every order's stage history is one chain ending at its stage; one recorded move per successful move."""
    field = admin.call("ir.model.fields", "search", [("model", "=", "sale.order"), ("name", "=", "cs_stage_id")])
    tracked = admin.call(
        "mail.tracking.value",
        "search_read",
        [("field_id", "in", field)],
        ["mail_message_id", "old_value_integer", "new_value_integer"],
        order="id",
    )
    messages = admin.call("mail.message", "read", list({t["mail_message_id"][0] for t in tracked}), ["res_id", "model"])
    order_of = {m["id"]: m["res_id"] for m in messages if m["model"] == "sale.order"}
    chains = defaultdict(list)
    for value in tracked:
        chains[order_of.get(value["mail_message_id"][0])].append(value)
    current = {
        row["id"]: row["cs_stage_id"] and row["cs_stage_id"][0]
        for row in admin.call("sale.order", "search_read", [("id", "in", list(chains))], ["cs_stage_id"])
    }
    broken, lost = [], []
    for order, values in chains.items():
        for before, after in itertools.pairwise(values):
            if before["new_value_integer"] != after["old_value_integer"]:
                broken.append(order)
                break
        else:
            if values and values[-1]["new_value_integer"] != current.get(order):
                broken.append(order)
    for order, count in moves_ok.items():
        # the first tracked value of an order is its entry into the queue (no old stage)
        recorded = sum(1 for v in chains.get(order, []) if v["old_value_integer"])
        if recorded < count:
            lost.append(order)
    return len(chains), broken, lost


# ---------------------------------------------------------------------------
# Vanilla Odoo: quotation -> confirm
# ---------------------------------------------------------------------------
def prepare_vanilla(admin, users):
    salesman = xmlid(admin, "sales_team.group_sale_salesman")
    logins = []
    for n in range(users):
        login = f"load_salesman_{n}"
        admin.call(
            "res.users", "create", {"name": login, "login": login, "password": login, "groups_id": [(6, 0, [salesman])]}
        )
        logins.append(login)
    customers = admin.call(
        "res.partner", "create", [{"name": f"Vanilla customer {n}", "customer_rank": 1} for n in range(users)]
    )
    product = admin.call(
        "product.product", "create", {"name": "Load test part", "is_storable": True, "list_price": 10.0}
    )
    return logins, customers, product


def vanilla_user(url, db, login, customers, product, stop, *, stats, prefix):
    client = Client(url, db, login, login)
    created = []

    def create():
        lines = [(0, 0, {"product_id": product, "product_uom_qty": 3})]
        created.append(
            client.call("sale.order", "create", {"partner_id": random.choice(customers), "order_line": lines})
        )

    while not stop.is_set():
        if timed(stats, f"{prefix}create a quotation", create):
            order = created[-1]
            timed(
                stats, f"{prefix}confirm it", lambda order=order: client.call("sale.order", "action_confirm", [order])
            )


# ---------------------------------------------------------------------------
def run_threads(targets, seconds):
    """Run each ``target(stop)`` in its own thread for ``seconds``."""
    stop = threading.Event()
    threads = [threading.Thread(target=target, args=(stop,), daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=330)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def local_only(url):
    host = urllib.parse.urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        sys.exit(f"refusing to load {host}: only 127.0.0.1 / localhost")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--vanilla-url", required=True)
    parser.add_argument("--vanilla-db", required=True)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--orders", type=int, default=600)
    args = parser.parse_args()
    local_only(args.url)
    local_only(args.vanilla_url)

    print(f"preparing: {args.users} users, {args.orders} quotations in the review queue", flush=True)
    admin = Client(args.url, args.db, "admin", "admin")
    logins, stages = prepare_desk(admin, args.users, args.orders)
    vanilla_admin = Client(args.vanilla_url, args.vanilla_db, "admin", "admin")
    v_logins, v_customers, v_product = prepare_vanilla(vanilla_admin, args.users)
    desk_customers = admin.call("res.partner", "search", [("name", "like", "Load customer")])
    desk_product = admin.call("product.product", "search", [("name", "=", "Load test part")])[0]

    stats = Stats()
    moves_ok = Counter()
    print(f"CS desk: {args.users} users for {args.seconds} s, daily jobs every minute", flush=True)
    targets = [
        functools.partial(desk_user, args.url, args.db, login, role, stages, stats=stats, moves_ok=moves_ok)
        for login, role in logins
    ]
    targets.append(functools.partial(jobs_runner, admin, stats=stats))
    run_threads(targets, args.seconds)
    orders, broken, lost = audit(admin, moves_ok)
    released = admin.call(
        "sale.order", "search_count", [("partner_id.name", "like", "Load customer"), ("state", "=", "sale")]
    )

    # quotation -> confirm, the same flow on both servers, one after the other
    short = max(args.seconds // 3, 30)
    admin.call(
        "res.company",
        "write",
        [admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]],
        {"cs_review_required": False},
    )
    desk_sales = [login for login, _role in logins]
    print(f"quotation -> confirm: {args.users} users for {short} s on each server (review off on the desk)", flush=True)
    run_threads(
        [
            functools.partial(
                vanilla_user, args.url, args.db, login, desk_customers, desk_product, stats=stats, prefix="module: "
            )
            for login in desk_sales
        ],
        short,
    )
    run_threads(
        [
            functools.partial(
                vanilla_user,
                args.vanilla_url,
                args.vanilla_db,
                login,
                v_customers,
                v_product,
                stats=stats,
                prefix="vanilla: ",
            )
            for login in v_logins
        ],
        short,
    )

    print()
    print(f"{'operation':<40} {'calls':>7} {'ok':>7} {'refused':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for op in sorted(stats.latency):
        values = stats.latency[op]
        print(
            f"{op:<40} {len(values):>7} {stats.outcomes[op, 'ok']:>7} {stats.outcomes[op, 'refused']:>8} "
            f"{stats.outcomes[op, 'server error']:>7} {percentile(values, 0.5) * 1000:>8.0f} "
            f"{percentile(values, 0.95) * 1000:>8.0f}"
        )
    print()
    print("refusals (the clear errors users got):")
    for (op, message), count in stats.refusals.most_common(8):
        print(f"  {count:>6}  {op}: {message}")
    print(f"server errors: {len(stats.server_errors)}")
    for line in stats.server_errors[:10]:
        print(f"  {line[:200]}")
    print(f"released (confirmed) by the finance users: {released} orders")
    print(
        f"audit: {orders} orders with a stage history, {sum(moves_ok.values())} successful moves; "
        f"broken histories: {len(broken)}, moves without their record: {len(lost)}"
    )
    sys.exit(1 if stats.server_errors or broken or lost else 0)


if __name__ == "__main__":
    main()
