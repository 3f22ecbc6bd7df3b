from odoo import api, models
from odoo.exceptions import AccessError, UserError


class CsOrderIntake(models.Model):
    _inherit = "cs.order.intake"

    # ------------------------------------------------------------------
    # Web EDI: a customer contact sends an order through the portal
    # ------------------------------------------------------------------
    @api.model
    def _cs_portal_submit(self, filename=False, data=b"", rows=None, po_number=""):
        """A portal user's order: a file (imported or held with the reason) or keyed-in lines.

        Portal users have no create right on batches: the batch is created in superuser mode, for the
        user's own commercial partner only, after checking that the caller is a portal user of a company
        with order intake switched on. Private (RPC cannot call it); the controller is its only caller.
        """
        user = self.env.user
        if not user._is_portal():
            raise AccessError(self.env._("Only customer contacts send orders through the portal."))
        company = self.env.company
        if not company.cs_intake_enabled:
            raise UserError(self.env._("%(company)s does not receive orders through the portal.", company=company.name))
        if not data and not rows:
            raise UserError(self.env._("Choose an order file or key in at least one line."))
        if data and rows:
            raise UserError(self.env._("Send either a file or keyed-in lines, not both at once."))
        contact = user.partner_id
        intake = self.sudo().with_company(company)
        if data:
            return intake._cs_intake_receive(contact, filename, data, "portal")
        return intake._cs_intake_from_rows(contact, rows, source="portal", po_number=po_number or None)

    def _cs_portal_po_numbers(self):
        """The customer's PO numbers of the batch, as the customer wrote them."""
        self.ensure_one()
        numbers = [self.po_number] if self.po_number else []
        for number in self.line_ids.mapped(lambda line: line.po_number or line.raw_po):
            if number and number not in numbers:
                numbers.append(number)
        return ", ".join(numbers)

    def _cs_portal_status(self):
        """What the customer reads of the batch's progress."""
        self.ensure_one()
        if self.state == "held":
            return self.env._("Held by our customer service")
        if self.state == "cancel":
            return self.env._("Cancelled")
        if self.state == "done":
            return self.env._("Ordered")
        if self.block_count:
            return self.env._("Being checked; lines that need a correction: %(count)s", count=self.block_count)
        if self.done_count:
            return self.env._("Partly ordered")
        return self.env._("Received, being checked")
