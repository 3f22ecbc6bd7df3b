from datetime import timedelta

from odoo import api, fields, models


class SaleOrder(models.Model):
    """Daily review job: late releases and automatic close-out (O8, O10)."""

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Daily job (O8, O10)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_review_daily(self):
        """Escalate late releases once each; close delivered orders when configured."""
        self._cs_escalate_late_releases()
        self._cs_auto_close()

    @api.model
    def _cs_escalate_late_releases(self):
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_release_late")
        today = fields.Date.context_today(self)
        late = self.sudo().search([("cs_stage_id.stage_type", "=", "released"), ("cs_ship_by_date", "<", today)])
        already = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", late.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        supervisors = {}
        vals_list = []
        for order in late.filtered(lambda o: o.id not in already):
            company = order.company_id
            if company not in supervisors:
                supervisors[company] = company._cs_duty_supervisor()
            user = supervisors[company]
            if not user:
                continue
            vals_list.append(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                    "res_id": order.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "%(order)s not shipped by %(deadline)s",
                        order=order.name,
                        deadline=fields.Date.to_string(order.cs_ship_by_date),
                    ),
                    "automated": True,
                }
            )
        return self.env["mail.activity"].sudo().create(vals_list)

    @api.model
    def _cs_auto_close(self):
        now = fields.Datetime.now()
        to_close = self.browse()
        for company in self.env["res.company"].sudo().search([("cs_auto_close_days", ">", 0)]):
            to_close |= self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("cs_stage_id.stage_type", "=", "delivered"),
                    ("cs_delivered_date", "<=", now - timedelta(days=company.cs_auto_close_days)),
                ]
            )
        to_close._cs_close()
        return to_close
