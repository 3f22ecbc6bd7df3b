"""The layout promises of docs/LAYOUT.md, kept by a test."""

import ast
from pathlib import Path

from odoo.tests import tagged
from odoo.tests.common import BaseCase

ADDON = Path(__file__).resolve().parent.parent
CAPABILITIES = {
    "common",
    "customers",
    "items",
    "complaints",
    "containers",
    "review",
    "vmi",
    "revisits",
    "intake",
    "policies",
    "forecasts",
    "delivery",
    "loads",
    "shipping",
    "inquiries",
    "receivables",
    "cockpit",
    "kpis",
    "monthly",
}


@tagged("post_install", "-at_install")
class TestLayout(BaseCase):
    def test_every_test_module_is_imported(self):
        """Odoo's runner finds only the test modules tests/__init__.py imports."""
        tree = ast.parse((ADDON / "tests" / "__init__.py").read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
        on_disk = {path.stem for path in (ADDON / "tests").glob("test_*.py")}
        self.assertEqual(sorted(on_disk - imported), [], "add these to tests/__init__.py")

    def test_code_sits_in_a_capability_folder(self):
        for folder in ("models", "report", "wizards"):
            for path in (ADDON / folder).rglob("*.py"):
                rel = path.relative_to(ADDON / folder)
                if rel.name == "__init__.py" and len(rel.parts) == 1:
                    continue
                with self.subTest(path=str(path.relative_to(ADDON))):
                    self.assertGreater(len(rel.parts), 1, "put it in a capability sub-folder")
                    self.assertIn(rel.parts[0], CAPABILITIES)

    def test_manifest_files_sit_in_a_capability_folder(self):
        text = (ADDON / "__manifest__.py").read_text()
        manifest = ast.literal_eval(text[text.index("{") :])
        shared = {"security/sales_cs_desk_groups.xml", "views/sales_cs_desk_menus.xml"}
        for name in manifest["data"] + manifest["demo"]:
            with self.subTest(file=name):
                self.assertTrue((ADDON / name).is_file())
                if name not in shared:
                    self.assertIn(Path(name).parts[1], CAPABILITIES)
