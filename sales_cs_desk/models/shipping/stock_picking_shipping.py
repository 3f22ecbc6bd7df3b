from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook
from .res_company_shipping import TRADE_MODES


class StockPicking(models.Model):
    _inherit = "stock.picking"

    cs_shipping_docs_enabled = fields.Boolean(related="company_id.cs_shipping_docs_enabled")
    cs_trade_mode = fields.Selection(
        TRADE_MODES,
        string="Trade mode",
        compute="_compute_cs_trade_mode",
        store=True,
        readonly=False,
        help="Customs trade mode (贸易方式) on the export-declaration data sheet; the company's default first.",
    )

    @api.depends("company_id")
    def _compute_cs_trade_mode(self):
        for picking in self:
            if not picking.cs_trade_mode:
                picking.cs_trade_mode = picking.company_id.cs_trade_mode

    # ------------------------------------------------------------------
    # Actions: print
    # ------------------------------------------------------------------
    def _cs_ensure_shipping_docs(self):
        for picking in self:
            if not picking.company_id.cs_shipping_docs_enabled:
                raise UserError(
                    self.env._(
                        "Shipping documents are off for %(company)s: switch them on in CS Desk > Settings.",
                        company=picking.company_id.name,
                    )
                )
            picking._cs_shipping_moves()

    def action_cs_print_packing_list(self):
        self._cs_ensure_shipping_docs()
        return self.env.ref("sales_cs_desk.cs_packing_list_report_action").report_action(self)

    def action_cs_print_commercial_invoice(self):
        self._cs_ensure_shipping_docs()
        return self.env.ref("sales_cs_desk.cs_proforma_invoice_report_action").report_action(self)

    def action_cs_print_export_declaration(self):
        self._cs_ensure_shipping_docs()
        return self.env.ref("sales_cs_desk.cs_export_declaration_report_action").report_action(self)

    def action_cs_shipping_xlsx(self):
        """The three documents as one spreadsheet (a sheet each)."""
        self.ensure_one()
        self._cs_ensure_shipping_docs()
        return cs_xlsx_action(self, "shipping")

    def _cs_xlsx_shipping(self):
        """Called by the desk's XLSX route (as the user): packing list, invoice and declaration sheets."""
        self.ensure_one()
        self._cs_ensure_shipping_docs()
        picking = self.with_context(lang=self._cs_shipping_lang())
        data = picking._cs_shipping_data()
        header, totals = data["header"], data["totals"]
        _ = picking.env._
        weight = data["weight_uom"]
        sheets = [
            {
                "name": _("Packing list"),
                "title": _("Packing list %(delivery)s", delivery=header["reference"]),
                "columns": [
                    (_("Marks"), "text"),
                    (_("Package"), "text"),
                    (_("Packages"), "integer"),
                    (_("Contents"), "text"),
                    (_("Net weight (%(uom)s)", uom=weight), "float"),
                    (_("Gross weight (%(uom)s)", uom=weight), "float"),
                    (_("Dimensions"), "text"),
                    (_("Volume (%(uom)s)", uom=data["volume_uom"]), "float"),
                ],
                "rows": [
                    (
                        row["marks"],
                        row["package_type"],
                        row["count"],
                        row["contents"],
                        row["net_weight"],
                        row["gross_weight"],
                        row["dimensions"],
                        row["volume"],
                    )
                    for row in data["packages"]
                ],
                "totals": True,
            },
            {
                "name": _("Commercial invoice"),
                "title": _(
                    "Commercial invoice %(delivery)s — %(incoterm)s %(place)s, %(currency)s",
                    delivery=header["reference"],
                    incoterm=header["incoterm"],
                    place=header["incoterm_location"],
                    currency=header["currency"],
                ),
                "columns": [
                    (_("Description"), "text"),
                    (_("HS code"), "text"),
                    (_("Origin"), "text"),
                    (_("Quantity"), "float"),
                    (_("Unit"), "text"),
                    (_("Unit price"), "monetary"),
                    (_("Amount"), "monetary"),
                ],
                "rows": [
                    (
                        row["description"],
                        row["hs_code"],
                        row["origin"],
                        row["qty"],
                        row["uom"],
                        row["price_unit"],
                        row["amount"],
                    )
                    for row in data["invoice_lines"]
                ],
                "totals": True,
            },
            {
                "name": _("Declaration"),
                "title": _(
                    "Export declaration %(delivery)s — %(mode)s, to %(destination)s, %(packages)s packages",
                    delivery=header["reference"],
                    mode=header["trade_mode"],
                    destination=header["destination"],
                    packages=totals["packages"],
                ),
                "columns": [
                    (_("HS code"), "text"),
                    (_("Declared name"), "text"),
                    (_("Origin"), "text"),
                    (_("Legal quantity"), "float"),
                    (_("Legal unit"), "text"),
                    (_("Quantity"), "float"),
                    (_("Unit"), "text"),
                    (_("Net weight (%(uom)s)", uom=weight), "float"),
                    (_("Gross weight (%(uom)s)", uom=weight), "float"),
                    (_("Packages"), "integer"),
                    (_("Amount"), "monetary"),
                    (_("Destination"), "text"),
                ],
                "rows": [
                    (
                        row["hs_code"],
                        row["name"],
                        row["origin"],
                        row["legal_qty"],
                        row["legal_uom"],
                        row["qty"],
                        row["uom"],
                        row["net_weight"],
                        row["gross_weight"],
                        row["packages"],
                        row["amount"],
                        row["destination"],
                    )
                    for row in data["declaration_lines"]
                ],
            },
        ]
        return f"{self.name.replace('/', '_')}_shipping.xlsx", cs_xlsx_workbook(sheets)

    # ------------------------------------------------------------------
    # Shipping documents (L10): one set of figures for PDF and spreadsheet
    # ------------------------------------------------------------------
    def _cs_shipping_lang(self):
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or self.env.lang

    def _cs_shipping_moves(self):
        moves = self.move_ids.filtered(lambda m: m.state != "cancel")
        if not moves:
            raise UserError(self.env._("%(picking)s has no goods to document: add its lines first.", picking=self.name))
        return moves

    def _cs_shipping_qty(self, move):
        """What ships, in the product's unit: the quantity prepared, else the demand."""
        qty = move.quantity or move.product_uom_qty
        return move.product_uom._compute_quantity(qty, move.product_id.uom_id, round=False)

    def _cs_shipping_data(self):
        """Figures of the packing list, the proforma invoice and the export-declaration data sheet.

        Read in the customer's language (declared names, country names). A dict of
        ``header``, ``packages``, ``invoice_lines``, ``declaration_lines`` (and
        ``missing_hs_code``: products the declaration cannot list) and ``totals``.
        """
        self.ensure_one()
        picking = self.with_context(lang=self._cs_shipping_lang())
        moves = picking._cs_shipping_moves()
        quantities = {move.id: picking._cs_shipping_qty(move) for move in moves}
        measures = moves._cs_load_measures(quantities)
        packages = picking._cs_shipping_packages(moves, quantities, measures)
        invoice_lines = picking._cs_shipping_invoice_lines(moves, quantities)
        declaration_lines, missing_hs_code = picking._cs_shipping_declaration_lines(
            moves, quantities, measures, invoice_lines
        )
        totals = {
            "packages": sum(row["count"] for row in packages),
            "net_weight": sum(row["net_weight"] for row in packages),
            "gross_weight": sum(row["gross_weight"] for row in packages),
            "volume": sum(row["volume"] for row in packages),
            "amount": sum(row["amount"] for row in invoice_lines),
        }
        return {
            "header": picking._cs_shipping_header(totals),
            "packages": packages,
            "invoice_lines": invoice_lines,
            "declaration_lines": declaration_lines,
            "missing_hs_code": missing_hs_code,
            "totals": totals,
            "weight_uom": self.env["product.template"]._get_weight_uom_name_from_ir_config_parameter(),
            "volume_uom": self.env["product.template"]._get_volume_uom_name_from_ir_config_parameter(),
            "length_uom": self.env["product.template"]._get_length_uom_name_from_ir_config_parameter(),
        }

    def _cs_shipping_header(self, totals):
        order = self.sale_id
        incoterm = order.incoterm or self.company_id.incoterm_id
        partner = self.partner_id
        modes = dict(self._fields["cs_trade_mode"]._description_selection(self.env))
        return {
            "reference": self.name,
            "date": self.date_done or self.scheduled_date,
            "exporter": self.company_id.partner_id,
            "consignee": partner.commercial_partner_id,
            "ship_to": partner,
            "order": order.name or self.origin or "",
            "customer_reference": order.client_order_ref or "",
            "incoterm": incoterm.code or "",
            "incoterm_name": incoterm.name or "",
            "incoterm_location": order.incoterm_location or "",
            "trade_mode": modes.get(self.cs_trade_mode, ""),
            "destination": partner.country_id.name or "",
            "departure": self.company_id.country_id.name or "",
            "currency": (order.currency_id or self.company_id.currency_id).name,
            "carrier": self.carrier_id.name or "",
            "tracking": self.carrier_tracking_ref or "",
            "payment_term": order.payment_term_id.name or "",
            "package_count": totals["packages"],
        }

    def _cs_shipping_packages(self, moves, quantities, measures):
        """Packing-list rows: the packages put in pack, else the packaging the goods travel in."""
        rows = []
        length_uom = self.env["product.template"]._get_length_uom_name_from_ir_config_parameter()

        def dimensions(package_type):
            if not (package_type.packaging_length and package_type.width and package_type.height):
                return ""
            return f"{package_type.packaging_length:g} × {package_type.width:g} × {package_type.height:g} {length_uom}"

        packed = defaultdict(lambda: self.env["stock.move.line"])
        for line in moves.move_line_ids.filtered("result_package_id"):
            packed[line.result_package_id] |= line
        packed_moves = set()
        cube = self.env["stock.move"]._cs_volume_per_length_cube()
        for package, lines in packed.items():
            package_type = package.package_type_id
            net = sum(line.quantity_product_uom * line.product_id.weight for line in lines)
            gross = package.shipping_weight or net + package_type.base_weight
            volume = package_type.packaging_length * package_type.width * package_type.height * cube
            rows.append(
                {
                    "marks": package.name,
                    "package_type": package_type.name or "",
                    "count": 1,
                    "contents": ", ".join(
                        f"{line.product_id.display_name} × {line.quantity_product_uom:g}" for line in lines
                    ),
                    "net_weight": net,
                    "gross_weight": gross,
                    "volume": volume,
                    "dimensions": dimensions(package_type),
                }
            )
            packed_moves.update(lines.move_id.ids)
        for move in moves:
            if move.id in packed_moves:
                continue
            measure = measures[move.id]
            package_type = measure.package_type
            rows.append(
                {
                    "marks": move.product_packaging_id.name or "",
                    "package_type": package_type.name or self.env._("Loose"),
                    "count": measure.packs,
                    "contents": f"{move.product_id.display_name} × {quantities[move.id]:g}",
                    "net_weight": measure.net_weight,
                    "gross_weight": measure.gross_weight,
                    "volume": measure.volume,
                    "dimensions": dimensions(package_type),
                }
            )
        return rows

    def _cs_shipping_invoice_lines(self, moves, quantities):
        """Proforma / commercial invoice rows: one per order line (or product), priced as sold."""
        rows = {}
        for move in moves:
            sale_line = move.sale_line_id
            product = move.product_id
            key = sale_line or product
            if sale_line:
                uom = sale_line.product_uom
                price = sale_line.price_reduce_taxexcl
            else:
                uom = product.uom_id
                price = product.lst_price
            qty = product.uom_id._compute_quantity(quantities[move.id], uom, round=False)
            row = rows.setdefault(
                key,
                {
                    "product": product,
                    "description": product.display_name,
                    "hs_code": product.hs_code or "",
                    "origin": product.country_of_origin.name or "",
                    "qty": 0.0,
                    "uom": uom.name,
                    "price_unit": price,
                    "amount": 0.0,
                },
            )
            row["qty"] += qty
            row["amount"] += qty * price
        return list(rows.values())

    def _cs_shipping_declaration_lines(self, moves, quantities, measures, invoice_lines):
        """Export-declaration rows (报关单): per HS code and product, quantities in the legal unit;
        and the names of the products without an HS code (the sheet asks for them)."""
        weight_uom = self.env["product.template"]._get_weight_uom_id_from_ir_config_parameter()
        amounts = defaultdict(float)
        for row in invoice_lines:
            amounts[row["product"]] += row["amount"]
        rows = {}
        missing = []
        for move in moves:
            product = move.product_id
            if not product.hs_code:
                missing.append(product.display_name)
                continue
            legal_uom = product.cs_customs_uom_id or product.uom_id
            measure = measures[move.id]
            if legal_uom.category_id == product.uom_id.category_id:
                legal_qty = product.uom_id._compute_quantity(quantities[move.id], legal_uom, round=False)
            else:  # a weight unit: the net weight is declared
                legal_qty = weight_uom._compute_quantity(measure.net_weight, legal_uom, round=False)
            row = rows.setdefault(
                product,
                {
                    "hs_code": product.hs_code,
                    "name": product.cs_customs_name or product.name,
                    "origin": product.country_of_origin.name or "",
                    "legal_qty": 0.0,
                    "legal_uom": legal_uom.name,
                    "qty": 0.0,
                    "uom": product.uom_id.name,
                    "net_weight": 0.0,
                    "gross_weight": 0.0,
                    "packages": 0,
                    "amount": amounts[product],
                    "destination": self.partner_id.country_id.name or "",
                },
            )
            row["legal_qty"] += legal_qty
            row["qty"] += quantities[move.id]
            row["net_weight"] += measure.net_weight
            row["gross_weight"] += measure.gross_weight
            row["packages"] += measure.packs
        return sorted(rows.values(), key=lambda row: (row["hs_code"], row["name"])), missing
