import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DIGITS = "Product Unit of Measure"


class CsVmiDailyBalance(models.Model):
    """Daily balance snapshot of the VMI sites (L8): one row per site, product and day with movement.

    What the daily inventory report and the in/out statistics read instead of
    the site's whole move history: the day's in and out (done moves entering
    or leaving the site's internal locations, days in the company's time
    zone), the closing balance, the outflow cumulated since the first
    movement and the next day with movement. A quiet day is the row of the
    last day with movement before it, so the report answers one day with an
    index lookup per product.

    Kept exact by the done-move path (``stock.move``: a move becoming done,
    a write that changes a done move's date, quantity, locations, product or
    state, an unlink): :meth:`_cs_refresh` recomputes the rows of each
    touched (site, product) from the earliest touched day, in a fixed number
    of queries per batch. Rebuilt whole at install/upgrade and when a
    warehouse becomes or stops being a VMI site (:meth:`_cs_rebuild`), and
    compared with the moves by the nightly verification job, which repairs a
    site whose snapshot drifted (moves written by SQL, a time zone changed).

    Concurrency: every refresh first touches one lock row per (site,
    product); two transactions refreshing the same product of a site
    conflict there and the later one is retried by Odoo with a fresh
    snapshot (like two moves updating the same quant), so the snapshot
    never mixes two views of the moves.
    """

    _name = "cs.vmi.daily.balance"
    _description = "VMI Daily Balance"
    _log_access = False
    _order = "warehouse_id, product_id, date"
    _rec_name = "product_id"

    warehouse_id = fields.Many2one("stock.warehouse", string="VMI site", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    date = fields.Date(required=True, index=True)
    qty_in = fields.Float(string="In", digits=DIGITS)
    qty_out = fields.Float(string="Out", digits=DIGITS)
    closing_qty = fields.Float(string="Closing", digits=DIGITS)
    cumulated_out = fields.Float(string="Cumulated out", digits=DIGITS)
    next_date = fields.Date(string="Next movement", help="The next day with movement; empty for the last one.")

    _sql_constraints = [
        ("site_product_date_uniq", "UNIQUE (warehouse_id, product_id, date)", "One balance per site, product and day."),
    ]

    def init(self):
        cr = self.env.cr
        # quiet days covered by a row: a day D is quiet for the row when date < D < next_date
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS cs_vmi_daily_balance_quiet_idx
                ON cs_vmi_daily_balance USING gist (daterange(date + 1, next_date));
            CREATE TABLE IF NOT EXISTS cs_vmi_daily_balance_lock (
                warehouse_id integer NOT NULL,
                product_id integer NOT NULL,
                refreshed timestamp,
                PRIMARY KEY (warehouse_id, product_id)
            );
            """
        )
        # built once, when the table is new (install, or the upgrade that brings it); later updates keep it —
        # the done-move path keeps it exact and the nightly check repairs drift — so that updating the module
        # on a large database does not re-read every VMI move (389 s at 4 million moves)
        cr.execute("SELECT 1 FROM cs_vmi_daily_balance LIMIT 1")
        if not cr.fetchone():
            self._cs_rebuild()

    # ------------------------------------------------------------------
    # SQL builders
    # ------------------------------------------------------------------
    @api.model
    def _cs_moves_query(self, keys, per_product=False):
        """Done quantities in and out of the sites per local day.

        ``keys``: an SQL relation ``k(warehouse_id, product_id, from_utc, tz)``
        joined to restrict the moves: every move of the site, or with
        ``per_product`` the moves of the key's product from ``from_utc`` on
        (plain conditions, so that the moves' product/location index serves
        them).
        """
        restrict = "AND m.product_id = k.product_id AND m.date >= k.from_utc" if per_product else ""
        half = (
            """
            SELECT k.warehouse_id, m.product_id,
                   (m.date AT TIME ZONE 'UTC' AT TIME ZONE k.tz)::date AS date,
                   {qty_in} AS qty_in, {qty_out} AS qty_out
              FROM keys k
              JOIN stock_location here ON here.warehouse_id = k.warehouse_id AND here.usage = 'internal'
              JOIN stock_move m ON m.{here_column} = here.id AND m.state = 'done' """
            + restrict
            + """
              JOIN stock_location there ON there.id = m.{there_column}
             WHERE NOT (there.usage = 'internal' AND there.warehouse_id IS NOT DISTINCT FROM k.warehouse_id)
        """
        )
        inflow = half.format(
            qty_in="m.product_qty", qty_out="0", here_column="location_dest_id", there_column="location_id"
        )
        outflow = half.format(
            qty_in="0", qty_out="m.product_qty", here_column="location_id", there_column="location_dest_id"
        )
        return SQL(
            """
            WITH keys AS MATERIALIZED (%s)
            SELECT warehouse_id, product_id, date, SUM(qty_in) AS qty_in, SUM(qty_out) AS qty_out
              FROM (%s UNION ALL %s) moves
             GROUP BY warehouse_id, product_id, date
            """,
            keys,
            SQL(inflow),
            SQL(outflow),
        )

    def _cs_flush_moves(self):
        self.env["stock.move"].flush_model(
            ["state", "date", "product_qty", "product_id", "location_id", "location_dest_id"]
        )
        self.env["stock.location"].flush_model(["usage", "warehouse_id"])
        self.env["stock.warehouse"].flush_model(["cs_is_vmi", "active", "company_id", "cs_vmi_partner_id"])

    def _cs_invalidate(self):
        """The snapshot and the reports read from it leave the cache (their ids do not change)."""
        for model in ("cs.vmi.daily.balance", "cs.vmi.daily.report", "cs.vmi.stock.flow"):
            self.env[model].invalidate_model()

    # ------------------------------------------------------------------
    # Full rebuild
    # ------------------------------------------------------------------
    @api.model
    def _cs_rebuild(self, warehouses=None):
        """Recompute the snapshot of ``warehouses`` (default: every warehouse) from the moves.

        Rows of warehouses that are not active VMI sites are removed.
        """
        self._cs_flush_moves()
        cr = self.env.cr
        where = SQL("TRUE") if warehouses is None else SQL("warehouse_id = ANY(%s)", list(warehouses.ids))
        cr.execute(SQL("DELETE FROM cs_vmi_daily_balance WHERE %s", where))
        self._cs_insert_full(warehouses)
        self._cs_invalidate()

    @api.model
    def _cs_insert_full(self, warehouses=None, table="cs_vmi_daily_balance"):
        sites = self.env["cs.vmi.daily.report"]._cs_sites_query()
        only = SQL("TRUE") if warehouses is None else SQL("s.warehouse_id = ANY(%s)", list(warehouses.ids))
        keys = SQL(
            """
            SELECT s.warehouse_id, NULL::integer AS product_id, NULL::timestamp AS from_utc, s.tz
              FROM (%s) s WHERE %s
            """,
            sites,
            only,
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (warehouse_id, product_id, company_id, date, qty_in, qty_out,
                                       closing_qty, cumulated_out, next_date)
                SELECT f.warehouse_id, f.product_id, w.company_id, f.date, f.qty_in, f.qty_out,
                       SUM(f.qty_in - f.qty_out) OVER win, SUM(f.qty_out) OVER win, LEAD(f.date) OVER win
                  FROM (%(flows)s) f
                  JOIN stock_warehouse w ON w.id = f.warehouse_id
                WINDOW win AS (PARTITION BY f.warehouse_id, f.product_id ORDER BY f.date)
                """,
                table=SQL.identifier(table),
                flows=self._cs_moves_query(keys),
            )
        )

    # ------------------------------------------------------------------
    # Incremental refresh (the done-move path)
    # ------------------------------------------------------------------
    @api.model
    def _cs_keys_of_moves(self, move_ids):
        """{(site id, product id): earliest local day} of the done moves ``move_ids`` at VMI sites."""
        if not move_ids:
            return {}
        self._cs_flush_moves()
        sites = self.env["cs.vmi.daily.report"]._cs_sites_query()
        rows = self.env.execute_query(
            SQL(
                """
                WITH sites AS (%(sites)s)
                SELECT s.warehouse_id, m.product_id, MIN((m.date AT TIME ZONE 'UTC' AT TIME ZONE s.tz)::date)
                  FROM stock_move m
                  JOIN stock_location ls ON ls.id = m.location_id
                  JOIN stock_location ld ON ld.id = m.location_dest_id
                  JOIN sites s ON s.warehouse_id IN (ls.warehouse_id, ld.warehouse_id)
                 WHERE m.id = ANY(%(ids)s) AND m.state = 'done'
                 GROUP BY 1, 2
                """,
                sites=sites,
                ids=list(move_ids),
            )
        )
        return {(site, product): day for site, product, day in rows}

    @api.model
    def _cs_refresh(self, keys):
        """Recompute the rows of each (site, product) of ``keys`` from its day on.

        ``keys``: {(site id, product id): first local day to recompute}. Four
        queries for any number of keys: lock rows, delete, insert from the
        moves on top of the previous balance, link the previous row to the
        next movement day.
        """
        if not keys:
            return
        self._cs_flush_moves()
        cr = self.env.cr
        ordered = sorted(keys.items())
        params = {
            "w": [w for (w, __), __d in ordered],
            "p": [p for (__, p), __d in ordered],
            "d": [d for __, d in ordered],
        }
        key_rows = SQL(
            "SELECT * FROM unnest(%(w)s::int[], %(p)s::int[], %(d)s::date[]) AS k(warehouse_id, product_id, from_date)",
            **params,
        )
        # 1. one lock row per (site, product), in a fixed order: a concurrent refresh of the
        #    same product conflicts here (serialization failure, retried by Odoo)
        cr.execute(
            SQL(
                """
                INSERT INTO cs_vmi_daily_balance_lock (warehouse_id, product_id, refreshed)
                SELECT warehouse_id, product_id, NOW() AT TIME ZONE 'UTC' FROM (%s) k
                 ORDER BY warehouse_id, product_id
                ON CONFLICT (warehouse_id, product_id) DO UPDATE SET refreshed = EXCLUDED.refreshed
                """,
                key_rows,
            )
        )
        # 2. the rows from the first touched day on
        cr.execute(
            SQL(
                """
                DELETE FROM cs_vmi_daily_balance b USING (%s) k
                 WHERE b.warehouse_id = k.warehouse_id AND b.product_id = k.product_id AND b.date >= k.from_date
                """,
                key_rows,
            )
        )
        # 3. recomputed from the moves of those days, on top of the balance before them
        sites = self.env["cs.vmi.daily.report"]._cs_sites_query()
        keys_query = SQL(
            """
            SELECT k.warehouse_id, k.product_id,
                   (k.from_date::timestamp AT TIME ZONE s.tz) AT TIME ZONE 'UTC' AS from_utc, s.tz
              FROM (%s) k JOIN (%s) s ON s.warehouse_id = k.warehouse_id
            """,
            key_rows,
            sites,
        )
        cr.execute(
            SQL(
                """
                INSERT INTO cs_vmi_daily_balance (warehouse_id, product_id, company_id, date, qty_in, qty_out,
                                                  closing_qty, cumulated_out, next_date)
                SELECT f.warehouse_id, f.product_id, w.company_id, f.date, f.qty_in, f.qty_out,
                       COALESCE(prev.closing_qty, 0) + SUM(f.qty_in - f.qty_out) OVER win,
                       COALESCE(prev.cumulated_out, 0) + SUM(f.qty_out) OVER win,
                       LEAD(f.date) OVER win
                  FROM (%(flows)s) f
                  JOIN stock_warehouse w ON w.id = f.warehouse_id
                  LEFT JOIN LATERAL (
                        SELECT b.closing_qty, b.cumulated_out FROM cs_vmi_daily_balance b
                         WHERE b.warehouse_id = f.warehouse_id AND b.product_id = f.product_id AND b.date < f.date
                         ORDER BY b.date DESC LIMIT 1) prev ON TRUE
                WINDOW win AS (PARTITION BY f.warehouse_id, f.product_id ORDER BY f.date)
                """,
                flows=self._cs_moves_query(keys_query, per_product=True),
            )
        )
        # 4. the last row before the recomputed days points to the next movement day
        cr.execute(
            SQL(
                """
                UPDATE cs_vmi_daily_balance b
                   SET next_date = (SELECT MIN(n.date) FROM cs_vmi_daily_balance n
                                     WHERE n.warehouse_id = b.warehouse_id AND n.product_id = b.product_id
                                       AND n.date > b.date)
                  FROM (%s) k
                 WHERE b.warehouse_id = k.warehouse_id AND b.product_id = k.product_id
                   AND b.date = (SELECT MAX(l.date) FROM cs_vmi_daily_balance l
                                  WHERE l.warehouse_id = k.warehouse_id AND l.product_id = k.product_id
                                    AND l.date < k.from_date)
                """,
                key_rows,
            )
        )
        self._cs_invalidate()

    # ------------------------------------------------------------------
    # Nightly verification
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_verify_balances(self, batch_size=1):
        """Nightly: compare each VMI site's snapshot with its moves, repair a site that drifted.

        ``batch_size`` sites per call (one comparison query each, the work
        done in the database: memory does not grow with the moves); a site
        is marked checked for today, progress is reported to the cron, which
        calls again while sites remain. Idempotent; two runs at once
        conflict on the site's mark and the later one is retried.
        """
        self._cs_flush_moves()
        Warehouse = self.env["stock.warehouse"].sudo()
        today = fields.Date.context_today(self)
        domain = [
            ("cs_is_vmi", "=", True),
            ("company_id.cs_vmi_enabled", "=", True),
            "|",
            ("cs_vmi_balance_checked", "=", False),
            ("cs_vmi_balance_checked", "<", today),
        ]
        sites = Warehouse.search(domain, order="id", limit=batch_size)
        repaired = 0
        for site in sites:
            if self._cs_drift(site):
                _logger.warning("VMI daily balance of %s drifted from its moves: rebuilt", site.display_name)
                self._cs_rebuild(site)
                repaired += 1
            site.cs_vmi_balance_checked = today
        self.env["ir.cron"]._notify_progress(done=len(sites), remaining=Warehouse.search_count(domain))
        return repaired

    @api.model
    def _cs_drift(self, site):
        """Number of rows of ``site`` that differ from a fresh computation from the moves."""
        cr = self.env.cr
        cr.execute(
            "CREATE TEMP TABLE IF NOT EXISTS cs_vmi_balance_check "
            "(LIKE cs_vmi_daily_balance INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cr.execute("TRUNCATE cs_vmi_balance_check")
        self._cs_insert_full(site, table="cs_vmi_balance_check")
        cr.execute(
            SQL(
                """
                SELECT COUNT(*) FROM (
                    (SELECT warehouse_id, product_id, date, qty_in, qty_out, closing_qty, cumulated_out, next_date
                       FROM cs_vmi_balance_check
                     EXCEPT
                     SELECT warehouse_id, product_id, date, qty_in, qty_out, closing_qty, cumulated_out, next_date
                       FROM cs_vmi_daily_balance WHERE warehouse_id = %(site)s)
                    UNION ALL
                    (SELECT warehouse_id, product_id, date, qty_in, qty_out, closing_qty, cumulated_out, next_date
                       FROM cs_vmi_daily_balance WHERE warehouse_id = %(site)s
                     EXCEPT
                     SELECT warehouse_id, product_id, date, qty_in, qty_out, closing_qty, cumulated_out, next_date
                       FROM cs_vmi_balance_check)
                ) diff
                """,
                site=site.id,
            )
        )
        drift = cr.fetchone()[0]
        cr.execute("TRUNCATE cs_vmi_balance_check")
        return drift
