from odoo import fields, models, tools
from odoo.tools import SQL

from ...models.revisits.cs_revisit import REVISIT_METHODS, REVISIT_STATES


class CsRevisitReport(models.Model):
    """Revisit KPIs (C6, K3): done on time per specialist and month, average
    satisfaction per customer and specialist. An SQL view, one row per revisit."""

    _name = "cs.revisit.report"
    _description = "Revisit Statistics"
    _auto = False
    _order = "date_due desc"

    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Assignee", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    rule_id = fields.Many2one("cs.revisit.rule", readonly=True)
    method = fields.Selection(REVISIT_METHODS, readonly=True)
    state = fields.Selection(REVISIT_STATES, readonly=True)
    date_due = fields.Date(string="Due on", readonly=True)
    date_done = fields.Date(string="Done on", readonly=True)
    revisit_count = fields.Integer(string="Revisits", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="Done", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Done on time", readonly=True, aggregator="sum")
    on_time_rate = fields.Float(
        string="On time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the done revisits that were done by their due date.",
    )
    satisfaction = fields.Float(
        string="Average satisfaction", readonly=True, aggregator="avg", help="Over the revisits with a score (1–5)."
    )

    def _query(self):
        return SQL(
            """
            SELECT r.id,
                   r.company_id,
                   r.user_id,
                   r.cs_customer_id,
                   r.rule_id,
                   r.method,
                   r.state,
                   r.date_due,
                   r.date_done,
                   1 AS revisit_count,
                   CASE WHEN r.state = 'done' THEN 1 ELSE 0 END AS done_count,
                   CASE WHEN r.state = 'done' AND r.date_done <= r.date_due THEN 1 ELSE 0 END AS on_time_count,
                   CASE WHEN r.state <> 'done' THEN NULL
                        WHEN r.date_done <= r.date_due THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   NULLIF(r.satisfaction, 0)::float AS satisfaction
              FROM cs_revisit r
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
