from odoo import api, fields, models, tools
from odoo.tools import SQL

STOCK_STATUS = [
    ("below_min", "Below min"),
    ("ok", "Within min/max"),
    ("above_max", "Above max"),
    ("no_rule", "No min/max"),
]


class CsVmiDailyReport(models.Model):
    """Daily inventory report of the VMI sites (库存日报表, L8).

    One row per VMI site, product and day, from the first day the product
    moved at the site until today: opening, in, out and closing quantities
    (product unit), the site's current min/max and the days of cover
    (closing ÷ average daily outflow over the company's window).

    An SQL view over the daily balance snapshot (``cs.vmi.daily.balance``,
    kept by the done-move path): one site and one day reads one snapshot
    row per product instead of rebuilding the site's history from its
    moves. Days are counted in the company's time zone.
    """

    _name = "cs.vmi.daily.report"
    _description = "VMI Daily Inventory Report"
    _auto = False
    _order = "date desc, warehouse_id, product_id"
    _rec_name = "product_id"

    date = fields.Date(readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="VMI site", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product template", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    opening_qty = fields.Float(string="Opening", readonly=True, digits="Product Unit of Measure")
    qty_in = fields.Float(string="In", readonly=True, digits="Product Unit of Measure")
    qty_out = fields.Float(string="Out", readonly=True, digits="Product Unit of Measure")
    closing_qty = fields.Float(string="Closing", readonly=True, digits="Product Unit of Measure")
    min_qty = fields.Float(string="Min", readonly=True, aggregator="sum", digits="Product Unit of Measure")
    max_qty = fields.Float(string="Max", readonly=True, aggregator="sum", digits="Product Unit of Measure")
    stock_status = fields.Selection(STOCK_STATUS, string="Status", readonly=True)
    avg_daily_out = fields.Float(
        string="Average daily out",
        readonly=True,
        aggregator="sum",
        digits="Product Unit of Measure",
        help="Outflow of the last days (the company's days-of-cover window), per day.",
    )
    days_of_cover = fields.Float(
        string="Days of cover",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Closing stock divided by the average daily outflow; empty when nothing went out.",
    )

    # ------------------------------------------------------------------
    # The view, in small builders other modules can extend
    # ------------------------------------------------------------------
    @api.model
    def _cs_sites_query(self):
        """Active VMI sites with their window and local time zone."""
        return SQL(
            """
            SELECT w.id AS warehouse_id, w.company_id, w.cs_vmi_partner_id AS partner_id,
                   w.lot_stock_id, GREATEST(c.cs_vmi_cover_days, 1) AS cover_days,
                   COALESCE(cp.tz, 'UTC') AS tz
              FROM stock_warehouse w
              JOIN res_company c ON c.id = w.company_id
              JOIN res_partner cp ON cp.id = c.partner_id
             WHERE w.cs_is_vmi AND w.active
            """
        )

    @api.model
    def _cs_query(self):
        # Rows of days with movement come straight from the daily balance
        # snapshot (index on site and day); a quiet day is found through the
        # range index of the snapshot rows it lies between, so a filter on
        # one day reads one row per product, not the site's history. The
        # average outflow subtracts the cumulated outflow of the row that
        # covers the day ``window`` days earlier (an index lookup).
        return SQL(
            """
            WITH sites AS NOT MATERIALIZED (%(sites)s),
                 days AS NOT MATERIALIZED (
                SELECT g::date AS day
                  FROM generate_series(
                       (SELECT MIN(date) FROM cs_vmi_daily_balance),
                       (NOW() AT TIME ZONE 'UTC')::date + 1, INTERVAL '1 day') AS g
                 ),
                 dense AS NOT MATERIALIZED (
                SELECT b.warehouse_id, b.product_id, b.date, b.qty_in, b.qty_out,
                       b.closing_qty, b.cumulated_out
                  FROM cs_vmi_daily_balance b
                 UNION ALL
                SELECT b.warehouse_id, b.product_id, c.day, 0, 0, b.closing_qty, b.cumulated_out
                  FROM days c
                  JOIN cs_vmi_daily_balance b ON daterange(b.date + 1, b.next_date) @> c.day
                  JOIN sites s ON s.warehouse_id = b.warehouse_id
                 WHERE c.day <= (NOW() AT TIME ZONE s.tz)::date
                 ),
                 averaged AS NOT MATERIALIZED (
                SELECT d.*, s.company_id, s.partner_id, s.lot_stock_id,
                       (d.cumulated_out - COALESCE(back.cumulated_out, 0)) / s.cover_days AS avg_daily_out
                  FROM dense d
                  JOIN sites s ON s.warehouse_id = d.warehouse_id
                  -- one lookup per row: the balance ``window`` days earlier
                  LEFT JOIN LATERAL (
                        SELECT p.cumulated_out FROM cs_vmi_daily_balance p
                         WHERE p.warehouse_id = d.warehouse_id AND p.product_id = d.product_id
                           AND p.date <= d.date - s.cover_days
                         ORDER BY p.date DESC LIMIT 1) back ON TRUE
                 )
            SELECT (a.date - DATE '2000-01-01')::bigint * 1000000000000
                       + a.warehouse_id::bigint * 100000000 + a.product_id AS id,
                   a.date, a.warehouse_id, a.company_id, a.partner_id AS cs_customer_id,
                   a.product_id, pp.product_tmpl_id, pt.uom_id AS product_uom_id,
                   a.closing_qty - a.qty_in + a.qty_out AS opening_qty,
                   a.qty_in, a.qty_out, a.closing_qty,
                   op.product_min_qty AS min_qty, op.product_max_qty AS max_qty,
                   CASE WHEN op.id IS NULL THEN 'no_rule'
                        WHEN a.closing_qty < op.product_min_qty THEN 'below_min'
                        WHEN a.closing_qty > op.product_max_qty THEN 'above_max'
                        ELSE 'ok' END AS stock_status,
                   a.avg_daily_out,
                   CASE WHEN a.avg_daily_out > 0 THEN a.closing_qty / a.avg_daily_out END AS days_of_cover
              -- left joins on unique keys: the planner drops them when a query does not use them
              FROM averaged a
              LEFT JOIN product_product pp ON pp.id = a.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN stock_warehouse_orderpoint op
                     ON op.product_id = a.product_id AND op.location_id = a.lot_stock_id
                    AND op.company_id = a.company_id AND op.active
            """,
            sites=self._cs_sites_query(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))

    # ------------------------------------------------------------------
    # The printed daily report of one site and one day
    # ------------------------------------------------------------------
    @api.model
    def _cs_site_day_lines(self, warehouse, date):
        """Rows of ``warehouse`` on ``date`` that have stock or movement."""
        return self.search(
            [
                ("warehouse_id", "=", warehouse.id),
                ("date", "=", date),
                "|",
                "|",
                ("opening_qty", "!=", 0),
                ("qty_in", "!=", 0),
                ("qty_out", "!=", 0),
            ],
            order="product_id",
        )
