from odoo import api, fields, models

from ..common.cs_guard import cs_guard_fields

# The customer's PO reference travels with the line to the delivery and the invoice: sales and finance read it.
CS_PO_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    cs_customer_po = fields.Char(
        string="Customer PO",
        copy=False,
        index="btree_not_null",
        groups=CS_PO_GROUPS,
        help="The customer's purchase order number this line was ordered on.",
    )
    cs_customer_po_line = fields.Char(
        string="Customer PO line",
        copy=False,
        groups=CS_PO_GROUPS,
        help="The line (position) of the customer's purchase order.",
    )
    # the intake line the order line came from: written by the intake only
    cs_intake_line_id = fields.Many2one(
        "cs.order.intake.line",
        string="Intake line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="sales_cs_desk.group_cs_specialist",
    )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_intake_line_id",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_intake_line_id",))
        return super().write(vals)
