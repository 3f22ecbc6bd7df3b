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

    An SQL view over done stock moves; the running balance and the moving
    average are window functions, so the database does the work whatever
    the number of rows. Days are counted in the company's time zone.
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
    def _cs_flows_query(self):
        """Done quantities entering and leaving each site's internal locations, per local day.

        Moves between two internal locations of the same site are not flows.
        Two halves joined on the indexed location columns rather than one OR.
        """
        half = """
            SELECT s.warehouse_id, m.product_id,
                   (m.date AT TIME ZONE 'UTC' AT TIME ZONE s.tz)::date AS date,
                   {qty_in} AS qty_in, {qty_out} AS qty_out
              FROM sites s
              JOIN stock_location here ON here.warehouse_id = s.warehouse_id AND here.usage = 'internal'
              JOIN stock_move m ON m.{here_column} = here.id AND m.state = 'done'
              JOIN stock_location there ON there.id = m.{there_column}
             WHERE NOT (there.usage = 'internal' AND there.warehouse_id IS NOT DISTINCT FROM s.warehouse_id)
        """
        inflow = half.format(
            qty_in="m.product_qty", qty_out="0", here_column="location_dest_id", there_column="location_id"
        )
        outflow = half.format(
            qty_in="0", qty_out="m.product_qty", here_column="location_id", there_column="location_dest_id"
        )
        return SQL(
            """
            SELECT warehouse_id, product_id, date, SUM(qty_in) AS qty_in, SUM(qty_out) AS qty_out
              FROM (%s UNION ALL %s) moves
             GROUP BY warehouse_id, product_id, date
            """,
            SQL(inflow),
            SQL(outflow),
        )

    @api.model
    def _cs_query(self):
        # Every step is referenced once and NOT MATERIALIZED, and every window
        # is partitioned by site first: a filter on the site reaches the
        # moves' location index instead of computing every site.
        return SQL(
            """
            WITH sites AS NOT MATERIALIZED (%(sites)s),
                 flows AS NOT MATERIALIZED (%(flows)s),
                 sparse AS NOT MATERIALIZED (
                -- days with movement: running balance, cumulated outflow, next such day
                SELECT f.warehouse_id, f.product_id, f.date, f.qty_in, f.qty_out,
                       s.company_id, s.partner_id, s.lot_stock_id, s.cover_days,
                       (NOW() AT TIME ZONE s.tz)::date AS today,
                       LEAD(f.date) OVER w AS next_date,
                       SUM(f.qty_in - f.qty_out) OVER w AS closing_qty,
                       SUM(f.qty_out) OVER w AS cumulated_out
                  FROM flows f
                  JOIN sites s ON s.warehouse_id = f.warehouse_id
                WINDOW w AS (PARTITION BY f.warehouse_id, f.product_id ORDER BY f.date)
                 ),
                 dense AS NOT MATERIALIZED (
                -- every day: a day with movement, then its quiet days until the next one
                SELECT sp.warehouse_id, sp.product_id, sp.date + g.n AS date,
                       CASE WHEN g.n = 0 THEN sp.qty_in ELSE 0 END AS qty_in,
                       CASE WHEN g.n = 0 THEN sp.qty_out ELSE 0 END AS qty_out,
                       sp.closing_qty, sp.cumulated_out, sp.cover_days,
                       sp.company_id, sp.partner_id, sp.lot_stock_id
                  FROM sparse sp
                 CROSS JOIN LATERAL generate_series(
                       0, COALESCE(sp.next_date - 1, GREATEST(sp.date, sp.today)) - sp.date) AS g(n)
                 ),
                 averaged AS NOT MATERIALIZED (
                SELECT d.*,
                       (d.cumulated_out - COALESCE(LAG(d.cumulated_out, d.cover_days) OVER (
                           PARTITION BY d.warehouse_id, d.product_id ORDER BY d.date), 0)) / d.cover_days
                       AS avg_daily_out
                  FROM dense d
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
            flows=self._cs_flows_query(),
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
