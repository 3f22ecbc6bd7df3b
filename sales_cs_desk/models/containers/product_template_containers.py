from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    cs_is_container = fields.Boolean(
        string="Returnable container",
        help="A company asset (tote, rack, pallet) that travels with shipments and must come back. "
        "Customers' balances of it are tracked when the company setting is on.",
    )
    cs_container_value = fields.Monetary(
        string="Deposit / replacement value",
        currency_field="currency_id",
        help="Charged to the customer for each container lost or damaged at the customer, when you choose to.",
    )

    @api.constrains("cs_is_container", "is_storable", "tracking", "cs_container_value")
    def _check_cs_container(self):
        for template in self.filtered("cs_is_container"):
            if not template.is_storable or template.tracking != "none":
                raise ValidationError(
                    self.env._(
                        "%(product)s: a returnable container must be tracked in inventory, without lots "
                        "or serial numbers. Tick 'Track Inventory' and set tracking to 'By Quantity'.",
                        product=template.display_name,
                    )
                )
            if template.cs_container_value < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the deposit value of a container cannot be negative.",
                        product=template.display_name,
                    )
                )
