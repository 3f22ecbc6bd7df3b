from odoo import api, fields, models
from odoo.exceptions import UserError


class CsFitCreditWizard(models.TransientModel):
    _name = "cs.fit.credit.wizard"
    _description = "Fit an order to the available credit"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    currency_id = fields.Many2one(related="order_id.company_id.currency_id")
    available = fields.Monetary(string="Credit available for this order", readonly=True)
    order_total = fields.Monetary(string="Order total", readonly=True)
    proposed_total = fields.Monetary(compute="_compute_proposed_total")
    line_ids = fields.One2many("cs.fit.credit.wizard.line", "wizard_id", string="Proposal")
    customer_agreement = fields.Text(
        required=True, help="How and with whom the customer agreed to the reduced quantities."
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        order = self.env["sale.order"].browse(res.get("order_id") or self.env.context.get("active_id"))
        if order:
            res.update(order._cs_fit_to_credit_proposal())
        return res

    @api.depends("line_ids.proposed_qty", "line_ids.unit_amount")
    def _compute_proposed_total(self):
        for wizard in self:
            wizard.proposed_total = sum(line.proposed_qty * line.unit_amount for line in wizard.line_ids)

    def action_apply(self):
        """Apply the proposed quantities (in the product's unit); the order recomputes every other figure."""
        self.ensure_one()
        lines = self.line_ids
        if not lines:
            raise UserError(self.env._("The proposal has no line: open Fit to credit again from the order."))
        if len(lines.order_line_id) != len(lines):
            raise UserError(self.env._("A line of the order appears twice in the proposal: keep one per line."))
        self.order_id._cs_apply_fit_to_credit(
            {line.order_line_id: line.proposed_qty for line in lines}, self.customer_agreement
        )
        return {"type": "ir.actions.act_window_close"}
