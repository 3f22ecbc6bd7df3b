#!/usr/bin/env python3
"""Developer entry point behind ``make run``, ``make test`` and ``make bench``.

It finds Odoo 18 in the running interpreter (``python3`` or ``$ODOO_PYTHON``),
makes sure a PostgreSQL server answers (starting a project-local cluster in
``.pgdata/`` when none does), and then serves the demo, runs the test suite or
runs a benchmark. It never installs Odoo: Odoo is a prerequisite (README.md,
"Prerequisites").
"""

import argparse
import getpass
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "sales_cs_desk"
DEMO_DB = "cs_desk_demo"
PGDATA = ROOT / ".pgdata"
LOCAL_PG_PORT = int(os.environ.get("CS_DESK_PG_PORT", "54329"))
LOCAL_PG_USER = "odoo"
DEMO_LOGINS = [
    ("admin", "admin", "Administrator (settings)"),
    ("cs_supervisor", "cs_supervisor", "CS Supervisor: 王丽 Wang Li"),
    ("cs_specialist", "cs_specialist", "CS Specialist: 陈静 Chen Jing"),
    ("cs_backup", "cs_backup", "CS Specialist and backup: 刘洋 Liu Yang"),
]
# Lines of Odoo's log that fail the install check (``make test``).
BAD_LOG_LINE = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def say(msg):
    print(f"[cs-desk] {msg}", flush=True)


