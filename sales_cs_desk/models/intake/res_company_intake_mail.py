from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Order intake by e-mail (O1): one alias per company
    # ------------------------------------------------------------------
    # A mail.alias of its own rather than mail.alias.mixin on the company: the company already carries
    # Odoo's alias domain fields, and the alias is created only when a CS manager names it in Settings.
    cs_intake_alias_id = fields.Many2one(
        "mail.alias",
        string="Order intake e-mail alias",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Mails sent to this address become intake batches of this company: each CSV, XLSX or EDIFACT "
        "attachment of a customer's contact is imported for that customer; a mail from an unknown sender "
        "is held for the CS team.",
    )

    def _cs_intake_alias_values(self):
        """Values of the company's intake alias (hook: another module may route it elsewhere)."""
        self.ensure_one()
        return {
            "alias_model_id": self.env["ir.model"]._get_id("cs.order.intake"),
            "alias_defaults": repr({"company_id": self.id}),
            # unknown senders are held as a batch, not bounced: nothing a customer sends is lost
            "alias_contact": "everyone",
            "alias_domain_id": self.alias_domain_id.id,
        }

    def _cs_intake_set_alias(self, alias_name):
        """Create, rename or clear the company's intake alias (Settings; administrators only)."""
        self.ensure_one()
        alias = self.sudo().cs_intake_alias_id
        if alias and not alias_name:
            alias.alias_name = False  # an alias without a name receives nothing and keeps its history
        elif alias:
            alias.write({"alias_name": alias_name, **self._cs_intake_alias_values()})
        elif alias_name:
            alias = self.env["mail.alias"].sudo().create({"alias_name": alias_name, **self._cs_intake_alias_values()})
            self.sudo().cs_intake_alias_id = alias
