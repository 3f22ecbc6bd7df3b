from odoo import api, fields, models

from ..common.cs_guard import cs_guard_fields

# Numbered and stamped by the desk when the version is created.
VERSION_GUARDED = ("version", "company_id")


class CsCustomerForecastVersion(models.Model):
    """One forecast a customer sent (O2): its received date, its source file and its buckets.

    Versions of a customer are numbered in the order they are recorded; for
    every bucket the latest version holding it (by received date) is the
    forecast the orders are compared with.
    """

    _name = "cs.customer.forecast.version"
    _inherit = ["cs.customer.mixin", "mail.thread"]
    _description = "Customer forecast version"
    _order = "received_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["cs_customer_id", "name"]

    partner_id = fields.Many2one(string="Customer", domain="[('is_company', '=', True)]")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda self: self.env.company
    )
    name = fields.Char(string="Customer reference", help="The customer's name or number for this forecast.")
    version = fields.Integer(readonly=True, copy=False, help="1 for the customer's first forecast, then 2, 3 …")
    received_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    attachment_id = fields.Many2one("ir.attachment", string="Source file", readonly=True, copy=False)
    line_ids = fields.One2many("cs.customer.forecast", "version_id", string="Buckets")
    line_count = fields.Integer(compute="_compute_line_count", string="Number of buckets")
    total_qty = fields.Float(compute="_compute_line_count", string="Total quantity")
    note = fields.Text()

    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "%(customer)s v%(version)s (%(date)s)",
                customer=version.cs_customer_id.name or "",
                version=version.version,
                date=version.received_date or "",
            )

    @api.depends("line_ids.quantity")
    def _compute_line_count(self):
        for version in self:
            version.line_count = len(version.line_ids)
            version.total_qty = sum(version.line_ids.mapped("quantity"))

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, VERSION_GUARDED, operation="create")
        # the company of a CS record is the company it is recorded in, not one the user names
        vals_list = [{**vals, "company_id": vals.get("company_id") or self.env.company.id} for vals in vals_list]
        versions = super().create(vals_list)
        versions._cs_number()
        return versions

    def write(self, vals):
        cs_guard_fields(self, vals, VERSION_GUARDED)
        return super().write(vals)

    def _cs_number(self):
        """Number the new versions per customer and company (one read of the current maximum)."""
        others = self.sudo().search_fetch(
            [("cs_customer_id", "in", self.cs_customer_id.ids), ("id", "not in", self.ids)],
            ["cs_customer_id", "company_id", "version"],
        )
        top = {}
        for version in others:
            key = (version.cs_customer_id.id, version.company_id.id)
            top[key] = max(top.get(key, 0), version.version)
        for version in self.sorted("id"):
            key = (version.cs_customer_id.id, version.company_id.id)
            top[key] = top.get(key, 0) + 1
            version.sudo().version = top[key]

    def action_cs_view_waterfall(self):
        """The customer's buckets across its versions (pivot: buckets × versions)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_customer_forecast_action_waterfall")
        action["domain"] = [("cs_customer_id", "=", self.cs_customer_id.id)]
        return action
