import base64
import logging
from datetime import date, datetime, time

import pytz
from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import get_lang

from ...report.delivery.cs_delivery_otif_report import WEIGHTED_RATES
from ..common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook

MONTHS = [
    (str(number), name)
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
]
_logger = logging.getLogger(__name__)

SUPERVISOR_GROUP = "sales_cs_desk.group_cs_supervisor"
PDF_REPORT = "sales_cs_desk.cs_monthly_report_pdf"
MAIL_TEMPLATE = "sales_cs_desk.cs_monthly_report_mail_template"


def _previous_month(today):
    return (today.replace(day=1) - relativedelta(months=1)).replace(day=1)


class CsMonthlyReport(models.TransientModel):
    """The CS desk's monthly report (K2) of one company and month.

    One data dict, ``_cs_monthly_data``, feeds the printed report (QWeb PDF)
    and the workbook (XLSX, through ``cs_xlsx``); the scheduled job builds it
    per recipient, with the recipient's rights and language, and e-mails both.
    Every figure is an aggregate in the database (the desk's SQL reports read
    with ``read_group``, orders through one query filtered by the reader's
    record rules), never a loop over orders.
    """

    _name = "cs.monthly.report"
    _description = "CS Monthly Report"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, domain=lambda self: self._domain_company()
    )
    month = fields.Selection(MONTHS, required=True, default=lambda self: str(self._default_date_from().month))
    year = fields.Integer(required=True, default=lambda self: self._default_date_from().year)
    date_from = fields.Date(string="From", compute="_compute_date_from", help="First day of the reported month.")
    month_label = fields.Char(string="Period", compute="_compute_month_label")
    user_id = fields.Many2one(
        "res.users", string="Recipient", default=lambda self: self.env.user, readonly=True, ondelete="cascade"
    )

    @api.model
    def _domain_company(self):
        return [("id", "in", self.env.user.company_ids.ids)]

    @api.model
    def _default_date_from(self):
        return _previous_month(fields.Date.context_today(self))

    @api.depends("month", "year")
    def _compute_date_from(self):
        for report in self:
            valid = report.month and 1900 <= (report.year or 0) <= 9999
            report.date_from = date(report.year, int(report.month), 1) if valid else False

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_month_label(self):
        locale = get_lang(self.env).code
        for report in self:
            report.month_label = report.date_from and format_skeleton("yMMMM", report.date_from, locale=locale)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_print_pdf(self):
        self._cs_ensure_period()
        return self.env.ref(PDF_REPORT).report_action(self)

    def action_export_xlsx(self):
        self._cs_ensure_period()
        return cs_xlsx_action(self, "monthly")

    def _cs_ensure_period(self):
        for report in self:
            if not report.date_from:
                raise UserError(self.env._("Choose a month and a year between 1900 and 9999 for the monthly report."))
            report._cs_check_monthly_access(report.company_id)

    # ------------------------------------------------------------------
    # The data: one dict for the PDF and the XLSX
    # ------------------------------------------------------------------
    @api.model
    def _cs_check_monthly_access(self, company):
        """Team figures are for CS supervisors (and managers) of that company."""
        if self.env.su:
            return
        if not self.env.user.has_group(SUPERVISOR_GROUP) or company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "The monthly report shows the whole desk's figures of %(company)s: only its CS supervisors "
                    "and managers may build it.",
                    company=company.name,
                )
            )

    @api.model
    def _cs_monthly_bounds(self, company, date_from):
        """The month as dates and as naive UTC datetimes, midnight in the company's time zone."""
        date_to = date_from + relativedelta(months=1)
        tz = pytz.timezone(company.partner_id.tz or "UTC")

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return {"date_from": date_from, "date_to": date_to, "dt_from": to_utc(date_from), "dt_to": to_utc(date_to)}

    @api.model
    def _cs_monthly_data(self, company, date_from):
        """All figures of ``company`` for the month starting ``date_from``, read with the caller's rights."""
        self._cs_check_monthly_access(company)
        env = self.with_company(company).env
        report = self.with_env(env)
        bounds = report._cs_monthly_bounds(company, date_from.replace(day=1))
        data = {
            "company": company,
            "currency": company.currency_id,
            "date_from": bounds["date_from"],
            "date_to": bounds["date_to"] - relativedelta(days=1),
            "month_label": format_skeleton("yMMMM", bounds["date_from"], locale=get_lang(env).code),
        }
        data.update(report._cs_monthly_sales(company, bounds))
        data["cycle"] = report._cs_monthly_cycle(company, bounds)
        data["otif"] = report._cs_monthly_otif(company, bounds) if company.cs_delivery_enabled else None
        data["complaints"] = report._cs_monthly_complaints(company, bounds) if company.cs_complaints_enabled else None
        data["revisits"] = report._cs_monthly_revisits(company, bounds) if company.cs_revisits_enabled else None
        data["inquiries"] = report._cs_monthly_inquiries(company, bounds) if company.cs_inquiry_enabled else None
        data["workload"] = report._cs_monthly_workload(company, bounds)
        return data

    def _cs_monthly_orders_query(self, company, domain=()):
        """The company's confirmed orders the reader may see (record rules applied), as a subquery of ids."""
        query = self.env["sale.order"]._search([("company_id", "=", company.id), ("state", "=", "sale"), *domain])
        return query.subselect()

    def _cs_monthly_sales(self, company, bounds):
        """Sales (untaxed, in the company currency) and order counts per customer and per region.

        The region is the customer's state (province) within its country: where the goods go, which
        is how a CS desk splits its work and its carriers; the sales team describes the seller's
        organisation and is the same for most customers of a small desk.
        """
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.country_id, p.state_id,
                       COUNT(*) AS orders,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                  FROM sale_order so
                  JOIN res_partner c ON c.id = so.partner_id
                  JOIN res_partner p ON p.id = c.commercial_partner_id
                 WHERE so.id IN (%(orders)s)
                   AND so.date_order >= %(dt_from)s AND so.date_order < %(dt_to)s
                 GROUP BY p.id, p.country_id, p.state_id
                """,
                orders=self._cs_monthly_orders_query(
                    company, [("date_order", ">=", bounds["dt_from"]), ("date_order", "<", bounds["dt_to"])]
                ),
                dt_from=bounds["dt_from"],
                dt_to=bounds["dt_to"],
            )
        )
        rows = self.env.cr.fetchall()
        partners = self.env["res.partner"].browse([row[0] for row in rows])
        countries = self.env["res.country"].browse({row[1] for row in rows if row[1]})
        states = self.env["res.country.state"].browse({row[2] for row in rows if row[2]})
        names = {partner.id: partner.display_name for partner in partners}
        country_names = {country.id: country.name for country in countries}
        state_names = {state.id: state.name for state in states}
        customers, regions = [], {}
        for partner_id, country_id, state_id, orders, amount in rows:
            region = " / ".join(filter(None, (country_names.get(country_id), state_names.get(state_id)))) or self.env._(
                "No region"
            )
            customers.append({"name": names[partner_id], "region": region, "orders": orders, "amount": amount or 0.0})
            total = regions.setdefault(region, {"name": region, "customers": 0, "orders": 0, "amount": 0.0})
            total["customers"] += 1
            total["orders"] += orders
            total["amount"] += amount or 0.0
        customers.sort(key=lambda row: (-row["amount"], row["name"]))
        return {
            "customers": customers,
            "regions": sorted(regions.values(), key=lambda row: (-row["amount"], row["name"])),
            "totals": {
                "customers": len(customers),
                "orders": sum(row["orders"] for row in customers),
                "amount": sum(row["amount"] for row in customers),
            },
        }

    def _cs_cycle_steps(self):
        """(key, label, SQL of the days, SQL of the moment that ends the step, its kind) of the order cycle.

        Each step is measured in the month its end falls in: released in the month for
        received → released, and so on. Received is when the order came into review (else its
        order date); delivered, when all its deliveries are done; closed, when the customer's
        receipt was confirmed or the order was closed out (a date, so counted in whole days).
        """
        received = SQL("COALESCE(so.cs_received_date, so.date_order)")
        return [
            (
                "received_released",
                self.env._("Received → released"),
                SQL("EXTRACT(EPOCH FROM (so.cs_released_date - %s)) / 86400.0", received),
                SQL("so.cs_released_date"),
                "datetime",
            ),
            (
                "released_shipped",
                self.env._("Released → shipped"),
                SQL("EXTRACT(EPOCH FROM (so.cs_shipped_date - so.cs_released_date)) / 86400.0"),
                SQL("so.cs_shipped_date"),
                "datetime",
            ),
            (
                "shipped_delivered",
                self.env._("Shipped → delivered"),
                SQL("EXTRACT(EPOCH FROM (so.cs_delivered_date - so.cs_shipped_date)) / 86400.0"),
                SQL("so.cs_delivered_date"),
                "datetime",
            ),
            (
                "delivered_closed",
                self.env._("Delivered → closed"),
                SQL("(so.cs_closed_date - so.cs_delivered_date::date)::float"),
                SQL("so.cs_closed_date"),
                "date",
            ),
            (
                "received_closed",
                self.env._("Received → closed (whole cycle)"),
                SQL("(so.cs_closed_date - (%s)::date)::float", received),
                SQL("so.cs_closed_date"),
                "date",
            ),
        ]

    def _cs_monthly_cycle(self, company, bounds):
        """Order cycle time in days per step: orders, average and median, in one query."""
        steps = self._cs_cycle_steps()
        selects, wheres = [], []
        for _key, _label, days, end, kind in steps:
            start, stop = (
                (bounds["dt_from"], bounds["dt_to"]) if kind == "datetime" else (bounds["date_from"], bounds["date_to"])
            )
            in_month = SQL("%s >= %s AND %s < %s AND %s IS NOT NULL", end, start, end, stop, days)
            wheres.append(SQL("(%s >= %s AND %s < %s)", end, start, end, stop))
            selects.append(
                SQL(
                    """COUNT(*) FILTER (WHERE %(w)s),
                       AVG(%(d)s) FILTER (WHERE %(w)s),
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(d)s) FILTER (WHERE %(w)s)""",
                    w=in_month,
                    d=days,
                )
            )
        # only the orders with a step ending in the month: the medians sort those, not the whole year
        any_step = SQL(" OR ").join(wheres)
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM sale_order so WHERE so.id IN (%s) AND (%s)",
                SQL(", ").join(selects),
                self._cs_monthly_orders_query(company),
                any_step,
            )
        )
        values = self.env.cr.fetchone()
        result = []
        for index, (key, label, _days, _end, _kind) in enumerate(steps):
            count, average, median = values[3 * index : 3 * index + 3]
            result.append(
                {
                    "key": key,
                    "name": label,
                    "orders": count or 0,
                    "avg_days": float(average) if average is not None else None,
                    "median_days": float(median) if median is not None else None,
                }
            )
        return result

    def _cs_aggregate(self, model, domain, groupby=(), sums=(), avgs=(), order=None):
        """``read_group`` of a desk report as dicts: sums, and averages that are None without values.

        Odoo reads an average over no value as 0.0; a report must show "no figure" instead, so each
        average comes with the count of its non-empty values.
        """
        aggregates = [f"{name}:sum" for name in sums] + [f"{name}:avg" for name in avgs]
        aggregates += [f"{name}:count" for name in avgs]
        result = []
        for group in self.env[model]._read_group(domain, list(groupby), aggregates, order=order):
            keys, values = group[: len(groupby)], group[len(groupby) :]
            row = dict(zip(groupby, keys, strict=True))
            row.update((name, value or 0) for name, value in zip(sums, values, strict=False))
            averages, counts = values[len(sums) : len(sums) + len(avgs)], values[len(sums) + len(avgs) :]
            row.update(
                (name, average if count else None) for name, average, count in zip(avgs, averages, counts, strict=True)
            )
            result.append(row)
        return result

    def _cs_monthly_otif(self, company, bounds):
        """On-time-in-full of the order lines promised in the month (the delivery capability's report).

        One grouping per customer; the total and every rate are computed from the summed quantities,
        weighted by quantity as the report itself does (``WEIGHTED_RATES``), not re-read.
        """
        domain = [
            ("company_id", "=", company.id),
            ("promised_date", ">=", bounds["date_from"]),
            ("promised_date", "<", bounds["date_to"]),
        ]
        sums = ("nbr", "qty_ordered", "qty_delivered", "qty_on_time", "qty_in_full", "qty_otif")
        customers = self._cs_aggregate("cs.delivery.otif.report", domain, ["cs_customer_id"], sums=sums)
        total = {name: sum(row[name] for row in customers) for name in sums}
        total["name"] = False
        for row in customers:
            row["name"] = row.pop("cs_customer_id").display_name
        for row in [total, *customers]:
            for rate, (numerator, weight) in WEIGHTED_RATES.items():
                row[rate] = 100.0 * row[numerator] / row[weight] if row[weight] else None
        customers.sort(key=lambda row: (row["otif_rate"] if row["otif_rate"] is not None else 101.0, row["name"]))
        return {"total": total, "customers": customers}

    def _cs_monthly_complaints(self, company, bounds):
        """Complaints received and closed in the month, response and closing times (cs.complaint.report)."""
        model = "cs.complaint.report"
        company_domain = [("company_id", "=", company.id)]
        received = [
            *company_domain,
            ("date_received", ">=", bounds["dt_from"]),
            ("date_received", "<", bounds["dt_to"]),
        ]
        closed = [
            *company_domain,
            ("is_closed", "=", True),
            ("date_closed", ">=", bounds["dt_from"]),
            ("date_closed", "<", bounds["dt_to"]),
        ]
        result = self._cs_aggregate(
            model, received, sums=("nbr",), avgs=("response_hours", "on_time_rate", "satisfaction")
        )[0]
        result["received"] = result.pop("nbr")
        closed_row = self._cs_aggregate(model, closed, sums=("nbr",), avgs=("close_days",))[0]
        result.update(closed=closed_row["nbr"], close_days=closed_row["close_days"])
        result["open_at_end"] = self.env[model].search_count(
            [
                *company_domain,
                ("date_received", "<", bounds["dt_to"]),
                "|",
                ("is_closed", "=", False),
                ("date_closed", ">=", bounds["dt_to"]),
            ]
        )
        result["categories"] = [
            {"name": row["category_id"].display_name or self.env._("No category"), "count": row["nbr"]}
            for row in self._cs_aggregate(model, received, ["category_id"], sums=("nbr",), order="nbr:sum desc")
        ]
        return result

    def _cs_monthly_revisits(self, company, bounds):
        """Revisits due in the month: done, done on time, satisfaction (cs.revisit.report)."""
        domain = [
            ("company_id", "=", company.id),
            ("date_due", ">=", bounds["date_from"]),
            ("date_due", "<", bounds["date_to"]),
        ]
        row = self._cs_aggregate(
            "cs.revisit.report",
            domain,
            sums=("revisit_count", "done_count", "on_time_count"),
            avgs=("on_time_rate", "satisfaction"),
        )[0]
        return {
            "due": row["revisit_count"],
            "done": row["done_count"],
            "on_time": row["on_time_count"],
            "on_time_rate": row["on_time_rate"],
            "satisfaction": row["satisfaction"],
        }

    def _cs_monthly_inquiries(self, company, bounds):
        """Inquiries received in the month per channel: answered, on time, response hours (cs.inquiry.report)."""
        model = "cs.inquiry.report"
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", bounds["dt_from"]),
            ("date_received", "<", bounds["dt_to"]),
        ]
        spec = {
            "sums": ("inquiry_count", "answered_count", "on_time_count"),
            "avgs": ("on_time_rate", "response_hours"),
        }
        channels = dict(self.env[model]._fields["channel"]._description_selection(self.env))

        def row(name, values):
            return {
                "name": name,
                "received": values["inquiry_count"],
                "answered": values["answered_count"],
                "on_time": values["on_time_count"],
                "on_time_rate": values["on_time_rate"],
                "response_hours": values["response_hours"],
            }

        return {
            "total": row(self.env._("All channels"), self._cs_aggregate(model, domain, **spec)[0]),
            "channels": [
                row(channels.get(values["channel"], values["channel"]), values)
                for values in self._cs_aggregate(model, domain, ["channel"], order="channel", **spec)
            ],
        }

    def _cs_monthly_workload(self, company, bounds):
        """Per-specialist workload of the month, from the staff KPIs (cs.staff.kpi, K3): one aggregation.

        Rates are computed from the summed numerators and denominators, as the KPI view does. The KPI
        view counts by UTC month.
        """
        sums = (
            "orders_reviewed",
            "changes_handled",
            "complaints_received",
            "complaints_handled",
            "revisits_done",
            "revisits_on_time",
            "inquiries_answered",
            "inquiry_response_hours",
            "inquiry_response_count",
            "satisfaction_sum",
            "satisfaction_count",
            "deliveries",
            "delivery_qty_ordered",
            "delivery_qty_otif",
        )
        domain = [("company_id", "=", company.id), ("date", "=", bounds["date_from"])]
        rows = self._cs_aggregate("cs.staff.kpi", domain, ["user_id"], sums=sums)

        def ratio(numerator, denominator, factor=1.0):
            return factor * numerator / denominator if denominator else None

        for row in rows:
            row["name"] = row.pop("user_id").display_name or self.env._("Nobody")
            row["revisit_on_time_rate"] = ratio(row["revisits_on_time"], row["revisits_done"], 100.0)
            row["inquiry_response_avg"] = ratio(row["inquiry_response_hours"], row["inquiry_response_count"])
            row["satisfaction_avg"] = ratio(row["satisfaction_sum"], row["satisfaction_count"])
            row["delivery_otif_rate"] = ratio(row["delivery_qty_otif"], row["delivery_qty_ordered"], 100.0)
        return sorted(rows, key=lambda row: row["name"])

    # ------------------------------------------------------------------
    # Outputs: XLSX, PDF, the e-mail
    # ------------------------------------------------------------------
    def _cs_report_data(self):
        self.ensure_one()
        self._cs_ensure_period()
        return self._cs_monthly_data(self.company_id, self.date_from)

    def _cs_xlsx_monthly(self):
        """The workbook: one sheet per section of the printed report."""
        self.ensure_one()
        data = self._cs_report_data()
        _ = self.env._
        title = _("%(company)s — CS monthly report %(month)s", company=data["company"].name, month=data["month_label"])
        sheets = [
            {
                "name": _("Customers"),
                "title": title,
                "columns": [
                    (_("Customer"), "text"),
                    (_("Region"), "text"),
                    (_("Orders"), "integer"),
                    (_("Sales (untaxed)"), "monetary"),
                ],
                "rows": [(row["name"], row["region"], row["orders"], row["amount"]) for row in data["customers"]],
                "totals": True,
                "totals_label": _("Total"),
            },
            {
                "name": _("Regions"),
                "title": title,
                "columns": [
                    (_("Region"), "text"),
                    (_("Customers"), "integer"),
                    (_("Orders"), "integer"),
                    (_("Sales (untaxed)"), "monetary"),
                ],
                "rows": [(row["name"], row["customers"], row["orders"], row["amount"]) for row in data["regions"]],
                "totals": True,
                "totals_label": _("Total"),
            },
            {
                "name": _("Cycle time"),
                "title": title,
                "columns": [
                    (_("Step"), "text"),
                    (_("Orders"), "integer"),
                    (_("Average (days)"), "float"),
                    (_("Median (days)"), "float"),
                ],
                "rows": [(row["name"], row["orders"], row["avg_days"], row["median_days"]) for row in data["cycle"]],
            },
        ]
        if data["otif"] is not None:
            otif = data["otif"]
            sheets.append(
                {
                    "name": _("On-time delivery"),
                    "title": title,
                    "columns": [
                        (_("Customer"), "text"),
                        (_("Lines"), "integer"),
                        (_("Ordered"), "float"),
                        (_("On time and in full"), "float"),
                        (_("OTIF (%)"), "float"),
                        (_("On time (%)"), "float"),
                        (_("In full (%)"), "float"),
                    ],
                    "rows": [
                        (
                            row["name"] or _("All customers"),
                            row["nbr"],
                            row["qty_ordered"],
                            row["qty_otif"],
                            row["otif_rate"],
                            row["on_time_rate"],
                            row["in_full_rate"],
                        )
                        for row in [otif["total"], *otif["customers"]]
                    ],
                }
            )
        if data["complaints"] is not None:
            complaints = data["complaints"]
            sheets.append(
                {
                    "name": _("Complaints"),
                    "title": title,
                    "columns": [(_("Figure"), "text"), (_("Value"), "float")],
                    "rows": [
                        (_("Received"), complaints["received"]),
                        (_("Closed"), complaints["closed"]),
                        (_("Open at month end"), complaints["open_at_end"]),
                        (_("Hours to first response (average)"), complaints["response_hours"]),
                        (_("Answered on time (%)"), complaints["on_time_rate"]),
                        (_("Days to close (average)"), complaints["close_days"]),
                        (_("Satisfaction (1–5)"), complaints["satisfaction"]),
                    ]
                    + [(_("Category: %(name)s", name=row["name"]), row["count"]) for row in complaints["categories"]],
                }
            )
        if data["revisits"] is not None:
            revisits = data["revisits"]
            sheets.append(
                {
                    "name": _("Revisits"),
                    "title": title,
                    "columns": [(_("Figure"), "text"), (_("Value"), "float")],
                    "rows": [
                        (_("Due"), revisits["due"]),
                        (_("Done"), revisits["done"]),
                        (_("Done on time"), revisits["on_time"]),
                        (_("On time (%)"), revisits["on_time_rate"]),
                        (_("Satisfaction (1–5)"), revisits["satisfaction"]),
                    ],
                }
            )
        if data["inquiries"] is not None:
            inquiries = data["inquiries"]
            sheets.append(
                {
                    "name": _("Inquiries"),
                    "title": title,
                    "columns": [
                        (_("Channel"), "text"),
                        (_("Received"), "integer"),
                        (_("Answered"), "integer"),
                        (_("Answered on time"), "integer"),
                        (_("On time (%)"), "float"),
                        (_("Response time (working hours)"), "float"),
                    ],
                    "rows": [
                        (
                            row["name"],
                            row["received"],
                            row["answered"],
                            row["on_time"],
                            row["on_time_rate"],
                            row["response_hours"],
                        )
                        for row in [*inquiries["channels"], inquiries["total"]]
                    ],
                }
            )
        sheets.append(self._cs_xlsx_workload_sheet(data, title))
        filename = _("CS monthly report %(month)s.xlsx", month=fields.Date.to_string(data["date_from"])[:7])
        return filename, cs_xlsx_workbook(sheets)

    def _cs_xlsx_workload_sheet(self, data, title):
        _ = self.env._
        return {
            "name": _("Workload"),
            "title": title,
            "columns": [
                (_("Specialist"), "text"),
                (_("Orders reviewed"), "integer"),
                (_("Changes applied"), "integer"),
                (_("Complaints received"), "integer"),
                (_("Complaints closed"), "integer"),
                (_("Revisits done"), "integer"),
                (_("Revisits on time (%)"), "float"),
                (_("Inquiries answered"), "integer"),
                (_("Inquiry response (working hours)"), "float"),
                (_("Satisfaction (1–5)"), "float"),
                (_("Order lines due"), "integer"),
                (_("OTIF (%)"), "float"),
            ],
            "rows": [
                (
                    row["name"],
                    row["orders_reviewed"],
                    row["changes_handled"],
                    row["complaints_received"],
                    row["complaints_handled"],
                    row["revisits_done"],
                    row["revisit_on_time_rate"],
                    row["inquiries_answered"],
                    row["inquiry_response_avg"],
                    row["satisfaction_avg"],
                    row["deliveries"],
                    row["delivery_otif_rate"],
                )
                for row in data["workload"]
            ],
        }

    def _cs_render_attachments(self):
        """(file name, base64 content) of the PDF and the XLSX, rendered with this environment's user and language."""
        self.ensure_one()
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(PDF_REPORT, self.ids)
        pdf_name = self.env._("CS monthly report %(month)s.pdf", month=fields.Date.to_string(self.date_from)[:7])
        xlsx_name, xlsx = self._cs_xlsx_monthly()
        return [(pdf_name, base64.b64encode(pdf)), (xlsx_name, base64.b64encode(xlsx))]

    # ------------------------------------------------------------------
    # Scheduled job: on the 1st, last month's report to the supervisors
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_monthly_report(self):
        """E-mail last month's report to each company's CS supervisors, once per month.

        Per recipient, the report is built and rendered as that user
        (``with_user``: their record rules, their companies) in their
        language; the mail itself is queued as superuser (mail.mail is not
        for plain users) from a body that carries no figures. The sent month
        is recorded in the same transaction as the mails, so a failure sends
        nothing and records nothing, and a second run sends nothing.
        """
        date_from = _previous_month(fields.Date.context_today(self))
        Sent = self.env["cs.monthly.report.sent"].sudo()
        companies = self.env["res.company"].sudo().search([("cs_monthly_report_enabled", "=", True)])
        done = Sent.search([("company_id", "in", companies.ids), ("date_from", "=", date_from)]).company_id
        for company in companies - done:
            recipients = self.env["res.users"]
            for user in self._cs_monthly_recipients(company):
                # one recipient whose report cannot be built (rights changed meanwhile) does not stop the others
                try:
                    with self.env.cr.savepoint():
                        self._cs_send_monthly_report(company, date_from, user)
                except (AccessError, UserError) as error:
                    _logger.warning(
                        "Monthly report %s of %s not sent to %s: %s", date_from, company.name, user.login, error
                    )
                    continue
                recipients |= user
            Sent.create(
                {
                    "company_id": company.id,
                    "date_from": date_from,
                    "sent_on": fields.Datetime.now(),
                    "recipient_ids": [fields.Command.set(recipients.ids)],
                }
            )

    @api.model
    def _cs_monthly_recipients(self, company):
        """The company's CS supervisors and managers with an e-mail address."""
        group = self.env.ref(SUPERVISOR_GROUP)
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", company.ids),
                    ("share", "=", False),
                    ("email", "!=", False),
                ]
            )
        )

    @api.model
    def _cs_send_monthly_report(self, company, date_from, user):
        lang = user.lang or get_lang(self.env).code
        as_user = (
            self.with_user(user)
            .with_company(company)
            .with_context(lang=lang, allowed_company_ids=[company.id, *(user.company_ids - company).ids])
        )
        report = as_user.create(
            {"company_id": company.id, "month": str(date_from.month), "year": date_from.year, "user_id": user.id}
        )
        attachments = report._cs_render_attachments()
        template = self.env.ref(MAIL_TEMPLATE).sudo()
        return template.send_mail(report.id, email_values={"attachments": attachments})
