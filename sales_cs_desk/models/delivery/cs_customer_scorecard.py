from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..common.cs_guard import cs_guard_fields

# set by the scorecard's own buttons only
GUARDED_FIELDS = (
    "state",
    "confirmed_on",
    "internal_otif",
    "internal_on_time",
    "internal_in_full",
    "target",
    "complaint_id",
)
STATES = [
    ("draft", "Draft"),
    ("met", "Target met"),
    ("action", "Action plan"),
    ("closed", "Plan closed"),
]


class CsCustomerScorecard(models.Model):
    """The customer's own delivery score for a period, beside ours (L5).

    The customer sends its supplier scorecard (on-time delivery %, quality PPM, rating, the file itself);
    the desk records it and the internal on-time-in-full figure of the same period is taken beside it.
    When either is below the customer's target, confirming the scorecard opens the action plan: a
    logistics complaint (C7) whose root cause, actions with owners and deadlines, overdue reminders and
    closing rules are the complaints' own. The scorecard follows its plan to its close.
    """

    _name = "cs.customer.scorecard"
    _description = "Customer Scorecard"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(string="Customer", domain=[("is_company", "=", True)])
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="Period from", required=True, tracking=True)
    date_to = fields.Date(string="Period to", required=True, tracking=True)

    # ------------------------------------------------------------------
    # The customer's figures
    # ------------------------------------------------------------------
    customer_otd = fields.Float(string="Customer's on-time delivery (%)", tracking=True)
    customer_ppm = fields.Float(string="Quality (PPM)", tracking=True, help="Defective parts per million.")
    customer_rating = fields.Char(string="Rating", tracking=True, help="The customer's grade for us: A, B, 92 …")
    scorecard_file = fields.Binary(string="Scorecard file", attachment=True, copy=False)
    scorecard_filename = fields.Char(copy=False)
    note = fields.Text()

    # ------------------------------------------------------------------
    # Ours, taken when confirmed
    # ------------------------------------------------------------------
    internal_otif = fields.Float(string="Our OTIF (%)", readonly=True, copy=False)
    internal_on_time = fields.Float(string="Our on-time (%)", readonly=True, copy=False)
    internal_in_full = fields.Float(string="Our in-full (%)", readonly=True, copy=False)
    target = fields.Float(string="Target (%)", readonly=True, copy=False)
    gap = fields.Float(
        string="Gap (points)",
        compute="_compute_gap",
        help="The customer's on-time figure minus ours: a large gap means we measure differently.",
    )
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, copy=False, tracking=True)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    complaint_id = fields.Many2one(
        "cs.complaint",
        string="Action plan",
        readonly=True,
        copy=False,
        check_company=True,
        help="The logistics complaint that carries the root cause and the actions.",
    )
    cause_id = fields.Many2one(related="complaint_id.cause_id", string="Root cause")
    action_ids = fields.One2many(related="complaint_id.action_ids", string="Actions")

    _sql_constraints = [
        ("period_check", "CHECK(date_from <= date_to)", "The period must end after it starts."),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("partner_id", "date_from", "date_to")
    def _compute_name(self):
        for card in self:
            card.name = "%s %s–%s" % (
                card.partner_id.commercial_partner_id.name or "",
                fields.Date.to_string(card.date_from) or "",
                fields.Date.to_string(card.date_to) or "",
            )

    @api.depends("customer_otd", "internal_on_time", "state")
    def _compute_gap(self):
        for card in self:
            card.gap = card.customer_otd - card.internal_on_time if card.state != "draft" else 0.0

    @api.constrains("customer_otd", "customer_ppm")
    def _check_figures(self):
        for card in self:
            if not 0 <= card.customer_otd <= 100 or card.customer_ppm < 0:
                raise ValidationError(
                    self.env._(
                        "Scorecard %(card)s: the on-time delivery is a percentage from 0 to 100 and the PPM "
                        "cannot be negative.",
                        card=card.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, GUARDED_FIELDS, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, GUARDED_FIELDS)
        if not self.env.su and set(vals) & {"partner_id", "date_from", "date_to", "company_id"}:
            confirmed = self.filtered(lambda c: c.state != "draft")
            if confirmed:
                raise UserError(
                    self.env._(
                        "Scorecard %(card)s is confirmed: its customer and period no longer change. "
                        "Record a new scorecard instead.",
                        card=confirmed[0].name,
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Take our figures of the period beside the customer's; below target, open the action plan."""
        self.check_access("write")
        for card in self.filtered(lambda c: c.state == "draft"):
            figures = card._cs_internal_figures()
            target = card.partner_id._cs_otif_target_for(card.company_id)
            vals = {**figures, "target": target, "confirmed_on": fields.Datetime.now()}
            missed = min(card.customer_otd, figures["internal_otif"]) < target
            vals["state"] = "action" if missed else "met"
            if missed:
                vals["complaint_id"] = card._cs_open_action_plan(figures, target).id
            card.sudo().write(vals)
        return True

    def action_reset(self):
        """Back to draft to correct the customer's figures; the action plan, once opened, stays."""
        self.check_access("write")
        self.filtered(lambda c: c.state in ("met", "action") and not c.complaint_id).sudo().write({"state": "draft"})
        return True

    def action_open_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
        }

    def action_open_otif(self):
        """Our on-time-in-full lines of the customer and period."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_delivery_otif_report_action")
        action["domain"] = self._cs_otif_domain()
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cs_otif_domain(self):
        self.ensure_one()
        return [
            ("cs_customer_id", "=", self.cs_customer_id.id),
            ("company_id", "=", self.company_id.id),
            ("promised_date", ">=", self.date_from),
            ("promised_date", "<=", self.date_to),
        ]

    def _cs_internal_figures(self):
        """Our quantity-weighted OTIF, on-time and in-full rates for the customer and period."""
        self.ensure_one()
        Report = self.env["cs.delivery.otif.report"].sudo()
        [(otif, on_time, in_full)] = Report._read_group(
            self._cs_otif_domain(), [], ["otif_rate:avg", "on_time_rate:avg", "in_full_rate:avg"]
        )
        return {"internal_otif": otif or 0.0, "internal_on_time": on_time or 0.0, "internal_in_full": in_full or 0.0}

    def _cs_prepare_plan_vals(self, figures, target):
        """Values of the action-plan complaint (other addons may add departments, a responsible …)."""
        self.ensure_one()
        description = Markup("<p>%s</p><ul><li>%s</li><li>%s</li><li>%s</li></ul>") % (
            self.env._("Delivery score below target for %(period)s.", period=self.name),
            self.env._("Customer's on-time delivery: %(value).1f %%", value=self.customer_otd),
            self.env._("Our on-time-in-full: %(value).1f %%", value=figures["internal_otif"]),
            self.env._("Target: %(value).1f %%", value=target),
        )
        return {
            "subject": self.env._("Delivery score below target: %(card)s", card=self.name),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "category_id": self.env.ref("sales_cs_desk.cs_complaint_category_logistics").id,
            "channel": "other",
            "description": description,
            "user_id": (self.cs_customer_id.sudo().cs_user_id or self.env.user).id,
        }

    def _cs_open_action_plan(self, figures, target):
        self.ensure_one()
        complaint = self.env["cs.complaint"].sudo().create(self._cs_prepare_plan_vals(figures, target))
        self.message_post(
            body=self.env._(
                "Below target: the action plan %(plan)s asks for the root cause and the actions.",
                plan=complaint.name,
            )
        )
        return complaint

    @api.model
    def _cs_follow_plans(self, complaints):
        """Scorecards whose plan (one of ``complaints``) was closed follow it."""
        cards = self.sudo().search(
            [("state", "=", "action"), ("complaint_id", "in", complaints.ids), ("complaint_id.is_closed", "=", True)]
        )
        cards.write({"state": "closed"})
        return cards

    # ------------------------------------------------------------------
    # Demo: a month of deliveries
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_delivery(self, plan):
        """Demo data: orders of the last month shipped, some arriving late, and a few to ship next.

        ``plan``: list of ``(customer xmlid, product xmlid, quantity, promised in days from today, ship
        days late or None for still open, shipped quantity share, arrival recorded)``; the review demo has
        switched the review on, so orders pass into Released as a supervisor would move them.
        """
        today = fields.Date.context_today(self)
        company = self.env.ref("base.main_company")
        released = self.env.ref("sales_cs_desk.cs_review_stage_released")
        carrier = self.env.ref("sales_cs_desk.delivery_carrier_yangtze_demo")
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        for customer_ref, product_ref, qty, promised_in, late, share, arrived in plan:
            customer, product = self.env.ref(customer_ref), self.env.ref(product_ref)
            self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)
            promised = today + timedelta(days=promised_in)
            order = self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "carrier_id": carrier.id,
                    "commitment_date": datetime.combine(promised, time(8)),
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})],
                }
            )
            if order.cs_stage_id:
                order.write({"cs_stage_id": released.id})
            if order.state != "sale":
                order.action_confirm()
            picking = order.picking_ids[:1]
            picking.carrier_id = carrier
            if late is None:
                continue
            picking.carrier_tracking_ref = "YZ%08d" % picking.id
            picking.move_ids.quantity = qty * share
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
            transit = picking.cs_transit_days
            shipped = promised - timedelta(days=transit) + timedelta(days=late)
            picking.date_done = datetime.combine(shipped, time(9))
            if arrived:
                picking._cs_set_arrival(min(shipped + timedelta(days=transit), today), "desk")
