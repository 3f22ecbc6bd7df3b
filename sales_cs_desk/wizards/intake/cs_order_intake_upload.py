import base64

from odoo import fields, models


class CsOrderIntakeUpload(models.TransientModel):
    """Upload a customer's order file (CSV or XLSX) into a new intake batch."""

    _name = "cs.order.intake.upload"
    _description = "Upload a customer order file"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        domain="[('customer_rank', '>', 0), ('parent_id', '=', False)]",
    )
    file = fields.Binary(string="Order file", required=True, help="CSV (UTF-8 or GB18030) or Excel .xlsx.")
    filename = fields.Char()
    po_number = fields.Char(string="Customer PO", help="For lines whose file gives no PO number.")

    def action_upload(self):
        self.ensure_one()
        intake = self.env["cs.order.intake"]._cs_intake_from_file(
            self.partner_id,
            self.filename or "order.csv",
            base64.b64decode(self.file or b""),
            source="file",
            po_number=self.po_number,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.order.intake",
            "res_id": intake.id,
            "views": [(False, "form")],
            "target": "current",
        }
