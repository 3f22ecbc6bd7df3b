from odoo import fields, models


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
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer or one of its contacts.",
    )
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
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
