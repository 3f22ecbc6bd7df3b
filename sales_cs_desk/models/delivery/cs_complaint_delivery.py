from odoo import models


class CsComplaint(models.Model):
    _inherit = "cs.complaint"

    def _cs_on_complaint_closed(self):
        res = super()._cs_on_complaint_closed()
        # a scorecard's action plan closed: the scorecard follows it (L5)
        self.env["cs.customer.scorecard"]._cs_follow_plans(self)
        return res
