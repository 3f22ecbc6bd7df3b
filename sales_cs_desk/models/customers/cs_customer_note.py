from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..common.cs_guard import cs_guard_fields


class CsCustomerNote(models.Model):
    """A CS contact log entry: a call, e-mail or visit with a customer (C1).

    The first confidential CS record type: readable by the customer's
    specialist, its backup while covering, and CS supervisors (C4).
    """

    _name = "cs.customer.note"
    _description = "CS Customer Log"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    kind = fields.Selection(
        [
            ("call", "Phone call"),
            ("email", "E-mail"),
            ("visit", "Visit"),
            ("chat", "Chat"),
            ("other", "Other"),
        ],
        required=True,
        default="call",
    )
    body = fields.Html(string="Notes")
    user_id = fields.Many2one(
        "res.users",
        string="Logged by",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env.user,
        help="Who logged the contact: the author, fixed once logged.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)

    # The author of a log entry is part of the record: a user logs under
    # their own name (CS supervisors may log for a colleague), and nobody
    # changes it afterwards.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("sales_cs_desk.group_cs_supervisor"):
            default = self.env.context.get("default_user_id")
            for vals in vals_list:
                author = vals.get("user_id", default)
                if author and author != self.env.uid:
                    raise AccessError(
                        self.env._(
                            "You log CS contacts under your own name. Leave 'Logged by' empty or set it to yourself."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("user_id",))
        return super().write(vals)
