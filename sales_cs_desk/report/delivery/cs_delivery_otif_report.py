from odoo import fields, models, tools
from odoo.tools import SQL

# Rates averaged by quantity, not by line: (numerator, weight) of each rate.
WEIGHTED_RATES = {
    "otif_rate": ("qty_otif", "qty_ordered"),
    "in_full_rate": ("qty_in_full", "qty_ordered"),
    "on_time_rate": ("qty_on_time", "qty_delivered"),
}


class CsDeliveryOtifReport(models.Model):
    """On-time-in-full per order line (L5): the sales-side twin of Odoo's vendor on-time report.

    One row per goods line of a confirmed order that is due (its promised date has come) or has shipped.
    The promise is the order's promised date, frozen at confirmation and moved only by an approved
    change request (O9). A delivered quantity is on time when its delivery arrived — the arrival the desk
    or the customer recorded, else the ETA (ship date plus transit days) — on or before the promise.
    Quantities are in the order line's unit (as ordered); the rates are weighted by quantity in every
    grouping.
    """

    _name = "cs.delivery.otif.report"
    _description = "On-Time-In-Full"
    _auto = False
    _order = "promised_date desc, id desc"
    _rec_name = "order_id"
    # what a search flushes first: the rows are read from these tables
    _depends = {
        "sale.order": ["state", "company_id", "partner_id", "warehouse_id", "carrier_id", "cs_promised_date"],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "display_type",
            "qty_delivered_method",
        ],
        "stock.move": [
            "sale_line_id",
            "state",
            "quantity",
            "product_uom",
            "product_id",
            "location_dest_id",
            "picking_id",
        ],
        "stock.picking": ["cs_arrival_date", "cs_eta"],
        "res.partner": ["commercial_partner_id", "cs_user_id"],
    }

    order_line_id = fields.Many2one("sale.order.line", string="Order line", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier (order)", readonly=True)
    cs_user_id = fields.Many2one("res.users", string="CS specialist", readonly=True)
    promised_date = fields.Date(string="Promised arrival", readonly=True)
    # read for the rows shown, not in the view: the aggregate over a million lines stays as lean as a
    # hand-written one (two sums per line)
    arrival_date = fields.Date(
        string="Arrival",
        compute="_compute_delivery_dates",
        help="The last arrival of the line's deliveries (recorded, else the ETA).",
    )
    ship_date = fields.Datetime(string="Last shipped on", compute="_compute_delivery_dates")
    qty_ordered = fields.Float(string="Ordered", readonly=True, aggregator="sum", digits="Product Unit of Measure")
    qty_delivered = fields.Float(string="Delivered", readonly=True, aggregator="sum", digits="Product Unit of Measure")
    qty_on_time = fields.Float(
        string="Delivered on time", readonly=True, aggregator="sum", digits="Product Unit of Measure"
    )
    qty_in_full = fields.Float(
        string="Delivered (up to ordered)", readonly=True, aggregator="sum", digits="Product Unit of Measure"
    )
    qty_otif = fields.Float(
        string="On time and in full", readonly=True, aggregator="sum", digits="Product Unit of Measure"
    )
    nbr = fields.Integer(string="Lines", readonly=True, aggregator="sum")
    is_on_time = fields.Boolean(string="On time", readonly=True)
    is_in_full = fields.Boolean(string="In full", readonly=True)
    is_otif = fields.Boolean(string="OTIF", readonly=True)
    otif_rate = fields.Float(
        string="OTIF (%)",
        readonly=True,
        aggregator="avg",
        help="Quantity delivered on time, up to the ordered quantity, over the quantity ordered.",
    )
    on_time_rate = fields.Float(
        string="On time (%)", readonly=True, aggregator="avg", help="Quantity on time over the quantity delivered."
    )
    in_full_rate = fields.Float(
        string="In full (%)",
        readonly=True,
        aggregator="avg",
        help="Quantity delivered, up to the ordered quantity, over the quantity ordered.",
    )

    # ------------------------------------------------------------------
    # SQL, in small builders that another addon can extend
    # ------------------------------------------------------------------
    def _cs_arrival_sql(self):
        return SQL("COALESCE(pk.cs_arrival_date, pk.cs_eta)")

    def _cs_moves_sql(self):
        """Done quantities per order line, in the line's unit, and how much of it arrived in time."""
        # moves of a sale line are made in its unit; another unit (changed by hand) is converted
        qty = SQL(
            """CASE WHEN m.product_uom = sl.product_uom THEN m.quantity
                    ELSE (SELECT m.quantity / mu.factor * lu.factor
                            FROM uom_uom mu, uom_uom lu
                           WHERE mu.id = m.product_uom AND lu.id = sl.product_uom) END"""
        )
        return SQL(
            """
            SELECT m.sale_line_id,
                   SUM(%(qty)s) AS qty_delivered,
                   COALESCE(SUM(%(qty)s) FILTER (WHERE %(arrival)s <= so.cs_promised_date), 0) AS qty_on_time
              FROM stock_move m
              JOIN stock_picking pk ON pk.id = m.picking_id
              JOIN sale_order_line sl ON sl.id = m.sale_line_id
              JOIN sale_order so ON so.id = sl.order_id
             WHERE m.state = 'done'
               AND m.location_dest_id IN (SELECT id FROM stock_location WHERE usage = 'customer')
               AND so.cs_promised_date IS NOT NULL
             GROUP BY m.sale_line_id
            """,
            qty=qty,
            arrival=self._cs_arrival_sql(),
        )

    def _cs_query(self):
        ordered = SQL("l.product_uom_qty")
        delivered = SQL("COALESCE(mv.qty_delivered, 0)")
        on_time = SQL("COALESCE(mv.qty_on_time, 0)")
        # goods lines are those Odoo delivers by stock moves; the specialist is a commercial field (the
        # contact carries its company's)
        return SQL(
            """
            WITH mv AS (%(moves)s)
            SELECT l.id AS id,
                   l.id AS order_line_id,
                   so.id AS order_id,
                   so.company_id AS company_id,
                   p.commercial_partner_id AS cs_customer_id,
                   l.product_id AS product_id,
                   l.product_uom AS product_uom_id,
                   so.warehouse_id AS warehouse_id,
                   so.carrier_id AS carrier_id,
                   p.cs_user_id AS cs_user_id,
                   so.cs_promised_date AS promised_date,
                   %(ordered)s AS qty_ordered,
                   %(delivered)s AS qty_delivered,
                   %(on_time)s AS qty_on_time,
                   LEAST(%(delivered)s, %(ordered)s) AS qty_in_full,
                   LEAST(%(on_time)s, %(ordered)s) AS qty_otif,
                   1 AS nbr,
                   (%(delivered)s > 0 AND %(on_time)s >= %(delivered)s) AS is_on_time,
                   (%(delivered)s >= %(ordered)s) AS is_in_full,
                   (%(on_time)s >= %(ordered)s) AS is_otif,
                   100.0 * LEAST(%(on_time)s, %(ordered)s) / %(ordered)s AS otif_rate,
                   100.0 * LEAST(%(delivered)s, %(ordered)s) / %(ordered)s AS in_full_rate,
                   CASE WHEN %(delivered)s > 0 THEN 100.0 * %(on_time)s / %(delivered)s END AS on_time_rate
              FROM sale_order_line l
              JOIN sale_order so ON so.id = l.order_id
              JOIN res_partner p ON p.id = so.partner_id
              LEFT JOIN mv ON mv.sale_line_id = l.id
             WHERE so.state = 'sale'
               AND l.qty_delivered_method = 'stock_move'
               AND l.display_type IS NULL
               AND l.product_uom_qty > 0
               AND so.cs_promised_date IS NOT NULL
               AND (so.cs_promised_date <= CURRENT_DATE OR mv.sale_line_id IS NOT NULL)
            """,
            moves=self._cs_moves_sql(),
            ordered=ordered,
            delivered=delivered,
            on_time=on_time,
        )

    def _compute_delivery_dates(self):
        # the reader may read these lines (record rules on the report): their deliveries' dates are read
        # as superuser, the salesman of the order need not be the CS reader
        moves = (
            self.env["stock.move"]
            .sudo()
            .search(
                [
                    ("sale_line_id", "in", self.order_line_id.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ]
            )
        )
        by_line = {}
        for move in moves:
            picking = move.picking_id
            arrival, shipped = by_line.get(move.sale_line_id.id, (False, False))
            candidate = picking.cs_arrival_date or picking.cs_eta
            by_line[move.sale_line_id.id] = (
                max(filter(None, (arrival, candidate)), default=False),
                max(filter(None, (shipped, picking.date_done)), default=False),
            )
        for row in self:
            row.arrival_date, row.ship_date = by_line.get(row.order_line_id.id, (False, False))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))

    def _read_group_select(self, aggregate_spec, query):
        """Rates are weighted by quantity: SUM(numerator) / SUM(weight), not the mean of line rates."""
        fname, __, func = aggregate_spec.partition(":")
        if func != "avg" or fname not in WEIGHTED_RATES:
            return super()._read_group_select(aggregate_spec, query)
        numerator, weight = WEIGHTED_RATES[fname]
        return SQL(
            "100.0 * SUM(%s) / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, weight, query),
        )
