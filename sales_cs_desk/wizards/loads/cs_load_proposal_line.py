from odoo import api, fields, models


class CsLoadProposalLine(models.TransientModel):
    """One proposed load: the deliveries that travel together on one vehicle."""

    _name = "cs.load.proposal.line"
    _description = "Proposed load"
    _order = "sequence, id"

    proposal_id = fields.Many2one("cs.load.proposal", required=True, ondelete="cascade")
    sequence = fields.Integer()
    name = fields.Char(string="Load", required=True)
    picking_ids = fields.Many2many("stock.picking", string="Deliveries")
    delivery_count = fields.Integer(string="Number of deliveries", compute="_compute_fill")
    weight = fields.Float(digits="Stock Weight")
    volume = fields.Float(digits="Volume")
    fill_weight = fields.Float(string="Fill by weight (%)", compute="_compute_fill")
    fill_volume = fields.Float(string="Fill by volume (%)", compute="_compute_fill")
    over_capacity = fields.Boolean(
        compute="_compute_fill",
        help="A single delivery heavier or larger than one vehicle: split it or plan a bigger vehicle.",
    )

    @api.depends("picking_ids", "weight", "volume", "proposal_id.vehicle_category_id")
    def _compute_fill(self):
        for line in self:
            category = line.proposal_id.vehicle_category_id
            line.delivery_count = len(line.picking_ids)
            line.fill_weight = 100.0 * line.weight / category.weight_capacity if category.weight_capacity else 0.0
            line.fill_volume = 100.0 * line.volume / category.volume_capacity if category.volume_capacity else 0.0
            line.over_capacity = line.fill_weight > 100.0 + 1e-6 or line.fill_volume > 100.0 + 1e-6
