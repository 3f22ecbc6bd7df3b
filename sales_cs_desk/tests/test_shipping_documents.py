import io
import shutil
import subprocess

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_loads import LoadsCase


class ShippingDocumentsCase(LoadsCase):
    """An export order to a French customer who reads Chinese: gearboxes in crates, loose brackets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cs_shipping_docs_enabled": True, "cs_trade_mode": "0615"})
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.buyer = cls.env["res.partner"].create(
            {
                "name": "Lyon Auto SA",
                "is_company": True,
                "country_id": cls.env.ref("base.fr").id,
                "lang": "zh_CN",
            }
        )
        cls.gearbox.write(
            {
                "hs_code": "8708.40",
                "country_of_origin": cls.env.ref("base.cn").id,
                "cs_customs_name": "Gearbox for cars",
                "cs_customs_uom_id": cls.env.ref("uom.product_uom_kgm").id,
            }
        )
        cls.gearbox.product_tmpl_id.with_context(lang="zh_CN").cs_customs_name = "汽车变速箱"
        cls.bracket.write({"hs_code": "7326.90", "country_of_origin": cls.env.ref("base.cn").id})
        cls.env["stock.quant"]._update_available_quantity(cls.gearbox, cls.warehouse.lot_stock_id, 100)
        cls.env["stock.quant"]._update_available_quantity(cls.bracket, cls.warehouse.lot_stock_id, 100)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.buyer.id,
                "incoterm": cls.env.ref("account.incoterm_FOB").id,
                "incoterm_location": "Ningbo",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.gearbox.id,
                            "product_uom_qty": 10,
                            "price_unit": 100,
                            "product_packaging_id": cls.crate_of_4.id,
                        }
                    ),
                    Command.create({"product_id": cls.bracket.id, "product_uom_qty": 20, "price_unit": 5}),
                ],
            }
        )
        cls.order.action_confirm()
        cls.picking = cls.order.picking_ids


@tagged("post_install", "-at_install")
class TestShippingDocuments(ShippingDocumentsCase):
    def test_figures(self):
        data = self.picking._cs_shipping_data()
        header = data["header"]
        self.assertEqual(header["incoterm"], "FOB")
        self.assertEqual(header["incoterm_location"], "Ningbo")
        self.assertIn("0615", header["trade_mode"])
        # 10 gearboxes in 3 crates (100 kg + 3 × 2 kg), 20 loose brackets (20 kg)
        self.assertEqual(data["totals"]["packages"], 3)
        self.assertAlmostEqual(data["totals"]["net_weight"], 120.0)
        self.assertAlmostEqual(data["totals"]["gross_weight"], 126.0)
        self.assertAlmostEqual(data["totals"]["amount"], 1100.0)
        gearbox = next(row for row in data["declaration_lines"] if row["hs_code"] == "8708.40")
        # declared in the legal unit (kg: the net weight), in the customer's language
        self.assertAlmostEqual(gearbox["legal_qty"], 100.0)
        self.assertEqual(gearbox["name"], "汽车变速箱")
        self.assertEqual(gearbox["packages"], 3)
        bracket = next(row for row in data["declaration_lines"] if row["hs_code"] == "7326.90")
        self.assertEqual(bracket["legal_qty"], 20)
        self.assertFalse(data["missing_hs_code"])
        self.bracket.hs_code = False
        self.assertEqual(len(self.picking._cs_shipping_data()["missing_hs_code"]), 1)

    def test_packed_goods_list_their_packages(self):
        self.picking.action_assign()
        line = self.picking.move_ids.filtered(lambda m: m.product_id == self.bracket).move_line_ids
        line.quantity = 20
        package = self.env["stock.quant.package"].create({"name": "PKG-A", "package_type_id": self.crate.id})
        line.result_package_id = package
        rows = self.picking._cs_shipping_data()["packages"]
        packed = next(row for row in rows if row["marks"] == "PKG-A")
        self.assertAlmostEqual(packed["net_weight"], 20.0)
        self.assertAlmostEqual(packed["gross_weight"], 22.0)
        self.assertIn("600 × 400 × 500", packed["dimensions"])

    def test_html_in_the_customers_language(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.report_cs_export_declaration", self.picking.ids)[0]
            .decode()
        )
        self.assertIn("8708.40", html)
        self.assertIn("汽车变速箱", html)
        self.assertRegex(html, r"\d{4}年\d{2}月\d{2}日")  # dates in the customer's language (zh_CN)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.report_cs_packing_list", self.picking.ids)[0]
            .decode()
        )
        self.assertIn("600 × 400 × 500", html)
        self.assertIn("126.00", html)

    def test_commercial_invoice(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.picking.action_cs_print_commercial_invoice()
        self.assertEqual(action["report_name"], "sales_cs_desk.report_cs_proforma_invoice")
        # rendered as QWeb HTML: wkhtmltopdf needs the HTTP server for the report's assets
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_cs_desk.report_cs_proforma_invoice", self.picking.ids)[0]
            .decode()
        )
        self.assertIn("8708.40", html)
        self.assertIn("1,100.00", html)
        self.assertIn("FOB", html)

    def test_xlsx(self):
        action = self.picking.action_cs_shipping_xlsx()
        self.assertEqual(action["url"], f"/sales_cs_desk/xlsx/stock.picking/shipping?ids={self.picking.id}")
        filename, data = self.picking._cs_xlsx_shipping()
        self.assertTrue(filename.endswith("_shipping.xlsx"))
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(len(workbook.sheetnames), 3)
        declaration = workbook.worksheets[2]
        values = [cell for row in declaration.iter_rows(values_only=True) for cell in row if cell is not None]
        self.assertIn("8708.40", values)
        self.assertIn("汽车变速箱", values)
        self.assertIn(100.0, values)

    def test_switched_off(self):
        self.company.cs_shipping_docs_enabled = False
        with self.assertRaisesRegex(UserError, "Shipping documents are off"):
            self.picking.action_cs_print_packing_list()
        with self.assertRaisesRegex(UserError, "Shipping documents are off"):
            self.picking._cs_xlsx_shipping()


@tagged("post_install", "-at_install")
class TestShippingDocumentsPdf(ShippingDocumentsCase, HttpCase):
    """The documents as the warehouse prints them: real PDFs from wkhtmltopdf, read back with poppler.

    wkhtmltopdf fetches the report's stylesheets from the running server, hence an HTTP test. The
    report's Latin web font carries no text layer that pdftotext can read, so the figures themselves are
    checked in the QWeb HTML tests above; here: a real PDF, one page per delivery, and the Chinese customs
    name printed in a font that has its glyphs.
    """

    def _pdf(self, report):
        if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
            self.skipTest("poppler-utils (pdftotext, pdfinfo) is not installed")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, self.picking.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        return info, text.stdout.decode()

    def test_real_pdfs(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        for report in (
            "sales_cs_desk.report_cs_export_declaration",
            "sales_cs_desk.report_cs_packing_list",
            "sales_cs_desk.report_cs_proforma_invoice",
        ):
            with self.subTest(report=report):
                info, text = self._pdf(report)
                self.assertRegex(info, r"Pages:\s+1\n", "one delivery, one page")
                if report.endswith("declaration"):
                    self.assertIn("汽车变速箱", text)
