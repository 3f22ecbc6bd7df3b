#!/usr/bin/env python3
"""Developer entry point behind ``make run``, ``make test`` and the other targets.

It finds Odoo 18 in the running interpreter (``python3`` or ``$ODOO_PYTHON``),
installs what the command lacks (the test tools pinned in
``requirements-dev.txt``, Debian's ``chromium`` for the browser tours), makes
sure a PostgreSQL server answers (starting a project-local cluster in
``.pgdata/`` when none does), and then serves the demo, runs the test suite or
runs a benchmark. It never installs Odoo: Odoo is a prerequisite (README.md,
"Prerequisites").
"""

import argparse
import ast
import contextlib
import getpass
import importlib.metadata
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "sales_cs_desk"
DEMO_DB = "cs_desk_demo"
PGDATA = ROOT / ".pgdata"
LOCAL_PG_PORT = int(os.environ.get("CS_DESK_PG_PORT", "54329"))
LOCAL_PG_USER = "odoo"
REQUIREMENTS_DEV = ROOT / "requirements-dev.txt"
# The browsers Odoo's HttpCase looks for (odoo/tests/common.py, ChromeBrowser).
BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
DEMO_LOGINS = [
    ("admin", "admin", "Administrator (settings)"),
    ("cs_supervisor", "cs_supervisor", "CS Supervisor: 王丽 Wang Li"),
    ("cs_specialist", "cs_specialist", "CS Specialist: 陈静 Chen Jing"),
    ("cs_backup", "cs_backup", "CS Specialist and backup: 刘洋 Liu Yang"),
    ("cs_finance", "cs_finance", "Finance (invoicing): 赵敏 Zhao Min"),
    ("demo", "demo", "Salesperson: Marc Demo"),
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
# What the commands need besides Odoo: installed when missing, idempotently
# --------------------------------------------------------------------------
def read_pins(path=REQUIREMENTS_DEV):
    """``{distribution: version or None}`` from a requirements file of plain pins."""
    pins = {}
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, _sep, version = line.partition("==")
        pins[name.strip()] = version.strip() or None
    return pins


def missing_packages(pins, version_of=importlib.metadata.version):
    """The pins the running interpreter does not satisfy, each with the reason.

    Only installed distributions' metadata is read (no import, no network), so
    the check costs a few milliseconds when everything is there.
    """
    missing = []
    for name, wanted in pins.items():
        try:
            have = version_of(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append((name, "not installed"))
            continue
        if wanted and have != wanted:
            missing.append((name, f"{have} installed, {wanted} pinned"))
    return missing


def ensure_python_tools(path=REQUIREMENTS_DEV, version_of=importlib.metadata.version, run=subprocess.run):
    """Install ``requirements-dev.txt`` into this interpreter when a pin is not met.

    Returns True when it installed something. A second call finds nothing to do.
    """
    missing = missing_packages(read_pins(path), version_of)
    if not missing:
        return False
    rel = os.path.relpath(path, Path.cwd())
    command = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(path)]
    say("installing the test tools into " + sys.executable + ": " + ", ".join(f"{n} ({why})" for n, why in missing))
    if run(command, check=False).returncode != 0:
        die(
            f"installing the test tools failed. Install them into the interpreter that has Odoo, then run "
            f"the command again:\n    {sys.executable} -m pip install -r {rel}",
            code=2,
        )
    importlib.invalidate_caches()
    return True


def find_browser(which=shutil.which):
    return next((found for found in map(which, BROWSERS) if found), None)


WQY_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
# Debian's packages the suite needs: (package, what for, is it there?)
DEBIAN_TOOLS = (
    ("chromium", "the browser tours", lambda which, exists: find_browser(which)),
    ("wkhtmltopdf", "the real PDF reports", lambda which, exists: which("wkhtmltopdf")),
    ("poppler-utils", "reading those PDFs back", lambda which, exists: which("pdftotext") and which("pdfinfo")),
    ("fonts-wqy-microhei", "Chinese glyphs in PDFs and tours", lambda which, exists: exists(WQY_FONT)),
)


def missing_debian_tools(which=shutil.which, exists=os.path.exists):
    return [package for package, _why, present in DEBIAN_TOOLS if not present(which, exists)]


def ensure_browser(which=shutil.which, euid=os.geteuid, run=subprocess.run, exists=os.path.exists):
    """Debian's packages for the browser tours and the PDF tests: installed as root, else asked for.

    Returns True when it installed some.
    """
    missing = missing_debian_tools(which, exists)
    if not missing:
        return False
    command = "apt-get update -qq && apt-get install -y -qq " + " ".join(missing)
    why = ", ".join(f"{package} ({why})" for package, why, _present in DEBIAN_TOOLS if package in missing)
    if euid() != 0 or not which("apt-get"):
        die(
            f"the tests need Debian's {why}, which is not installed. Install it, then run the command again:\n"
            f"    sudo sh -c '{command}'",
            code=2,
        )
    say(f"installing Debian's {why}: {command}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if run(["sh", "-c", command + " >/dev/null"], check=False, env=env).returncode != 0 or missing_debian_tools(
        which, exists
    ):
        die(f"installing {' '.join(missing)} failed; run as root:\n    {command}", code=2)
    return True


def ensure_tools(python=True, browser=True):
    """What ``make test`` needs besides Odoo and PostgreSQL; nothing to do costs < 1 s."""
    if python:
        ensure_python_tools()
    if browser:
        ensure_browser()


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


def install(odoo, pg, db, data_dir, log_path, modules=(MODULE,), demo=False, extra=()):
    """``odoo -i modules --stop-after-init`` (creating ``db``); returns Odoo's exit status."""
    say(f"creating database {db} with {','.join(modules)} ({'with' if demo else 'without'} demo data)")
    Path(log_path).unlink(missing_ok=True)  # Odoo appends to its log file
    argv = ["-i", ",".join(modules), "--stop-after-init", f"--logfile={log_path}", "--max-cron-threads=0"]
    argv += ["--log-level=info", *extra]  # a later --log-level in extra wins
    if not demo:
        argv.append("--without-demo=all")
    return subprocess.run(odoo_argv(odoo, pg, db, data_dir, *argv), check=False).returncode


def check_install_log(log_path):
    bad = [
        line.rstrip() for line in Path(log_path).read_text(errors="replace").splitlines() if BAD_LOG_LINE.match(line)
    ]
    return bad


def free_port():
    """A TCP port nobody listens on now: throwaway servers must not meet ``make run`` or each other."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scratch:
    """A throwaway database and its work folder (logs, config, filestore)."""

    def __init__(self, odoo, pg, db, work):
        self.odoo, self.pg, self.db, self.work = odoo, pg, db, work
        self.log = work / "install.log"
        self.rc = None  # Odoo's exit status at install
        self.keep = False  # keep the work folder (its logs) after the database is dropped

    def config(self, **extra):
        path = self.work / "odoo.cfg"
        write_config(self.odoo, self.pg, self.db, self.work, path, **extra)
        return path


@contextlib.contextmanager
def throwaway_db(purpose, modules=(MODULE,), *, extra=(), check=True, pg=None, demo=False):
    """A fresh database with ``modules`` installed (without demo data unless ``demo``), dropped on the way out.

    ``extra`` goes to the installing Odoo (``--test-enable`` …). With ``check``,
    a failed install stops the command and keeps the log. The work folder is
    removed unless the caller sets ``scratch.keep`` or an error escapes. The
    PostgreSQL server is ensured (and a local cluster stopped afterwards)
    unless the caller passes the ``pg`` it already holds.
    """
    odoo = require_odoo()
    own_pg = pg is None
    if own_pg:
        pg = Postgres().ensure()
    work = Path(tempfile.mkdtemp(prefix=f"cs-desk-{purpose.replace('_', '-')}-"))
    scratch = Scratch(odoo, pg, f"cs_desk_{purpose}_{os.getpid()}", work)
    try:
        scratch.rc = install(odoo, pg, scratch.db, work, scratch.log, modules, demo=demo, extra=extra)
        if check and scratch.rc != 0:
            die(f"installing {','.join(modules)} failed; see {scratch.log}")
        yield scratch
    except BaseException:
        scratch.keep = True
        raise
    finally:
        odoo.sql_db.close_all()  # a command that opened the registry in this process (make pot)
        try:
            pg.drop_db(scratch.db)
        except Exception as exc:  # noqa: BLE001 - cleaning up must not hide the result
            say(f"could not drop {scratch.db}: {exc}")
        shutil.rmtree(work / "filestore", ignore_errors=True)
        if own_pg:
            pg.stop()
        if scratch.keep:
            say(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------
def cmd_tools(args):
    """Install what ``make test`` needs besides Odoo (``.ci/run``, ``make lint``)."""
    ensure_tools(python=True, browser=not args.no_browser)


def cmd_run(args):
    odoo = require_odoo()  # serving the demo needs nothing besides Odoo and PostgreSQL
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
            # Odoo installs the module without its demo data when the demo fails (a WARNING): not a demo
            if install(odoo, pg, DEMO_DB, data_dir, log_path, demo=True) != 0 or check_install_log(log_path):
                pg.drop_db(DEMO_DB)
                for line in check_install_log(log_path)[:20]:
                    print(line)
                die(f"installing the demo failed or logged warnings; see {log_path}")
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
    require_odoo()
    ensure_tools()
    rc = 1
    with throwaway_db("test", check=False) as scratch:
        bad = check_install_log(scratch.log)
        if scratch.rc != 0 or bad:
            for line in bad[:50]:
                print(line)
            die(f"the install of {MODULE} failed or logged {len(bad)} WARNING/ERROR line(s); full log: {scratch.log}")
        say("install log clean (no WARNING or ERROR)")
        cfg = scratch.config()
        junit = scratch.work / "junit.xml"
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
        scratch.keep = rc != 0
    sys.exit(rc)


# The one skip allowed in ``make test``: the demo story's tests need the demo data, which ``make test`` does not
# load; they run in ``make suite``. Keep in step with sales_cs_desk/tests/test_demo_story.py.
DEMO_SKIP = "the demo data is not installed"


def count_skipped(junit):
    """Skipped tests in a pytest JUnit report, but for the demo story's (see ``DEMO_SKIP``)."""
    if not junit.exists():
        return 0
    import xml.etree.ElementTree as ET

    root = ET.parse(junit).getroot()
    return sum(1 for skip in root.iter("skipped") if DEMO_SKIP not in (skip.get("message") or ""))


# Odoo's own tests (make test-odoo) -----------------------------------------
# The lines of Odoo's test log that ``parse_test_log`` reads (odoo/tests/result.py, odoo/service/server.py).
TEST_FAILED = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (?P<logger>\S+): (?P<kind>FAIL|ERROR): (?P<test>.+?)\s*$")
TEST_RESULT = re.compile(
    r" odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
)
TEST_SKIPPED = re.compile(r"^\S+ \S+ \d+ INFO \S+ odoo\.addons\.\S+: skipped ")
LOG_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) \S+ (?P<logger>\S+): ")


