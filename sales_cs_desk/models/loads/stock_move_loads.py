import math
from collections import namedtuple

from odoo import api, models
from odoo.tools import float_round

LoadMeasure = namedtuple("LoadMeasure", "net_weight gross_weight volume packs package_type")


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------------
    # Weight and volume of what a move puts on a truck (L2, L10)
    # ------------------------------------------------------------------
    # One rule for loads, their fill rate and the packing list: goods travel in
    # the packaging of the move (``product_packaging_id``); its package type
    # gives the outer dimensions and the empty weight, or — when the package
    # type is a returnable container (containers capability) and has no figures
    # of its own — the container product's weight and volume. Goods without a
    # packaging count with the product's own weight and volume.

    @api.model
    def _cs_volume_per_length_cube(self):
        """Volume units (product volume UoM) of one cubic length unit (package-type dimensions' UoM)."""
        template = self.env["product.template"]
        length_uom = template._get_length_uom_id_from_ir_config_parameter()
        volume_uom = template._get_volume_uom_id_from_ir_config_parameter()
        meter = self.env.ref("uom.product_uom_meter")
        cubic_meter = self.env.ref("uom.product_uom_cubic_meter")
        side = length_uom._compute_quantity(1.0, meter, round=False)
        return cubic_meter._compute_quantity(side**3, volume_uom, round=False)

    def _cs_load_measures(self, quantities=None):
        """``{move id: LoadMeasure}`` for these moves, in a fixed number of queries.

        ``packs`` is the number of packages (packaging quantity rounded up per
        move); the gross weight adds their empty weight; the volume is the
        packages' outer volume where the package type has dimensions.
        ``quantities``: ``{move id: quantity in the product's unit}`` to measure
        instead of the demand (the shipping documents measure what ships).
        """
        cube = self._cs_volume_per_length_cube()
        quantities = quantities or {}
        result = {}
        for move in self:
            product = move.product_id
            qty = quantities.get(move.id, move.product_qty)
            net = qty * product.weight
            gross, volume, packs = net, qty * product.volume, 0
            packaging = move.product_packaging_id
            package_type = packaging.package_type_id
            if packaging and packaging.qty > 0:
                # 1e-6 tolerance: 20.0000001 units in 10-unit packs take 2 packages
                packs = math.ceil(float_round(qty / packaging.qty, precision_digits=6))
                container = package_type.cs_container_product_id
                tare = package_type.base_weight or container.weight
                outer = package_type.packaging_length * package_type.width * package_type.height * cube
                outer = outer or container.volume
                gross += packs * tare
                if outer:
                    volume = packs * outer
            result[move.id] = LoadMeasure(net, gross, volume, packs, package_type)
        return result
