import math

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

WRITEOFF_KINDS = [("lost", "Lost"), ("damaged", "Damaged")]


class CsContainerWriteoff(models.TransientModel):
    """Write off containers lost or damaged at a customer, optionally charging it (L6)."""

    _name = "cs.container.writeoff"
    _inherit = "cs.container.booking"
    _description = "Write off lost or damaged containers"

    kind = fields.Selection(WRITEOFF_KINDS, string="What happened", required=True, default="lost")
    reason_tag_ids = fields.Many2many("stock.scrap.reason.tag", string="Reason")
    reason = fields.Char(string="Details")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    charge = fields.Boolean(
        string="Charge the customer",
        help="Create a draft invoice for the containers at their deposit / replacement value.",
    )
    unit_value = fields.Monetary(
        string="Value per container", compute="_compute_unit_value", store=True, readonly=False
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("product_id")
    def _compute_unit_value(self):
        for wizard in self:
            wizard.unit_value = wizard.product_id.cs_container_value

    def action_confirm(self):
        """Scrap the containers from the customer's location; invoice them if asked."""
        self.ensure_one()
        self.partner_id._cs_container_check_access(self.company_id)
        if self.charge and not (math.isfinite(self.unit_value) and self.unit_value >= 0):
            raise UserError(
                self.env._(
                    "The value per container charged to the customer must be zero or more, not %(value)s.",
                    value=self.unit_value,
                )
            )
        if self.charge:
            # the invoice is created with the user's own rights: refused before anything is booked
            self.env["account.move"].with_company(self.company_id).check_access("create")
        entry = self._cs_prepare_entry()
        self.env["stock.move"]._cs_container_check_entry(entry)
        entry["location"] = self.env["stock.location"]._cs_container_location(entry["partner"], self.company_id)
        self._cs_scrap(entry)
        if self.charge:
            invoice = self._cs_create_invoice()
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "res_id": invoice.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return self.partner_id.action_cs_open_container_balance()

    def _cs_prepare_entry(self):
        return {**super()._cs_prepare_entry(), "kind": self.kind}

    def _cs_scrap(self, entry):
        kind_label = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        origin = self.env._(
            "%(kind)s at %(customer)s: %(reason)s",
            kind=kind_label,
            customer=entry["partner"].name,
            reason=self.reason or ", ".join(self.reason_tag_ids.mapped("name")) or "-",
        )
        scrap = (
            self.env["stock.scrap"]
            .sudo()
            .create(
                {
                    "company_id": self.company_id.id,
                    "product_id": self.product_id.id,
                    "product_uom_id": self.product_id.uom_id.id,
                    "scrap_qty": self.quantity,
                    "location_id": entry["location"].id,
                    "origin": origin,
                    "scrap_reason_tag_ids": [Command.set(self.reason_tag_ids.ids)],
                }
            )
        )
        scrap.do_scrap()
        scrap.move_ids.write(
            {
                "cs_container_kind": self.kind,
                "cs_container_partner_id": entry["partner"].id,
                "date": self.date,
            }
        )
        scrap.move_ids.move_line_ids.write({"date": self.date})
        scrap.date_done = self.date
        return scrap

    def _cs_create_invoice(self):
        kind_label = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        return (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "invoice_origin": self.env._("Containers %(kind)s", kind=kind_label),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_id.id,
                                "name": self.env._(
                                    "%(container)s %(kind)s (%(date)s)",
                                    container=self.product_id.display_name,
                                    kind=kind_label.lower(),
                                    date=fields.Date.to_string(self.date),
                                ),
                                "quantity": self.quantity,
                                "price_unit": self.unit_value,
                            }
                        )
                    ],
                }
            )
        )