def test_id(logger, test):
    """``/module:Class.method`` — the name ``--test-tags`` (``make test-odoo TAGS=…``) takes back."""
    test = test.removeprefix("Subtest ")
    parts = logger.split(".")
    if len(parts) > 2 and parts[:2] == ["odoo", "addons"] and "." in test and " " not in test.split(".")[0]:
        return f"/{parts[2]}:{test}"
    return f"{logger}: {test}"


def parse_test_log(text):
    """Counts and failing tests of one ``odoo --test-enable`` run, from its log."""
    summary = {"run": None, "failed": None, "errors": None, "skipped": 0, "other_errors": 0, "failing": set()}
    for line in text.splitlines():
        if match := TEST_FAILED.match(line):
            summary["failing"].add(test_id(match["logger"], match["test"]))
        elif match := TEST_RESULT.search(line):
            # one line per database at the end; at_install and post_install tests together
            summary.update(run=int(match["run"]), failed=int(match["failed"]), errors=int(match["errors"]))
        elif TEST_SKIPPED.match(line):
            summary["skipped"] += 1
        elif (match := LOG_ERROR.match(line)) and match["logger"] != "odoo.tests.result":
            summary["other_errors"] += 1
    return summary


def compare_test_runs(runs):
    """Print the runs' summaries side by side; return the tests failing in one run only, per run label."""
    labels = list(runs)
    rows = [
        ("tests run", "run"),
        ("failures", "failed"),
        ("errors", "errors"),
        ("skipped", "skipped"),
        ("other ERROR log lines", "other_errors"),
    ]
    width = max(24, *(len(label) + 2 for label in labels))
    print(f"{'':<24}" + "".join(f"{label:>{width}}" for label in labels))
    for title, key in rows:
        cells = ("—" if runs[label][key] is None else str(runs[label][key]) for label in labels)
        print(f"{title:<24}" + "".join(f"{cell:>{width}}" for cell in cells))
    only = {}
    for label in labels:
        others = set().union(*(runs[other]["failing"] for other in labels if other != label))
        only[label] = sorted(runs[label]["failing"] - others) if len(labels) > 1 else sorted(runs[label]["failing"])
        heading = f"failing only {label}" if len(labels) > 1 else "failing"
        print(f"{heading} ({len(only[label])}):")
        for name in only[label] or ["none"]:
            print(f"  {name}")
    return only


