from odoo import api, fields, models


class SaleOrder(models.Model):
    """Warn on orders whose coming deliveries lack returnable containers (L6)."""

    _inherit = "sale.order"

    cs_container_warning = fields.Char(
        string="Container warning",
        groups="sales_team.group_sale_salesman",
        compute="_compute_cs_container_warning",
        help="The containers this order's coming deliveries need are short in the warehouses.",
    )

    @api.depends("state", "order_line.move_ids.state")
    def _compute_cs_container_warning(self):
        # no stored depends on the forecast on purpose: stock moves all day long
        # would recompute every open order; the warning is read when shown
        self.cs_container_warning = False
        orders = self.filtered(lambda o: o.state == "sale" and o.company_id.cs_container_tracking)
        if not orders:
            return
        Need = self.env["cs.container.need"].sudo()
        Need.invalidate_model()  # a view: what this transaction moved since it was last read
        short = {(need.company_id.id, need.product_id.id): need for need in Need.search([("shortfall", ">", 0)])}
        if not short:
            return
        for order in orders:
            moves = order.order_line.move_ids.filtered(lambda m: m.state not in ("done", "cancel", "draft"))
            containers = moves.product_packaging_id.package_type_id.cs_container_product_id
            needs = [short[key] for key in ((order.company_id.id, c.id) for c in containers) if key in short]
            if needs:
                order.cs_container_warning = self.env._(
                    "Returnable containers are short for the coming deliveries: %(details)s. "
                    "Get empty containers back from customers or buy more.",
                    details="; ".join(
                        self.env._(
                            "%(container)s needed %(needed)s, in warehouses %(on_hand)s, expected %(expected)s",
                            container=need.product_id.display_name,
                            needed=need.needed,
                            on_hand=need.on_hand,
                            expected=need.expected,
                        )
                        for need in needs
                    ),
                )
