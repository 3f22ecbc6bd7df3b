from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The customer's own code for one of its delivery addresses, as written on its orders
    # ("ship-to 0042"): operational, read by sales and the warehouse.
    cs_ship_to_code = fields.Char(
        string="Customer's ship-to code",
        index="btree_not_null",
        groups="sales_team.group_sale_salesman,stock.group_stock_user",
        help="The code the customer uses for this delivery address on its orders and files; "
        "order intake finds the delivery address by it.",
    )

    @api.constrains("cs_ship_to_code", "parent_id")
    def _check_cs_ship_to_code(self):
        partners = self.sudo().filtered("cs_ship_to_code")
        if not partners:
            return
        commercial = partners.commercial_partner_id
        peers = self.sudo().search(
            [
                ("commercial_partner_id", "in", commercial.ids),
                ("cs_ship_to_code", "in", partners.mapped("cs_ship_to_code")),
            ]
        )
        for partner in partners:
            same = peers.filtered(
                lambda p, partner=partner: (
                    p != partner
                    and p.commercial_partner_id == partner.commercial_partner_id
                    and p.cs_ship_to_code == partner.cs_ship_to_code
                )
            )
            if same:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already uses the ship-to code %(code)s for %(other)s: each delivery address "
                        "of a customer needs its own code.",
                        customer=partner.commercial_partner_id.display_name,
                        code=partner.cs_ship_to_code,
                        other=same[0].display_name,
                    )
                )
