from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..common.cs_guard import cs_guard_fields

CS_CONTAINER_KINDS = [
    ("issue", "Issued"),
    ("return", "Returned"),
    ("lost", "Lost"),
    ("damaged", "Damaged"),
]


class StockMove(models.Model):
    _inherit = "stock.move"

    cs_container_kind = fields.Selection(
        CS_CONTAINER_KINDS,
        string="Container movement",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Set on the moves of returnable containers to or from a customer: the customer's container ledger.",
    )
    cs_container_partner_id = fields.Many2one(
        "res.partner",
        string="Container customer",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    cs_container_picking_id = fields.Many2one(
        "stock.picking",
        string="Containers for",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The delivery (or return of goods) these containers travelled with.",
    )

    # the container ledger: written only by the desk's own methods
    _CS_CONTAINER_GUARDED = ("cs_container_kind", "cs_container_partner_id", "cs_container_picking_id")

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, self._CS_CONTAINER_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, self._CS_CONTAINER_GUARDED)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Container ledger
    # ------------------------------------------------------------------
    @api.model
    def _cs_container_post(self, entries):
        """Create and validate container moves, one per entry.

        ``entries`` are dicts: partner, company, product, qty, kind, source
        and destination locations, optional ``date`` (backdating the
        movement), ``reference`` and ``picking``. Every entry is checked
        first (``_cs_container_check_entry``) so that nothing is half posted.
        """
        for entry in entries:
            self._cs_container_check_entry(entry)
        moves = self.sudo().create([self._cs_container_prepare_move(entry) for entry in entries])
        moves._action_done()
        for move, entry in zip(moves, entries, strict=True):
            if entry.get("date"):
                move.write({"date": entry["date"]})
                move.move_line_ids.write({"date": entry["date"]})
        return moves.sudo(False)

    @api.model
    def _cs_container_check_entry(self, entry):
        product, partner = entry["product"], entry["partner"]
        if not product.cs_is_container:
            raise UserError(
                self.env._(
                    "%(product)s is not a returnable container. Choose a product marked 'Returnable container'.",
                    product=product.display_name,
                )
            )
        qty = entry["qty"]
        if qty <= 0 or not float_is_zero(qty - round(qty), precision_digits=6):
            raise UserError(
                self.env._(
                    "Containers are counted in whole units: enter a positive whole number instead of %(qty)s.",
                    qty=qty,
                )
            )
        if entry["kind"] != "issue":
            held = partner._cs_container_held(product, entry["company"])
            if qty > held:
                raise UserError(
                    self.env._(
                        "%(customer)s holds %(held)s × %(product)s, fewer than the %(qty)s you entered. "
                        "Check the count; containers of another customer are booked on that customer.",
                        customer=partner.commercial_partner_id.display_name,
                        held=int(held),
                        product=product.display_name,
                        qty=qty,
                    )
                )
        lock_date = partner._cs_container_lock_dates(entry["company"]).get(partner.commercial_partner_id.id)
        when = fields.Datetime.to_datetime(entry.get("date") or fields.Datetime.now())
        if when > fields.Datetime.now() + timedelta(minutes=5):
            raise UserError(
                self.env._(
                    "Containers cannot be booked in the future (%(date)s). Book them when they move.",
                    date=when,
                )
            )
        if lock_date and when.date() <= lock_date:
            raise UserError(
                self.env._(
                    "%(customer)s confirmed its container statement up to %(date)s: movements on or before "
                    "that date are locked. Book the movement with a later date.",
                    customer=partner.commercial_partner_id.display_name,
                    date=lock_date,
                )
            )

    @api.model
    def _cs_container_prepare_move(self, entry):
        product = entry["product"]
        name = entry.get("reference") or self.env._("Containers %(customer)s", customer=entry["partner"].name)
        return {
            "name": name,
            "origin": name,
            "company_id": entry["company"].id,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": entry["qty"],
            "location_id": entry["location"].id,
            "location_dest_id": entry["location_dest"].id,
            "cs_container_kind": entry["kind"],
            "cs_container_partner_id": entry["partner"].commercial_partner_id.id,
            "cs_container_picking_id": entry.get("picking", self.env["stock.picking"]).id,
            "scrapped": entry.get("scrapped", False),
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": entry["qty"],
                        "location_id": entry["location"].id,
                        "location_dest_id": entry["location_dest"].id,
                        "company_id": entry["company"].id,
                    }
                )
            ],
        }
