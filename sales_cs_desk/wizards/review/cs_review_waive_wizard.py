from odoo import fields, models


class CsReviewWaiveWizard(models.TransientModel):
    _name = "cs.review.waive.wizard"
    _description = "Waive review checks"

    check_ids = fields.Many2many("cs.order.check", string="Checks", readonly=True)
    reason = fields.Text(required=True, help="Why the order may go on despite the check; kept with the order.")

    def action_apply(self):
        self.ensure_one()
        self.check_ids._cs_waive(self.reason)
        return {"type": "ir.actions.act_window_close"}
