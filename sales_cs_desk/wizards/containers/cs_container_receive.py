from odoo import api, fields, models


class CsContainerReceive(models.TransientModel):
    """Book empty containers a customer sent back (L6)."""

    _name = "cs.container.receive"
    _description = "Receive empty containers"
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
    date = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Into warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1),
    )
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

    def action_confirm(self):
        """Move the containers from the customer's location back into the warehouse."""
        self.ensure_one()
        self.partner_id._cs_container_check_access(self.company_id)
        entry = self._cs_prepare_entry()
        # checked before the customer's location and the reference are made
        self.env["stock.move"]._cs_container_check_entry(entry)
        customer = entry["partner"]
        entry.update(
            location=self.env["stock.location"]._cs_container_location(customer, self.company_id),
            reference=self.env["ir.sequence"].sudo().next_by_code("cs.container.return"),
        )
        self.env["stock.move"]._cs_container_post([entry])
        return self.partner_id.action_cs_open_container_balance()

    def _cs_prepare_entry(self):
        return {
            "partner": self.partner_id.commercial_partner_id,
            "company": self.company_id,
            "product": self.product_id,
            "qty": self.quantity,
            "kind": "return",
            "date": self.date,
            "location_dest": self.warehouse_id.lot_stock_id,
        }
