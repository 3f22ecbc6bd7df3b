from odoo import api, fields, models, tools
from odoo.tools import SQL

from ...models.vmi.cs_logistics_fee import FEE_TYPES


class CsVmiFeeReport(models.Model):
    """Logistics fee statistics per VMI site, month and fee type (物流费用统计, L8).

    Fees are counted in the month their period starts, in company currency;
    beside each (site, month) the units shipped out of the site that month
    (done moves leaving its internal locations), so the fee per unit is
    fees ÷ units out — computed in the view for each row, and by the pivot
    as the ratio of the two sums.
    """

    _name = "cs.vmi.fee.report"
    _description = "Logistics Fee Statistics"
    _auto = False
    _order = "month desc, warehouse_id"

    month = fields.Date(readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="VMI site", readonly=True)
    provider_id = fields.Many2one("res.partner", string="Logistics provider", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    fee_type = fields.Selection(FEE_TYPES, string="Type", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Fees", readonly=True)
    qty_out = fields.Float(
        string="Units out",
        readonly=True,
        aggregator="max",
        help="Units shipped out of the site in the month (the same for every fee type of the month).",
    )
    fee_per_unit = fields.Monetary(string="Fee per unit out", readonly=True, aggregator="avg")

    @api.model
    def _cs_query(self):
        return SQL(
            """
            WITH fees AS (
                SELECT f.warehouse_id, f.provider_id, f.company_id, f.fee_type,
                       date_trunc('month', f.date_from)::date AS month, SUM(f.amount_company) AS amount
                  FROM cs_logistics_fee f
                 GROUP BY 1, 2, 3, 4, 5
            ),
            shipped AS (
                SELECT w.id AS warehouse_id, date_trunc('month', m.date)::date AS month, SUM(m.product_qty) AS qty
                  FROM stock_warehouse w
                  JOIN stock_location here ON here.warehouse_id = w.id AND here.usage = 'internal'
                  JOIN stock_move m ON m.location_id = here.id AND m.state = 'done'
                  JOIN stock_location there ON there.id = m.location_dest_id
                 WHERE w.cs_is_vmi
                   AND NOT (there.usage = 'internal' AND there.warehouse_id IS NOT DISTINCT FROM w.id)
                   AND (w.id, date_trunc('month', m.date)::date) IN (SELECT warehouse_id, month FROM fees)
                 GROUP BY 1, 2
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.warehouse_id, f.fee_type, f.provider_id) AS id,
                   f.month, f.warehouse_id, f.provider_id, f.company_id, f.fee_type, c.currency_id,
                   f.amount, COALESCE(s.qty, 0) AS qty_out,
                   CASE WHEN s.qty > 0 THEN f.amount / s.qty END AS fee_per_unit
              FROM fees f
              JOIN res_company c ON c.id = f.company_id
              LEFT JOIN shipped s USING (warehouse_id, month)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))

    @api.model
    def _cs_fee_per_unit(self, domain):
        """{(site, month): total fees ÷ units out} over ``domain`` — all fee types together."""
        groups = self._read_group(domain, ["warehouse_id", "month:month"], ["amount:sum", "qty_out:max"])
        return {(site, month): (amount / qty if qty else 0.0) for site, month, amount, qty in groups}
