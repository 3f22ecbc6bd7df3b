from odoo import fields, models, tools
from odoo.tools import SQL


class CsPolicyGrantReport(models.Model):
    """Free items granted per sales policy, customer and month, at cost (O7).

    An SQL view over the policy items of confirmed orders, one row per policy,
    customer, product and month of the order date.
    """

    _name = "cs.policy.grant.report"
    _description = "Granted policy items"
    _auto = False
    _order = "month desc, policy_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    policy_id = fields.Many2one("cs.sales.policy", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Granted item", readonly=True)
    month = fields.Date(readonly=True)
    quantity = fields.Float(readonly=True, aggregator="sum", digits="Product Unit of Measure")
    cost = fields.Monetary(currency_field="currency_id", readonly=True, aggregator="sum")
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")

    def _query(self):
        return SQL(
            """
            SELECT MIN(sol.id) AS id,
                   so.company_id,
                   sol.cs_policy_id AS policy_id,
                   p.commercial_partner_id AS partner_id,
                   sol.product_id,
                   DATE_TRUNC('month', so.date_order)::date AS month,
                   SUM(sol.product_uom_qty / COALESCE(NULLIF(lu.factor, 0), 1) * COALESCE(pu.factor, 1)) AS quantity,
                   SUM(sol.cs_policy_cost) AS cost,
                   COUNT(DISTINCT so.id) AS order_count
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner p ON p.id = so.partner_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN uom_uom lu ON lu.id = sol.product_uom
              LEFT JOIN uom_uom pu ON pu.id = pt.uom_id
             WHERE sol.cs_policy_id IS NOT NULL
               AND so.state = 'sale'
             GROUP BY so.company_id, sol.cs_policy_id, p.commercial_partner_id, sol.product_id,
                      DATE_TRUNC('month', so.date_order)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
