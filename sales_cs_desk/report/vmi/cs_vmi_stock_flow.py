from odoo import fields, models, tools
from odoo.tools import SQL


class CsVmiStockFlow(models.Model):
    """In and out of the VMI sites per site, product and day with movement (L8).

    The inbound/outbound record of the sites for statistics over a period
    (in/out by month, site, product). The same flows as the daily inventory
    report, without its running balance and quiet days, read from the daily
    balance snapshot: a period's totals read only that period's rows.
    """

    _name = "cs.vmi.stock.flow"
    _description = "VMI In/Out"
    _auto = False
    _order = "date desc, warehouse_id, product_id"
    _rec_name = "product_id"

    date = fields.Date(readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="VMI site", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    cs_customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    qty_in = fields.Float(string="In", readonly=True, digits="Product Unit of Measure")
    qty_out = fields.Float(string="Out", readonly=True, digits="Product Unit of Measure")

    def init(self):
        report = self.env["cs.vmi.daily.report"]
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH sites AS NOT MATERIALIZED (%(sites)s)
                    SELECT (f.date - DATE '2000-01-01')::bigint * 1000000000000
                               + f.warehouse_id::bigint * 100000000 + f.product_id AS id,
                           f.date, f.warehouse_id, s.company_id, s.partner_id AS cs_customer_id,
                           f.product_id, f.qty_in, f.qty_out
                      FROM cs_vmi_daily_balance f
                      JOIN sites s ON s.warehouse_id = f.warehouse_id
                )
                """,
                table=SQL.identifier(self._table),
                sites=report._cs_sites_query(),
            )
        )
