from odoo import fields, models


class CsContainerReceive(models.TransientModel):
    """Book empty containers a customer sent back (L6)."""

    _name = "cs.container.receive"
    _inherit = "cs.container.booking"
    _description = "Receive empty containers"

    date = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Into warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1),
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
        return {**super()._cs_prepare_entry(), "kind": "return", "location_dest": self.warehouse_id.lot_stock_id}