def manifest_depends():
    manifest = ast.literal_eval((ROOT / MODULE / "__manifest__.py").read_text())
    return manifest.get("depends", [])


def cmd_odoo_tests(args):
    """Odoo's own tests of ``--tags`` on a fresh database with the module installed (and not configured).

    Both at_install and post_install tests run: the modules are installed with
    ``--test-enable``. A dependency's at_install tests run as it installs, before
    the module is loaded; its post_install tests run with the module. With
    ``--baseline`` the same runs on a database with only the module's
    dependencies, and the two summaries are compared.
    """
    require_odoo()
    ensure_tools()  # Odoo's HttpCase tests need websocket-client and the browser too
    # The baseline installs the same dependencies (calendar, resource … included), so that the
    # only difference between the two databases is the module.
    base = list(dict.fromkeys(["sale_management", "sale_stock", "stock_delivery", *manifest_depends()]))
    plans = {f"with {MODULE}": ("odoo_tests", [*base, MODULE])}
    if args.baseline:
        plans["without (baseline)"] = ("odoo_baseline", base)
    runs, logs = {}, {}
    pg = Postgres().ensure()
    try:
        for label, (purpose, modules) in plans.items():
            say(f"Odoo's tests {args.tags}: -i {','.join(modules)} --test-enable on a fresh database")
            extra = [
                "--test-enable",
                f"--test-tags={args.tags}",
                f"--http-port={free_port()}",
                "--log-level=test",
            ]
            with throwaway_db(purpose, modules, extra=extra, check=False, pg=pg) as scratch:
                scratch.keep = True  # the log stays for reading
                runs[label] = parse_test_log(scratch.log.read_text(errors="replace"))
                logs[label] = scratch.log
    finally:
        pg.stop()
    print()
    only = compare_test_runs(runs)
    for label, log in logs.items():
        print(f"log {label}: {log}")
    ours = runs[f"with {MODULE}"]
    if ours["run"] is None:
        say("the run with the module ended without a test result (install failed?): see its log")
        sys.exit(1)
    if args.baseline:
        sys.exit(1 if only[f"with {MODULE}"] else 0)
    sys.exit(1 if ours["failed"] or ours["errors"] or ours["failing"] else 0)


