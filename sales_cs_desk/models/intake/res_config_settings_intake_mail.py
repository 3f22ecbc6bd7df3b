from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_intake_alias_name = fields.Char(
        string="Order intake alias",
        help="The local part of the address customers send their order files to (e.g. orders), "
        "on the company's alias domain.",
    )
    cs_intake_alias_email = fields.Char(related="company_id.cs_intake_alias_id.alias_full_name")

    @api.model
    def get_values(self):
        res = super().get_values()
        res["cs_intake_alias_name"] = self.env.company.cs_intake_alias_id.alias_name or False
        return res

    def set_values(self):
        res = super().set_values()
        company = self.company_id or self.env.company
        if (self.cs_intake_alias_name or False) != (company.cs_intake_alias_id.alias_name or False):
            company._cs_intake_set_alias(self.cs_intake_alias_name)
        return res
