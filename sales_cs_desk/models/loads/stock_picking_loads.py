from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    cs_load_weight = fields.Float(
        string="Load weight",
        compute="_compute_cs_load",
        digits="Stock Weight",
        help="Gross weight on the truck: the goods plus the empty weight of the packages and returnable "
        "containers they travel in.",
    )
    cs_load_volume = fields.Float(
        string="Load volume",
        compute="_compute_cs_load",
        digits="Volume",
        help="Space taken on the truck: the outer volume of the packages (package-type dimensions), or the "
        "goods' own volume when they travel without packaging.",
    )
    cs_load_packages = fields.Integer(
        string="Packages",
        compute="_compute_cs_load",
        help="Packages (packaging quantity rounded up per line) the goods travel in.",
    )

    # not stored: product weights and package dimensions change in the master data, and the
    # proposal reads them for hundreds of deliveries at once in a fixed number of queries
    @api.depends(
        "move_ids.product_qty",
        "move_ids.product_packaging_id",
        "move_ids.state",
        "move_ids.product_id.weight",
        "move_ids.product_id.volume",
    )
    def _compute_cs_load(self):
        measures = self.move_ids.filtered(lambda m: m.state != "cancel")._cs_load_measures()
        for picking in self:
            rows = [measures[move.id] for move in picking.move_ids if move.id in measures]
            picking.cs_load_weight = sum(row.gross_weight for row in rows)
            picking.cs_load_volume = sum(row.volume for row in rows)
            picking.cs_load_packages = sum(row.packs for row in rows)

    def _cs_load_area(self):
        """The ship-to area of this delivery: country, state and postcode prefix (company setting)."""
        self.ensure_one()
        partner = self.partner_id
        digits = self.company_id.cs_load_zip_digits
        parts = [partner.country_id.code or "", partner.state_id.code or ""]
        if digits and partner.zip:
            parts.append(partner.zip.strip()[:digits])
        return " / ".join(part for part in parts if part) or self.env._("No address")

    def _cs_load_group_key(self, grouping):
        """``(key, label)`` of the load group of this delivery: operation type (warehouse) and route or area."""
        self.ensure_one()
        picking_type = self.picking_type_id
        prefix = picking_type.warehouse_id.code or picking_type.name
        if grouping == "area":
            area = self._cs_load_area()
            return (picking_type.id, "area", area), f"{prefix} {area}"
        label = self.carrier_id.name or self.env._("No shipping method")
        return (picking_type.id, "carrier", self.carrier_id.id), f"{prefix} {label}"
