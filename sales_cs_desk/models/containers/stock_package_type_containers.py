from odoo import fields, models


class StockPackageType(models.Model):
    _inherit = "stock.package.type"

    cs_container_product_id = fields.Many2one(
        "product.product",
        string="Returnable container",
        domain=[("cs_is_container", "=", True)],
        check_company=True,
        help="The returnable container this package type is. Goods shipped in a packaging of this type "
        "take one container per packaging quantity (rounded up per delivery line).",
    )
