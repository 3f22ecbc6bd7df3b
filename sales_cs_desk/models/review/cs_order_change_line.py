from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..common.cs_guard import cs_guard_fields


class CsOrderChangeLine(models.Model):
    _name = "cs.order.change.line"
    _description = "Order change request line"
    _check_company_auto = True

    change_id = fields.Many2one("cs.order.change", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="change_id.company_id", store=True)
    order_line_id = fields.Many2one("sale.order.line", string="Order line", required=True, check_company=True)
    product_id = fields.Many2one(related="order_line_id.product_id", string="Product")
    old_qty = fields.Float(
        string="Old quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="The order line's quantity when the line was added to the request.",
    )
    new_qty = fields.Float(string="New quantity", digits="Product Unit of Measure")
    new_product_id = fields.Many2one(
        "product.product", string="New product", check_company=True, help="For a product or specification change."
    )

    _sql_constraints = [("new_qty_positive", "CHECK(new_qty >= 0)", "A new quantity cannot be negative.")]

    @api.model
    def _cs_check_new_qty(self, vals_list):
        """A clear message before the database constraint refuses a negative quantity."""
        for vals in vals_list:
            if (vals.get("new_qty") or 0.0) < 0:
                raise ValidationError(
                    self.env._("A new quantity cannot be negative: enter 0 to drop the line from the order.")
                )

    @api.constrains("order_line_id", "change_id")
    def _check_order_line(self):
        for line in self:
            if line.order_line_id.order_id != line.change_id.order_id:
                raise self.env["cs.order.change"]._cs_foreign_line_error(line.change_id.order_id, line.order_line_id)

    @api.constrains("new_product_id")
    def _check_new_product(self):
        for line in self:
            if line.new_product_id and not line.new_product_id.sale_ok:
                raise ValidationError(
                    self.env._(
                        "%(product)s cannot be sold: choose a product that can be sold as the new product.",
                        product=line.new_product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # the related product and company would write through to the order line
        cs_guard_fields(self, vals_list, ("company_id", "product_id"), operation="create")
        self._cs_check_new_qty(vals_list)
        changes = self.env["cs.order.change"].browse([vals["change_id"] for vals in vals_list if vals.get("change_id")])
        if not self.env.su:
            changes._cs_ensure_lines_editable()
        for vals in vals_list:
            # the old quantity is the order's, whatever the client sends
            if vals.get("order_line_id"):
                vals["old_qty"] = self.env["sale.order.line"].browse(vals["order_line_id"]).product_uom_qty
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("company_id", "product_id"))
        self._cs_check_new_qty([vals])
        if not self.env.su:
            self.change_id._cs_ensure_lines_editable()
            if "change_id" in vals:
                self.env["cs.order.change"].browse(vals["change_id"])._cs_ensure_lines_editable()
        if vals.get("order_line_id"):
            vals = dict(vals, old_qty=self.env["sale.order.line"].browse(vals["order_line_id"]).product_uom_qty)
        elif "old_qty" in vals:
            vals = {key: value for key, value in vals.items() if key != "old_qty"}
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.change_id._cs_ensure_lines_editable()
        return super().unlink()
