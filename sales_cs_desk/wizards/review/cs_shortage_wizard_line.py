from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cs_shortage_allocation import is_valid


class CsShortageWizardLine(models.TransientModel):
    """One waiting line of the allocation; quantities in the product's unit (that of stock, MOQ and packs)."""

    _name = "cs.shortage.wizard.line"
    _description = "Shortage allocation line"

    wizard_id = fields.Many2one("cs.shortage.wizard", required=True, ondelete="cascade")
    order_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    order_id = fields.Many2one(related="order_line_id.order_id")
    partner_id = fields.Many2one(related="order_line_id.order_id.partner_id")
    rank_reason = fields.Char(related="order_line_id.order_id.cs_rank_reason")
    product_id = fields.Many2one(related="order_line_id.product_id")
    uom_id = fields.Many2one(related="order_line_id.product_id.uom_id", string="Unit")
    free_qty = fields.Float(string="Free", readonly=True, digits="Product Unit of Measure")
    demand = fields.Float(readonly=True, digits="Product Unit of Measure")
    moq = fields.Float(string="MOQ", readonly=True)
    pack = fields.Float(string="Pack multiple", readonly=True)
    allocated = fields.Float(digits="Product Unit of Measure")
    deferred = fields.Float(compute="_compute_deferred", digits="Product Unit of Measure")

    @api.depends("demand", "allocated")
    def _compute_deferred(self):
        for line in self:
            line.deferred = max(line.demand - line.allocated, 0.0)

    @api.constrains("allocated", "demand", "moq", "pack")
    def _check_allocated(self):
        for line in self:
            if not is_valid(line.allocated, line.demand, line.moq, line.pack):
                raise ValidationError(
                    self.env._(
                        "%(product)s for %(order)s: allocate 0, the full %(demand)s, or a quantity of at least "
                        "the MOQ (%(moq)s) in multiples of %(pack)s, never more than the demand.",
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                        demand=line.demand,
                        moq=line.moq,
                        pack=line.pack or 1,
                    )
                )
