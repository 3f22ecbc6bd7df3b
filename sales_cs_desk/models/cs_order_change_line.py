from odoo import api, fields, models


class CsOrderChangeLine(models.Model):
    _name = "cs.order.change.line"
    _description = "Order change request line"
    _check_company_auto = True

    change_id = fields.Many2one("cs.order.change", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="change_id.company_id", store=True)
    order_line_id = fields.Many2one("sale.order.line", string="Order line", required=True, check_company=True)
    product_id = fields.Many2one(related="order_line_id.product_id", string="Product")
    old_qty = fields.Float(string="Old quantity", digits="Product Unit of Measure")
    new_qty = fields.Float(string="New quantity", digits="Product Unit of Measure")
    new_product_id = fields.Many2one(
        "product.product", string="New product", check_company=True, help="For a product or specification change."
    )

    _sql_constraints = [("new_qty_positive", "CHECK(new_qty >= 0)", "A new quantity cannot be negative.")]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "old_qty" not in vals and vals.get("order_line_id"):
                vals["old_qty"] = self.env["sale.order.line"].browse(vals["order_line_id"]).product_uom_qty
        return super().create(vals_list)
