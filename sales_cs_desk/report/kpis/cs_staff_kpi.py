# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, fields, models, tools
from odoo.tools import SQL

from ...models.common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook

# The measures of a row, in column order: (name, SQL type). Every source fills the ones it knows, 0 the others.
MEASURES = (
    ("orders_reviewed", "integer"),
    ("changes_handled", "integer"),
    ("complaints_received", "integer"),
    ("complaints_handled", "integer"),
    ("complaint_response_hours", "float"),
    ("complaint_response_count", "integer"),
    ("complaint_responses_on_time", "integer"),
    ("complaint_responses_due", "integer"),
    ("revisits_done", "integer"),
    ("revisits_on_time", "integer"),
    ("inquiries_answered", "integer"),
    ("inquiries_on_time", "integer"),
    ("inquiry_response_hours", "float"),
    ("inquiry_response_count", "integer"),
    ("satisfaction_sum", "float"),
    ("satisfaction_count", "integer"),
    ("deliveries", "integer"),
    ("deliveries_on_time", "integer"),
    ("delivery_qty_ordered", "float"),
    ("delivery_qty_otif", "float"),
)

# Rates and averages: (numerator, denominator, factor). Grouped, they are SUM(numerator) / SUM(denominator), never
# the mean of the rows' rates (a specialist with 1 revisit would weigh as much as one with 100).
RATES = {
    "revisit_on_time_rate": ("revisits_on_time", "revisits_done", 100.0),
    "inquiry_on_time_rate": ("inquiries_on_time", "inquiries_answered", 100.0),
    "inquiry_response_avg": ("inquiry_response_hours", "inquiry_response_count", 1.0),
    "complaint_on_time_rate": ("complaint_responses_on_time", "complaint_responses_due", 100.0),
    "complaint_response_avg": ("complaint_response_hours", "complaint_response_count", 1.0),
    "satisfaction_avg": ("satisfaction_sum", "satisfaction_count", 1.0),
    "delivery_otif_rate": ("delivery_qty_otif", "delivery_qty_ordered", 100.0),
}

# The company's targets shown beside the rates: (field of the view, column of res_company).
TARGETS = (
    ("target_revisit_on_time", "cs_kpi_revisit_on_time_target"),
    ("target_inquiry_on_time", "cs_kpi_inquiry_on_time_target"),
    ("target_complaint_on_time", "cs_kpi_complaint_on_time_target"),
    ("target_satisfaction", "cs_kpi_satisfaction_target"),
    ("target_delivery_otif", "cs_delivery_otif_target"),
)


