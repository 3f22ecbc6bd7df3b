from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_inquiry_enabled = fields.Boolean(related="company_id.cs_inquiry_enabled", readonly=False)
    cs_inquiry_phone_minutes = fields.Integer(related="company_id.cs_inquiry_phone_minutes", readonly=False)
    cs_inquiry_chat_minutes = fields.Integer(related="company_id.cs_inquiry_chat_minutes", readonly=False)
    cs_inquiry_email_days = fields.Integer(related="company_id.cs_inquiry_email_days", readonly=False)
    cs_inquiry_other_days = fields.Integer(related="company_id.cs_inquiry_other_days", readonly=False)
    cs_inquiry_alias_name = fields.Char(
        string="Inquiry e-mail alias",
        compute="_compute_cs_inquiry_alias_name",
        inverse="_inverse_cs_inquiry_alias_name",
        help="The left part of the address whose e-mails become inquiries of this company.",
    )
    cs_inquiry_alias_domain = fields.Char(related="company_id.alias_domain_id.name", string="Alias domain")

    def _compute_cs_inquiry_alias_name(self):
        for settings in self:
            settings.cs_inquiry_alias_name = settings.company_id.cs_inquiry_alias_id.alias_name

    def _inverse_cs_inquiry_alias_name(self):
        for settings in self:
            settings.company_id._cs_set_inquiry_alias(settings.cs_inquiry_alias_name)