def cmd_suite(args):
    """The module's suite through Odoo's own runner, on the demo database as ``make run`` builds it.

    The database is installed WITH the demo data and WITHOUT test mode, exactly as
    ``make run`` does (test mode changes what Odoo installs, e.g. the chart of
    accounts, so a demo that only loads in test mode would pass here and fail for
    the user); its log must be clean. Then ``odoo --test-enable --test-tags
    /sales_cs_desk`` runs the post-install tests on it, as Odoo's CI runs an
    addon: found through ``tests/__init__.py``.
    """
    rc = 1
    with throwaway_db("suite", demo=True) as scratch:
        bad = check_install_log(scratch.log)
        if bad:
            for line in bad[:20]:
                print(line)
            scratch.keep = True
            die(f"the demo install (as make run builds it) logged {len(bad)} WARNING/ERROR line(s); see {scratch.log}")
        say("demo install log clean (no WARNING or ERROR)")
        test_log = scratch.work / "suite.log"
        argv = ["--test-enable", f"--test-tags=/{MODULE}", "--stop-after-init", f"--logfile={test_log}"]
        argv += ["--log-level=test", "--max-cron-threads=0", f"--http-port={free_port()}"]
        odoo_argv_ = odoo_argv(scratch.odoo, scratch.pg, scratch.db, scratch.work, *argv)
        subprocess.run(odoo_argv_, check=False)
        summary = parse_test_log(test_log.read_text(errors="replace") if test_log.exists() else "")
        for name in sorted(summary["failing"]):
            print(f"[cs-desk]   failing: {name}")
        run, failed, errors = summary["run"], summary["failed"] or 0, summary["errors"] or 0
        if run is None:
            say(f"Odoo's runner printed no result; see {test_log}")
        else:
            say(f"Odoo's runner (demo data loaded): {run} tests, {failed} failed, {errors} error(s)")
            print(f"suite: {run - failed - errors} passed, {failed + errors} failed")
            rc = 0 if not (failed or errors or summary["failing"]) else 1
            if summary["skipped"]:
                say(f"{summary['skipped']} test(s) skipped: on the demo database every test must run")
                rc = 1
        scratch.keep = rc != 0
    sys.exit(rc)


