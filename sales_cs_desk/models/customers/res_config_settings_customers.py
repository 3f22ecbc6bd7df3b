from odoo import fields, models
from odoo.exceptions import AccessError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_grade_a_share = fields.Float(related="company_id.cs_grade_a_share", readonly=False)
    cs_grade_b_share = fields.Float(related="company_id.cs_grade_b_share", readonly=False)
    cs_grade_months = fields.Integer(related="company_id.cs_grade_months", readonly=False)

    def action_cs_compute_grades(self):
        """Recompute the grades of the current company now, not tonight."""
        self.ensure_one()
        if not self.env.user.has_group("sales_cs_desk.group_cs_manager"):
            raise AccessError(self.env._("Only a CS manager can recompute the customer grades."))
        self.env["res.partner"]._cs_compute_grades(self.company_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Customer grades recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
