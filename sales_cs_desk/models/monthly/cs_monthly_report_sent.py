from odoo import fields, models


class CsMonthlyReportSent(models.Model):
    """One line per company and month whose report the scheduled job has e-mailed.

    The job's memory: a month is sent once, even if the job runs again (a
    retry, a late run on the 2nd). Written by the job only (no create/write
    right for anyone); supervisors read it to see who got which month.
    """

    _name = "cs.monthly.report.sent"
    _description = "Monthly Report Sent"
    _order = "date_from desc, company_id"
    _rec_name = "date_from"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True, ondelete="cascade")
    date_from = fields.Date(string="Month", required=True, readonly=True, help="First day of the reported month.")
    sent_on = fields.Datetime(readonly=True)
    recipient_ids = fields.Many2many("res.users", string="Recipients", readonly=True)

    _sql_constraints = [
        ("cs_monthly_report_sent_unique", "UNIQUE(company_id, date_from)", "A month's report is sent once."),
    ]
