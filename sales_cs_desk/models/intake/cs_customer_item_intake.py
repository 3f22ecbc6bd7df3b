from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsCustomerItem(models.Model):
    _inherit = "cs.customer.item"

    intake_uom_id = fields.Many2one(
        "uom.uom",
        string="Customer's ordering unit",
        help="The unit the customer orders this item in when its files give no unit "
        "(e.g. boxes of 12). Empty: the product's unit.",
    )

    @api.constrains("intake_uom_id", "product_id")
    def _check_intake_uom(self):
        for item in self:
            if item.intake_uom_id and item.intake_uom_id.category_id != item.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(item)s: the ordering unit %(unit)s cannot be converted to the product's unit "
                        "%(product_unit)s.",
                        item=item.display_name,
                        unit=item.intake_uom_id.name,
                        product_unit=item.product_id.uom_id.name,
                    )
                )
