from odoo import api, fields, models, tools
from odoo.tools import SQL

from ...models.complaints.cs_complaint import CHANNELS


class CsComplaintReport(models.Model):
    """Complaint statistics (C7, K2): one row per complaint, figures to average.

    A SQL view so that pivot and graph aggregate in the database: counts by
    category, customer, product and month, mean hours to first response,
    mean days to close, share answered on time and mean satisfaction.
    """

    _name = "cs.complaint.report"
    _description = "Complaint Statistics"
    _auto = False
    _order = "date_received desc"
    _rec_name = "name"

    complaint_id = fields.Many2one("cs.complaint", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    date_received = fields.Datetime(string="Received on", readonly=True)
    date_closed = fields.Datetime(string="Closed on", readonly=True)
    category_id = fields.Many2one("cs.complaint.category", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    cause_id = fields.Many2one("cs.complaint.cause", readonly=True)
    stage_id = fields.Many2one("cs.complaint.stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    is_sensitive = fields.Boolean(string="Sensitive", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    nbr = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    response_hours = fields.Float(
        string="Hours to first response",
        readonly=True,
        aggregator="avg",
        help="From receipt to the first response; averaged over answered complaints.",
    )
    close_days = fields.Float(
        string="Days to close",
        readonly=True,
        aggregator="avg",
        help="From receipt to closing; averaged over closed complaints.",
    )
    on_time_rate = fields.Float(
        string="Answered on time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of complaints answered by the promised deadline, among "
        "those answered or already past their deadline.",
    )
    satisfaction = fields.Float(
        string="Satisfaction (1–5)",
        readonly=True,
        aggregator="avg",
        help="Mean customer satisfaction over complaints with a recorded score.",
    )

    @api.model
    def _cs_query(self):
        return SQL(
            """
            SELECT c.id AS id,
                   c.id AS complaint_id,
                   c.name,
                   c.date_received,
                   c.date_closed,
                   c.category_id,
                   c.cs_customer_id,
                   c.product_id,
                   c.cause_id,
                   c.stage_id,
                   c.user_id,
                   c.company_id,
                   c.channel,
                   COALESCE(c.is_sensitive, FALSE) AS is_sensitive,
                   COALESCE(c.is_closed, FALSE) AS is_closed,
                   1 AS nbr,
                   EXTRACT(EPOCH FROM (c.date_first_response - c.date_received)) / 3600.0
                       AS response_hours,
                   EXTRACT(EPOCH FROM (c.date_closed - c.date_received)) / 86400.0
                       AS close_days,
                   %(on_time)s AS on_time_rate,
                   NULLIF(c.satisfaction, 0)::float AS satisfaction
              FROM cs_complaint c
            """,
            on_time=self._cs_on_time_expression(),
        )

    @api.model
    def _cs_on_time_expression(self):
        # 100 answered in time, 0 answered late or still unanswered past the
        # deadline, NULL while the promise can still be kept (left out of the mean)
        return SQL(
            """
            CASE WHEN c.response_deadline IS NULL THEN NULL
                 WHEN c.date_first_response IS NOT NULL
                      THEN CASE WHEN c.date_first_response <= c.response_deadline
                                THEN 100.0 ELSE 0.0 END
                 WHEN c.response_deadline < (NOW() AT TIME ZONE 'UTC') THEN 0.0
                 ELSE NULL END
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))
