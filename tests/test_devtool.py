"""Unit tests of tools/devtool.py's pure parts: no Odoo, no database, no network.

Run by ``.ci/run`` (``python3 -m unittest discover -s tests -p test_devtool.py``);
``make test`` does not collect it.
"""

import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import devtool


def fake_versions(installed):
    def version_of(name):
        if name not in installed:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed[name]

    return version_of


class PinsTest(unittest.TestCase):
    def setUp(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        self.req = folder / "requirements-dev.txt"
        self.req.write_text("# tools\nruff==0.17.6  # linter\nfreezegun==1.2.1\n\nsurely-not-installed-xyz==1.0\n")

    def test_read_pins(self):
        self.assertEqual(
            devtool.read_pins(self.req),
            {"ruff": "0.17.6", "freezegun": "1.2.1", "surely-not-installed-xyz": "1.0"},
        )

    def test_project_pins_are_exact(self):
        pins = devtool.read_pins()
        self.assertIn("pytest-odoo", pins)
        self.assertTrue(all(pins.values()), "every tool in requirements-dev.txt is pinned with ==")

    def test_missing_and_other_versions_are_reported(self):
        version_of = fake_versions({"ruff": "0.17.6", "freezegun": "1.0.0"})
        self.assertEqual(
            devtool.missing_packages(devtool.read_pins(self.req), version_of),
            [("freezegun", "1.0.0 installed, 1.2.1 pinned"), ("surely-not-installed-xyz", "not installed")],
        )

    def test_nothing_to_do_runs_nothing(self):
        version_of = fake_versions({"ruff": "0.17.6", "freezegun": "1.2.1", "surely-not-installed-xyz": "1.0"})
        run = mock.Mock()
        self.assertFalse(devtool.ensure_python_tools(self.req, version_of, run))
        run.assert_not_called()

    def test_a_missing_tool_runs_pip_once_on_the_file(self):
        run = mock.Mock(return_value=subprocess.CompletedProcess([], 0))
        with mock.patch.object(devtool, "say"):
            self.assertTrue(devtool.ensure_python_tools(self.req, fake_versions({}), run))
        argv = run.call_args.args[0]
        self.assertEqual(argv[:4], [sys.executable, "-m", "pip", "install"])
        self.assertEqual(argv[-2:], ["-r", str(self.req)])

    def test_pip_failing_says_the_command_and_exits_2(self):
        run = mock.Mock(return_value=subprocess.CompletedProcess([], 1))
        with mock.patch.object(devtool, "say"), mock.patch("sys.stderr") as stderr:
            with self.assertRaises(SystemExit) as exit_:
                devtool.ensure_python_tools(self.req, fake_versions({}), run)
        self.assertEqual(exit_.exception.code, 2)
        message = "".join(call.args[0] for call in stderr.write.call_args_list)
        self.assertIn(f"{sys.executable} -m pip install -r ", message)

    def test_this_interpreter_is_complete(self):
        """On a machine where make test ran once, the check finds nothing (and is quick)."""
        self.assertEqual(devtool.missing_packages(devtool.read_pins()), [])


ALL_TOOLS = {
    "chromium": "/usr/bin/chromium",
    "wkhtmltopdf": "/usr/bin/wkhtmltopdf",
    "pdftotext": "/usr/bin/pdftotext",
    "pdfinfo": "/usr/bin/pdfinfo",
}


class BrowserTest(unittest.TestCase):
    def test_present_tools_install_nothing(self):
        run = mock.Mock()
        self.assertFalse(devtool.ensure_browser(ALL_TOOLS.get, lambda: 0, run, lambda path: True))
        run.assert_not_called()

    def test_not_root_says_the_one_command(self):
        run = mock.Mock()
        which = {**ALL_TOOLS, "apt-get": "/usr/bin/apt-get"}
        del which["chromium"], which["pdfinfo"]
        with mock.patch("sys.stderr") as stderr, self.assertRaises(SystemExit) as exit_:
            devtool.ensure_browser(which.get, lambda: 1000, run, lambda path: True)
        self.assertEqual(exit_.exception.code, 2)
        run.assert_not_called()
        message = "".join(call.args[0] for call in stderr.write.call_args_list)
        self.assertIn("sudo sh -c 'apt-get update -qq && apt-get install -y -qq chromium poppler-utils'", message)
        self.assertIn("the browser tours", message)

    def test_root_installs_what_is_missing(self):
        installed = {"apt-get": "/usr/bin/apt-get"}
        fonts = set()

        def run(argv, check, env):
            installed.update(ALL_TOOLS)
            fonts.add(devtool.WQY_FONT)
            self.assertEqual(env["DEBIAN_FRONTEND"], "noninteractive")
            self.assertIn("apt-get install -y -qq chromium wkhtmltopdf poppler-utils fonts-wqy-microhei", argv[-1])
            return subprocess.CompletedProcess(argv, 0)

        with mock.patch.object(devtool, "say"):
            self.assertTrue(devtool.ensure_browser(installed.get, lambda: 0, run, fonts.__contains__))


LOG_WITH = """\
2026-12-01 00:10:01,000 11 INFO db odoo.modules.loading: loading 1 modules...
2026-12-01 00:10:02,000 11 INFO db odoo.addons.stock_delivery.tests.test_a: ======================================
2026-12-01 00:10:02,001 11 ERROR db odoo.addons.stock_delivery.tests.test_a: FAIL: TestA.test_weight
Traceback (most recent call last):
AssertionError: 1 != 2
2026-12-01 00:10:03,000 11 ERROR db odoo.addons.stock_delivery.tests.test_b: ERROR: TestB.test_both
2026-12-01 00:10:03,500 11 ERROR db odoo.addons.sale.tests.test_c: FAIL: Subtest TestC.test_sub (x=1)
2026-12-01 00:10:04,000 11 INFO db odoo.addons.stock_delivery.tests.test_b: skipped TestB.test_x : no printer
2026-12-01 00:10:04,500 11 ERROR db odoo.addons.sales_cs_desk.models.x: something unrelated broke
2026-12-01 00:10:05,000 11 ERROR db odoo.tests.result: 2 failed, 1 error(s) of 40 tests when loading database 'db'
"""
LOG_WITHOUT = """\
2026-12-01 00:20:03,000 12 ERROR db2 odoo.addons.stock_delivery.tests.test_b: ERROR: TestB.test_both
2026-12-01 00:20:03,500 12 ERROR db2 odoo.addons.stock_delivery.tests.test_b: FAIL: TestB.test_vanilla
2026-12-01 00:20:05,000 12 ERROR db2 odoo.tests.result: 1 failed, 1 error(s) of 40 tests when loading database 'db2'
"""


class TestLogTest(unittest.TestCase):
    def test_parse(self):
        run = devtool.parse_test_log(LOG_WITH)
        self.assertEqual((run["run"], run["failed"], run["errors"], run["skipped"]), (40, 2, 1, 1))
        self.assertEqual(run["other_errors"], 1)
        self.assertEqual(
            run["failing"],
            {"/stock_delivery:TestA.test_weight", "/stock_delivery:TestB.test_both", "/sale:TestC.test_sub (x=1)"},
        )

    def test_no_result_line(self):
        self.assertIsNone(devtool.parse_test_log("2026-12-01 00:10:01,000 11 INFO db odoo.x: hi\n")["run"])

    def test_compare_names_what_fails_in_one_run_only(self):
        runs = {"with": devtool.parse_test_log(LOG_WITH), "without": devtool.parse_test_log(LOG_WITHOUT)}
        with mock.patch("builtins.print") as print_:
            only = devtool.compare_test_runs(runs)
        self.assertEqual(
            only,
            {
                "with": ["/sale:TestC.test_sub (x=1)", "/stock_delivery:TestA.test_weight"],
                "without": ["/stock_delivery:TestB.test_vanilla"],
            },
        )
        table = "\n".join(str(call.args[0]) for call in print_.call_args_list)
        self.assertRegex(table, r"tests run\s+40\s+40")
        self.assertRegex(table, r"failures\s+2\s+1")


if __name__ == "__main__":
    unittest.main()


class SkippedTest(unittest.TestCase):
    def test_only_the_demo_storys_skips_are_allowed(self):
        report = """<testsuites><testsuite name="pytest" skipped="3" tests="4">
            <testcase name="a"><skipped message="the demo data is not installed" type="pytest.skip"/></testcase>
            <testcase name="b"><skipped message="no browser" type="pytest.skip"/></testcase>
            <testcase name="c"><skipped message="the demo data is not installed" type="pytest.skip"/></testcase>
            <testcase name="d"/></testsuite></testsuites>"""
        with tempfile.TemporaryDirectory() as folder:
            junit = Path(folder) / "junit.xml"
            junit.write_text(report)
            self.assertEqual(devtool.count_skipped(junit), 1, "the tour without a browser still fails the run")
            self.assertEqual(devtool.count_skipped(Path(folder) / "missing.xml"), 0)
