from odoo import api, fields, models

from ..common.cs_guard import cs_guard_fields


class StockLocation(models.Model):
    _inherit = "stock.location"

    cs_container_partner_id = fields.Many2one(
        "res.partner",
        string="Containers of customer",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="This internal location holds the returnable containers out at this customer.",
    )

    _sql_constraints = [
        (
            "cs_container_partner_company_uniq",
            "UNIQUE(cs_container_partner_id, company_id)",
            "A customer has one container location per company.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_container_partner_id",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_container_partner_id",))
        return super().write(vals)

    @api.model
    def _cs_container_location(self, partner, company):
        """The location of ``partner``'s containers in ``company``, created on first use.

        It is an internal location under "Containers at customers", a view
        location of the company outside every warehouse: the containers stay
        valued company stock, yet no delivery ever reserves them.
        """
        partner = partner.commercial_partner_id
        Location = self.sudo().with_company(company)
        location = Location.search(
            [("cs_container_partner_id", "=", partner.id), ("company_id", "=", company.id)], limit=1
        )
        if location:
            return location
        return Location.create(
            {
                "name": partner.name,
                "usage": "internal",
                "location_id": self._cs_container_parent_location(company).id,
                "company_id": company.id,
                "cs_container_partner_id": partner.id,
            }
        )

    @api.model
    def _cs_container_parent_location(self, company):
        company = company.sudo()
        if not company.cs_container_location_id:
            company.cs_container_location_id = self.sudo().create(
                {
                    "name": self.env._("Containers at customers"),
                    "usage": "view",
                    "location_id": self.env.ref("stock.stock_location_locations").id,
                    "company_id": company.id,
                }
            )
        return company.cs_container_location_id
