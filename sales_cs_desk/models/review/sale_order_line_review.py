from odoo import api, models
from odoo.tools import float_compare, float_round

from ..common.cs_i18n import _lt


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------------
    # CRUD: the review checks re-run when the lines change (O4)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._cs_recheck()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount"} & set(vals):
            self.order_id._cs_recheck()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._cs_recheck()
        return res

    # ------------------------------------------------------------------
    # Checks of one line
    # ------------------------------------------------------------------
    def _cs_qty_in_product_uom(self, qty=None):
        self.ensure_one()
        qty = self.product_uom_qty if qty is None else qty
        if self.product_uom and self.product_uom != self.product_id.uom_id:
            return self.product_uom._compute_quantity(qty, self.product_id.uom_id, raise_if_failure=False)
        return qty

    def _cs_quantity_problem(self, moq, pack):
        """What is wrong with the ordered quantity, or an empty string.

        Every line orders at least one unit; at least the minimum order
        quantity ``moq``; a multiple of ``pack`` (both in the product's unit,
        0 = no rule).
        """
        self.ensure_one()
        qty = self._cs_qty_in_product_uom()
        uom = self.product_id.uom_id
        rounding = uom.rounding or 0.01
        name = self.product_id.display_name
        if float_compare(qty, 1.0, precision_rounding=rounding) < 0:
            return _lt("%(product)s: order at least 1 %(uom)s.", product=name, uom=uom.name)
        if moq and float_compare(qty, moq, precision_rounding=rounding) < 0:
            return _lt(
                "%(product)s: %(qty)s %(uom)s is below the minimum order quantity %(moq)s. "
                "Raise the quantity or have a supervisor waive it.",
                product=name,
                qty=qty,
                moq=moq,
                uom=uom.name,
            )
        if pack and not self._cs_is_multiple(qty, pack, rounding):
            suggested = self._cs_round_up_to_pack(qty, pack, rounding)
            return _lt(
                "%(product)s: %(qty)s %(uom)s is not a multiple of the pack of %(pack)s; order %(suggested)s.",
                product=name,
                qty=qty,
                pack=pack,
                suggested=suggested,
                uom=uom.name,
            )
        return ""

    @api.model
    def _cs_is_multiple(self, qty, pack, rounding=0.01):
        packs = float_round(qty / pack, precision_digits=0, rounding_method="HALF-UP")
        return float_compare(packs * pack, qty, precision_rounding=rounding) == 0

    @api.model
    def _cs_round_up_to_pack(self, qty, pack, rounding=0.01):
        packs = float_round(qty / pack - rounding / pack, precision_digits=0, rounding_method="UP")
        return packs * pack

    def _cs_pricelist_price(self, rules):
        """The price the order's pricelist gives this line, from pre-fetched ``rules``."""
        self.ensure_one()
        order = self.order_id
        qty_in_product_uom = self._cs_qty_in_product_uom() or 1.0
        rule = self.env["product.pricelist.item"]
        for candidate in rules:
            if candidate._is_applicable_for(self.product_id, qty_in_product_uom):
                rule = candidate
                break
        return rule._compute_price(
            self.product_id,
            self.product_uom_qty or 1.0,
            self.product_uom,
            order.date_order,
            currency=order.currency_id,
        )

    def _cs_price_problem(self, rules):
        """Net price below the pricelist by more than the company's tolerance, or an empty string."""
        self.ensure_one()
        order = self.order_id
        reference = self._cs_pricelist_price(rules)
        if reference <= 0:
            return ""
        net = self.price_unit * (1.0 - (self.discount or 0.0) / 100.0)
        tolerance = order.company_id.cs_price_tolerance
        floor = reference * (1.0 - tolerance / 100.0)
        if order.currency_id.compare_amounts(net, floor) >= 0:
            return ""
        return _lt(
            "%(product)s: net price %(net)s is %(gap)s %% below the pricelist price %(price)s "
            "(tolerance %(tolerance)s %%). Correct the price or have a supervisor approve it.",
            product=self.product_id.display_name,
            net=order.currency_id.round(net),
            price=order.currency_id.round(reference),
            gap=round((1 - net / reference) * 100, 1),
            tolerance=tolerance,
        )
