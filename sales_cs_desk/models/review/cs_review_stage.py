from odoo import api, fields, models, tools

STAGE_TYPES = [
    ("review", "Review"),
    ("released", "Released"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
]


class CsReviewStage(models.Model):
    """A step of the order review pipeline (O3).

    Review stages are worked by hand, in sequence; the owner group of a stage
    moves orders on from it. Released confirms the order; the stages after
    it follow the deliveries. The checks of an order (O4) each run at the
    first stage that lists their kind: a blocking result keeps the order in
    that stage until it is fixed or waived.
    """

    _name = "cs.review.stage"
    _description = "Order review stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in the queue")
    description = fields.Text(translate=True)
    stage_type = fields.Selection(
        STAGE_TYPES,
        string="Type",
        required=True,
        default="review",
        help="Review stages are worked by hand; Released confirms the order; "
        "Shipped, Delivered and Closed follow the deliveries and the close-out.",
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Owner group",
        help="Members of this group move orders on from this stage. Empty: any CS specialist.",
    )
    is_released = fields.Boolean(compute="_compute_flags", store=True)
    is_closed = fields.Boolean(compute="_compute_flags", store=True)
    check_credit = fields.Boolean(string="Runs the credit check")
    check_stock = fields.Boolean(string="Runs the stock check")
    check_moq = fields.Boolean(string="Runs the order quantity check")
    check_price = fields.Boolean(string="Runs the price check")
    check_completeness = fields.Boolean(string="Runs the completeness check")

    @api.depends("stage_type")
    def _compute_flags(self):
        for stage in self:
            stage.is_released = stage.stage_type != "review"
            stage.is_closed = stage.stage_type == "closed"

    def _cs_check_kinds(self):
        """The check kinds that run at this stage."""
        self.ensure_one()
        kinds = self.env["cs.order.check"]._cs_kinds()
        return [kind for kind in kinds if f"check_{kind}" in self._fields and self[f"check_{kind}"]]

    def _cs_owner_group(self):
        self.ensure_one()
        return self.group_id or self.env.ref("sales_cs_desk.group_cs_specialist")

    @api.model
    def _cs_review_stages(self):
        """The active review stages, in order (cached: read on every move)."""
        return self.browse(self._cs_review_stage_ids())

    @tools.ormcache()
    def _cs_review_stage_ids(self):
        return tuple(self.sudo().search([("stage_type", "=", "review")]).ids)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if {"stage_type", "sequence", "active"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _cs_stage_of_type(self, stage_type):
        return self.search([("stage_type", "=", stage_type)], limit=1)
