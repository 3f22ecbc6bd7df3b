from odoo import api, fields, models, tools
from odoo.tools import SQL

AGE_BUCKETS = (
    ("age_0_30", 0, 30),
    ("age_31_60", 31, 60),
    ("age_61_90", 61, 90),
    ("age_over_90", 91, None),
)


class CsContainerBalance(models.Model):
    """Returnable containers per customer and container type (L6).

    A read-only SQL view over the done container moves (the ledger): issued,
    returned, lost, damaged and the balance still out, and the ageing of that
    balance first-in-first-out — returns settle the oldest containers first,
    so what is still out is the most recent issues. One pass over the ledger
    whatever the number of customers; the pivot and graph group it further.
    """

    _name = "cs.container.balance"
    _description = "Returnable container balance"
    _auto = False
    _order = "balance desc, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "stock.move": [
            "cs_container_kind",
            "cs_container_partner_id",
            "company_id",
            "product_id",
            "product_qty",
            "date",
            "state",
        ],
        "res.partner": ["cs_user_id"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="CS customer", readonly=True)
    cs_user_id = fields.Many2one("res.users", string="CS specialist", readonly=True)
    product_id = fields.Many2one("product.product", string="Container", readonly=True)
    issued = fields.Integer(readonly=True, aggregator="sum")
    returned = fields.Integer(readonly=True, aggregator="sum")
    lost = fields.Integer(readonly=True, aggregator="sum")
    damaged = fields.Integer(readonly=True, aggregator="sum")
    balance = fields.Integer(string="At customer", readonly=True, aggregator="sum")
    age_0_30 = fields.Integer(string="0-30 days", readonly=True, aggregator="sum")
    age_31_60 = fields.Integer(string="31-60 days", readonly=True, aggregator="sum")
    age_61_90 = fields.Integer(string="61-90 days", readonly=True, aggregator="sum")
    age_over_90 = fields.Integer(string="Over 90 days", readonly=True, aggregator="sum")
    oldest_date = fields.Date(string="Out since", readonly=True, aggregator="min")
    oldest_days = fields.Integer(string="Oldest (days)", readonly=True, aggregator="max")

    @api.model
    def _cs_ledger_query(self):
        """Each done container move with the customer's balance and, for an issue,
        the part of it still out.

        FIFO: returns and write-offs settle the oldest containers first, so
        the balance is made of the newest issues. Walking the issues newest
        first, an issue is out for what the balance leaves after the newer
        issues (``newer``). Both windows share one partition and one sort, and
        a filter on the customer or the container is pushed below them: the
        partner form reads one customer without scanning the ledger. Returns
        and write-offs only matter as totals, so they are summed per customer,
        container and kind before the sort, which then holds the issues only.
        """
        return SQL(
            """
            SELECT x.id, x.company_id, x.partner_id, x.product_id, x.kind, x.qty, x.date,
                   CASE WHEN x.kind = 'issue'
                        THEN GREATEST(LEAST(x.qty, x.balance - x.newer), 0) END AS outstanding
              FROM (SELECT m.id, m.company_id, m.cs_container_partner_id AS partner_id, m.product_id,
                           m.cs_container_kind AS kind, m.product_qty AS qty, m.date,
                           SUM(CASE WHEN m.cs_container_kind = 'issue' THEN m.product_qty
                                    ELSE -m.product_qty END) OVER customer AS balance,
                           SUM(CASE WHEN m.cs_container_kind = 'issue' THEN m.product_qty ELSE 0 END)
                               OVER (customer ORDER BY m.date DESC, m.id DESC)
                           - CASE WHEN m.cs_container_kind = 'issue' THEN m.product_qty ELSE 0 END AS newer
                      FROM (%(moves)s) m
                    WINDOW customer AS (PARTITION BY m.company_id, m.cs_container_partner_id, m.product_id)
                   ) x
            """,
            moves=self._cs_moves_query(),
        )

    @api.model
    def _cs_moves_query(self):
        """The issues one by one, the other container moves summed per customer, container and kind."""
        return SQL(
            """
            SELECT m.id, m.company_id, m.cs_container_partner_id, m.product_id, m.cs_container_kind,
                   m.product_qty, m.date
              FROM stock_move m
             WHERE m.cs_container_kind = 'issue'
               AND m.state = 'done'
             UNION ALL
            SELECT MIN(m.id), m.company_id, m.cs_container_partner_id, m.product_id, m.cs_container_kind,
                   SUM(m.product_qty), MIN(m.date)
              FROM stock_move m
             WHERE m.cs_container_kind IN ('return', 'lost', 'damaged')
               AND m.state = 'done'
             GROUP BY m.company_id, m.cs_container_partner_id, m.product_id, m.cs_container_kind
            """
        )

    @api.model
    def _cs_balance_query(self):
        buckets = [
            SQL(
                "COALESCE(SUM(l.outstanding) FILTER (WHERE CURRENT_DATE - l.date::date BETWEEN %s AND %s), 0)::int"
                " AS %s",
                low,
                high if high is not None else 2**31 - 1,
                SQL.identifier(name),
            )
            for name, low, high in AGE_BUCKETS
        ]
        return SQL(
            """
            SELECT b.*, p.cs_user_id
              FROM (SELECT MIN(l.id) AS id,  -- the group's first move: stable and unique
                           l.company_id, l.partner_id, l.partner_id AS cs_customer_id, l.product_id,
                           COALESCE(SUM(l.qty) FILTER (WHERE l.kind = 'issue'), 0)::int AS issued,
                           COALESCE(SUM(l.qty) FILTER (WHERE l.kind = 'return'), 0)::int AS returned,
                           COALESCE(SUM(l.qty) FILTER (WHERE l.kind = 'lost'), 0)::int AS lost,
                           COALESCE(SUM(l.qty) FILTER (WHERE l.kind = 'damaged'), 0)::int AS damaged,
                           SUM(CASE WHEN l.kind = 'issue' THEN l.qty ELSE -l.qty END)::int AS balance,
                           %(buckets)s,
                           MIN(l.date) FILTER (WHERE l.outstanding > 0)::date AS oldest_date,
                           CURRENT_DATE - MIN(l.date) FILTER (WHERE l.outstanding > 0)::date AS oldest_days
                      FROM (%(ledger)s) l
                     GROUP BY l.company_id, l.partner_id, l.product_id) b
              JOIN res_partner p ON p.id = b.partner_id
            """,
            buckets=SQL(", ").join(buckets),
            ledger=self._cs_ledger_query(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_balance_query())
        )
