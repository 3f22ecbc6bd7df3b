"""Helpers for the benchmarks: open the benchmark database, count queries.

Each ``bench_*.py`` is run by ``make bench`` as ``python3 bench_x.py ODOO_CFG``
on a throwaway database with the module installed (no demo data).
"""

import contextlib
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


@contextlib.contextmanager
def environment():
    odoo.tools.config.parse_config([f"--config={sys.argv[1]}"])
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


@contextlib.contextmanager
def measure(env, label):
    """Print wall time and the number of SQL queries of the block."""
    cr = env.cr
    queries_before = cr.sql_log_count
    start = time.perf_counter()
    result = {}
    yield result
    result["seconds"] = time.perf_counter() - start
    result["queries"] = cr.sql_log_count - queries_before
    print(f"  {label:<48} {result['seconds']:8.3f} s  {result['queries']:6d} queries", flush=True)


def best_of(runs, fn):
    """The fastest of ``runs`` calls of ``fn`` (seconds) and the last result."""
    times = []
    result = None
    for _i in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result
