from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class SaleOrder(models.Model):
    """Sales policy items on orders (O7): granted by the CS desk at review."""

    _inherit = "sale.order"

    cs_policy_enabled = fields.Boolean(related="company_id.cs_policy_enabled", groups="sales_team.group_sale_salesman")

    def _get_copiable_order_lines(self):
        # a copy is a new order: its policy items are granted again at its own review
        return super()._get_copiable_order_lines().filtered(lambda line: not line.sudo().cs_policy_id)

    def _cs_move(self, target, reason=None, seen=None):
        """Entering the stage that runs the policy check grants the policy items once (O7)."""
        before = self.cs_stage_id
        res = super()._cs_move(target, reason=reason, seen=seen)
        if (
            target != before
            and "policy" in target._cs_check_kinds()
            and self.company_id.cs_policy_enabled
            and self.state in ("draft", "sent")
            and not self.order_line.sudo().filtered("cs_policy_id")
        ):
            # the move checked the user's right to change the order
            self._cs_apply_policies()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_apply_policies(self):
        """Add, adjust or remove the free items of the sales policies (CS desk, quotations)."""
        self._cs_ensure_can_apply_policies()
        self._cs_apply_policies()
        return True

    def _cs_ensure_can_apply_policies(self):
        if not self.env.user.has_group("sales_cs_desk.group_cs_specialist"):
            raise UserError(self.env._("Sales policy items are granted by the CS desk. Ask the customer's specialist."))
        self.check_access("write")
        closed = self.filtered(lambda o: o.state not in ("draft", "sent"))
        if closed:
            raise UserError(
                self.env._(
                    "%(orders)s: policy items are granted on quotations only; use a change request "
                    "on a confirmed order.",
                    orders=", ".join(closed.mapped("name")),
                )
            )
        off = self.filtered(lambda o: not o.company_id.cs_policy_enabled)
        if off:
            raise UserError(
                self.env._(
                    "Sales policies are off for %(companies)s: switch them on in the CS Desk settings.",
                    companies=", ".join(off.company_id.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _cs_apply_policies(self):
        """Make the policy items of the orders what the policies grant, within the budgets.

        Runs as superuser after the caller's right was checked: policy items
        are guarded on the lines. A policy whose budget cannot carry the
        order's items grants nothing on it (noted in the chatter).
        """
        orders = self.sudo()
        Policy = self.env["cs.sales.policy"].sudo()
        entitlements = Policy._cs_entitlements(orders)
        policies = Policy.browse({p.id for grants in entitlements.values() for p in grants})
        used = policies._cs_budget_used(exclude_orders=orders)
        Line = self.env["sale.order.line"].sudo()
        for order in orders:
            entitled = dict(entitlements.get(order.id, {}))
            notes = []
            for policy, grants in list(entitled.items()):
                if not policy.budget_cost:
                    continue
                cost = policy._cs_grant_cost(grants, order.company_id)
                spent = used.get(policy.id, 0.0)
                if order.company_id.currency_id.compare_amounts(spent + cost, policy.budget_cost) > 0:
                    del entitled[policy]
                    notes.append(
                        self.env._(
                            "%(policy)s: not granted, its budget %(budget)s has %(left)s left and the items "
                            "cost %(cost)s.",
                            policy=policy.name,
                            budget=format_amount(self.env, policy.budget_cost, order.currency_id),
                            left=format_amount(self.env, max(policy.budget_cost - spent, 0.0), order.currency_id),
                            cost=format_amount(self.env, cost, order.currency_id),
                        )
                    )
                else:
                    used[policy.id] = spent + cost
            to_unlink, to_create = order._cs_sync_policy_lines(entitled)
            to_unlink.unlink()
            Line.create(to_create)
            granted = [
                self.env._(
                    "%(policy)s: %(items)s",
                    policy=policy.name,
                    items=", ".join(
                        f"{qty:g} {product.uom_id.name} {product.display_name}" for product, qty in grants.items()
                    ),
                )
                for policy, grants in entitled.items()
            ]
            body = (
                self.env._("Policy items granted: %(grants)s", grants="; ".join(granted))
                if granted
                else self.env._("No policy items: the order reaches no step of a sales policy open to the customer.")
            )
            order.message_post(body=" ".join([body, *notes]), subtype_xmlid="mail.mt_note")
        self._cs_recheck()

    def _cs_sync_policy_lines(self, entitled):
        """(lines to remove, values of lines to create) so that the items are ``entitled``; adjusts the rest."""
        self.ensure_one()
        wanted = {
            (policy.id, product.id): qty for policy, grants in entitled.items() for product, qty in grants.items()
        }
        to_unlink = self.env["sale.order.line"].sudo()
        for line in self.order_line.sudo().filtered("cs_policy_id"):
            key = (line.cs_policy_id.id, line.product_id.id)
            if key not in wanted:
                to_unlink |= line
                continue
            qty = wanted.pop(key)
            if line.product_uom != line.product_id.uom_id or line.product_uom_qty != qty:
                line.write({"product_uom": line.product_id.uom_id.id, "product_uom_qty": qty})
        to_create = [
            self._cs_prepare_policy_line_vals(policy_id, product_id, qty)
            for (policy_id, product_id), qty in wanted.items()
        ]
        return to_unlink, to_create

    def _cs_prepare_policy_line_vals(self, policy_id, product_id, qty):
        self.ensure_one()
        product = self.env["product.product"].browse(product_id)
        policy = self.env["cs.sales.policy"].browse(policy_id)
        return {
            "order_id": self.id,
            "product_id": product_id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "price_unit": 0.0,
            "cs_policy_id": policy_id,
            "name": self.env._(
                "%(product)s (free, policy %(policy)s)", product=product.display_name, policy=policy.name
            ),
            "sequence": 9999,
        }
