from odoo import api, models


class ReportCsMonthlyReport(models.AbstractModel):
    """Values of the printed monthly report: the same data dict as the workbook."""

    _name = "report.sales_cs_desk.cs_monthly_report_document"
    _description = "CS Monthly Report (printed)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["cs.monthly.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "cs.monthly.report",
            "docs": reports,
            "report_data": {report.id: report._cs_report_data() for report in reports},
        }