def cmd_bench(args):
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if args.only in s.name]
    rc = 0
    with throwaway_db("bench") as scratch:
        cfg = scratch.config(log_level="warn")
        for script in scripts:
            say(f"benchmark {script.name}")
            rc |= subprocess.run([sys.executable, str(script), str(cfg)], cwd=ROOT, check=False).returncode
    sys.exit(rc)


def _wait_for_http(url, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                return
        except OSError:
            time.sleep(1)
    die(f"no answer from {url} after {seconds} s")


def server_argv(odoo, pg, db, data_dir, *extra):
    """``odoo_argv`` through Odoo's launcher script: the multi-process server re-runs its own command line
    (for its gevent worker), which ``python -m odoo`` cannot be."""
    script = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if not script.is_file():
        script = Path(shutil.which("odoo") or die("Odoo's launcher (odoo-bin or odoo) was not found"))
    return [sys.executable, str(script), *odoo_argv(odoo, pg, db, data_dir, *extra)[3:]]


def cmd_load(args):
    """The load test (bench/load_test.py) against Odoo's multi-process server, module and vanilla side by side."""
    odoo = require_odoo()
    pg = Postgres().ensure()
    servers = []
    try:
        with (
            throwaway_db("load", demo=True, pg=pg) as desk,
            throwaway_db("load_vanilla", modules=("sale_management", "sale_stock"), pg=pg) as vanilla,
        ):
            urls = []
            for offset, scratch in enumerate((desk, vanilla)):
                port = args.port + offset
                argv = server_argv(
                    odoo, pg, scratch.db, scratch.work,
                    f"--http-port={port}", f"--gevent-port={port + 100}", "--http-interface=127.0.0.1",
                    f"--workers={args.workers}",
                    "--max-cron-threads=1", f"--db-filter=^{scratch.db}$", "--limit-time-real=900",
                    "--limit-time-cpu=600", "--limit-request=100000", f"--logfile={scratch.work / 'server.log'}",
                    "--log-level=warn",
                )  # fmt: skip
                servers.append(subprocess.Popen(argv))
                urls.append(f"http://127.0.0.1:{port}")
            for url in urls:
                _wait_for_http(url)
            driver = [sys.executable, str(ROOT / "bench" / "load_test.py"), "--url", urls[0], "--db", desk.db]
            driver += ["--vanilla-url", urls[1], "--vanilla-db", vanilla.db, f"--users={args.users}"]
            driver += [f"--seconds={args.seconds}"]
            rc = subprocess.run(driver, check=False).returncode
            for scratch in (desk, vanilla):
                errors = [
                    line for line in (scratch.work / "server.log").read_text(errors="replace").splitlines()
                    if " ERROR " in line or " CRITICAL " in line
                ]  # fmt: skip
                say(f"{scratch.db}: {len(errors)} ERROR lines in the server log")
                for line in errors[:5]:
                    say(f"  {line[:200]}")
                rc |= bool(errors)
    finally:
        for server in servers:
            server.send_signal(signal.SIGINT)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        pg.stop()
    sys.exit(rc)


def cmd_pot(args):
    """Regenerate i18n/sales_cs_desk.pot from a fresh install and merge zh_CN.po."""
    import io

    import polib

    i18n = ROOT / MODULE / "i18n"
    with throwaway_db("pot") as scratch:
        odoo = scratch.odoo
        odoo.tools.config.parse_config([f"--config={scratch.config()}"])
        from odoo.modules.registry import Registry

        with Registry(scratch.db).cursor() as cr:
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve the demo database on http://localhost:8069")
    run.add_argument("--rebuild", action="store_true", help="drop and recreate the demo database")
    run.add_argument("--update", action="store_true", help="update the module in the demo database first")
    run.add_argument("--port", type=int, default=8069)
    test = sub.add_parser("test", help="install in a throwaway database and run the tests")
    test.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k grade)")
    tools = sub.add_parser("tools", help="install the test tools (requirements-dev.txt) and chromium when missing")
    tools.add_argument("--no-browser", action="store_true", help="only the Python tools (enough for make lint)")
    bench = sub.add_parser("bench", help="run the benchmarks in bench/")
    bench.add_argument("--only", help="run only bench scripts whose name contains this")
    load = sub.add_parser("load", help="load test: CS users on Odoo's multi-process server, beside vanilla Odoo")
    load.add_argument("--users", type=int, default=30)
    load.add_argument("--seconds", type=int, default=300)
    load.add_argument("--workers", type=int, default=4)
    load.add_argument("--port", type=int, default=8091)
    odoo_tests = sub.add_parser("odoo-tests", help="Odoo's own tests with the module installed")
    odoo_tests.add_argument("--tags", default="/sale_stock", help="Odoo's --test-tags, e.g. /sale,/stock")
    odoo_tests.add_argument(
        "--baseline", action="store_true", help="also run them without the module and compare the results"
    )
    sub.add_parser("suite", help="the module's tests through Odoo's own runner, with demo data")
    pot = sub.add_parser("pot", help="regenerate the .pot and merge the translations")
    pot.add_argument("--langs", nargs="*", default=["zh_CN"])
    args = parser.parse_args()
    commands = {
        "run": cmd_run,
        "test": cmd_test,
        "tools": cmd_tools,
        "bench": cmd_bench,
        "load": cmd_load,
        "pot": cmd_pot,
        "odoo-tests": cmd_odoo_tests,
        "suite": cmd_suite,
    }
    commands[args.command](args)


if __name__ == "__main__":
    main()
