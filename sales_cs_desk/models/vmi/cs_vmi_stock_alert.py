from odoo import api, fields, models
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields

ALERT_STATES = [("open", "Below minimum"), ("closed", "Back above minimum")]


class CsVmiStockAlert(models.Model):
    """A product below its safety stock at a location (预警, L7).

    Raised by the daily job for a replenishment rule whose forecast fell
    below its minimum: one alert, and one activity for a CS supervisor, per
    product and location for as long as the situation lasts — not one per
    run. The job closes the alert, and its activity, once the forecast is
    back at or above the minimum.
    """

    _name = "cs.vmi.stock.alert"
    _description = "Safety Stock Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, date_raised desc, id desc"
    _check_company_auto = True
    _rec_name = "product_id"

    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint",
        string="Replenishment rule",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    location_id = fields.Many2one("stock.location", required=True, index=True, check_company=True)
    warehouse_id = fields.Many2one("stock.warehouse", index=True, check_company=True)
    cs_customer_id = fields.Many2one(
        "res.partner",
        string="VMI customer",
        related="warehouse_id.cs_vmi_partner_id",
        store=True,
        precompute=True,  # in the INSERT of the job's batch, not one UPDATE per hundred alerts after it
        help="The customer of the VMI site, when the location is one.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    min_qty = fields.Float(string="Min", digits="Product Unit of Measure", readonly=True)
    forecast_qty = fields.Float(
        string="Forecast",
        digits="Product Unit of Measure",
        readonly=True,
        help="On hand plus incoming minus outgoing at the location when the job last looked.",
    )
    shortage_qty = fields.Float(
        string="Short by",
        digits="Product Unit of Measure",
        compute="_compute_shortage_qty",
        store=True,
        precompute=True,
    )
    state = fields.Selection(
        ALERT_STATES, required=True, default="open", index=True, tracking=True, readonly=True, copy=False
    )
    date_raised = fields.Datetime(string="Raised on", default=fields.Datetime.now, readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed on", readonly=True, copy=False)

    # an alert is the job's record of a situation: only the job writes it
    _CS_GUARDED = (
        "orderpoint_id",
        "product_id",
        "location_id",
        "warehouse_id",
        "company_id",
        "min_qty",
        "forecast_qty",
        "state",
        "date_raised",
        "date_closed",
    )

    _sql_constraints = [
        # one open alert per rule, however often the job runs
        (
            "orderpoint_open_uniq",
            "EXCLUDE (orderpoint_id WITH =) WHERE (state = 'open')",
            "This replenishment rule already has an open alert.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, self._CS_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, self._CS_GUARDED)
        return super().write(vals)

    @api.depends("min_qty", "forecast_qty")
    def _compute_shortage_qty(self):
        for alert in self:
            alert.shortage_qty = max(alert.min_qty - alert.forecast_qty, 0.0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_cs_refresh(self):
        """Run the check now (supervisors), then show what is below minimum."""
        self.check_access("write")
        # not while the daily job runs (Odoo's cron lock: a clear error instead of a second run)
        self.env.ref("sales_cs_desk.ir_cron_cs_vmi_stock_alerts").sudo()._try_lock()
        self.sudo()._cron_cs_stock_alerts(auto_commit=False)
        return self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_vmi_stock_alert_action")

    # ------------------------------------------------------------------
    # Daily job
    # ------------------------------------------------------------------
    @api.model
    def _cs_orderpoint_domain(self):
        """The safety-stock rules the alert job watches: a minimum, in a company with VMI switched on."""
        return [("product_min_qty", ">", 0), ("company_id.cs_vmi_enabled", "=", True)]

    @api.model
    def _cron_cs_stock_alerts(self, batch_size=2000, auto_commit=None):
        """Daily job: raise and close safety-stock alerts for every active rule.

        Rules are read in batches of ``batch_size`` (progress reported to the
        cron after each, the cache emptied between them); each batch costs a
        constant number of queries (one SQL for the forecasts, one search of
        open alerts, one create of new alerts and their activities, one
        write and one unlink for the closed ones), whatever its size — the
        ORM writes new rows 100 to an INSERT, so a first run that raises
        many alerts adds a few queries per hundred alerts.

        Bounded transactions: run by Odoo's cron worker, each batch is
        committed before the next (``ir.cron._cs_may_commit``: the worker
        holds the job's lock in its own cursor, so no second run starts
        meanwhile); run any other way ("Run now", a shell) it stays one
        transaction that holds the job's lock itself. A job interrupted
        half-way resumes harmlessly (idempotent: an open alert per rule at
        most, enforced by the database, which also turns away a duplicate
        from a concurrent run).
        """
        # ``auto_commit=False`` keeps the whole run in the caller's transaction; otherwise the batches are
        # committed only under Odoo's cron worker, which holds the job's lock (``ir.cron._cs_may_commit``)
        auto_commit = auto_commit is not False and self.env["ir.cron"]._cs_may_commit(
            "sales_cs_desk.ir_cron_cs_vmi_stock_alerts"
        )
        Orderpoint = self.env["stock.warehouse.orderpoint"].sudo()
        total = Orderpoint.search_count(self._cs_orderpoint_domain())
        last_id, raised, closed, done = 0, 0, 0, 0
        while True:
            orderpoints = Orderpoint.search_fetch(
                [("id", ">", last_id), *self._cs_orderpoint_domain()],
                ["product_id", "location_id", "warehouse_id", "company_id", "product_min_qty"],
                order="id",
                limit=batch_size,
            )
            if not orderpoints:
                break
            last_id = orderpoints[-1].id
            new, back = self._cs_check_batch(orderpoints)
            raised += new
            closed += back
            done += len(orderpoints)
            self.env["ir.cron"]._notify_progress(done=done, remaining=max(total - done, 0))
            # bounded memory and transaction: what this batch loaded leaves the cache, its work is committed
            self.env.flush_all()
            if auto_commit:
                # under the cron worker only: each batch's work is kept, the transaction bounded
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return raised, closed

    @api.model
    def _cs_check_batch(self, orderpoints):
        forecasts = self._cs_forecasts(orderpoints)
        open_alerts = self.sudo().search_fetch(
            [("orderpoint_id", "in", orderpoints.ids), ("state", "=", "open")], ["orderpoint_id"]
        )
        open_by_orderpoint = {alert.orderpoint_id.id: alert for alert in open_alerts}
        to_raise, to_close = [], self.browse()
        for orderpoint in orderpoints:
            forecast = forecasts.get(orderpoint.id, 0.0)
            below = forecast < orderpoint.product_min_qty
            alert = open_by_orderpoint.get(orderpoint.id)
            if below and not alert:
                to_raise.append((orderpoint, forecast))
            elif alert and not below:
                to_close |= alert
        self._cs_raise(to_raise)
        self._cs_close(to_close)
        return len(to_raise), len(to_close)

    @api.model
    def _cs_forecasts(self, orderpoints):
        """{orderpoint id: forecast}: on hand + incoming − outgoing in the rule's location and below.

        One query for the whole batch: quants and pending moves of the
        batch's (location, product) pairs, locations matched by
        ``parent_path``.
        """
        if not orderpoints:
            return {}
        self.env["stock.quant"].flush_model(["quantity", "location_id", "product_id"])
        self.env["stock.move"].flush_model(["product_qty", "state", "location_id", "location_dest_id", "product_id"])
        self.env["stock.warehouse.orderpoint"].flush_model(["location_id", "product_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH rules AS (
                    SELECT op.id, op.product_id, loc.parent_path || %(wildcard)s AS below
                      FROM stock_warehouse_orderpoint op
                      JOIN stock_location loc ON loc.id = op.location_id
                     WHERE op.id = ANY(%(ids)s)
                )
                SELECT r.id,
                       COALESCE((SELECT SUM(q.quantity)
                                   FROM stock_quant q
                                   JOIN stock_location l ON l.id = q.location_id
                                  WHERE q.product_id = r.product_id
                                    AND l.parent_path LIKE r.below), 0)
                     + COALESCE((SELECT SUM(CASE WHEN ld.parent_path LIKE r.below
                                                 THEN m.product_qty ELSE -m.product_qty END)
                                   FROM stock_move m
                                   JOIN stock_location ls ON ls.id = m.location_id
                                   JOIN stock_location ld ON ld.id = m.location_dest_id
                                  WHERE m.product_id = r.product_id
                                    AND m.state NOT IN ('draft', 'done', 'cancel')
                                    AND (ls.parent_path LIKE r.below)
                                        <> (ld.parent_path LIKE r.below)), 0)
                  FROM rules r
                """,
                ids=orderpoints.ids,
                wildcard="%",
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cs_raise(self, to_raise):
        if not to_raise:
            return
        companies = {orderpoint.company_id for orderpoint, __ in to_raise}
        supervisors = {company: self._cs_alert_user(company) for company in companies}
        alerts = (
            self.sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
            .create(
                [
                    {
                        "orderpoint_id": orderpoint.id,
                        "product_id": orderpoint.product_id.id,
                        "location_id": orderpoint.location_id.id,
                        "warehouse_id": orderpoint.warehouse_id.id,
                        "company_id": orderpoint.company_id.id,
                        "min_qty": orderpoint.product_min_qty,
                        "forecast_qty": forecast,
                    }
                    for orderpoint, forecast in to_raise
                ]
            )
        )
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_stock_alert")
        today = fields.Date.context_today(self)
        self.env["mail.activity"]._cs_raise(
            activity_type,
            [
                (
                    alert,
                    supervisors[alert.company_id],
                    today,
                    self.env._(
                        "%(product)s below minimum at %(location)s: forecast %(forecast)s, min %(min)s",
                        product=alert.product_id.display_name,
                        location=alert.location_id.display_name,
                        forecast=alert.forecast_qty,
                        min=alert.min_qty,
                    ),
                )
                for alert in alerts
            ],
        )

    def _cs_close(self, alerts):
        if not alerts:
            return
        alerts.sudo().with_context(tracking_disable=True).write(
            {"state": "closed", "date_closed": fields.Datetime.now()}
        )
        # the situation is over: its reminder goes (removed, not marked done: no chatter message per alert)
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_stock_alert")
        self.env["mail.activity"]._cs_close(alerts, activity_type)

    @api.model
    def _cs_alert_user(self, company):
        """The CS supervisor who gets safety-stock alerts of ``company``."""
        return company._cs_duty_supervisor()