def die(msg, code=1):
    print(f"[cs-desk] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


# --------------------------------------------------------------------------
# Odoo
# --------------------------------------------------------------------------
def require_odoo():
    """Return the imported ``odoo`` package, or stop with exit status 2."""
    try:
        import odoo
        import odoo.release
    except ImportError as exc:
        odoo = None
        found = f"'import odoo' failed ({exc})"
    else:
        found = f"Odoo {odoo.release.major_version} at {Path(odoo.__file__).parent}"
        if odoo.release.major_version == "18.0":
            return odoo
    die(
        f"Odoo 18.0 is not importable by {sys.executable}: {found}.\n"
        "Install Odoo 18.0 Community from source into this interpreter, or point "
        "$ODOO_PYTHON at one that has it. How: README.md, section 'Prerequisites'.",
        code=2,
    )


def addons_path(odoo):
    odoo_dir = Path(odoo.__file__).resolve().parent
    paths = [ROOT]
    for candidate in (odoo_dir.parent / "addons", odoo_dir / "addons"):
        if (candidate / "sale_stock").is_dir() or (candidate / "base").is_dir():
            paths.append(candidate)
    return ",".join(str(p) for p in paths)


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------
class Postgres:
    """Connection settings for Odoo, and the local cluster if we started one."""

    def __init__(self):
        self.started_local = False
        self.options = {}

    @staticmethod
    def _answers(env_overrides=None):
        import psycopg2

        env = {**os.environ, **(env_overrides or {})}
        kwargs = {"dbname": "postgres", "connect_timeout": 3}
        for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
            if env.get(var):
                kwargs[key] = env[var]
        try:
            psycopg2.connect(**kwargs).close()
        except psycopg2.OperationalError:
            return False
        return True

    def ensure(self):
        if self._answers():
            user = os.environ.get("PGUSER") or getpass.getuser()
            if user == "postgres":
                die(
                    "the PostgreSQL server that answers uses the role 'postgres', which Odoo "
                    "refuses. Set PGUSER to another role (with CREATEDB), or unset PG* to let "
                    "this tool start a project-local cluster."
                )
            for key, var in (
                ("db_host", "PGHOST"),
                ("db_port", "PGPORT"),
                ("db_user", "PGUSER"),
                ("db_password", "PGPASSWORD"),
            ):
                if os.environ.get(var):
                    self.options[key] = os.environ[var]
            say("using the PostgreSQL server given by the PG* settings")
            return self
        self._start_local()
        return self

    # The local cluster -----------------------------------------------------
    def _pg_bin(self, name):
        found = shutil.which(name)
        if found:
            return found
        for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
            return str(candidate)
        die(f"PostgreSQL's '{name}' was not found: install PostgreSQL (e.g. Debian's postgresql package).")

    def _as_owner(self, argv):
        """initdb and pg_ctl refuse to run as root: run them as 'nobody' then."""
        if os.geteuid() != 0:
            return argv
        return ["runuser", "-u", self.os_user, "--", *argv]

    @property
    def os_user(self):
        return os.environ.get("CS_DESK_PG_OS_USER", "nobody")

    def _cluster_dir(self):
        """``.pgdata/`` in the project; as root, a folder 'nobody' can reach.

        When the project sits below a folder the cluster's owner cannot
        traverse (a private temp dir, /root …), the cluster goes to a folder
        of its own under the system temp dir instead.
        """
        if os.geteuid() != 0:
            return PGDATA
        PGDATA.mkdir(exist_ok=True)
        shutil.chown(PGDATA, user=self.os_user)
        probe = subprocess.run(["runuser", "-u", self.os_user, "--", "test", "-w", str(PGDATA)], check=False, cwd="/")
        if probe.returncode == 0:
            return PGDATA
        import hashlib

        fallback = Path(tempfile.gettempdir()) / f"cs-desk-pg-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]}"
        fallback.mkdir(mode=0o755, exist_ok=True)
        shutil.chown(fallback, user=self.os_user)
        say(f"{PGDATA} is not reachable by '{self.os_user}': the cluster lives in {fallback}")
        return fallback

    def _start_local(self):
        pgdata = self.pgdata = self._cluster_dir()
        data = pgdata / "data"
        sock = pgdata / "run"
        env_local = {"PGHOST": "127.0.0.1", "PGPORT": str(LOCAL_PG_PORT), "PGUSER": LOCAL_PG_USER}
        self.options = {"db_host": "127.0.0.1", "db_port": str(LOCAL_PG_PORT), "db_user": LOCAL_PG_USER}
        os.environ.update(env_local)
        if self._answers():
            say(f"project-local PostgreSQL already running on 127.0.0.1:{LOCAL_PG_PORT}")
            return
        pgdata.mkdir(exist_ok=True)
        sock.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(sock, user=self.os_user)
        if not (data / "PG_VERSION").exists():
            say(f"creating a project-local PostgreSQL cluster in {data}")
            subprocess.run(
                self._as_owner(
                    [
                        self._pg_bin("initdb"),
                        "-D",
                        str(data),
                        "-U",
                        LOCAL_PG_USER,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-locale",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
                cwd="/",
            )
        say(f"starting the project-local PostgreSQL on 127.0.0.1:{LOCAL_PG_PORT}")
        subprocess.run(
            self._as_owner(
                [
                    self._pg_bin("pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(pgdata / "postgres.log"),
                    "-w",
                    "-o",
                    f"-p {LOCAL_PG_PORT} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.started_local = True

    def stop(self):
        if self.started_local:
            say("stopping the project-local PostgreSQL")
            subprocess.run(
                self._as_owner([self._pg_bin("pg_ctl"), "-D", str(self.pgdata / "data"), "-m", "fast", "-w", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
                cwd="/",
            )
            self.started_local = False

    # Databases -------------------------------------------------------------
    def _connect(self):
        import psycopg2

        conn = psycopg2.connect(
            dbname="postgres",
            host=self.options.get("db_host"),
            port=self.options.get("db_port"),
            user=self.options.get("db_user"),
            password=self.options.get("db_password"),
        )
        conn.autocommit = True
        return conn

    def db_exists(self, name):
        with self._connect() as conn, conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())

    def drop_db(self, name):
        conn = self._connect()
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
                cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            conn.close()


# --------------------------------------------------------------------------
# Odoo processes
# --------------------------------------------------------------------------
def odoo_argv(odoo, pg, db, data_dir, *extra):
    argv = [sys.executable, "-m", "odoo", f"--addons-path={addons_path(odoo)}", f"--data-dir={data_dir}", "-d", db]
    for key, value in pg.options.items():
        argv.append(f"--{key}={value}")
    return [*argv, *extra]


def write_config(odoo, pg, db, data_dir, path, **extra):
    lines = ["[options]", f"db_name = {db}", f"addons_path = {addons_path(odoo)}", f"data_dir = {data_dir}"]
    lines += [f"{k} = {v}" for k, v in pg.options.items()]
    lines += [f"{k} = {v}" for k, v in extra.items()]
    Path(path).write_text("\n".join(lines) + "\n")


def install(odoo, pg, db, data_dir, demo, log_path):
    say(f"creating database {db} with {MODULE} ({'with' if demo else 'without'} demo data)")
    Path(log_path).unlink(missing_ok=True)  # Odoo appends to its log file
    extra = ["-i", MODULE, "--stop-after-init", f"--logfile={log_path}", "--log-level=info", "--max-cron-threads=0"]
    if not demo:
        extra.append("--without-demo=all")
    rc = subprocess.run(odoo_argv(odoo, pg, db, data_dir, *extra), check=False).returncode
    return rc


def check_install_log(log_path):
    bad = [
        line.rstrip() for line in Path(log_path).read_text(errors="replace").splitlines() if BAD_LOG_LINE.match(line)
    ]
    return bad


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------
def cmd_run(args):
    odoo = require_odoo()
    pg = Postgres().ensure()
    data_dir = ROOT / ".odoo-data"
    data_dir.mkdir(exist_ok=True)
    server = None
    try:
        if args.rebuild and pg.db_exists(DEMO_DB):
            say(f"--rebuild: dropping {DEMO_DB}")
            pg.drop_db(DEMO_DB)
            shutil.rmtree(data_dir / "filestore" / DEMO_DB, ignore_errors=True)
        if not pg.db_exists(DEMO_DB):
            log_path = data_dir / "install-demo.log"
            if install(odoo, pg, DEMO_DB, data_dir, True, log_path) != 0:
                pg.drop_db(DEMO_DB)
                die(f"installing the demo failed; see {log_path}")
        else:
            say(f"reusing database {DEMO_DB} (make run REBUILD=1 builds it anew)")
        extra = [f"--http-port={args.port}", f"--db-filter=^{DEMO_DB}$"]
        if args.update:
            extra += ["-u", MODULE]
        argv = odoo_argv(odoo, pg, DEMO_DB, data_dir, *extra)
        say(f"Odoo is starting: open http://localhost:{args.port}  (Ctrl-C stops it)")
        for login, password, who in DEMO_LOGINS:
            say(f"  login {login:<14} password {password:<14} {who}")
        server = subprocess.Popen(argv)
        server.wait()
    except KeyboardInterrupt:
        say("stopping")
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        pg.stop()


def cmd_test(args):
    odoo = require_odoo()
    pg = Postgres().ensure()
    db = f"cs_desk_test_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="cs-desk-test-"))
    log_path = work / "install.log"
    rc = 1
    try:
        rc_install = install(odoo, pg, db, work, False, log_path)
        bad = check_install_log(log_path)
        if rc_install != 0 or bad:
            for line in bad[:50]:
                print(line)
            die(f"the install of {MODULE} failed or logged {len(bad)} WARNING/ERROR line(s); full log: {log_path}")
        say("install log clean (no WARNING or ERROR)")
        cfg = work / "odoo.cfg"
        write_config(odoo, pg, db, work, cfg)
        junit = work / "junit.xml"
        pytest_argv = [
            sys.executable,
            "-m",
            "pytest",
            f"--odoo-config={cfg}",
            "--odoo-http",
            "-p",
            "no:cacheprovider",
            "-o",
            "python_files=test_*.py",
            "-rfEs",
            f"--junitxml={junit}",
            *args.pytest_args,
        ]
        selected = [a for a in args.pytest_args if not a.startswith("-") and (ROOT / a).exists()]
        if not selected:
            pytest_argv.append(str(ROOT / MODULE / "tests"))
        say("running the module's tests with pytest-odoo")
        rc = subprocess.run(pytest_argv, cwd=ROOT, check=False).returncode
        skipped = count_skipped(junit)
        if rc == 0 and skipped:
            say(f"{skipped} test(s) were skipped: a skipped test (a tour without a browser, …) is a failure here")
            rc = 1
        if rc == 0 and not selected and "-k" not in args.pytest_args:
            say("uninstall check: the module uninstalls and leaves sale and stock working")
            rc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    f"--odoo-config={cfg}",
                    "-p",
                    "no:cacheprovider",
                    "-q",
                    str(ROOT / "tests" / "test_uninstall.py"),
                ],
                cwd=ROOT,
                check=False,
            ).returncode
    finally:
        try:
            pg.drop_db(db)
        except Exception as exc:  # noqa: BLE001 - cleaning up must not hide the result
            say(f"could not drop {db}: {exc}")
        pg.stop()
        if rc == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"logs kept in {work}")
    sys.exit(rc)


def count_skipped(junit):
    if not junit.exists():
        return 0
    import xml.etree.ElementTree as ET

    root = ET.parse(junit).getroot()
    return sum(int(s.get("skipped", 0)) for s in root.iter("testsuite"))


def cmd_odoo_tests(args):
    """Odoo's own tests with the module installed (and not configured)."""
    odoo = require_odoo()
    pg = Postgres().ensure()
    db = f"cs_desk_odoo_tests_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="cs-desk-odoo-tests-"))
    log_path = work / "tests.log"
    rc = 1
    try:
        if install(odoo, pg, db, work, False, work / "install.log") != 0:
            die(f"install failed; see {work / 'install.log'}")
        say(f"running Odoo's tests {args.tags} with {MODULE} installed")
        argv = odoo_argv(
            odoo,
            pg,
            db,
            work,
            "--test-enable",
            f"--test-tags={args.tags}",
            "--stop-after-init",
            "--http-port=8099",
            "--max-cron-threads=0",
            f"--logfile={log_path}",
            "--log-level=test",
        )
        subprocess.run(argv, check=False)
        text = log_path.read_text(errors="replace")
        failures = [line for line in text.splitlines() if " FAIL: " in line or " ERROR: " in line]
        summary = [line for line in text.splitlines() if "odoo.tests.result" in line or "odoo.tests.stats" in line]
        for line in failures + summary[-3:]:
            print(line)
        rc = 1 if failures or not summary else 0
    finally:
        pg.drop_db(db)
        pg.stop()
        say(f"log: {log_path}")
    sys.exit(rc)


def cmd_bench(args):
    odoo = require_odoo()
    pg = Postgres().ensure()
    db = f"cs_desk_bench_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="cs-desk-bench-"))
    try:
        if install(odoo, pg, db, work, False, work / "install.log") != 0:
            die(f"install failed; see {work / 'install.log'}")
        cfg = work / "odoo.cfg"
        write_config(odoo, pg, db, work, cfg, log_level="warn")
        scripts = sorted((ROOT / "bench").glob("bench_*.py"))
        if args.only:
            scripts = [s for s in scripts if args.only in s.name]
        rc = 0
        for script in scripts:
            say(f"benchmark {script.name}")
            rc |= subprocess.run([sys.executable, str(script), str(cfg)], cwd=ROOT, check=False).returncode
    finally:
        pg.drop_db(db)
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(rc)


def cmd_pot(args):
    """Regenerate i18n/sales_cs_desk.pot from a fresh install and merge zh_CN.po."""
    import io

    import polib

    odoo = require_odoo()
    pg = Postgres().ensure()
    db = f"cs_desk_pot_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="cs-desk-pot-"))
    i18n = ROOT / MODULE / "i18n"
    try:
        if install(odoo, pg, db, work, False, work / "install.log") != 0:
            die(f"install failed; see {work / 'install.log'}")
        cfg = work / "odoo.cfg"
        write_config(odoo, pg, db, work, cfg)
        odoo.tools.config.parse_config([f"--config={cfg}"])
        from odoo.modules.registry import Registry

        with Registry(db).cursor() as cr:
            buffer = io.BytesIO()
            odoo.tools.translate.trans_export(False, [MODULE], buffer, "po", cr)
        pot_path = i18n / f"{MODULE}.pot"
        i18n.mkdir(exist_ok=True)
        pot_path.write_bytes(buffer.getvalue())
        pot = polib.pofile(str(pot_path))
        for lang in args.langs:
            po_path = i18n / f"{lang}.po"
            po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
            known = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr}
            new = polib.POFile(wrapwidth=78)
            new.metadata = {
                **pot.metadata,
                "Language": lang,
                "Plural-Forms": "nplurals=1; plural=0;",
                **{k: v for k, v in po.metadata.items() if k in ("Last-Translator", "Language-Team")},
            }
            missing = 0
            for entry in pot:
                entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
                missing += not entry.msgstr
                new.append(entry)
            new.save(str(po_path))
            say(f"{po_path.relative_to(ROOT)}: {len(pot)} messages, {missing} untranslated")
        say(f"wrote {pot_path.relative_to(ROOT)} ({len(pot)} messages)")
    finally:
        odoo.sql_db.close_all()
        pg.drop_db(db)
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve the demo database on http://localhost:8069")
    run.add_argument("--rebuild", action="store_true", help="drop and recreate the demo database")
    run.add_argument("--update", action="store_true", help="update the module in the demo database first")
    run.add_argument("--port", type=int, default=8069)
    test = sub.add_parser("test", help="install in a throwaway database and run the tests")
    test.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k grade)")
    bench = sub.add_parser("bench", help="run the benchmarks in bench/")
    bench.add_argument("--only", help="run only bench scripts whose name contains this")
    odoo_tests = sub.add_parser("odoo-tests", help="Odoo's own tests with the module installed")
    odoo_tests.add_argument("--tags", default="/sale_stock")
    pot = sub.add_parser("pot", help="regenerate the .pot and merge the translations")
    pot.add_argument("--langs", nargs="*", default=["zh_CN"])
    args = parser.parse_args()
    {"run": cmd_run, "test": cmd_test, "bench": cmd_bench, "pot": cmd_pot, "odoo-tests": cmd_odoo_tests}[args.command](
        args
    )


if __name__ == "__main__":
    main()
