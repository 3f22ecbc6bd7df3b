from odoo import api, fields, models


class ReportCsVmiDailyReport(models.AbstractModel):
    """Values of the printed daily report (库存日报表) of VMI sites for one day."""

    _name = "report.sales_cs_desk.cs_vmi_daily_report_document"
    _description = "VMI Daily Inventory Report (printed)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        date = fields.Date.to_date(data.get("date")) or fields.Date.subtract(today, days=1)
        sites = self.env["stock.warehouse"].browse(docids)
        report = self.env["cs.vmi.daily.report"]
        return {
            "doc_ids": docids,
            "doc_model": "stock.warehouse",
            "docs": sites,
            "date": date,
            "lines": {site.id: report._cs_site_day_lines(site, date) for site in sites},
        }
