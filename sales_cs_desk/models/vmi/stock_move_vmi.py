from odoo import api, models

# a write of one of these on a done move changes what the VMI snapshot holds
CS_VMI_BALANCE_FIELDS = frozenset(
    {
        "state",
        "date",
        "product_id",
        "product_qty",
        "product_uom_qty",
        "product_uom",
        "quantity",
        "location_id",
        "location_dest_id",
        "company_id",
    }
)


class StockMove(models.Model):
    """The done-move path keeps the VMI daily balance snapshot exact (L8).

    A move becoming done (Odoo's ``_action_done`` writes ``state`` and
    ``date``), a write changing a done move's date, quantity, product,
    locations or state (back-dating, a correction, a cancellation) and an
    unlink refresh the touched (site, product) rows from the earliest
    touched day — one batch for all the moves of the call.
    """

    _inherit = "stock.move"

    def write(self, vals):
        if not CS_VMI_BALANCE_FIELDS & set(vals) or not self:
            return super().write(vals)
        done = self.filtered(lambda move: move.state == "done")
        before = self.env["cs.vmi.daily.balance"].sudo()._cs_keys_of_moves(done.ids)
        res = super().write(vals)
        if done or vals.get("state") == "done":
            self._cs_vmi_refresh_balances(before)
        return res

    def unlink(self):
        done = self.filtered(lambda move: move.state == "done")
        Balance = self.env["cs.vmi.daily.balance"].sudo()
        before = Balance._cs_keys_of_moves(done.ids)
        res = super().unlink()
        Balance._cs_refresh(before)
        return res

    def _cs_vmi_refresh_balances(self, before=None):
        Balance = self.env["cs.vmi.daily.balance"].sudo()
        keys = dict(before or {})
        for key, day in Balance._cs_keys_of_moves(self.ids).items():
            keys[key] = min(day, keys[key]) if key in keys else day
        Balance._cs_refresh(keys)

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        # a move created done (imports, other modules) counts from its day
        if any(vals.get("state") == "done" for vals in vals_list):
            moves._cs_vmi_refresh_balances()
        return moves
