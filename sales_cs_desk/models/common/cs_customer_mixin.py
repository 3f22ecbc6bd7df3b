from odoo import api, fields, models

from .cs_guard import cs_guard_fields


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

    Configured by class attributes: ``_cs_partner_field`` names the field that
    holds the customer or its contact (``partner_id``, declared here with the
    usual attributes; a model changes its label, domain or help by redefining
    it with those only), ``_cs_checked_links`` the links the user must be able
    to read. ``cs_customer_id`` is always computed from the partner: given in
    ``create``/``write`` it would choose which record rule applies.
    """

    _name = "cs.customer.mixin"
    _description = "CS record of a customer"
    _cs_partner_field = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer or one of its contacts.",
    )
    cs_customer_id = fields.Many2one(
        "res.partner",
        string="Customer company",
        compute="_compute_cs_customer_id",
        store=True,
        index=True,
        precompute=True,
        help="The commercial customer this record belongs to.",
    )

    @api.depends(lambda self: [f"{self._cs_partner_field}.commercial_partner_id"])
    def _compute_cs_customer_id(self):
        for record in self:
            record.cs_customer_id = record[self._cs_partner_field].commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_customer_id",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_customer_id",))
        return super().write(vals)

    # Links to other documents are shown with their name (Odoo reads a
    # many2one's name as superuser), so a user links only what they may read:
    # otherwise writing any id into the link would reveal, e.g., another
    # customer's complaint subject.
    _cs_checked_links = ()

    def _cs_check_links(self, vals_list):
        """Refuse links (fields ``_cs_checked_links``) to records the user may not read."""
        if self.env.su:
            return
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        for fname in self._cs_checked_links:
            ids = {vals[fname] for vals in vals_list if vals.get(fname)}
            default = self.env.context.get(f"default_{fname}")
            if default:
                ids.add(default)
            if ids:
                self.env[self._fields[fname].comodel_name].browse(ids).check_access("read")
