from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ------------------------------------------------------------------
    # Order rules (O4, L9): product-level defaults, overridden per customer
    # by ``cs.customer.item``.
    # ------------------------------------------------------------------
    cs_moq = fields.Float(
        groups="sales_team.group_sale_salesman",
        string="Minimum order quantity",
        digits="Product Unit of Measure",
        help="Smallest quantity a customer may order, in the product's unit. 0 means no minimum. "
        "A customer item of the customer overrides it.",
    )
    cs_pack_multiple = fields.Float(
        groups="sales_team.group_sale_salesman",
        string="Pack multiple",
        digits="Product Unit of Measure",
        help="Ordered quantities must be a multiple of this pack size. 0 means any quantity. "
        "A customer item of the customer overrides it.",
    )

    _sql_constraints = [
        ("cs_moq_positive", "CHECK(cs_moq >= 0)", "The minimum order quantity cannot be negative."),
        ("cs_pack_multiple_positive", "CHECK(cs_pack_multiple >= 0)", "The pack multiple cannot be negative."),
    ]
