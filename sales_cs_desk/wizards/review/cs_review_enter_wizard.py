from odoo import api, fields, models
from odoo.exceptions import UserError


class CsReviewEnterWizard(models.TransientModel):
    """Bring open quotations into the review (O3), after a preview.

    Switching the review on takes the orders created from then on; the open
    quotations made before stay ordinary quotations until a supervisor brings
    them in here, having seen which ones.
    """

    _name = "cs.review.enter.wizard"
    _description = "Bring open quotations into the review"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    order_ids = fields.Many2many(
        "sale.order",
        string="Quotations",
        help="Open quotations of the company that are not in the review yet. Remove those that should stay out.",
    )
    order_count = fields.Integer(compute="_compute_order_count")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "order_ids" in fields_list:
            orders = self.env["sale.order"].search(
                self.env["sale.order"]._cs_outside_review_domain(self.env.company), order="date_order, id"
            )
            res["order_ids"] = [fields.Command.set(orders.ids)]
        return res

    @api.depends("order_ids")
    def _compute_order_count(self):
        for wizard in self:
            wizard.order_count = len(wizard.order_ids)

    def action_enter(self):
        self.ensure_one()
        if not self.company_id.cs_review_required:
            raise UserError(
                self.env._("Switch the order review on for %(company)s first.", company=self.company_id.name)
            )
        if not self.order_ids:
            raise UserError(self.env._("Select the quotations to bring into the review."))
        # the user's own rights on the orders first; then only open quotations of this company outside the review
        self.order_ids.check_access("write")
        orders = self.order_ids.filtered_domain(self.env["sale.order"]._cs_outside_review_domain(self.company_id))
        orders._cs_enter_review_orders()
        entered = orders.filtered("cs_stage_id")
        for order in entered:
            order._message_log(body=self.env._("Brought into the CS review by %(user)s.", user=self.env.user.name))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s quotations entered the review.", count=len(entered)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
