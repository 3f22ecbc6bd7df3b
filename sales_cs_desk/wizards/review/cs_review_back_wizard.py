from odoo import api, fields, models
from odoo.exceptions import UserError


class CsReviewBackWizard(models.TransientModel):
    _name = "cs.review.back.wizard"
    _description = "Send an order back in the review"

    order_id = fields.Many2one("sale.order", required=True)
    from_stage_id = fields.Many2one("cs.review.stage", string="From", readonly=True)
    stage_id = fields.Many2one(
        "cs.review.stage",
        string="Back to",
        required=True,
        domain="[('stage_type', '=', 'review'), ('sequence', '<', from_stage_sequence)]",
    )
    from_stage_sequence = fields.Integer(related="from_stage_id.sequence")
    reason = fields.Text(required=True, help="What must be fixed; it is posted on the order.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if res.get("from_stage_id") and "stage_id" in fields_list and not res.get("stage_id"):
            current = self.env["cs.review.stage"].browse(res["from_stage_id"])
            previous = self.env["cs.review.stage"].search(
                [("stage_type", "=", "review"), ("sequence", "<", current.sequence)], order="sequence desc", limit=1
            )
            res["stage_id"] = previous.id
        return res

    def action_apply(self):
        self.ensure_one()
        if self.stage_id.stage_type != "review" or (self.stage_id.sequence, self.stage_id.id) >= (
            self.from_stage_id.sequence,
            self.from_stage_id.id,
        ):
            raise UserError(self.env._("Send the order back to an earlier review stage."))
        self.order_id._cs_move(self.stage_id, reason=self.reason, seen=self.from_stage_id)
        return {"type": "ir.actions.act_window_close"}
