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
        """The done container moves: one row per movement, signed for the customer."""
        return SQL(
            """
            SELECT m.id, m.company_id, m.cs_container_partner_id AS partner_id, m.product_id,
                   m.cs_container_kind AS kind, m.product_qty AS qty, m.date
              FROM stock_move m
             WHERE m.cs_container_kind IS NOT NULL
               AND m.state = 'done'
            """
        )

    @api.model
    def _cs_totals_query(self):
        return SQL(
            """
            SELECT company_id, partner_id, product_id,
                   SUM(qty) FILTER (WHERE kind = 'issue') AS issued,
                   SUM(qty) FILTER (WHERE kind = 'return') AS returned,
                   SUM(qty) FILTER (WHERE kind = 'lost') AS lost,
                   SUM(qty) FILTER (WHERE kind = 'damaged') AS damaged,
                   SUM(CASE WHEN kind = 'issue' THEN qty ELSE -qty END) AS balance
              FROM ledger
             GROUP BY company_id, partner_id, product_id
            """
        )

    @api.model
    def _cs_outstanding_query(self):
        """The part of each issue still out (FIFO): newest issues first cover the balance."""
        return SQL(
            """
            SELECT i.company_id, i.partner_id, i.product_id, i.date,
                   LEAST(i.qty, t.balance - i.newer) AS qty
              FROM (SELECT company_id, partner_id, product_id, qty, date,
                           SUM(qty) OVER (PARTITION BY company_id, partner_id, product_id
                                          ORDER BY date DESC, id DESC) - qty AS newer
                      FROM ledger
                     WHERE kind = 'issue') i
              JOIN totals t USING (company_id, partner_id, product_id)
             WHERE i.newer < t.balance
            """
        )

    @api.model
    def _cs_ageing_query(self):
        buckets = [
            SQL(
                "SUM(qty) FILTER (WHERE CURRENT_DATE - date::date BETWEEN %s AND %s) AS %s",
                low,
                high if high is not None else 2**31 - 1,
                SQL.identifier(name),
            )
            for name, low, high in AGE_BUCKETS
        ]
        return SQL(
            """
            SELECT company_id, partner_id, product_id, %s,
                   MIN(date)::date AS oldest_date
              FROM outstanding
             GROUP BY company_id, partner_id, product_id
            """,
            SQL(", ").join(buckets),
        )

    @api.model
    def _cs_balance_query(self):
        return SQL(
            """
            WITH ledger AS (%(ledger)s),
                 totals AS (%(totals)s),
                 outstanding AS (%(outstanding)s),
                 ageing AS (%(ageing)s)
            SELECT ROW_NUMBER() OVER (ORDER BY t.company_id, t.partner_id, t.product_id) AS id,
                   t.company_id, t.partner_id, t.partner_id AS cs_customer_id, p.cs_user_id, t.product_id,
                   COALESCE(t.issued, 0)::int AS issued,
                   COALESCE(t.returned, 0)::int AS returned,
                   COALESCE(t.lost, 0)::int AS lost,
                   COALESCE(t.damaged, 0)::int AS damaged,
                   t.balance::int AS balance,
                   COALESCE(a.age_0_30, 0)::int AS age_0_30,
                   COALESCE(a.age_31_60, 0)::int AS age_31_60,
                   COALESCE(a.age_61_90, 0)::int AS age_61_90,
                   COALESCE(a.age_over_90, 0)::int AS age_over_90,
                   a.oldest_date,
                   CURRENT_DATE - a.oldest_date AS oldest_days
              FROM totals t
              JOIN res_partner p ON p.id = t.partner_id
              LEFT JOIN ageing a
                     ON a.company_id = t.company_id AND a.partner_id = t.partner_id AND a.product_id = t.product_id
            """,
            ledger=self._cs_ledger_query(),
            totals=self._cs_totals_query(),
            outstanding=self._cs_outstanding_query(),
            ageing=self._cs_ageing_query(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_balance_query())
        )
