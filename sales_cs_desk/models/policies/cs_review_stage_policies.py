from odoo import fields, models


class CsReviewStage(models.Model):
    _inherit = "cs.review.stage"

    check_policy = fields.Boolean(string="Runs the policy items check")
