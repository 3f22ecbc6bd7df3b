#!/usr/bin/env python3
"""Upgrade check: a demo database built with an earlier release upgrades with nothing lost.

``make upgrade-check [FROM=<git ref>]`` (run by ``.ci/run``):

1. takes the addon as it was at ``FROM`` — by default the newest commit whose
   manifest version differs from the current one (the previous release) — with
   ``git archive``, outside the work tree;
2. builds a database with that release and its demo data;
3. counts what the desk holds: the rows of every ``cs_*`` table and the
   non-empty values of every ``cs_*`` column on Odoo's tables;
4. upgrades the database to the current tree (``-u sales_cs_desk``), running
   the migration scripts in ``sales_cs_desk/migrations/``;
5. fails when the upgrade log has a WARNING or ERROR line, when the installed
   version is not the manifest's, or when any count went down — unless the
   column or table is listed in ``DROPPED`` below with the reason.
"""

import argparse
import ast
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devtool

ROOT = devtool.ROOT
MODULE = devtool.MODULE

# Tables or "table.column" that an upgrade removes on purpose, with the reason.
DROPPED = {}


def manifest_version(text):
    return ast.literal_eval(text)["version"]


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def previous_release():
    """The last commit of the previous release: the parent of the commit that
    brought the work tree's manifest version (HEAD itself while the bump is not
    committed yet)."""
    current = manifest_version((ROOT / MODULE / "__manifest__.py").read_text())
    if manifest_version(git("show", f"HEAD:{MODULE}/__manifest__.py")) != current:
        return (
            git("rev-parse", "HEAD").strip(),
            manifest_version(git("show", f"HEAD:{MODULE}/__manifest__.py")),
            current,
        )
    introduced = None
    for commit in git("log", "--format=%H", "--", f"{MODULE}/__manifest__.py").split():
        if manifest_version(git("show", f"{commit}:{MODULE}/__manifest__.py")) != current:
            break
        introduced = commit
    else:
        return None, None, current
    parent = git("rev-parse", f"{introduced}^").strip()
    return parent, manifest_version(git("show", f"{parent}:{MODULE}/__manifest__.py")), current


def export_addon(ref, target):
    data = subprocess.run(["git", "archive", ref, MODULE], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")


def snapshot(pg, db):
    """Row counts of the desk's tables and non-empty counts of its columns elsewhere."""
    import psycopg2

    conn = psycopg2.connect(
        dbname=db,
        host=pg.options.get("db_host"),
        port=pg.options.get("db_port"),
        user=pg.options.get("db_user"),
        password=pg.options.get("db_password"),
    )
    counts = {}
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name LIKE 'cs\\_%'"
            )
            for (table,) in cr.fetchall():
                cr.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cr.fetchone()[0]
            cr.execute(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                " JOIN information_schema.tables t USING (table_schema, table_name)"
                " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
                " AND c.column_name LIKE 'cs\\_%' AND c.table_name NOT LIKE 'cs\\_%'"
            )
            for table, column in cr.fetchall():
                cr.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL')
                counts[f"{table}.{column}"] = cr.fetchone()[0]
            cr.execute("SELECT latest_version FROM ir_module_module WHERE name = %s", [MODULE])
            counts["__version__"] = cr.fetchone()[0]
    finally:
        conn.close()
    return counts


def compare(before, after, current, log_path):
    problems = [f"log: {line}" for line in devtool.check_install_log(log_path)]
    if after["__version__"] != current:
        problems.append(f"installed version is {after['__version__']}, the manifest says {current}")
    for key, count in sorted(before.items()):
        if key != "__version__" and key not in DROPPED and after.get(key, 0) < count:
            problems.append(f"{key}: {count} before, {after.get(key, 0)} after")
    values_before = sum(v for k, v in before.items() if k != "__version__")
    values_after = sum(v for k, v in after.items() if k != "__version__")
    new = ", ".join(sorted(set(after) - set(before))) or "-"
    devtool.say(
        f"{len(before) - 1} tables/columns compared: {values_before} values before, {values_after} after; new: {new}"
    )
    return problems


def run_check(odoo, ref, old_version, current):
    devtool.say(f"upgrade check: {old_version} ({ref[:10]}) -> {current}")
    pg = devtool.Postgres().ensure()
    db = f"cs_desk_upgrade_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="cs-desk-upgrade-"))
    old_root = work / "old"
    old_root.mkdir()
    export_addon(ref, old_root)
    rc = 1
    try:
        argv = devtool.odoo_argv(odoo, pg, db, work, "-i", MODULE, "--stop-after-init", "--max-cron-threads=0")
        argv = [a.replace(str(ROOT), str(old_root), 1) if a.startswith("--addons-path=") else a for a in argv]
        devtool.say(f"building {db} with {old_version} and its demo data")
        if subprocess.run([*argv, f"--logfile={work / 'old.log'}"], check=False).returncode:
            devtool.die(f"installing {old_version} failed; see {work / 'old.log'}")
        before = snapshot(pg, db)
        devtool.say(f"upgrading {db} to {current}")
        log_path = work / "upgrade.log"
        argv = devtool.odoo_argv(
            odoo, pg, db, work, "-u", MODULE, "--stop-after-init", "--max-cron-threads=0", f"--logfile={log_path}"
        )
        if subprocess.run(argv, check=False).returncode:
            devtool.die(f"the upgrade failed; see {log_path}")
        problems = compare(before, snapshot(pg, db), current, log_path)
        for problem in problems:
            print(f"[cs-desk]   {problem}")
        rc = 1 if problems else 0
        devtool.say("upgrade check passed: clean log, nothing lost" if not rc else "upgrade check FAILED")
    finally:
        odoo.sql_db.close_all()
        pg.drop_db(db)
        pg.stop()
        if rc == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            devtool.say(f"logs kept in {work}")
    return rc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="ref", help="git ref of the release to upgrade from")
    args = parser.parse_args()
    odoo = devtool.require_odoo()
    current = manifest_version((ROOT / MODULE / "__manifest__.py").read_text())
    if args.ref:
        ref, old_version = args.ref, manifest_version(git("show", f"{args.ref}:{MODULE}/__manifest__.py"))
    else:
        ref, old_version, current = previous_release()
        if not ref:
            devtool.say(f"no earlier release than {current} in the history: nothing to upgrade from")
            return 0
    return run_check(odoo, ref, old_version, current)


if __name__ == "__main__":
    sys.exit(main())
