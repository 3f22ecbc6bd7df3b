from odoo import api, fields, models
from odoo.tools import float_compare, format_amount

from ..common.cs_i18n import _lt


class CsOrderCheck(models.Model):
    """The policy items check (O7): granted items within the policies and their budgets."""

    _inherit = "cs.order.check"

    kind = fields.Selection(selection_add=[("policy", "Policy items")], ondelete={"policy": "cascade"})

    @api.model
    def _cs_check_policy(self, orders):
        """Warn when an order's free items exceed what the policies grant it or their budgets.

        A fixed number of queries for the batch: the entitlements (see
        ``cs.sales.policy._cs_entitlements``) and one aggregate of the budgets.
        Orders of companies with the policies off get no result.
        """
        orders = orders.filtered(lambda o: o.company_id.cs_policy_enabled)
        if not orders:
            return []
        Policy = self.env["cs.sales.policy"].sudo()
        entitlements = Policy._cs_entitlements(orders)
        items = orders.order_line.sudo().filtered("cs_policy_id")
        used = items.cs_policy_id._cs_budget_used(exclude_orders=orders)
        items_by_order = items.grouped("order_id")
        # the batch's own items count against the budgets in the order of the orders
        results = []
        for order in orders:
            entitled = entitlements.get(order.id, {})
            order_items = items_by_order.get(order, items.browse())
            line_problems = []
            problems = []
            granted = {}
            first_line = {}
            for line in order_items:
                key = (line.cs_policy_id, line.product_id)
                granted[key] = granted.get(key, 0.0) + line._cs_qty_in_product_uom()
                first_line.setdefault(key, line)
            for (policy, product), qty in granted.items():
                allowed = entitled.get(policy, {}).get(product, 0.0)
                line = first_line[(policy, product)]
                if policy not in entitled:
                    line_problems.append(
                        (
                            line,
                            _lt(
                                "%(product)s is granted under %(policy)s, but the order does not qualify for it "
                                "(period, customer or step). Remove it or apply the policies again.",
                                product=product.display_name,
                                policy=policy.name,
                            ),
                        )
                    )
                elif product not in entitled[policy]:
                    line_problems.append(
                        (
                            line,
                            _lt(
                                "%(product)s is granted under %(policy)s, but the step the order reaches does "
                                "not grant it. Remove it or apply the policies again.",
                                product=product.display_name,
                                policy=policy.name,
                            ),
                        )
                    )
                elif float_compare(qty, allowed, precision_rounding=product.uom_id.rounding) > 0:
                    line_problems.append(
                        (
                            line,
                            _lt(
                                "%(qty)s %(uom)s of %(product)s granted; %(policy)s gives %(allowed)s.",
                                qty=qty,
                                uom=product.uom_id.name,
                                product=product.display_name,
                                policy=policy.name,
                                allowed=allowed,
                            ),
                        )
                    )
            for policy in {policy for policy, _product in granted}:
                cost = sum(ln.cs_policy_cost for ln in order_items if ln.cs_policy_id == policy)
                spent = used.get(policy.id, 0.0) + cost
                used[policy.id] = spent
                currency = order.company_id.currency_id
                if policy.budget_cost and currency.compare_amounts(spent, policy.budget_cost) > 0:
                    problems.append(
                        _lt(
                            "%(policy)s is over its budget: %(spent)s granted at cost for a budget of %(budget)s.",
                            policy=policy.name,
                            spent=format_amount(self.env, spent, currency),
                            budget=format_amount(self.env, policy.budget_cost, currency),
                        )
                    )
            missing = [policy.name for policy in entitled if not any(p == policy for p, _x in granted)]
            if missing:
                problems.append(
                    _lt(
                        "The order qualifies for %(policies)s: apply the policies to add the free items.",
                        policies=", ".join(missing),
                    )
                )
            results += [self._cs_result(order, "policy", "warning", msg, line) for line, msg in line_problems]
            if problems:
                results.append(
                    self._cs_result(order, "policy", "warning", problems if len(problems) > 1 else problems[0])
                )
            elif not line_problems:
                results.append(
                    self._cs_result(
                        order,
                        "policy",
                        "pass",
                        _lt("Free items are within the sales policies and their budgets.")
                        if granted
                        else _lt("No free items."),
                    )
                )
        return results