class CsStaffKpi(models.Model):
    """Staff KPIs (K3): one row per month, company and CS specialist, read-only.

    One SQL view: a UNION ALL of one grouped subquery per source, summed per
    (month, company, user). Each source says who the specialist is and which
    month a thing counts in (the month it was done); the rules of on time,
    response time and OTIF are read from the capability's own SQL report
    (revisits, inquiries, complaints, OTIF), so a KPI and its report never
    disagree. Rates keep numerator and denominator; grouped, they are
    re-computed from the sums (``_read_group_select``).
    """

    _name = "cs.staff.kpi"
    _description = "Staff KPIs"
    _auto = False
    _order = "date desc, user_id"
    _rec_name = "user_id"
    _depends = {
        "sale.order": ["company_id", "cs_stage_id"],
        "mail.message": ["model", "res_id", "date", "create_uid"],
        "mail.tracking.value": ["field_id", "old_value_integer", "mail_message_id"],
        "cs.review.stage": ["stage_type"],
        "cs.order.change": ["state", "applied_on", "applied_by_id", "company_id"],
        "cs.complaint": [
            "company_id",
            "user_id",
            "date_received",
            "date_closed",
            "date_first_response",
            "response_deadline",
            "stage_id",
            "satisfaction",
        ],
        "cs.revisit": ["company_id", "user_id", "state", "date_due", "date_done", "satisfaction"],
        "cs.inquiry": [
            "company_id",
            "user_id",
            "first_response_user_id",
            "date_received",
            "date_first_response",
            "response_deadline",
            "response_hours",
        ],
        "res.company": [column for _field, column in TARGETS],
    }

    date = fields.Date(string="Month", readonly=True, help="The first day of the month the work was done in.")
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Specialist", readonly=True)

    # ------------------------------------------------------------------
    # Workload
    # ------------------------------------------------------------------
    orders_reviewed = fields.Integer(
        readonly=True,
        help="Orders the specialist moved on (or sent back) from a review stage, counted once per order and month.",
    )
    changes_handled = fields.Integer(
        string="Changes applied", readonly=True, help="Change requests the specialist applied to their orders."
    )
    complaints_received = fields.Integer(
        readonly=True, help="Complaints received in the month with the specialist as responsible."
    )
    complaints_handled = fields.Integer(
        string="Complaints closed",
        readonly=True,
        help="Complaints closed in the month with the specialist as responsible.",
    )
    revisits_done = fields.Integer(readonly=True, help="Revisits the specialist completed in the month.")
    inquiries_answered = fields.Integer(
        readonly=True, help="Inquiries received in the month and answered by the specialist."
    )

    # ------------------------------------------------------------------
    # Response times and on-time counts (numerators and denominators)
    # ------------------------------------------------------------------
    complaint_response_hours = fields.Float(string="Complaint response hours (sum)", readonly=True, digits=(16, 2))
    complaint_response_count = fields.Integer(string="Complaints answered", readonly=True)
    complaint_responses_on_time = fields.Integer(string="Complaints answered on time", readonly=True)
    complaint_responses_due = fields.Integer(
        string="Complaint responses due",
        readonly=True,
        help="Complaints answered, or still unanswered past their promised response (the complaint report's rule).",
    )
    revisits_on_time = fields.Integer(string="Revisits on time", readonly=True, help="Done by their due date.")
    inquiries_on_time = fields.Integer(
        string="Inquiries answered on time", readonly=True, help="Answered within the channel's target."
    )
    inquiry_response_hours = fields.Float(
        string="Inquiry response hours (sum)", readonly=True, digits=(16, 2), help="In working hours."
    )
    inquiry_response_count = fields.Integer(string="Inquiry responses", readonly=True)
    satisfaction_sum = fields.Float(string="Satisfaction (sum of scores)", readonly=True)
    satisfaction_count = fields.Integer(
        string="Satisfaction scores", readonly=True, help="Scores given on revisits done and complaints closed."
    )
    deliveries = fields.Integer(
        string="Order lines due",
        readonly=True,
        help="Goods lines of the specialist's customers promised in the month (the on-time-in-full report's rows).",
    )
    deliveries_on_time = fields.Integer(string="Order lines on time and in full", readonly=True)
    delivery_qty_ordered = fields.Float(string="Quantity due", readonly=True, digits="Product Unit of Measure")
    delivery_qty_otif = fields.Float(
        string="Quantity on time and in full", readonly=True, digits="Product Unit of Measure"
    )

    # ------------------------------------------------------------------
    # Rates (grouped: re-computed from the sums) and the company's targets
    # ------------------------------------------------------------------
    revisit_on_time_rate = fields.Float(string="Revisits on time (%)", readonly=True, aggregator="avg")
    inquiry_on_time_rate = fields.Float(string="Inquiries on time (%)", readonly=True, aggregator="avg")
    inquiry_response_avg = fields.Float(
        string="Inquiry response (working hours)", readonly=True, aggregator="avg", digits=(16, 2)
    )
    complaint_on_time_rate = fields.Float(string="Complaints answered on time (%)", readonly=True, aggregator="avg")
    complaint_response_avg = fields.Float(
        string="Complaint response (hours)", readonly=True, aggregator="avg", digits=(16, 2)
    )
    satisfaction_avg = fields.Float(string="Satisfaction (1–5)", readonly=True, aggregator="avg", digits=(16, 2))
    delivery_otif_rate = fields.Float(
        string="On-time-in-full (%)",
        readonly=True,
        aggregator="avg",
        help="Quantity delivered on time and in full over the quantity due, as in the on-time-in-full report.",
    )
    target_revisit_on_time = fields.Float(string="Target: revisits on time (%)", readonly=True, aggregator="max")
    target_inquiry_on_time = fields.Float(string="Target: inquiries on time (%)", readonly=True, aggregator="max")
    target_complaint_on_time = fields.Float(
        string="Target: complaints answered on time (%)", readonly=True, aggregator="max"
    )
    target_satisfaction = fields.Float(string="Target: satisfaction", readonly=True, aggregator="max")
    target_delivery_otif = fields.Float(string="Target: on-time-in-full (%)", readonly=True, aggregator="max")

    # ------------------------------------------------------------------
    # KPI sheet (K4), through the desk's one XLSX helper
    # ------------------------------------------------------------------
    def action_export_xlsx(self):
        """Download the selected rows as a KPI sheet: one line per specialist over the selected months."""
        return cs_xlsx_action(self, "kpis")

    def _cs_xlsx_kpis(self):
        # read_group on the rows the user selected, with the user's own rights (record rules apply)
        groups = self._read_group(
            [("id", "in", self.ids)],
            ["company_id", "user_id"],
            [f"{name}:sum" for name, _type in MEASURES]
            + [f"{name}:avg" for name in RATES]
            + [f"{name}:max" for name, _column in TARGETS]
            + ["date:min", "date:max"],
        )
        _ = self.env._
        columns = [
            (_("Specialist"), "text"),
            (_("Company"), "text"),
            (_("Orders reviewed"), "integer"),
            (_("Changes applied"), "integer"),
            (_("Complaints received"), "integer"),
            (_("Complaints closed"), "integer"),
            (_("Revisits done"), "integer"),
            (_("Inquiries answered"), "integer"),
            (_("Inquiry response (working hours)"), "float"),
            (_("Inquiries on time (%)"), "float"),
            (_("Target (%)"), "float"),
            (_("Complaint response (hours)"), "float"),
            (_("Complaints answered on time (%)"), "float"),
            (_("Target (%)"), "float"),
            (_("Revisits on time (%)"), "float"),
            (_("Target (%)"), "float"),
            (_("Satisfaction (1–5)"), "float"),
            (_("Target"), "float"),
            (_("Order lines due"), "integer"),
            (_("On-time-in-full (%)"), "float"),
            (_("Target (%)"), "float"),
        ]
        rows = []
        first, last = False, False
        for company, user, *values in sorted(groups, key=lambda g: (g[0].name or "", g[1].name or "")):
            measures = dict(zip([name for name, _type in MEASURES], values[: len(MEASURES)], strict=True))
            rest = values[len(MEASURES) :]
            rates = dict(zip(RATES, rest[: len(RATES)], strict=True))
            targets = dict(
                zip([name for name, _column in TARGETS], rest[len(RATES) : len(RATES) + len(TARGETS)], strict=True)
            )
            date_min, date_max = rest[-2:]
            first = min(filter(None, (first, date_min)), default=False)
            last = max(filter(None, (last, date_max)), default=False)
            rows.append(
                (
                    user.name,
                    company.name,
                    measures["orders_reviewed"],
                    measures["changes_handled"],
                    measures["complaints_received"],
                    measures["complaints_handled"],
                    measures["revisits_done"],
                    measures["inquiries_answered"],
                    rates["inquiry_response_avg"],
                    rates["inquiry_on_time_rate"],
                    targets["target_inquiry_on_time"],
                    rates["complaint_response_avg"],
                    rates["complaint_on_time_rate"],
                    targets["target_complaint_on_time"],
                    rates["revisit_on_time_rate"],
                    targets["target_revisit_on_time"],
                    rates["satisfaction_avg"],
                    targets["target_satisfaction"],
                    measures["deliveries"],
                    rates["delivery_otif_rate"],
                    targets["target_delivery_otif"],
                )
            )
        period = (
            _("%(first)s to %(last)s", first=first.strftime("%Y-%m"), last=last.strftime("%Y-%m"))
            if first
            else _("no data")
        )
        data = cs_xlsx_workbook(
            [
                {
                    "name": _("Staff KPIs"),
                    "title": _("Staff KPIs, %(period)s", period=period),
                    "columns": columns,
                    "rows": rows,
                }
            ]
        )
        return "staff_kpis.xlsx", data

    # ------------------------------------------------------------------
    # SQL: one builder per source, so that another addon adds or changes one
    # ------------------------------------------------------------------
    def _cs_kpi_sources(self):
        """The per-source subqueries: dicts of ``date``, ``company``, ``user`` (SQL), ``from`` (the FROM and
        WHERE clauses) and ``measures`` ({measure: SQL aggregate})."""
        return [
            self._cs_kpi_source_reviews(),
            self._cs_kpi_source_changes(),
            self._cs_kpi_source_complaints_closed(),
            self._cs_kpi_source_complaints_received(),
            self._cs_kpi_source_revisits(),
            self._cs_kpi_source_inquiries(),
            self._cs_kpi_source_deliveries(),
        ]

    def _cs_kpi_source_reviews(self):
        # who moved the order out of a review stage (forward or back) is the author of the stage's tracking
        # value: the move writes the stage as superuser but the message keeps the user who moved it
        return {
            "date": SQL("m.date"),
            "company": SQL("so.company_id"),
            "user": SQL("m.create_uid"),
            "from": SQL(
                """
                  FROM mail_tracking_value t
                  JOIN mail_message m ON m.id = t.mail_message_id AND m.model = 'sale.order'
                  JOIN sale_order so ON so.id = m.res_id
                 WHERE t.field_id = (SELECT id FROM ir_model_fields
                                      WHERE model = 'sale.order' AND name = 'cs_stage_id')
                   AND t.old_value_integer IN (SELECT id FROM cs_review_stage WHERE stage_type = 'review')
                """
            ),
            "measures": {"orders_reviewed": SQL("COUNT(DISTINCT so.id)")},
        }

    def _cs_kpi_source_changes(self):
        # who applied it (requests applied before the field existed: their last writer)
        return {
            "date": SQL("ch.applied_on"),
            "company": SQL("ch.company_id"),
            "user": SQL("COALESCE(ch.applied_by_id, ch.write_uid)"),
            "from": SQL("FROM cs_order_change ch WHERE ch.state = 'applied' AND ch.applied_on IS NOT NULL"),
            "measures": {"changes_handled": SQL("COUNT(*)")},
        }

    def _cs_kpi_source_complaints_closed(self):
        return {
            "date": SQL("r.date_closed"),
            "company": SQL("r.company_id"),
            "user": SQL("r.user_id"),
            "from": SQL("FROM cs_complaint_report r WHERE r.is_closed AND r.date_closed IS NOT NULL"),
            "measures": {
                "complaints_handled": SQL("COUNT(*)"),
                "satisfaction_sum": SQL("COALESCE(SUM(r.satisfaction), 0)"),
                "satisfaction_count": SQL("COUNT(r.satisfaction)"),
            },
        }

    def _cs_kpi_source_complaints_received(self):
        # response time and the promise kept, by the complaint report's rule, in the month received
        return {
            "date": SQL("r.date_received"),
            "company": SQL("r.company_id"),
            "user": SQL("r.user_id"),
            "from": SQL("FROM cs_complaint_report r"),
            "measures": {
                "complaints_received": SQL("COUNT(*)"),
                "complaint_response_hours": SQL("COALESCE(SUM(r.response_hours), 0)"),
                "complaint_response_count": SQL("COUNT(r.response_hours)"),
                "complaint_responses_on_time": SQL("COUNT(*) FILTER (WHERE r.on_time_rate = 100)"),
                "complaint_responses_due": SQL("COUNT(r.on_time_rate)"),
            },
        }

    def _cs_kpi_source_revisits(self):
        return {
            "date": SQL("r.date_done"),
            "company": SQL("r.company_id"),
            "user": SQL("r.user_id"),
            "from": SQL("FROM cs_revisit_report r WHERE r.done_count = 1 AND r.date_done IS NOT NULL"),
            "measures": {
                "revisits_done": SQL("COUNT(*)"),
                "revisits_on_time": SQL("SUM(r.on_time_count)"),
                "satisfaction_sum": SQL("COALESCE(SUM(r.satisfaction), 0)"),
                "satisfaction_count": SQL("COUNT(r.satisfaction)"),
            },
        }

    def _cs_kpi_source_inquiries(self):
        # the inquiry report's specialist is who answered; its month the month received
        return {
            "date": SQL("r.date_received"),
            "company": SQL("r.company_id"),
            "user": SQL("r.user_id"),
            "from": SQL("FROM cs_inquiry_report r WHERE r.answered_count = 1"),
            "measures": {
                "inquiries_answered": SQL("COUNT(*)"),
                "inquiries_on_time": SQL("SUM(r.on_time_count)"),
                "inquiry_response_hours": SQL("COALESCE(SUM(r.response_hours), 0)"),
                # an answer at once may store no hours (NULL): it counts, as 0 hours
                "inquiry_response_count": SQL("COUNT(*)"),
            },
        }

    def _cs_kpi_source_deliveries(self):
        # the specialist's customers' order lines due in the month, by the on-time-in-full report's rule
        return {
            "date": SQL("r.promised_date"),
            "company": SQL("r.company_id"),
            "user": SQL("r.cs_user_id"),
            "from": SQL("FROM cs_delivery_otif_report r"),
            "measures": {
                "deliveries": SQL("COUNT(*)"),
                "deliveries_on_time": SQL("COUNT(*) FILTER (WHERE r.is_otif)"),
                "delivery_qty_ordered": SQL("SUM(r.qty_ordered)"),
                "delivery_qty_otif": SQL("SUM(r.qty_otif)"),
            },
        }

    def _cs_kpi_source_sql(self, source):
        columns = [
            SQL(
                "(%s)::%s AS %s",
                source["measures"].get(name, SQL("0")),
                SQL(sql_type),
                SQL.identifier(name),
            )
            for name, sql_type in MEASURES
        ]
        return SQL(
            """
            SELECT date_trunc('month', %(date)s)::date AS date,
                   %(company)s AS company_id,
                   %(user)s AS user_id,
                   %(columns)s
              %(from)s
             GROUP BY 1, 2, 3
            """,
            date=source["date"],
            company=source["company"],
            user=source["user"],
            columns=SQL(", ").join(columns),
            **{"from": source["from"]},
        )

    def _cs_query(self):
        sums = [
            SQL("SUM(s.%s)::%s AS %s", SQL.identifier(name), SQL(sql_type), SQL.identifier(name))
            for name, sql_type in MEASURES
        ]
        rates = [
            SQL(
                "%s * SUM(s.%s) / NULLIF(SUM(s.%s), 0) AS %s",
                factor,
                SQL.identifier(numerator),
                SQL.identifier(denominator),
                SQL.identifier(name),
            )
            for name, (numerator, denominator, factor) in RATES.items()
        ]
        targets = [SQL("MAX(c.%s) AS %s", SQL.identifier(column), SQL.identifier(name)) for name, column in TARGETS]
        # a stable id per (user, company, month): an export or a reload of selected rows reads the same rows
        return SQL(
            """
            SELECT ((s.user_id::bigint * 100000 + s.company_id) * 100000
                    + EXTRACT(YEAR FROM s.date)::int * 12 + EXTRACT(MONTH FROM s.date)::int - 1) AS id,
                   s.date,
                   s.company_id,
                   s.user_id,
                   %(sums)s,
                   %(rates)s,
                   %(targets)s
              FROM (%(union)s) s
              JOIN res_company c ON c.id = s.company_id
             WHERE s.user_id IS NOT NULL AND s.user_id <> %(superuser)s AND s.date IS NOT NULL
             GROUP BY s.date, s.company_id, s.user_id
            """,
            sums=SQL(", ").join(sums),
            rates=SQL(", ").join(rates),
            targets=SQL(", ").join(targets),
            union=SQL(" UNION ALL ").join(self._cs_kpi_source_sql(source) for source in self._cs_kpi_sources()),
            superuser=SUPERUSER_ID,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))

    def _read_group_select(self, aggregate_spec, query):
        """Rates grouped are SUM(numerator) / SUM(denominator), not the mean of the rows' rates."""
        fname, __, func = aggregate_spec.partition(":")
        if func != "avg" or fname not in RATES:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = RATES[fname]
        return SQL(
            "%s * SUM(%s) / NULLIF(SUM(%s), 0)",
            factor,
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, denominator, query),
        )
