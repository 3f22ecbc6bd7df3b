import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FEE_TYPES = [
    ("storage", "Storage"),
    ("handling", "Handling"),
    ("transport", "Transport"),
    ("other", "Other"),
]


class CsLogisticsFee(models.Model):
    """A logistics provider's fee for a VMI site and a period (物流费用统计, L8).

    Entered from the provider's statement, optionally linked to the vendor
    bill that pays it; the statistics (by month, site and type, and per unit
    shipped out of the site) are in ``cs.vmi.fee.report``.
    """

    _name = "cs.logistics.fee"
    _description = "Logistics Fee"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="VMI site",
        required=True,
        index=True,
        check_company=True,
        domain="[('cs_is_vmi', '=', True)]",
        tracking=True,
    )
    provider_id = fields.Many2one(
        "res.partner",
        string="Logistics provider",
        compute="_compute_provider_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    fee_type = fields.Selection(FEE_TYPES, string="Type", required=True, default="storage", tracking=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    description = fields.Char()
    amount = fields.Monetary(required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company currency")
    amount_company = fields.Monetary(
        string="Amount (company currency)",
        currency_field="company_currency_id",
        compute="_compute_amount_company",
        store=True,
        help="Converted at the rate of the period's last day.",
    )
    bill_id = fields.Many2one(
        "account.move",
        string="Vendor bill",
        check_company=True,
        domain="[('move_type', 'in', ('in_invoice', 'in_refund')), ('partner_id', '=', provider_id)]",
        help="The provider's bill that charges this fee.",
    )

    _sql_constraints = [
        ("period_order", "CHECK(date_from <= date_to)", "The period must end on or after its first day."),
    ]

    @api.depends("warehouse_id")
    def _compute_provider_id(self):
        for fee in self:
            fee.provider_id = fee.warehouse_id.cs_vmi_provider_id or fee.provider_id

    @api.depends("amount", "currency_id", "company_id", "date_to")
    def _compute_amount_company(self):
        for fee in self:
            company = fee.company_id or self.env.company
            fee.amount_company = fee.currency_id._convert(
                fee.amount, company.currency_id, company, fee.date_to or fields.Date.context_today(fee)
            )

    @api.constrains("amount")
    def _check_amount(self):
        for fee in self:
            if not math.isfinite(fee.amount) or fee.amount < 0:
                raise ValidationError(
                    self.env._("A fee cannot be negative: record a refund as a vendor credit note instead.")
                )
