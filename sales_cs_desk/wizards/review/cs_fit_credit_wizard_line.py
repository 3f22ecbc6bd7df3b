from odoo import fields, models


class CsFitCreditWizardLine(models.TransientModel):
    """A proposed quantity; quantities are in the product's unit (that of the MOQ and pack multiple)."""

    _name = "cs.fit.credit.wizard.line"
    _description = "Fit to credit: proposed quantity"

    wizard_id = fields.Many2one("cs.fit.credit.wizard", required=True, ondelete="cascade")
    order_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="order_line_id.product_id")
    uom_id = fields.Many2one(related="order_line_id.product_id.uom_id", string="Unit")
    qty = fields.Float(string="Ordered", readonly=True, digits="Product Unit of Measure")
    proposed_qty = fields.Float(string="Proposed", digits="Product Unit of Measure")
    unit_amount = fields.Float(string="Per unit (taxes incl.)", readonly=True)
    moq = fields.Float(string="MOQ", readonly=True)
    pack = fields.Float(string="Pack multiple", readonly=True)
