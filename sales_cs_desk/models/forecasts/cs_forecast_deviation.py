from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero

from ..common.cs_guard import cs_guard_fields
from .cs_customer_forecast import BUCKET_TYPES

DEVIATION_STATES = [
    ("open", "To confirm with the customer"),
    ("confirmed", "Confirmed"),
    ("corrected", "Corrected"),
    ("disputed", "Disputed"),
    ("cleared", "Back within tolerance"),
]
ANSWERS = ("confirmed", "corrected", "disputed")
# The situation and its figures are the daily job's; the answer is recorded by ``_cs_answer``.
DEVIATION_GUARDED = (
    "partner_id",
    "company_id",
    "version_id",
    "forecast_id",
    "product_id",
    "bucket_type",
    "bucket_start",
    "forecast_qty",
    "ordered_qty",
    "state",
    "answered_by_id",
    "answered_on",
)


class CsForecastDeviation(models.Model):
    """Orders of a bucket deviating from the customer's latest forecast beyond the tolerance (O2).

    One record per situation: a customer, a product, a bucket and the forecast
    version it is measured against. The daily job (``_cs_cron_deviations``)
    finds the situations in a fixed number of queries, raises one activity to
    the customer's specialist per new situation, keeps the figures of the open
    ones current, and clears those back within tolerance. The specialist
    records the customer's answer: confirmed (the orders stand), corrected
    (with the corrected quantity) or disputed.
    """

    _name = "cs.forecast.deviation"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Forecast deviation"
    _order = "bucket_start desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    version_id = fields.Many2one("cs.customer.forecast.version", string="Forecast version", readonly=True)
    forecast_id = fields.Many2one("cs.customer.forecast", string="Forecast line", readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    bucket_type = fields.Selection(BUCKET_TYPES, string="Bucket", required=True, readonly=True)
    bucket_start = fields.Date(required=True, readonly=True)
    forecast_qty = fields.Float(string="Forecast", readonly=True, digits="Product Unit of Measure")
    ordered_qty = fields.Float(string="Ordered", readonly=True, digits="Product Unit of Measure")
    deviation_qty = fields.Float(
        string="Deviation", compute="_compute_deviation", store=True, digits="Product Unit of Measure"
    )
    deviation_pct = fields.Float(string="Deviation (%)", compute="_compute_deviation", store=True, digits=(16, 1))
    state = fields.Selection(DEVIATION_STATES, required=True, default="open", readonly=True, tracking=True)
    corrected_qty = fields.Float(
        string="Corrected forecast",
        digits="Product Unit of Measure",
        tracking=True,
        help="The quantity the customer now expects for the bucket.",
    )
    answer = fields.Text(string="Customer's answer", tracking=True)
    answered_by_id = fields.Many2one("res.users", string="Answer recorded by", readonly=True, copy=False)
    answered_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "situation_unique",
            "UNIQUE(cs_customer_id, company_id, product_id, bucket_type, bucket_start, version_id)",
            "One deviation per customer, product, bucket and forecast version.",
        ),
    ]

    @api.depends("forecast_qty", "ordered_qty")
    def _compute_deviation(self):
        for deviation in self:
            deviation.deviation_qty = deviation.ordered_qty - deviation.forecast_qty
            deviation.deviation_pct = (
                deviation.deviation_qty / deviation.forecast_qty * 100.0 if deviation.forecast_qty else 100.0
            )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, DEVIATION_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, DEVIATION_GUARDED)
        return super().write(vals)

    # ------------------------------------------------------------------
    # The customer's answer
    # ------------------------------------------------------------------
    def action_cs_confirmed(self):
        return self._cs_answer("confirmed")

    def action_cs_corrected(self):
        return self._cs_answer("corrected")

    def action_cs_disputed(self):
        return self._cs_answer("disputed")

    def _cs_answer(self, answer):
        """Record the customer's answer on open deviations and close their activity."""
        if answer not in ANSWERS:
            raise UserError(self.env._("Record the answer as confirmed, corrected or disputed."))
        self.check_access("write")
        done = self.filtered(lambda d: d.state not in ("open", "cleared"))
        if done:
            raise UserError(
                self.env._(
                    "The customer's answer is already recorded for %(products)s.",
                    products=", ".join(done.product_id.mapped("display_name")),
                )
            )
        for deviation in self:
            if answer == "corrected" and float_is_zero(deviation.corrected_qty, precision_digits=6):
                raise UserError(
                    self.env._(
                        "%(product)s: enter the corrected forecast the customer gave before recording it.",
                        product=deviation.product_id.display_name,
                    )
                )
            if answer == "disputed" and not (deviation.answer or "").strip():
                raise UserError(
                    self.env._(
                        "%(product)s: write down what the customer disputes before recording it.",
                        product=deviation.product_id.display_name,
                    )
                )
        self.sudo().write({"state": answer, "answered_by_id": self.env.user.id, "answered_on": fields.Datetime.now()})
        label = dict(self._fields["state"]._description_selection(self.env))[answer]
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_forecast_deviation")
        self.env["mail.activity"]._cs_close(self, activity_type, feedback=label)
        return True

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    # Buckets that ended within this many days are compared; open and future
    # buckets are compared only when the orders already exceed the forecast.
    _cs_lookback_days = 90

    @api.model
    def _cron_cs_deviations(self):
        """Daily job: compare each company's orders with its customers' latest forecasts.

        One company at a time (the comparison is a fixed number of queries per company), progress
        reported after each; under Odoo's cron worker each company's result is committed before the
        next (``ir.cron._cs_may_commit``), any other run stays one transaction holding the job's
        lock. Idempotent: comparing again updates the same deviations.
        """
        auto_commit = self.env["ir.cron"]._cs_may_commit("sales_cs_desk.ir_cron_cs_forecast_deviations")
        companies = self.env["res.company"].sudo().search([("cs_forecast_enabled", "=", True)])
        for done, company in enumerate(companies, start=1):
            self._cs_find_deviations(company)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(companies) - done)
            if auto_commit:
                # under the cron worker only: one company's comparison per transaction
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _cs_latest_sql(self, companies, since):
        """The latest forecast of each bucket of ``companies`` ending after ``since``."""
        return SQL(
            """
            SELECT DISTINCT ON (f.company_id, f.cs_customer_id, f.product_id, f.bucket_type, f.bucket_start)
                   f.id, f.version_id, f.company_id, f.cs_customer_id, f.product_id, f.bucket_type,
                   f.bucket_start, f.bucket_end, f.quantity
              FROM cs_customer_forecast f
             WHERE f.company_id = ANY(%(companies)s)
               AND f.bucket_end > %(since)s
             ORDER BY f.company_id, f.cs_customer_id, f.product_id, f.bucket_type, f.bucket_start,
                      f.received_date DESC, f.version_id DESC
            """,
            companies=companies.ids,
            since=since,
        )

    @api.model
    def _cs_compare(self, companies, since):
        """Rows ``(forecast id, version id, company id, customer id, product id, bucket type, bucket start,
        bucket end, forecast, ordered)`` of the latest buckets: two queries, joined here (a join in SQL
        depends on the planner's statistics of freshly imported forecasts)."""
        self.env.cr.execute(self._cs_latest_sql(companies, since))
        latest = self.env.cr.fetchall()
        if not latest:
            return []
        customers = list({row[3] for row in latest})
        products = list({row[4] for row in latest})
        start = min(row[6] for row in latest)
        self.env.cr.execute(
            self.env["cs.customer.forecast"]._cs_ordered_sql(
                SQL(
                    "so.company_id = ANY(%s) AND p.commercial_partner_id = ANY(%s) AND sol.product_id = ANY(%s)"
                    " AND COALESCE(so.commitment_date, so.date_order) >= %s",
                    companies.ids,
                    customers,
                    products,
                    start,
                )
            )
        )
        ordered = {tuple(row[:5]): row[5] for row in self.env.cr.fetchall()}
        return [(*row, ordered.get((row[3], row[2], row[4], row[5], row[6]), 0.0)) for row in latest]

    @api.model
    def _cs_exceeds(self, forecast, ordered, tolerance, ended):
        """Whether ``ordered`` deviates from ``forecast`` beyond ``tolerance`` (quantity, percent) — both."""
        gap = ordered - forecast
        if not ended and gap <= 0:
            return False  # an open bucket may still fill up
        tol_qty, tol_pct = tolerance
        pct = abs(gap) / forecast * 100.0 if forecast else float("inf")
        return abs(gap) > tol_qty and pct > tol_pct

    @api.model
    def _cs_find_deviations(self, companies):
        """Create, update and clear the deviations of ``companies`` (a fixed number of queries)."""
        today = fields.Date.context_today(self)
        since = today - timedelta(days=self._cs_lookback_days)
        self.env["cs.customer.forecast"].flush_model()
        self.env["sale.order"].flush_model(["state", "partner_id", "company_id", "commitment_date", "date_order"])
        self.env["sale.order.line"].flush_model(["product_uom_qty", "product_uom", "product_id", "display_type"])
        rows = self._cs_compare(companies, since)
        customers = self.env["res.partner"].sudo().browse({row[3] for row in rows})
        customers.fetch(["cs_forecast_tolerance_qty", "cs_forecast_tolerance_pct", "cs_user_id"])
        Company = self.env["res.company"].sudo()
        found = {}
        tolerances = {
            (customer.id, company.id): customer._cs_forecast_tolerance(company)
            for customer in customers
            for company in Company.browse({row[2] for row in rows})
        }
        for fid, version_id, company_id, customer_id, product_id, btype, bstart, bend, forecast, ordered in rows:
            tolerance = tolerances[(customer_id, company_id)]
            if self._cs_exceeds(forecast, ordered, tolerance, ended=bend <= today):
                key = (customer_id, company_id, product_id, btype, bstart, version_id)
                found[key] = {"forecast_id": fid, "forecast_qty": forecast, "ordered_qty": ordered}
        # open situations of buckets still compared: those not found again are back within tolerance
        # (older ones stay open until the specialist answers)
        Forecast = self.env["cs.customer.forecast"]
        existing = (
            self.sudo()
            .search([("company_id", "in", companies.ids), ("state", "=", "open")])
            .filtered(lambda d: Forecast._cs_bucket_end(d.bucket_type, d.bucket_start) > since)
        )
        keys = {
            (d.cs_customer_id.id, d.company_id.id, d.product_id.id, d.bucket_type, d.bucket_start, d.version_id.id): d
            for d in self.sudo().search(
                [
                    ("company_id", "in", companies.ids),
                    ("cs_customer_id", "in", customers.ids),
                    ("bucket_start", ">=", min((row[6] for row in rows), default=since)),
                ]
            )
        }
        to_create = []
        reopened = self.sudo().browse()
        for key, figures in found.items():
            deviation = keys.get(key)
            if deviation:
                if deviation.state == "cleared":
                    reopened |= deviation
                if deviation.state in ("open", "cleared") and (
                    deviation.forecast_qty != figures["forecast_qty"]
                    or deviation.ordered_qty != figures["ordered_qty"]
                    or deviation.state == "cleared"
                ):
                    deviation.write({**figures, "state": "open"})
                continue
            customer_id, company_id, product_id, btype, bstart, version_id = key
            to_create.append(
                {
                    "partner_id": customer_id,
                    "company_id": company_id,
                    "product_id": product_id,
                    "bucket_type": btype,
                    "bucket_start": bstart,
                    "version_id": version_id,
                    **figures,
                }
            )
        created = self.sudo().create(to_create)
        cleared = existing.filtered(lambda d: d._cs_key() not in found)
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_forecast_deviation")
        if cleared:
            cleared.write({"state": "cleared"})
            self.env["mail.activity"]._cs_close(cleared, activity_type)
        self.env["mail.activity"]._cs_raise(
            activity_type,
            [
                (deviation, deviation.cs_customer_id.cs_user_id, today, deviation._cs_summary())
                for deviation in created | reopened
            ],
        )
        return created

    def _cs_key(self):
        self.ensure_one()
        return (
            self.cs_customer_id.id,
            self.company_id.id,
            self.product_id.id,
            self.bucket_type,
            self.bucket_start,
            self.version_id.id,
        )

    def _cs_summary(self):
        self.ensure_one()
        return self.env._(
            "%(customer)s ordered %(ordered)s %(uom)s of %(product)s for %(bucket)s, forecast %(forecast)s: "
            "confirm with the customer",
            customer=self.cs_customer_id.name,
            ordered=round(self.ordered_qty, 2),
            uom=self.product_id.uom_id.name,
            product=self.product_id.display_name,
            bucket=self.bucket_start,
            forecast=round(self.forecast_qty, 2),
        )
