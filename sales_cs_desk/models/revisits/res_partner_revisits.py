from odoo import api, fields, models


class ResPartner(models.Model):
    """Customer care on the customer: revisit history and complaint count (C6, C7)."""

    _inherit = "res.partner"

    cs_assigned_date = fields.Date(
        string="Assigned to specialist on",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="sales_cs_desk.group_cs_specialist",
        help="When the current CS specialist took the customer over; a new customer is contacted within a week of it.",
    )
    cs_revisit_count = fields.Integer(
        string="Revisits", compute="_compute_cs_care_counts", groups="sales_cs_desk.group_cs_specialist"
    )
    cs_complaint_count = fields.Integer(
        string="Complaints", compute="_compute_cs_care_counts", groups="sales_cs_desk.group_cs_specialist"
    )

    cs_revisits_enabled = fields.Boolean(compute="_compute_cs_care_enabled", groups="sales_cs_desk.group_cs_specialist")
    cs_complaints_enabled = fields.Boolean(
        compute="_compute_cs_care_enabled", groups="sales_cs_desk.group_cs_specialist"
    )

    @api.depends_context("company")
    def _compute_cs_care_enabled(self):
        """The current company's switches: the customer's buttons follow them."""
        for partner in self:
            partner.cs_revisits_enabled = self.env.company.cs_revisits_enabled
            partner.cs_complaints_enabled = self.env.company.cs_complaints_enabled

    def _compute_cs_care_counts(self):
        revisits = self._cs_count_visible("cs.revisit")
        complaints = self._cs_count_visible("cs.complaint")
        for partner in self:
            partner.cs_revisit_count = revisits.get(partner, 0)
            partner.cs_complaint_count = complaints.get(partner, 0)

    def _cs_count_visible(self, model):
        """CS records per customer that the reader may see; none outside the desk."""
        if not self.env[model].has_access("read"):
            return {}
        return dict(self.env[model]._read_group([("cs_customer_id", "in", self.ids)], ["cs_customer_id"], ["__count"]))

    # The assignment date follows the specialist: written in superuser mode
    # once the write of ``cs_user_id`` (supervisors only) went through.
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        today = fields.Date.context_today(self)
        assigned = self.browse(
            partner.id
            for partner, vals in zip(partners.sudo(), vals_list, strict=True)
            if (vals.get("cs_user_id") or self.env.context.get("default_cs_user_id")) and partner.cs_user_id
        ).sudo()
        if assigned:
            assigned.write({"cs_assigned_date": today})
        return partners

    def write(self, vals):
        if "cs_user_id" in vals:
            changed = self.sudo().filtered(lambda p: p.cs_user_id.id != vals["cs_user_id"])
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
