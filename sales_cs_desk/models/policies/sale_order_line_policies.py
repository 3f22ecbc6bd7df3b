from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..common.cs_guard import cs_guard_fields

# Set by the desk's policy application only (``sale.order._cs_apply_policies``).
POLICY_GUARDED = ("cs_policy_id", "cs_policy_cost")
# What a policy item grants: only the CS desk changes it; the check warns beyond the policy.
POLICY_ITEM_FIELDS = {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "product_template_id"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    cs_policy_id = fields.Many2one(
        "cs.sales.policy",
        string="Policy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="sales_team.group_sale_salesman",
        help="A free item granted under this sales policy.",
    )
    cs_policy_cost = fields.Float(
        string="Policy cost",
        compute="_compute_cs_policy_cost",
        store=True,
        readonly=True,
        copy=False,
        digits="Product Price",
        groups="sales_cs_desk.group_cs_specialist",
        help="Cost of the granted item in the company currency, charged to the policy's budget.",
    )

    @api.depends("cs_policy_id", "product_id", "product_uom_qty", "product_uom")
    def _compute_cs_policy_cost(self):
        # the cost is CS data, computed whoever changed the line
        for line in self.sudo():
            if line.cs_policy_id and line.product_id:
                cost = line.product_id.with_company(line.company_id).standard_price
                line.cs_policy_cost = cost * line._cs_qty_in_product_uom()
            else:
                line.cs_policy_cost = 0.0

    def _compute_price_unit(self):
        # a policy item is free whatever the pricelist says ("Update prices" included)
        items = self.filtered(lambda line: line.sudo().cs_policy_id)
        for line in items:
            line.price_unit = 0.0
            line.technical_price_unit = 0.0
        return super(SaleOrderLine, self - items)._compute_price_unit()

    @api.constrains("cs_policy_id", "price_unit", "discount")
    def _check_cs_policy_price(self):
        for line in self.sudo():
            if line.cs_policy_id and line.price_unit:
                raise ValidationError(
                    self.env._(
                        "%(product)s is a free item of policy %(policy)s: its price stays 0. "
                        "Add a separate line to sell more of it.",
                        product=line.product_id.display_name,
                        policy=line.cs_policy_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, POLICY_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, POLICY_GUARDED)
        if POLICY_ITEM_FIELDS & set(vals) and not self.env.su:
            self._cs_ensure_can_change_policy_items()
        return super().write(vals)

    def _cs_ensure_can_change_policy_items(self):
        """Only the CS desk changes what a policy item grants (salespeople keep the rest of the order)."""
        if self.env.user.has_group("sales_cs_desk.group_cs_specialist"):
            return
        items = self.sudo().filtered("cs_policy_id")
        if items:
            raise AccessError(
                self.env._(
                    "%(products)s: free items of a sales policy are set by the CS desk at review. "
                    "Ask the CS specialist of the customer, or remove the line.",
                    products=", ".join(items.product_id.mapped("display_name")),
                )
            )

    # The review's own checks judge sold lines: a free item is judged by the policy check.
    def _cs_price_problem(self, rules):
        if self.sudo().cs_policy_id:
            return ""
        return super()._cs_price_problem(rules)

    def _cs_quantity_problem(self, moq, pack):
        if self.sudo().cs_policy_id:
            return ""
        return super()._cs_quantity_problem(moq, pack)
