from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .cs_shortage_allocation import allocate_fair, allocate_priority, is_valid


class CsShortageWizard(models.TransientModel):
    """Spread short stock over the waiting orders (O6), preview, then apply."""

    _name = "cs.shortage.wizard"
    _description = "Shortage allocation"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        default=lambda self: self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1),
        domain="[('company_id', '=', company_id)]",
    )
    product_id = fields.Many2one("product.product", help="Leave empty to allocate every product that is short.")
    mode = fields.Selection(
        [("priority", "Priority (queue order)"), ("fair", "Fair share")],
        required=True,
        default="fair",
        help="Priority fills the orders in queue order; fair share gives each order the same share of its "
        "demand, rounded to MOQ and pack multiples, leftovers by queue order.",
    )
    state = fields.Selection([("setup", "Setup"), ("preview", "Preview")], default="setup", required=True)
    line_ids = fields.One2many("cs.shortage.wizard.line", "wizard_id", string="Allocation")
    defer_rest = fields.Boolean(
        string="Defer the rest to the next working day",
        default=True,
        help="What is not allocated goes into a follow-up order for the next working day, reviewed first.",
    )
    customer_consent = fields.Text(help="How the customers agreed to the split delivery.")

    # ------------------------------------------------------------------
    def _cs_waiting_lines(self):
        """Lines of the waiting orders (in review), in queue order."""
        orders = self.env["sale.order"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("warehouse_id", "=", self.warehouse_id.id),
                ("state", "in", ("draft", "sent")),
                ("cs_stage_id.stage_type", "=", "review"),
            ],
            order="cs_queue_score desc, cs_received_date asc, id asc",
        )
        lines = orders.order_line.filtered(lambda ln: ln.product_id.is_storable and ln.product_uom_qty > 0)
        if self.product_id:
            lines = lines.filtered(lambda ln: ln.product_id == self.product_id)
        rank = {order.id: i for i, order in enumerate(orders)}
        return lines.sorted(lambda ln: (rank[ln.order_id.id], ln.sequence, ln.id))

    def action_preview(self):
        self.ensure_one()
        lines = self._cs_waiting_lines()
        Check = self.env["cs.order.check"]
        free = Check._cs_free_quantities(lines.order_id)
        rules = Check._cs_order_rules(lines.order_id)
        allocate = allocate_fair if self.mode == "fair" else allocate_priority
        commands = [Command.clear()]
        for product, product_lines in lines.grouped("product_id").items():
            demand = [ln._cs_qty_in_product_uom() for ln in product_lines]
            available = max(free.get((self.warehouse_id.id, product.id), 0.0), 0.0)
            if available >= sum(demand) and not self.product_id:
                continue  # not short
            demands = []
            for line, qty in zip(product_lines, demand, strict=True):
                key = (self.company_id.id, line.order_id.partner_id.commercial_partner_id.id, product.id)
                moq, pack = rules.get(key, (0.0, 0.0))
                demands.append((qty, moq, pack))
            allocation = allocate(available, demands)
            for line, (qty, moq, pack), allocated in zip(product_lines, demands, allocation, strict=True):
                commands.append(
                    Command.create(
                        {
                            "order_line_id": line.id,
                            "free_qty": available,
                            "demand": qty,
                            "moq": moq,
                            "pack": pack,
                            "allocated": allocated,
                        }
                    )
                )
        if len(commands) == 1:
            raise UserError(self.env._("No waiting order is short of stock in %(wh)s.", wh=self.warehouse_id.name))
        self.write({"line_ids": commands, "state": "preview"})
        return self._cs_reopen()

    def action_back(self):
        self.write({"state": "setup", "line_ids": [Command.clear()]})
        return self._cs_reopen()

    def _cs_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Shortage allocation"),
            # customer, why here, product, demand, allocated and deferred side by side
            "context": {**self.env.context, "dialog_size": "extra-large"},
        }

    def action_apply(self):
        """Apply the allocated quantities; demand, free stock and order rules are read again, not trusted."""
        self.ensure_one()
        if self.state != "preview" or not self.line_ids:
            raise UserError(self.env._("Preview the allocation before applying it."))
        demands = self._cs_ensure_valid_allocation()
        short = self.line_ids.filtered(lambda ln: ln.allocated < demands[ln.order_line_id])
        if short and not (self.customer_consent or "").strip():
            raise UserError(self.env._("Record how the customers agreed to the split delivery before applying it."))
        for order, lines in short.grouped(lambda ln: ln.order_line_id.order_id).items():
            order._cs_apply_allocation(
                {ln.order_line_id: ln.allocated for ln in lines}, self.defer_rest, self.customer_consent
            )
        return {"type": "ir.actions.act_window_close"}

    def _cs_ensure_valid_allocation(self):
        """Check every line against the database; returns {order line: demand in the product's unit}."""
        self.ensure_one()
        waiting = self._cs_waiting_lines()
        lines = self.line_ids
        if len(lines.order_line_id) != len(lines):
            raise UserError(self.env._("An order line appears twice in the allocation: preview it again."))
        stale = lines.order_line_id - waiting
        if stale:
            raise UserError(
                self.env._(
                    "%(order)s no longer waits in the review of %(wh)s: preview the allocation again.",
                    order=stale[0].order_id.name,
                    wh=self.warehouse_id.name,
                )
            )
        Check = self.env["cs.order.check"]
        orders = lines.order_line_id.order_id
        free = Check._cs_free_quantities(orders)
        rules = Check._cs_order_rules(orders)
        demands = {}
        for product, product_lines in lines.grouped("product_id").items():
            available = max(free.get((self.warehouse_id.id, product.id), 0.0), 0.0)
            rounding = product.uom_id.rounding or 0.01
            for line in product_lines:
                order_line = line.order_line_id
                demand = order_line._cs_qty_in_product_uom()
                key = (self.company_id.id, order_line.order_id.partner_id.commercial_partner_id.id, product.id)
                moq, pack = rules.get(key, (0.0, 0.0))
                if not is_valid(line.allocated, demand, moq, pack):
                    raise UserError(
                        self.env._(
                            "%(product)s for %(order)s: allocate 0, the full %(demand)s %(uom)s, or at least the "
                            "MOQ (%(moq)s) in multiples of %(pack)s, never more than the demand.",
                            product=product.display_name,
                            order=order_line.order_id.name,
                            demand=demand,
                            uom=product.uom_id.name,
                            moq=moq,
                            pack=pack or 1,
                        )
                    )
                demands[order_line] = demand
            allocated = sum(product_lines.mapped("allocated"))
            if float_compare(allocated, available, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: %(allocated)s %(uom)s allocated but only %(free)s free in %(wh)s. "
                        "Lower the allocations.",
                        product=product.display_name,
                        allocated=allocated,
                        free=available,
                        uom=product.uom_id.name,
                        wh=self.warehouse_id.name,
                    )
                )
        return demands

    @api.model
    def action_open(self):
        return self._cs_reopen()
