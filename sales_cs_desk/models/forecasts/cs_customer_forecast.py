from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields

BUCKET_TYPES = [("week", "Week"), ("month", "Month")]
# Follow the version: given, the customer would choose the record rule.
LINE_GUARDED = ("cs_customer_id", "company_id", "received_date", "version")


class CsCustomerForecast(models.Model):
    """A forecast quantity of a customer for a product in a bucket (a week or a month), in one version (O2).

    The bucket starts on a Monday (week) or on the 1st (month): a date inside
    the bucket is moved to its start when the line is recorded.
    """

    _name = "cs.customer.forecast"
    _description = "Customer forecast"
    _order = "bucket_start, product_id, version_id desc"
    _check_company_auto = True

    version_id = fields.Many2one(
        "cs.customer.forecast.version", required=True, ondelete="cascade", index=True, check_company=True
    )
    # a line of a CS record: its customer and company are the version's (the record rules read them)
    cs_customer_id = fields.Many2one(
        related="version_id.cs_customer_id", string="Customer", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(related="version_id.company_id", store=True, index=True, precompute=True)
    received_date = fields.Date(related="version_id.received_date", store=True, precompute=True)
    version = fields.Integer(related="version_id.version", store=True, string="Version number")
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    bucket_type = fields.Selection(BUCKET_TYPES, string="Bucket", required=True, default="month")
    bucket_start = fields.Date(required=True, index=True)
    bucket_end = fields.Date(compute="_compute_bucket_end", store=True, help="The first day after the bucket.")
    quantity = fields.Float(digits="Product Unit of Measure", help="In the product's unit.")

    _sql_constraints = [
        (
            "bucket_unique",
            "UNIQUE(version_id, product_id, bucket_type, bucket_start)",
            "A version holds one quantity per product and bucket.",
        ),
    ]

    @api.depends("bucket_type", "bucket_start")
    def _compute_bucket_end(self):
        for line in self:
            line.bucket_end = self._cs_bucket_end(line.bucket_type, line.bucket_start) if line.bucket_start else False

    @api.constrains("quantity")
    def _check_cs_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a forecast quantity cannot be negative (%(qty)s).",
                        product=line.product_id.display_name,
                        qty=line.quantity,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, LINE_GUARDED, operation="create")
        return super().create([self._cs_normalize_bucket(vals) for vals in vals_list])

    def write(self, vals):
        cs_guard_fields(self, vals, (*LINE_GUARDED, "version_id"))
        if "bucket_start" in vals or "bucket_type" in vals:
            for line in self:
                line_vals = {"bucket_type": line.bucket_type, "bucket_start": line.bucket_start, **vals}
                super(CsCustomerForecast, line).write(self._cs_normalize_bucket(line_vals))
            return True
        return super().write(vals)

    @api.model
    def _cs_normalize_bucket(self, vals):
        if vals.get("bucket_start"):
            start = fields.Date.to_date(vals["bucket_start"])
            vals = {**vals, "bucket_start": self._cs_bucket_start(vals.get("bucket_type") or "month", start)}
        return vals

    @api.model
    def _cs_bucket_start(self, bucket_type, day):
        if bucket_type == "week":
            return day - relativedelta(days=day.weekday())
        return day.replace(day=1)

    @api.model
    def _cs_bucket_end(self, bucket_type, start):
        return start + (relativedelta(weeks=1) if bucket_type == "week" else relativedelta(months=1))

    # ------------------------------------------------------------------
    # "Ordered in a bucket" (O2): the quantity (product unit) the customer ordered of the product for
    # delivery in the bucket, on confirmed orders, by requested date (the commitment date, else the
    # order date). Defined once, in SQL, for the daily job and the accuracy report.
    # ------------------------------------------------------------------
    @api.model
    def _cs_ordered_sql(self, where=None):
        """A query of ``(cs_customer_id, company_id, product_id, bucket_type, bucket_start, qty)``: the ordered
        quantities summed per customer, product and week and per month (Monday and 1st as bucket start), for
        orders matching ``where`` (an ``SQL`` condition on ``so``, ``p``, ``sol``)."""
        return SQL(
            """
            WITH ordered_day AS (
                SELECT p.commercial_partner_id AS cs_customer_id, so.company_id, sol.product_id,
                       COALESCE(so.commitment_date, so.date_order)::date AS day,
                       SUM(sol.product_uom_qty / COALESCE(NULLIF(lu.factor, 0), 1) * COALESCE(pu.factor, 1)) AS qty
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN sale_order_line sol ON sol.order_id = so.id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
                  LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE so.state = 'sale'
                   AND sol.display_type IS NULL
                   AND %(where)s
                 GROUP BY 1, 2, 3, 4
            )
            SELECT cs_customer_id, company_id, product_id, 'month' AS bucket_type,
                   DATE_TRUNC('month', day)::date AS bucket_start, SUM(qty) AS qty
              FROM ordered_day GROUP BY 1, 2, 3, 4, 5
             UNION ALL
            SELECT cs_customer_id, company_id, product_id, 'week', DATE_TRUNC('week', day)::date, SUM(qty)
              FROM ordered_day GROUP BY 1, 2, 3, 4, 5
            """,
            where=where or SQL("TRUE"),
        )
