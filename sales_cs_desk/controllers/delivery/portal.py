from odoo import fields
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import UserError
from odoo.http import request, route


class CsShipmentPortal(CustomerPortal):
    """The customer's own tracking table (L3): its shipments, and a button to confirm an arrival."""

    def _cs_shipment_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("partner_id", "child_of", partner.id),
            ("picking_type_code", "=", "outgoing"),
            ("company_id.cs_delivery_enabled", "=", True),
            ("cs_tracking_state", "!=", False),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_shipment_count" in counters:
            # read as superuser within the customer's own shipments: portal users have no stock rights
            values["cs_shipment_count"] = request.env["stock.picking"].sudo().search_count(self._cs_shipment_domain())
        return values

    @route(["/my/shipments"], type="http", auth="user", website=True)
    def portal_cs_shipments(self, **kw):
        shipments = (
            request.env["stock.picking"]
            .sudo()
            .search(self._cs_shipment_domain(), order="scheduled_date desc, id desc", limit=200)
        )
        values = self._prepare_portal_layout_values()
        values.update({"shipments": shipments, "page_name": "cs_shipments", "error": kw.get("error")})
        return request.render("sales_cs_desk.portal_my_cs_shipments", values)

    @route(["/my/shipments/<int:picking_id>/arrived"], type="http", auth="user", methods=["POST"], website=True)
    def portal_cs_shipment_arrived(self, picking_id, **kw):
        """The customer confirms the shipment arrived today (only its own, shipped, not yet arrived)."""
        Picking = request.env["stock.picking"].sudo()
        picking = Picking.search([("id", "=", picking_id), *self._cs_shipment_domain()])
        if picking and picking.cs_tracking_state == "in_transit":
            try:
                picking._cs_set_arrival(fields.Date.context_today(picking), "portal")
            except UserError as error:
                return request.redirect("/my/shipments?error=%s" % error.args[0])
        return request.redirect("/my/shipments")
