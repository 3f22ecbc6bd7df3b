from odoo import fields, models, tools
from odoo.tools import SQL

from ...models.inquiries.cs_inquiry import INQUIRY_CHANNELS


class CsInquiryReport(models.Model):
    """Inquiry response times (C8, K3) per channel and specialist: an SQL view, one row per inquiry.

    The response time is in working hours of the company calendar, stored on
    the inquiry when its first response is read from the chatter.
    """

    _name = "cs.inquiry.report"
    _description = "Inquiry Response Times"
    _auto = False
    _order = "date_received desc"
    _depends = {
        "cs.inquiry": [
            "company_id",
            "channel",
            "user_id",
            "first_response_user_id",
            "cs_customer_id",
            "date_received",
            "date_first_response",
            "response_deadline",
            "response_hours",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    channel = fields.Selection(INQUIRY_CHANNELS, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Specialist", readonly=True, help="Who answered, or the responsible while unanswered."
    )
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    date_received = fields.Datetime(string="Received on", readonly=True)
    inquiry_count = fields.Integer(string="Inquiries", readonly=True, aggregator="sum")
    answered_count = fields.Integer(string="Answered", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Answered on time", readonly=True, aggregator="sum")
    on_time_rate = fields.Float(
        string="On time (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the answered inquiries answered by target.",
    )
    response_hours = fields.Float(
        string="Response time (working hours)",
        readonly=True,
        aggregator="avg",
        help="Average working hours from arrival to the first response, over the answered inquiries.",
    )

    def _query(self):
        return SQL(
            """
            SELECT i.id,
                   i.company_id,
                   i.channel,
                   COALESCE(i.first_response_user_id, i.user_id) AS user_id,
                   i.cs_customer_id,
                   i.date_received,
                   1 AS inquiry_count,
                   CASE WHEN i.date_first_response IS NOT NULL THEN 1 ELSE 0 END AS answered_count,
                   CASE WHEN i.date_first_response <= i.response_deadline THEN 1 ELSE 0 END AS on_time_count,
                   CASE WHEN i.date_first_response IS NULL THEN NULL
                        WHEN i.date_first_response <= i.response_deadline THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   CASE WHEN i.date_first_response IS NOT NULL THEN i.response_hours END AS response_hours
              FROM cs_inquiry i
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
