from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..common.cs_guard import cs_guard_fields

CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"


class ResPartner(models.Model):
    _inherit = "res.partner"

    cs_otif_target = fields.Float(
        string="On-time-in-full target (%)",
        company_dependent=True,
        tracking=True,
        groups="sales_cs_desk.group_cs_specialist",
        help="This customer's target. 0: the target of its grade, else the company's. Set by a CS supervisor.",
    )

    @api.constrains("cs_otif_target")
    def _check_cs_otif_target(self):
        for partner in self:
            if not 0 <= partner.cs_otif_target <= 100:
                raise ValidationError(
                    self.env._(
                        "%(customer)s: the on-time-in-full target is a percentage from 0 to 100.",
                        customer=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_otif_target",), groups=(CS_SUPERVISOR,), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_otif_target",), groups=(CS_SUPERVISOR,))
        return super().write(vals)

    def _cs_otif_target_for(self, company):
        """The customer's on-time-in-full target: its own › its grade's › the company's."""
        self.ensure_one()
        partner = self.commercial_partner_id.sudo().with_company(company)
        if partner.cs_otif_target:
            return partner.cs_otif_target
        grade = partner.cs_grade and company[f"cs_delivery_target_{partner.cs_grade.lower()}"]
        return grade or company.cs_delivery_otif_target
