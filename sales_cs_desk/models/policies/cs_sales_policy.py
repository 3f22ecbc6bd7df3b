from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..customers.res_partner_customers import CS_TIERS

TRIGGER_TYPES = [
    ("product_qty", "Quantity of products"),
    ("categ_qty", "Quantity in product categories"),
    ("amount", "Order amount"),
]
# A customer of grade A is eligible for a policy open to "B or better".
MIN_GRADES = [("A", "A only"), ("B", "A or B"), ("C", "A, B or C")]


class CsSalesPolicy(models.Model):
    """A sales policy (O7): free items granted on orders that reach a step.

    An order of an eligible customer (tier, grade, a partner domain or a list
    of customers) dated within the period reaches the highest step whose
    threshold its trigger meets (quantity of the trigger products, of the
    trigger categories, or the untaxed amount of those lines — of all lines
    when none is given); the step's items are granted as zero-price lines
    marked with the policy (``sale.order.line.cs_policy_id``) by the CS desk
    at review. The budget caps the cost of all items granted under the policy
    (orders not cancelled, at the product cost in the company currency).
    """

    _name = "cs.sales.policy"
    _inherit = ["mail.thread"]
    _description = "Sales policy"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    note = fields.Text(string="Terms", help="The terms of the policy, as announced to the customers.")

    # Eligible customers ------------------------------------------------------
    eligible_tier = fields.Selection(CS_TIERS, string="Customer tier", help="Empty: any tier.")
    eligible_min_grade = fields.Selection(MIN_GRADES, string="Customer grade", help="Empty: any grade.")
    eligible_domain = fields.Char(
        string="Customer filter", default="[]", help="Only customers matching this filter are eligible."
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('is_company', '=', True)]",
        help="Empty: every customer meeting the conditions above. Otherwise only these customers.",
    )

    # Trigger and steps -----------------------------------------------------
    trigger_type = fields.Selection(TRIGGER_TYPES, string="Trigger", required=True, default="product_qty")
    trigger_product_ids = fields.Many2many("product.product", string="Trigger products", check_company=True)
    trigger_categ_ids = fields.Many2many("product.category", string="Trigger categories")
    step_ids = fields.One2many("cs.sales.policy.step", "policy_id", string="Steps", copy=True)

    # Budget ------------------------------------------------------------------
    budget_cost = fields.Monetary(
        string="Budget at cost",
        currency_field="currency_id",
        tracking=True,
        help="The cost of all items granted under this policy stays within this budget. 0: no budget.",
    )
    budget_used = fields.Monetary(
        string="Used at cost",
        currency_field="currency_id",
        compute="_compute_budget_used",
        help="Cost of the items granted on orders not cancelled.",
    )
    budget_left = fields.Monetary(string="Budget left", currency_field="currency_id", compute="_compute_budget_used")

    _sql_constraints = [
        ("budget_positive", "CHECK(budget_cost >= 0)", "The budget cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    def _compute_budget_used(self):
        used = self._cs_budget_used()
        for policy in self:
            policy.budget_used = used.get(policy.id, 0.0)
            policy.budget_left = policy.budget_cost - policy.budget_used if policy.budget_cost else 0.0

    @api.constrains("date_from", "date_to")
    def _check_cs_period(self):
        for policy in self:
            if policy.date_to < policy.date_from:
                raise ValidationError(
                    self.env._("Policy %(policy)s ends before it starts: correct its period.", policy=policy.name)
                )

    @api.constrains("trigger_type", "trigger_product_ids", "trigger_categ_ids")
    def _check_cs_trigger(self):
        for policy in self:
            if policy.trigger_type == "product_qty" and not policy.trigger_product_ids:
                raise ValidationError(
                    self.env._("Policy %(policy)s counts product quantities: choose its products.", policy=policy.name)
                )
            if policy.trigger_type == "categ_qty" and not policy.trigger_categ_ids:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s counts quantities in categories: choose its categories.", policy=policy.name
                    )
                )

    @api.constrains("eligible_domain")
    def _check_cs_eligible_domain(self):
        for policy in self:
            try:
                domain = policy._cs_domain()
                self.env["res.partner"].sudo().search(domain, limit=1)
            except Exception as error:  # any mistake in the filter (field, operator, syntax) is the user's to fix
                raise ValidationError(
                    self.env._(
                        "The customer filter of policy %(policy)s is not valid (%(error)s): correct it.",
                        policy=policy.name,
                        error=error,
                    )
                ) from error

    def _cs_domain(self):
        self.ensure_one()
        domain = literal_eval(self.eligible_domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.env._("a filter is a list of conditions"))
        return domain

    # ------------------------------------------------------------------
    # Business methods: what a batch of orders is entitled to. Every method
    # runs in a fixed number of queries for the batch (one search of the
    # policies, one read of the customers' tier and grade per company, one
    # search per policy with a customer filter, one SQL aggregate for the
    # budgets), whatever the number of orders and lines.
    # ------------------------------------------------------------------
    @api.model
    def _cs_policies_for(self, orders):
        """The active policies of the orders' companies whose period meets the orders' dates."""
        orders = orders.filtered(lambda o: o.company_id.cs_policy_enabled)
        if not orders:
            return self.sudo().browse()
        dates = [o.date_order.date() for o in orders if o.date_order]
        if not dates:
            return self.sudo().browse()
        policies = self.sudo().search(
            [
                ("company_id", "in", orders.company_id.ids),
                ("date_from", "<=", max(dates)),
                ("date_to", ">=", min(dates)),
            ]
        )
        policies.step_ids.product_id.fetch(["uom_id"])  # prefetch the steps' products for the batch
        return policies

    @api.model
    def _cs_eligible_customers(self, policies, orders):
        """{policy id: set of eligible commercial partner ids} among the customers of ``orders``."""
        customers = orders.partner_id.commercial_partner_id.sudo()
        profile = {}
        for company in orders.company_id:
            # tier and grade are CS data: read for the eligibility only
            for partner in customers.with_company(company):
                profile[(company.id, partner.id)] = (partner.cs_tier, partner.cs_grade)
        eligible = {}
        for policy in policies:
            candidates = customers
            if policy.partner_ids:
                candidates &= policy.partner_ids
            domain = policy._cs_domain()
            if domain and candidates:
                candidates = candidates.search([("id", "in", candidates.ids), *domain])
            ids = set()
            for partner in candidates:
                tier, grade = profile.get((policy.company_id.id, partner.id), (False, False))
                if policy.eligible_tier and tier != policy.eligible_tier:
                    continue
                if policy.eligible_min_grade and not (grade and grade <= policy.eligible_min_grade):
                    continue
                ids.add(partner.id)
            eligible[policy.id] = ids
        return eligible

    def _cs_trigger_base(self, order, counts=None):
        """What ``order`` counts for this policy: quantity (product unit) or untaxed amount (company currency).

        :param counts: the policy's ``_cs_counts_for()``, when the caller built it once for a batch
        """
        self.ensure_one()
        counts = counts or self._cs_counts_for()
        total = 0.0
        for line in order.order_line:
            if line.display_type or not line.product_id or line.cs_policy_id or not counts(line.product_id):
                continue
            if self.trigger_type == "amount":
                total += line.price_subtotal / (order.currency_rate or 1.0)
            else:
                total += line._cs_qty_in_product_uom()
        return total

    def _cs_counts_for(self):
        """A test: does a product count for this policy's trigger? (built once per policy for a batch)"""
        self.ensure_one()
        product_ids = set(self.trigger_product_ids.ids)
        paths = tuple(self.trigger_categ_ids.mapped("parent_path"))
        if self.trigger_type == "product_qty":
            return lambda product: product.id in product_ids
        if self.trigger_type == "categ_qty":
            return lambda product: product.categ_id.parent_path.startswith(paths)
        if not product_ids and not paths:
            return lambda product: True
        return lambda product: (
            product.id in product_ids or (bool(paths) and product.categ_id.parent_path.startswith(paths))
        )

    def _cs_step_grants(self, base):
        """{product: quantity} of the highest step ``base`` reaches (empty: none reached)."""
        self.ensure_one()
        reached = [step for step in self.step_ids if base >= step.threshold]
        if not reached:
            return {}
        top = max(step.threshold for step in reached)
        grants = {}
        for step in reached:
            if step.threshold == top:
                grants[step.product_id] = grants.get(step.product_id, 0.0) + step.quantity
        return grants

    @api.model
    def _cs_entitlements(self, orders):
        """{order id: {policy: {product: quantity}}}: the items each order is entitled to."""
        policies = self._cs_policies_for(orders)
        eligible = self._cs_eligible_customers(policies, orders) if policies else {}
        counts = {policy.id: policy._cs_counts_for() for policy in policies}
        result = {}
        for order in orders:
            entitled = {}
            day = order.date_order.date() if order.date_order else None
            customer = order.partner_id.commercial_partner_id.id
            for policy in policies:
                if policy.company_id != order.company_id or not day:
                    continue
                if not (policy.date_from <= day <= policy.date_to) or customer not in eligible[policy.id]:
                    continue
                grants = policy._cs_step_grants(policy._cs_trigger_base(order, counts[policy.id]))
                if grants:
                    entitled[policy] = grants
            result[order.id] = entitled
        return result

    def _cs_budget_used(self, exclude_orders=None):
        """{policy id: cost of the items granted on orders not cancelled (outside ``exclude_orders``)}."""
        if not self.ids:
            return {}
        self.env["sale.order.line"].flush_model(["cs_policy_id", "cs_policy_cost", "order_id"])
        self.env["sale.order"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT sol.cs_policy_id, SUM(sol.cs_policy_cost)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                 WHERE sol.cs_policy_id = ANY(%(policies)s)
                   AND so.state != 'cancel'
                   AND so.id <> ALL(%(exclude)s)
                 GROUP BY 1
                """,
                policies=self.ids,
                exclude=exclude_orders.ids if exclude_orders else [],
            )
        )
        return dict(self.env.cr.fetchall())

    def _cs_grant_cost(self, grants, company):
        """Cost at the products' cost (company currency) of ``grants`` ({product: quantity})."""
        return sum(product.with_company(company).standard_price * qty for product, qty in grants.items())

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_view_grants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_policy_grant_report_action")
        action["domain"] = [("policy_id", "=", self.id)]
        return action
