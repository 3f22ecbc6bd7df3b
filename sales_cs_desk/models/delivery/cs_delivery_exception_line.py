from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsDeliveryExceptionLine(models.Model):
    """Expected vs received, per product of the delivery."""

    _name = "cs.delivery.exception.line"
    _description = "Delivery Exception Line"
    _order = "exception_id, id"
    _check_company_auto = True

    exception_id = fields.Many2one("cs.delivery.exception", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="exception_id.company_id", store=True, index=True)
    move_id = fields.Many2one("stock.move", string="Delivery line", check_company=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    expected_qty = fields.Float(string="Expected", digits="Product Unit of Measure")
    received_qty = fields.Float(
        string="Received in good order",
        digits="Product Unit of Measure",
        help="What the customer received of this product in good order.",
    )
    affected_qty = fields.Float(
        string="To make good",
        compute="_compute_affected_qty",
        store=True,
        digits="Product Unit of Measure",
        help="Expected minus received in good order: short, missing, wrong or damaged.",
    )
    received_product_id = fields.Many2one(
        "product.product", string="Received instead", check_company=True, help="For a wrong item: what arrived."
    )
    note = fields.Char()

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id and line.uom_id.category_id != line.product_id.uom_id.category_id:
                line.uom_id = line.product_id.uom_id

    @api.depends("expected_qty", "received_qty")
    def _compute_affected_qty(self):
        for line in self:
            line.affected_qty = max(line.expected_qty - line.received_qty, 0.0)

    @api.constrains("expected_qty", "received_qty", "uom_id", "product_id")
    def _check_quantities(self):
        for line in self:
            if line.expected_qty < 0 or line.received_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: quantities of a delivery exception cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if line.uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s: choose a unit of the %(category)s category.",
                        product=line.product_id.display_name,
                        category=line.product_id.uom_id.category_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # a line is added by who may already write its exception (no one opens a record by adding a line)
        exceptions = self.env["cs.delivery.exception"].browse({vals.get("exception_id") for vals in vals_list} - {None})
        exceptions.check_access("write")
        exceptions._cs_ensure_state(("new", "investigating"))
        return super().create(vals_list)

    def write(self, vals):
        if "exception_id" in vals:
            raise ValidationError(self.env._("A delivery exception line cannot move to another exception."))
        self.exception_id._cs_ensure_state(("new", "investigating"))
        return super().write(vals)
