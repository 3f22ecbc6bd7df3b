import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..models.common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook
from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestCsXlsx(CsDeskCase):
    def test_workbook_reads_back_typed_with_title_and_totals(self):
        data = cs_xlsx_workbook(
            [
                {
                    "name": "运输跟踪表 / tracking: 2026",
                    "title": "Huitong Auto Parts",
                    "columns": [("Order", "text"), ("Shipped", "date"), ("Quantity", "float"), ("On time", "percent")],
                    "rows": [("S0001", date(2026, 11, 2), 12.5, 1.0), ("S0002", None, 7.5, False)],
                    "totals": True,
                }
            ]
        )
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.worksheets[0]
        # characters Excel refuses in a sheet name are replaced, the name is cut to 31 characters
        self.assertEqual(sheet.title, "运输跟踪表   tracking  2026")
        self.assertEqual(sheet["A1"].value, "Huitong Auto Parts")
        self.assertEqual([cell.value for cell in sheet[3]], ["Order", "Shipped", "Quantity", "On time"])
        self.assertEqual(sheet["B4"].value.date(), date(2026, 11, 2))
        self.assertEqual(sheet["C4"].value, 12.5)
        self.assertIsNone(sheet["B5"].value, "an empty value writes an empty cell, not 'False'")
        self.assertEqual(sheet["C6"].value, "=SUM(C4:C5)")
        self.assertIsNone(sheet["D6"].value, "percentages are not summed")

    def test_unknown_column_kind_and_export_name_are_refused(self):
        with self.assertRaises(ValueError):
            cs_xlsx_workbook([{"name": "x", "columns": [("A", "colour")], "rows": []}])
        with self.assertRaises(ValueError):
            cs_xlsx_action(self.customer, "../web")
        action = cs_xlsx_action(self.customer, "tracking")
        self.assertEqual(action["url"], f"/sales_cs_desk/xlsx/res.partner/tracking?ids={self.customer.id}")


@tagged("post_install", "-at_install")
class TestCsSwitchedMenus(CsDeskCase):
    def _menu_ids(self, user):
        return {
            menu["id"] for menu in user.env["ir.ui.menu"].with_user(user).load_menus(False).values() if "id" in menu
        }

    def test_capability_menus_follow_the_company_switch(self):
        user = new_test_user(
            self.env,
            "cs_menu_supervisor",
            groups="sales_cs_desk.group_cs_supervisor,stock.group_stock_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        containers = self.env.ref("sales_cs_desk.cs_container_menu_root")
        self.company.cs_container_tracking = False
        self.assertNotIn(containers.id, self._menu_ids(user), "containers switched off: their menu is hidden")
        self.company.cs_container_tracking = True
        self.assertIn(containers.id, self._menu_ids(user), "switched on: the menu shows at once (cache cleared)")

    def test_complaints_revisits_and_vmi_have_their_switch(self):
        user = new_test_user(
            self.env,
            "cs_menu_supervisor2",
            groups="sales_cs_desk.group_cs_supervisor,stock.group_stock_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        menus = {
            "cs_complaints_enabled": self.env.ref("sales_cs_desk.cs_complaint_menu_root"),
            "cs_revisits_enabled": self.env.ref("sales_cs_desk.cs_revisit_menu_root"),
            "cs_vmi_enabled": self.env.ref("sales_cs_desk.cs_vmi_menu_root"),
        }
        self.company.write(dict.fromkeys(menus, False))
        shown = self._menu_ids(user)
        self.assertFalse({menu.id for menu in menus.values()} & shown, "all three off: none of their menus")
        partner = self.customer.with_user(user)
        self.assertFalse(partner.cs_complaints_enabled or partner.cs_revisits_enabled, "the customer's buttons hide")
        self.company.write(dict.fromkeys(menus, True))
        shown = self._menu_ids(user)
        self.assertTrue({menu.id for menu in menus.values()} <= shown)
        partner.invalidate_recordset()
        self.assertTrue(partner.cs_complaints_enabled and partner.cs_revisits_enabled)
