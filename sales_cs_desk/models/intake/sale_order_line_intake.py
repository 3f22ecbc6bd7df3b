from odoo import fields, models

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
