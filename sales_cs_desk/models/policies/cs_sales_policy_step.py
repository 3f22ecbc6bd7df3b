from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsSalesPolicyStep(models.Model):
    """An item granted from a threshold of a sales policy (O7).

    An order reaching several thresholds gets the items of the highest one;
    several rows with the same threshold grant several items.
    """

    _name = "cs.sales.policy.step"
    _description = "Sales policy step"
    _order = "policy_id, threshold, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one("cs.sales.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    threshold = fields.Float(
        string="From",
        required=True,
        digits="Product Unit of Measure",
        help="The quantity (product units) or the untaxed amount (company currency) the order must reach.",
    )
    product_id = fields.Many2one(
        "product.product", string="Granted item", required=True, check_company=True, domain="[('sale_ok', '=', True)]"
    )
    quantity = fields.Float(string="Granted quantity", required=True, default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")

    @api.constrains("threshold", "quantity")
    def _check_cs_step(self):
        for step in self:
            if step.threshold <= 0 or step.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "A step of policy %(policy)s needs a threshold and a granted quantity above zero.",
                        policy=step.policy_id.name,
                    )
                )
