from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_review_required = fields.Boolean(related="company_id.cs_review_required", readonly=False)
    cs_review_queue_count = fields.Integer(
        compute="_compute_cs_review_counts", help="Quotations waiting in the review stages."
    )
    cs_review_outside_count = fields.Integer(
        compute="_compute_cs_review_counts", help="Open quotations made before the review was switched on."
    )

    @api.depends("company_id")
    def _compute_cs_review_counts(self):
        Order = self.env["sale.order"].sudo()
        for settings in self:
            settings.cs_review_queue_count = Order.search_count(Order._cs_in_queue_domain(settings.company_id))
            settings.cs_review_outside_count = Order.search_count(Order._cs_outside_review_domain(settings.company_id))

    cs_release_days = fields.Integer(related="company_id.cs_release_days", readonly=False)
    cs_shortfall_amount = fields.Monetary(related="company_id.cs_shortfall_amount", readonly=False)
    cs_shortfall_percent = fields.Float(related="company_id.cs_shortfall_percent", readonly=False)
    cs_price_tolerance = fields.Float(related="company_id.cs_price_tolerance", readonly=False)
    cs_queue_weight_amount = fields.Float(related="company_id.cs_queue_weight_amount", readonly=False)
    cs_queue_weight_customer = fields.Float(related="company_id.cs_queue_weight_customer", readonly=False)
    cs_retention_months = fields.Integer(related="company_id.cs_retention_months", readonly=False)
    cs_auto_close_days = fields.Integer(related="company_id.cs_auto_close_days", readonly=False)
