from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the customer's own tolerance, agreed with it: CS data
    cs_forecast_tolerance_qty = fields.Float(
        string="Forecast tolerance (quantity)",
        groups="sales_cs_desk.group_cs_specialist",
        help="0 with 0 %: the company's tolerance applies.",
    )
    cs_forecast_tolerance_pct = fields.Float(
        string="Forecast tolerance (%)", groups="sales_cs_desk.group_cs_specialist"
    )

    @api.constrains("cs_forecast_tolerance_qty", "cs_forecast_tolerance_pct")
    def _check_cs_forecast_tolerance(self):
        for partner in self.sudo():
            if partner.cs_forecast_tolerance_qty < 0 or partner.cs_forecast_tolerance_pct < 0:
                raise ValidationError(self.env._("Forecast tolerances cannot be negative."))

    def _cs_forecast_tolerance(self, company):
        """(quantity, percent) the deviations of this customer are measured against."""
        self.ensure_one()
        partner = self.sudo()
        if partner.cs_forecast_tolerance_qty or partner.cs_forecast_tolerance_pct:
            return partner.cs_forecast_tolerance_qty, partner.cs_forecast_tolerance_pct
        return company.cs_forecast_tolerance_qty, company.cs_forecast_tolerance_pct
