from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # HS code and country of origin are stock_delivery's (``hs_code``, ``country_of_origin``)
    cs_customs_name = fields.Char(
        string="Declared name",
        translate=True,
        help="The name declared to customs (申报品名); the product name when empty.",
    )
    cs_customs_uom_id = fields.Many2one(
        "uom.uom",
        string="Legal unit",
        help="The first legal unit of measure of the HS code (法定计量单位): a unit of the product's category, "
        "or a weight unit (the net weight is declared). Empty: the product's unit.",
    )

    @api.constrains("cs_customs_uom_id", "uom_id")
    def _check_cs_customs_uom(self):
        weight = self.env.ref("uom.product_uom_categ_kgm")
        for template in self.filtered("cs_customs_uom_id"):
            category = template.cs_customs_uom_id.category_id
            if category not in (template.uom_id.category_id, weight):
                raise ValidationError(
                    self.env._(
                        "%(product)s: the legal unit must be a unit of %(category)s or a weight unit.",
                        product=template.display_name,
                        category=template.uom_id.category_id.name,
                    )
                )
