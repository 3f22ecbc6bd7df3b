from odoo import fields, models

from ..complaints.cs_complaint import CsComplaint as CsComplaintBase


class CsComplaint(models.Model):
    """Complaints and revisits (C6, C7): closing plans the after-complaint
    revisit; a revisit can raise a complaint."""

    _inherit = "cs.complaint"
    _cs_checked_links = (*CsComplaintBase._cs_checked_links, "cs_revisit_id")

    cs_revisit_ids = fields.One2many("cs.revisit", "complaint_id", string="Revisits after closing")
    cs_revisit_id = fields.Many2one(
        "cs.revisit",
        string="Raised at revisit",
        index="btree_not_null",
        copy=False,
        help="The revisit at which the customer raised this complaint.",
    )

    def _cs_on_complaint_closed(self):
        res = super()._cs_on_complaint_closed()
        self.env["cs.revisit.rule"]._cs_plan_for_events(
            "complaint_closed",
            [
                (
                    complaint.cs_customer_id,
                    complaint.company_id,
                    complaint.name,
                    {"complaint_id": complaint.id, "partner_id": complaint.partner_id.id},
                )
                for complaint in self
            ],
        )
        return res

    def action_cs_open_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_revisit_action")
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "default_complaint_id": self.id}
        action["view_mode"] = "list,form"
        return action
