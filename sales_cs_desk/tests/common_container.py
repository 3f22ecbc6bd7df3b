"""Fixtures for the returnable-container tests (L6).

``ContainerCase`` adds to ``CsDeskCase``: the company tracking containers, a
tote (a returnable container worth 50) that the package type "Tote" names, a
brake disc whose "Tote of 10" packaging uses that package type, 1,000 discs
and 20 totes in the warehouse, and helpers to sell, deliver and return.
"""

from odoo import Command
from odoo.tests import Form

from .common import CsDeskCase


class ContainerCase(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_container_tracking = True
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.tote = cls.env["product.product"].create(
            {"name": "Tote T1", "is_storable": True, "cs_is_container": True, "cs_container_value": 50.0}
        )
        cls.tote_type = cls.env["stock.package.type"].create({"name": "Tote", "cs_container_product_id": cls.tote.id})
        cls.disc = cls.env["product.product"].create({"name": "Brake disc", "is_storable": True, "list_price": 10})
        cls.tote_of_10 = cls.env["product.packaging"].create(
            {"name": "Tote of 10", "product_id": cls.disc.id, "qty": 10, "package_type_id": cls.tote_type.id}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.disc, cls.stock, 1000)
        Quant._update_available_quantity(cls.tote, cls.stock, 20)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _sell(self, qty, partner=None, packaging=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.disc.id,
                            "product_uom_qty": qty,
                            "product_packaging_id": (packaging if packaging is not None else self.tote_of_10).id,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _validate(self, picking, qty=None, backorder=True):
        """Validate ``picking`` delivering ``qty`` (all by default), with or without backorder."""
        for move in picking.move_ids:
            move.quantity = qty if qty is not None else move.product_uom_qty
            move.picked = True
        res = picking.button_validate()
        if isinstance(res, dict) and res.get("res_model") == "stock.backorder.confirmation":
            wizard = Form.from_action(self.env, res).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        return picking

    def _deliver(self, qty, partner=None):
        order = self._sell(qty, partner)
        return self._validate(order.picking_ids)

    def _return_goods(self, picking, qty):
        wizard = Form(self.env["stock.return.picking"].with_context(active_id=picking.id, active_model="stock.picking"))
        wizard = wizard.save()
        wizard.product_return_moves.quantity = qty
        return_picking = wizard._create_return()
        return self._validate(return_picking)

    def _balance(self, partner=None, product=None, company=None):
        rows = self.env["cs.container.balance"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("product_id", "=", (product or self.tote).id),
                ("company_id", "=", (company or self.company).id),
            ]
        )
        return rows

    def _held(self, partner=None):
        return (partner or self.customer)._cs_container_held(self.tote, self.company)

    def _in_stock(self, product=None):
        return (product or self.tote).with_context(location=self.stock.id).qty_available

    def _receive(self, qty, partner=None, date=None, user=None):
        Wizard = self.env["cs.container.receive"]
        if user:
            Wizard = Wizard.with_user(user)
        vals = {"partner_id": (partner or self.customer).id, "product_id": self.tote.id, "quantity": qty}
        if date:
            vals["date"] = date
        return Wizard.create(vals).action_confirm()
