from odoo import models


class CsComplaint(models.Model):
    _inherit = "cs.complaint"

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            # a scorecard's action plan closed: the scorecard follows (L5)
            self.env["cs.customer.scorecard"]._cs_follow_plans(self)
        return res
