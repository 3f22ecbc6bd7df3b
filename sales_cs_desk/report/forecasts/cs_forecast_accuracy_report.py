from odoo import api, fields, models, tools
from odoo.tools import SQL

from ...models.forecasts.cs_customer_forecast import BUCKET_TYPES


class CsForecastAccuracyReport(models.Model):
    """Forecast accuracy per customer, product and ended bucket (O2).

    The forecast of a bucket is the one the customer had given when the
    bucket began (the latest version received on or before its first day; if
    none, the first version holding it): a version sent after the fact would
    make any forecast look perfect. Ordered quantities by requested date, on
    confirmed orders. Grouped over N periods: the sum of ``error_qty`` is the
    bias in units (positive: the customer over-forecast), the average of
    ``ape`` is the MAPE and the average of ``bias_pct`` the mean percentage
    error; ``_cs_accuracy`` gives bias % (sum of errors over sum of orders) and
    MAPE for a domain.
    """

    _name = "cs.forecast.accuracy.report"
    _description = "Forecast accuracy"
    _auto = False
    _order = "bucket_start desc"

    company_id = fields.Many2one("res.company", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    version_id = fields.Many2one("cs.customer.forecast.version", string="Forecast version", readonly=True)
    bucket_type = fields.Selection(BUCKET_TYPES, string="Bucket", readonly=True)
    bucket_start = fields.Date(readonly=True)
    forecast_qty = fields.Float(string="Forecast", readonly=True, aggregator="sum")
    ordered_qty = fields.Float(string="Ordered", readonly=True, aggregator="sum")
    error_qty = fields.Float(string="Bias (quantity)", readonly=True, aggregator="sum", help="Forecast − ordered.")
    abs_error_qty = fields.Float(string="Absolute error", readonly=True, aggregator="sum")
    ape = fields.Float(
        string="MAPE (%)",
        readonly=True,
        aggregator="avg",
        help="Absolute error as a share of the ordered quantity; averaged over the buckets it is the MAPE "
        "(buckets without orders are left out).",
    )
    bias_pct = fields.Float(
        string="Bias (%)", readonly=True, aggregator="avg", help="(Forecast − ordered) / ordered, averaged."
    )

    def _query(self):
        return SQL(
            """
            WITH asof AS (
                SELECT DISTINCT ON (f.company_id, f.cs_customer_id, f.product_id, f.bucket_type, f.bucket_start)
                       f.id, f.version_id, f.company_id, f.cs_customer_id, f.product_id, f.bucket_type,
                       f.bucket_start, f.bucket_end, f.quantity
                  FROM cs_customer_forecast f
                 WHERE f.bucket_end <= CURRENT_DATE
                 ORDER BY f.company_id, f.cs_customer_id, f.product_id, f.bucket_type, f.bucket_start,
                          (f.received_date > f.bucket_start),
                          CASE WHEN f.received_date <= f.bucket_start THEN f.bucket_start - f.received_date
                               ELSE f.received_date - f.bucket_start END,
                          f.version_id DESC
            ),
            ordered AS (%s)
            SELECT a.id, a.company_id, a.cs_customer_id, a.product_id, a.version_id, a.bucket_type,
                   a.bucket_start,
                   a.quantity AS forecast_qty,
                   COALESCE(ordered.qty, 0) AS ordered_qty,
                   a.quantity - COALESCE(ordered.qty, 0) AS error_qty,
                   ABS(a.quantity - COALESCE(ordered.qty, 0)) AS abs_error_qty,
                   ABS(a.quantity - ordered.qty) / NULLIF(ordered.qty, 0) * 100.0 AS ape,
                   (a.quantity - ordered.qty) / NULLIF(ordered.qty, 0) * 100.0 AS bias_pct
              FROM asof a
              LEFT JOIN ordered ON ordered.cs_customer_id = a.cs_customer_id
                               AND ordered.company_id = a.company_id
                               AND ordered.product_id = a.product_id
                               AND ordered.bucket_type = a.bucket_type
                               AND ordered.bucket_start = a.bucket_start
            """,
            self.env["cs.customer.forecast"]._cs_ordered_sql(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _cs_accuracy(self, domain):
        """{"bias_pct": Σ(forecast − ordered) / Σ ordered × 100, "mape": mean APE, "periods": n} over ``domain``."""
        rows = self.search_fetch(domain, ["forecast_qty", "ordered_qty", "ape"])
        ordered = sum(rows.mapped("ordered_qty"))
        apes = [row.ape for row in rows if row.ordered_qty]
        return {
            "bias_pct": (sum(rows.mapped("forecast_qty")) - ordered) / ordered * 100.0 if ordered else 0.0,
            "mape": sum(apes) / len(apes) if apes else 0.0,
            "periods": len(rows),
        }
