from odoo import api, fields, models


class CsCustomerMixin(models.AbstractModel):
    """What every CS record of a customer shares.

    A CS record (a note, a complaint, a revisit …) belongs to one commercial
    customer, ``cs_customer_id``. Confidentiality (C4) hangs on that field: the
    record rule pattern every CS model declares is

    * CS Specialist: ``[('cs_customer_id.cs_is_mine', '=', True)]`` — the
      customer's specialist, and its backup while the specialist is absent;
    * CS Supervisor: ``[(1, '=', 1)]``;

    plus the usual multi-company rule on ``company_id``. New CS activities on
    such records follow the customer's cover (see ``mail.activity``).
    """

    _name = "cs.customer.mixin"
    _description = "CS record of a customer"

    cs_customer_id = fields.Many2one(
        "res.partner",
        string="Customer company",
        compute="_compute_cs_customer_id",
        store=True,
        index=True,
        precompute=True,
        help="The commercial customer this record belongs to.",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_cs_customer_id(self):
        for record in self:
            record.cs_customer_id = record.partner_id.commercial_partner_id
