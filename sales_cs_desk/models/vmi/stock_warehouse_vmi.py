from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockWarehouse(models.Model):
    """A warehouse can be a VMI site (L8).

    A VMI site is our own, valued stock kept by a logistics provider (3PL)
    near one customer. It is an ordinary warehouse: filled through Odoo's
    inter-warehouse resupply route from a main warehouse, emptied by the
    customer's consumption, which is a delivery from the site. No
    ``owner_id``: the goods stay ours until the customer pulls them.
    """

    _inherit = "stock.warehouse"

    cs_is_vmi = fields.Boolean(
        string="VMI site",
        index=True,
        help="Our stock held by a logistics provider near the customer, resupplied from a main warehouse.",
    )
    cs_vmi_partner_id = fields.Many2one(
        "res.partner",
        string="VMI customer",
        index="btree_not_null",
        check_company=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="The customer who pulls from this site.",
    )
    cs_vmi_provider_id = fields.Many2one(
        "res.partner",
        string="Logistics provider",
        index="btree_not_null",
        check_company=True,
        help="The 3PL that runs the site, reports its stock daily and bills its fees.",
    )
    cs_vmi_supply_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Resupplied from",
        check_company=True,
        domain="[('id', '!=', id), ('cs_is_vmi', '=', False)]",
        help="The main warehouse that fills this site through Odoo's inter-warehouse resupply route.",
    )
    cs_vmi_import_mapping = fields.Json(
        string="3PL file columns",
        copy=False,
        groups="sales_cs_desk.group_cs_supervisor",
        help="How the provider's daily stock file maps to product, date and quantity; remembered from the last import.",
    )

    cs_vmi_balance_checked = fields.Date(
        string="Daily balance verified on",
        readonly=True,
        copy=False,
        help="Last day the nightly job compared this site's daily balance snapshot with its moves.",
    )

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains("cs_is_vmi", "cs_vmi_partner_id", "cs_vmi_supply_warehouse_id")
    def _check_cs_vmi(self):
        for warehouse in self.filtered("cs_is_vmi"):
            if not warehouse.cs_vmi_partner_id:
                raise ValidationError(
                    self.env._("VMI site %(site)s: set the customer it serves.", site=warehouse.display_name)
                )
            if warehouse.cs_vmi_supply_warehouse_id == warehouse:
                raise ValidationError(
                    self.env._(
                        "VMI site %(site)s cannot resupply itself: choose a main warehouse.",
                        site=warehouse.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        partner_ids = {vals["cs_vmi_partner_id"] for vals in vals_list if vals.get("cs_vmi_partner_id")}
        items = self._cs_vmi_customer_items(partner_ids)
        stale_keys = items._cs_orderpoint_keys()
        warehouses = super().create(vals_list)
        warehouses._cs_vmi_ensure_resupply()
        items._cs_sync_orderpoints(stale_keys)
        if any(vals.get("cs_is_vmi") for vals in vals_list):
            self.env["cs.vmi.daily.balance"].sudo()._cs_rebuild(warehouses)
        return warehouses

    def write(self, vals):
        if not {"cs_is_vmi", "cs_vmi_partner_id", "cs_vmi_supply_warehouse_id", "active"} & set(vals):
            return super().write(vals)
        partner_ids = set(self.cs_vmi_partner_id.ids) | ({vals.get("cs_vmi_partner_id")} - {False, None})
        items = self._cs_vmi_customer_items(partner_ids)
        stale_keys = items._cs_orderpoint_keys()
        res = super().write(vals)
        self._cs_vmi_ensure_resupply()
        items._cs_sync_orderpoints(stale_keys)
        if {"cs_is_vmi", "active"} & set(vals):
            # a site that becomes or stops being a VMI site: its snapshot is rebuilt or removed
            self.env["cs.vmi.daily.balance"].sudo()._cs_rebuild(self)
        return res

    @api.model
    def _cs_vmi_customer_items(self, partner_ids):
        """Customer items whose safety stock moves when a customer gains or loses its VMI site."""
        if not partner_ids:
            return self.env["cs.customer.item"]
        return self.env["cs.customer.item"].sudo().search([("partner_id", "in", list(partner_ids))])

    def _cs_vmi_ensure_resupply(self):
        """Tick the main warehouse in Odoo's "Resupply From": Odoo builds the route."""
        for warehouse in self.filtered(lambda w: w.cs_is_vmi and w.cs_vmi_supply_warehouse_id):
            if warehouse.cs_vmi_supply_warehouse_id not in warehouse.resupply_wh_ids:
                warehouse.resupply_wh_ids = [fields.Command.link(warehouse.cs_vmi_supply_warehouse_id.id)]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _cs_vmi_resupply_route(self):
        """The inter-warehouse route that fills this VMI site."""
        self.ensure_one()
        return self.resupply_route_ids.filtered(
            lambda r: r.supplier_wh_id == self.cs_vmi_supply_warehouse_id and r.active
        )[:1]

    @api.model
    def _cs_vmi_sites_by_customer(self, partners, companies):
        """{(customer id, company id): VMI site} — the first site by sequence."""
        sites = self.sudo().search(
            [
                ("cs_is_vmi", "=", True),
                ("cs_vmi_partner_id", "in", partners.ids),
                ("company_id", "in", companies.ids),
            ]
        )
        result = {}
        for site in sites:
            result.setdefault((site.cs_vmi_partner_id.id, site.company_id.id), site)
        return result

    def action_cs_vmi_daily_report(self):
        """Open this site's daily inventory report."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_vmi_daily_report_action")
        action["domain"] = [("warehouse_id", "=", self.id)]
        action["context"] = {"search_default_yesterday": 1}
        return action
