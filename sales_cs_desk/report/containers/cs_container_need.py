from odoo import fields, models, tools
from odoo.tools import SQL


class CsContainerNeed(models.Model):
    """Containers needed by coming deliveries against containers available (L6).

    Per company and container type: containers that confirmed, undelivered
    sale deliveries planned within the company's horizon will take (rounded
    up per line, from the lines' packaging), containers on hand in the
    warehouses, containers expected in (returns and receipts planned within
    the horizon), and the shortfall. The horizon is the company setting, read
    by the view itself, so the figures are always today's.
    """

    _name = "cs.container.need"
    _description = "Container needs"
    _auto = False
    _order = "shortfall desc, product_id"
    _rec_name = "product_id"
    _depends = {
        "stock.move": [
            "state",
            "product_id",
            "product_qty",
            "date",
            "location_id",
            "location_dest_id",
            "product_packaging_id",
            "sale_line_id",
            "company_id",
        ],
        "stock.quant": ["quantity", "product_id", "location_id"],
        "stock.package.type": ["cs_container_product_id"],
        "product.packaging": ["qty", "package_type_id"],
        "res.company": ["cs_container_tracking", "cs_container_forecast_days"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", string="Container", readonly=True)
    needed = fields.Integer(readonly=True, help="By deliveries planned within the horizon.")
    on_hand = fields.Integer(string="In warehouses", readonly=True)
    expected = fields.Integer(
        string="Expected in", readonly=True, help="Returns and receipts planned within the horizon."
    )
    shortfall = fields.Integer(string="Short", readonly=True)

    def _cs_needed_query(self):
        return SQL(
            """
            SELECT m.company_id, pt.cs_container_product_id AS product_id,
                   -- a move not done yet still has all of it to deliver (its
                   -- quantity is only reserved); a delivered part is a done move
                   SUM(CEIL(m.product_qty / pp.qty)) AS qty
              FROM stock_move m
              JOIN res_company c ON c.id = m.company_id AND c.cs_container_tracking
              JOIN product_packaging pp ON pp.id = m.product_packaging_id AND pp.qty > 0
              JOIN stock_package_type pt ON pt.id = pp.package_type_id AND pt.cs_container_product_id IS NOT NULL
              JOIN stock_location dest ON dest.id = m.location_dest_id AND dest.usage = 'customer'
             WHERE m.sale_line_id IS NOT NULL
               AND m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
               AND m.date < CURRENT_DATE + c.cs_container_forecast_days + 1
             GROUP BY m.company_id, pt.cs_container_product_id
            """
        )

    def _cs_on_hand_query(self):
        return SQL(
            """
            SELECT l.company_id, q.product_id, SUM(q.quantity) AS qty
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal' AND l.warehouse_id IS NOT NULL
              JOIN product_product p ON p.id = q.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id AND t.cs_is_container
             GROUP BY l.company_id, q.product_id
            """
        )

    def _cs_expected_query(self):
        return SQL(
            """
            SELECT m.company_id, m.product_id, SUM(m.product_qty) AS qty
              FROM stock_move m
              JOIN res_company c ON c.id = m.company_id
              JOIN stock_location dest ON dest.id = m.location_dest_id AND dest.warehouse_id IS NOT NULL
              JOIN stock_location src ON src.id = m.location_id AND src.warehouse_id IS NULL
              JOIN product_product p ON p.id = m.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id AND t.cs_is_container
             WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
               AND m.date < CURRENT_DATE + c.cs_container_forecast_days + 1
             GROUP BY m.company_id, m.product_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        query = SQL(
            """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH needed AS (%(needed)s), on_hand AS (%(on_hand)s), expected AS (%(expected)s)
                SELECT ROW_NUMBER() OVER (ORDER BY n.company_id, n.product_id) AS id,
                       n.company_id, n.product_id,
                       n.qty::int AS needed,
                       COALESCE(h.qty, 0)::int AS on_hand,
                       COALESCE(e.qty, 0)::int AS expected,
                       GREATEST(n.qty - COALESCE(h.qty, 0) - COALESCE(e.qty, 0), 0)::int AS shortfall
                  FROM needed n
                  LEFT JOIN on_hand h ON h.company_id = n.company_id AND h.product_id = n.product_id
                  LEFT JOIN expected e ON e.company_id = n.company_id AND e.product_id = n.product_id
            )
            """,
            table=SQL.identifier(self._table),
            needed=self._cs_needed_query(),
            on_hand=self._cs_on_hand_query(),
            expected=self._cs_expected_query(),
        )
        self.env.cr.execute(query)
