from odoo import api, models
from odoo.tools import email_normalize

# Attachments read as order files (and any file that starts as an EDIFACT interchange, often sent as .txt);
# anything else (logos, PDF, notes) stays on the mail only.
ORDER_FILE_EXTENSIONS = (".csv", ".xlsx", ".xlsm", ".edi", ".edifact")


class CsOrderIntake(models.Model):
    _inherit = "cs.order.intake"

    # ------------------------------------------------------------------
    # Mail gateway: the company's intake alias (res.company.cs_intake_alias_id)
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the intake alias: one batch per order file for the sender's customer, or one held batch.

        Runs as the mail gateway (superuser). The alias gives the company (``alias_defaults``); the sender
        must be a contact of exactly one customer of that company. The mail itself, with all its
        attachments, is posted by the gateway on the returned batch; the other batches note where it is.
        """
        company = self.env["res.company"].browse((custom_values or {}).get("company_id")).exists()
        intake = self.with_company(company or self.env.company)
        sender = intake._cs_mail_sender(msg_dict)
        files = intake._cs_mail_order_files(msg_dict)
        reason = intake._cs_mail_hold_reason(msg_dict, sender, files)
        if reason:
            customer = sender if len(sender.commercial_partner_id) == 1 else sender.browse()
            return intake._cs_intake_hold(customer, False, False, "email", reason)
        batches = intake.browse()
        for filename, data in files:
            batches |= intake._cs_intake_receive(sender, filename, data, "email")
        for batch in batches[1:]:
            batch.message_post(
                body=self.env._(
                    "Received by e-mail from %(sender)s (“%(subject)s”) with other files: the mail is on batch "
                    "%(batch)s.",
                    sender=msg_dict.get("email_from") or "-",
                    subject=msg_dict.get("subject") or "",
                    batch=batches[0].name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return batches[0]

    @api.model
    def _cs_mail_sender(self, msg_dict):
        """The customer contact who sent the mail: one contact when the address belongs to one customer of the
        company, all the matching contacts when it belongs to several (the mail is then held), else none."""
        email = email_normalize(msg_dict.get("email_from") or "")
        if not email:
            return self.env["res.partner"]
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("email_normalized", "=", email), ("company_id", "in", [False, self.env.company.id])],
                order="is_company, id",
            )
        )
        # the company's own people are not customers (a colleague forwarding an order is held for the desk)
        contacts = contacts.filtered(
            lambda p: (
                not p.commercial_partner_id.user_ids.filtered(lambda u: not u.share)
                and p.commercial_partner_id not in self.env["res.company"].sudo().search([]).partner_id
            )
        )
        if len(contacts.commercial_partner_id) != 1:
            return self.env["res.partner"] if not contacts else contacts
        return contacts[:1]

    @api.model
    def _cs_mail_order_files(self, msg_dict):
        """(filename, bytes) of the attachments that are order files, in the mail's order."""
        files = []
        for attachment in msg_dict.get("attachments") or []:
            filename, content = attachment[0] or "", attachment[1]
            info = attachment[2] if len(attachment) > 2 else {}
            if isinstance(content, str):
                # text parts arrive decoded with the charset the mail declares: back to the file's bytes
                try:
                    content = content.encode((info or {}).get("encoding") or "utf-8")
                except LookupError:
                    content = content.encode("utf-8")
            if filename.lower().endswith(ORDER_FILE_EXTENSIONS) or self._cs_is_edifact(filename, content):
                files.append((filename, content))
        return files

    @api.model
    def _cs_mail_hold_reason(self, msg_dict, sender, files):
        """Why the mail cannot become batches of the sender's customer (False when it can)."""
        company = self.env.company
        email = msg_dict.get("email_from") or "-"
        if not company.cs_intake_enabled:
            return self.env._(
                "Order intake is switched off for %(company)s: the mail from %(sender)s is kept here with its "
                "files. Switch order intake on in the CS Desk settings, or pass the order on by hand.",
                company=company.name,
                sender=email,
            )
        if not sender:
            return self.env._(
                "The sender %(sender)s is not a contact of any customer: the mail and its files are kept here. "
                "Add the sender as a contact of its customer, then upload the files for that customer.",
                sender=email,
            )
        if len(sender.commercial_partner_id) > 1:
            return self.env._(
                "The sender %(sender)s is a contact of several customers (%(customers)s): the mail and its "
                "files are kept here. Upload the files for the right customer.",
                sender=email,
                customers=", ".join(sender.commercial_partner_id.mapped("display_name")),
            )
        if not files:
            return self.env._(
                "The mail from %(sender)s has no CSV, XLSX or EDIFACT attachment: read it and key the order in.",
                sender=email,
            )
        return False
