from odoo import api, fields, models


class CsContainerBooking(models.AbstractModel):
    """What the container wizards share: a customer's containers to book (L6).

    *Receive empty containers* and *Lost / damaged* both name a customer, a
    container product and a quantity, and show what the customer holds. A
    booking is built by ``_cs_prepare_entry`` (extend it to carry more to the
    stock move), checked by ``stock.move._cs_container_check_entry`` before
    anything is created, and posted by ``stock.move._cs_container_post``.
    """

    _name = "cs.container.booking"
    _description = "Container booking (wizard base)"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, domain=[("parent_id", "=", False)], check_company=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Container",
        required=True,
        domain=[("cs_is_container", "=", True)],
        check_company=True,
    )
    quantity = fields.Float(digits=(16, 2), default=1.0)
    held = fields.Integer(string="Customer holds", compute="_compute_held")

    @api.depends("partner_id", "product_id", "company_id")
    def _compute_held(self):
        for wizard in self:
            # only for a customer whose containers the user may book: the
            # holding is read in superuser mode from the customer's location
            wizard.held = (
                int(wizard.partner_id._cs_container_held(wizard.product_id, wizard.company_id))
                if wizard.partner_id
                and wizard.product_id
                and wizard.company_id
                and wizard.partner_id._cs_container_may_see(wizard.company_id)
                else 0
            )

    def _cs_prepare_entry(self):
        """The booking: customer, company, container, quantity; each wizard adds its kind and places."""
        self.ensure_one()
        return {
            "partner": self.partner_id.commercial_partner_id,
            "company": self.company_id,
            "product": self.product_id,
            "qty": self.quantity,
            "date": self.date,
        }
