from odoo import api, fields, models


class CsVmiDailyReportWizard(models.TransientModel):
    """Print or open the daily inventory report of a VMI site for one day."""

    _name = "cs.vmi.daily.report.wizard"
    _description = "VMI Daily Report: choose site and day"
    _check_company_auto = True

    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="VMI site",
        required=True,
        check_company=True,
        domain="[('cs_is_vmi', '=', True)]",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(required=True, default=lambda self: self._default_date())

    @api.model
    def _default_date(self):
        return fields.Date.subtract(fields.Date.context_today(self), days=1)

    def action_print(self):
        self.ensure_one()
        return self.env.ref("sales_cs_desk.cs_vmi_daily_report_pdf").report_action(
            self.warehouse_id, data={"date": fields.Date.to_string(self.date)}
        )

    def action_open(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_vmi_daily_report_action")
        action["domain"] = [("warehouse_id", "=", self.warehouse_id.id), ("date", "=", self.date)]
        action["context"] = {}
        action["display_name"] = self.env._(
            "%(site)s: %(date)s", site=self.warehouse_id.display_name, date=fields.Date.to_string(self.date)
        )
        return action
