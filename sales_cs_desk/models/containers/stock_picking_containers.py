import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..common.cs_guard import cs_guard_fields


class StockPicking(models.Model):
    _inherit = "stock.picking"

    cs_container_move_ids = fields.One2many(
        "stock.move",
        "cs_container_picking_id",
        string="Container movements",
        readonly=True,
    )
    cs_container_count = fields.Integer(string="Containers", compute="_compute_cs_container_count")
    cs_container_shortage = fields.Integer(
        string="Containers short",
        readonly=True,
        copy=False,
        help="Containers this delivery needed but the warehouse did not have when it shipped.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_container_shortage",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_container_shortage",))
        return super().write(vals)

    def _compute_cs_container_count(self):
        counts = dict(
            self.env["stock.move"]._read_group(
                [("cs_container_picking_id", "in", self.ids), ("state", "=", "done")],
                ["cs_container_picking_id"],
                ["product_qty:sum"],
            )
        )
        for picking in self:
            picking.cs_container_count = int(counts.get(picking, 0))

    # ------------------------------------------------------------------
    # Validation hooks
    # ------------------------------------------------------------------
    def _action_done(self):
        tracked = self._cs_container_tracked()
        if tracked:
            tracked._cs_container_check_shortage_policy()
        res = super()._action_done()
        if tracked:
            tracked._cs_container_book()
        return res

    def _cs_container_tracked(self):
        """Deliveries to and returns from customers of companies tracking containers."""
        return self.filtered(
            lambda p: (
                p.company_id.cs_container_tracking
                and p.partner_id
                and {p.location_id.usage, p.location_dest_id.usage} == {"internal", "customer"}
            )
        )

    def _cs_container_is_delivery(self):
        self.ensure_one()
        return self.location_dest_id.usage == "customer"

    def _cs_container_stock_location(self):
        """Where the warehouse keeps its empty containers."""
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        if warehouse:
            return warehouse.lot_stock_id
        return self.location_id if self._cs_container_is_delivery() else self.location_dest_id

    def _cs_container_needs(self, moves):
        """Containers per container product for ``moves``, rounded up per line."""
        needs = defaultdict(int)
        for move in moves:
            packaging = move.product_packaging_id or move.origin_returned_move_id.product_packaging_id
            container = packaging.package_type_id.cs_container_product_id
            if not container or packaging.qty <= 0:
                continue
            qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            # 1e-6 tolerance: 20.0000001 units in 10-unit packs still take 2 containers
            needs[container] += math.ceil(float_round(qty / packaging.qty, precision_digits=6))
        return needs

    def _cs_container_check_shortage_policy(self):
        for picking in self.filtered(
            lambda p: p.company_id.cs_container_shortage_policy == "block" and p._cs_container_is_delivery()
        ):
            moves = picking.move_ids.filtered(lambda m: m.state != "cancel" and m.quantity)
            location = picking._cs_container_stock_location()
            for container, needed in picking._cs_container_needs(moves).items():
                available = container.with_context(location=location.id).qty_available
                if available < needed:
                    raise UserError(
                        self.env._(
                            "%(picking)s needs %(needed)s × %(container)s but %(location)s holds only "
                            "%(available)s. Receive empty containers back from customers or buy more "
                            "before validating, or ask a CS manager to let deliveries ship short of containers.",
                            picking=picking.name,
                            needed=needed,
                            container=container.display_name,
                            location=location.display_name,
                            available=int(available),
                        )
                    )

    def _cs_container_book(self):
        """Move the containers of the validated pickings to or from the customers."""
        entries, shortages = [], defaultdict(list)
        # pickings validated together draw on the same containers
        planned = defaultdict(int)
        Location = self.env["stock.location"]
        for picking in self:
            done_moves = picking.move_ids.filtered(lambda m: m.state == "done")
            needs = picking._cs_container_needs(done_moves)
            if not needs:
                continue
            customer = picking.partner_id.commercial_partner_id
            stock_location = picking._cs_container_stock_location()
            customer_location = Location._cs_container_location(customer, picking.company_id)
            delivery = picking._cs_container_is_delivery()
            for container, needed in needs.items():
                qty = needed
                source = stock_location if delivery else customer_location
                if delivery:
                    available = int(container.with_context(location=source.id).qty_available)
                else:
                    # goods come back with their containers, never more than the customer holds
                    available = int(customer._cs_container_held(container, picking.company_id))
                available = max(available - planned[source, container], 0)
                if available < needed:
                    qty = available
                    if delivery:
                        shortages[picking].append((container, needed, available))
                if qty <= 0:
                    continue
                planned[source, container] += qty
                entries.append(
                    {
                        "partner": customer,
                        "company": picking.company_id,
                        "product": container,
                        "qty": qty,
                        "kind": "issue" if delivery else "return",
                        "location": stock_location if delivery else customer_location,
                        "location_dest": customer_location if delivery else stock_location,
                        "reference": picking.name,
                        "picking": picking,
                    }
                )
        if entries:
            self.env["stock.move"]._cs_container_post(entries)
        for picking, lines in shortages.items():
            picking._cs_container_raise_shortage(lines)

    def _cs_container_raise_shortage(self, lines):
        """Record containers that did not go out and tell the customer's CS specialist."""
        self.ensure_one()
        missing = sum(needed - available for _container, needed, available in lines)
        self.sudo().cs_container_shortage = missing
        details = ", ".join(
            self.env._(
                "%(container)s: %(needed)s needed, %(available)s issued",
                container=container.display_name,
                needed=needed,
                available=available,
            )
            for container, needed, available in lines
        )
        note = self.env._(
            "Shipped short of %(missing)s returnable containers (%(details)s). The goods went out in other "
            "packaging; get containers back from customers before the next deliveries.",
            missing=missing,
            details=details,
        )
        # the warehouse validates: who handles the customer is read in superuser mode (a CS field)
        user = self.partner_id.commercial_partner_id.sudo().cs_user_id or self.user_id or self.env.user
        self.sudo().activity_schedule(
            "sales_cs_desk.mail_activity_type_cs_container_shortage",
            summary=self.env._("Delivery short of containers"),
            note=note,
            user_id=user.id,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_open_container_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_container_move_action")
        action["domain"] = [("cs_container_picking_id", "=", self.id)]
        action["context"] = {}
        return action
