# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _compute_partner_credit_warning(self):
        """Odoo's credit banner on quotations, readable by those who work the quotation.

        With credit limits on (Settings › Invoicing), Odoo computes the banner by reading the
        customer's ``credit_limit``, an accounting field: a salesperson or CS specialist
        without accounting rights then cannot open a quotation at all. The banner is computed
        as superuser; the figures it shows are those the review's credit check already shows
        them (docs/SECURITY.md), and the limit itself stays an accounting field.
        """
        orders = self.sudo()
        res = super(SaleOrder, orders)._compute_partner_credit_warning()
        for order, sudo_order in zip(self, orders, strict=True):
            order.partner_credit_warning = sudo_order.partner_credit_warning
        return res
