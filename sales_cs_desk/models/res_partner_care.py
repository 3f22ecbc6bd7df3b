from odoo import api, fields, models


class ResPartner(models.Model):
    """Customer care on the customer: revisit history and complaint count (C6, C7)."""

    _inherit = "res.partner"

    cs_assigned_date = fields.Date(
        string="Assigned to specialist on",
        copy=False,
        index="btree_not_null",
        help="When the current CS specialist took the customer over; a new customer is contacted within a week of it.",
    )
    cs_revisit_count = fields.Integer(string="Revisits", compute="_compute_cs_care_counts")
    cs_complaint_count = fields.Integer(string="Complaints", compute="_compute_cs_care_counts")

    def _compute_cs_care_counts(self):
        revisits = dict(
            self.env["cs.revisit"]._read_group([("cs_customer_id", "in", self.ids)], ["cs_customer_id"], ["__count"])
        )
        complaints = dict(
            self.env["cs.complaint"]._read_group([("cs_customer_id", "in", self.ids)], ["cs_customer_id"], ["__count"])
        )
        for partner in self:
            partner.cs_revisit_count = revisits.get(partner, 0)
            partner.cs_complaint_count = complaints.get(partner, 0)

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("cs_user_id") and "cs_assigned_date" not in vals:
                vals["cs_assigned_date"] = today
        return super().create(vals_list)

    def write(self, vals):
        if "cs_user_id" in vals and "cs_assigned_date" not in vals:
            changed = self.filtered(lambda p: p.cs_user_id.id != vals["cs_user_id"])
            res = super().write(vals)
            if changed:
                date = fields.Date.context_today(self) if vals["cs_user_id"] else False
                super(ResPartner, changed).write({"cs_assigned_date": date})
            return res
        return super().write(vals)

    def action_cs_open_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_revisit_action")
        action["domain"] = [("cs_customer_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        action["view_mode"] = "list,form,kanban,calendar"
        return action

    def action_cs_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_complaint_action")
        action["domain"] = [("cs_customer_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
