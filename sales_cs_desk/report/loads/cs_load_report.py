from odoo import api, fields, models, tools
from odoo.tools import SQL


class CsLoadReport(models.Model):
    """Fill rate of loads per month and route (L2): one row per load (batch transfer of deliveries
    with a vehicle category), averaged and summed by pivot and graph in the database."""

    _name = "cs.load.report"
    _description = "Load fill rate"
    _auto = False
    _order = "date desc"
    # flushed before the view is read (the load figures are stored computes)
    _depends = {
        "stock.picking.batch": [
            "scheduled_date",
            "cs_load_carrier_id",
            "vehicle_category_id",
            "picking_type_id",
            "company_id",
            "state",
            "cs_load_weight",
            "cs_load_volume",
            "cs_weight_capacity",
            "cs_volume_capacity",
            "cs_fill_weight",
            "cs_fill_volume",
        ],
        "stock.picking.type": ["warehouse_id", "code"],
    }

    batch_id = fields.Many2one("stock.picking.batch", string="Load", readonly=True)
    date = fields.Datetime(string="Scheduled on", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Route", readonly=True)
    vehicle_category_id = fields.Many2one("fleet.vehicle.model.category", string="Vehicle category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("in_progress", "In progress"), ("done", "Done")], readonly=True)
    load_count = fields.Integer(string="Loads", readonly=True, aggregator="sum")
    weight = fields.Float(string="Load weight", readonly=True, aggregator="sum")
    volume = fields.Float(string="Load volume", readonly=True, aggregator="sum")
    weight_capacity = fields.Float(readonly=True, aggregator="sum")
    volume_capacity = fields.Float(readonly=True, aggregator="sum")
    fill_weight = fields.Float(
        string="Fill rate by weight (%)", readonly=True, aggregator="avg", help="Mean over the loads."
    )
    fill_volume = fields.Float(
        string="Fill rate by volume (%)", readonly=True, aggregator="avg", help="Mean over the loads."
    )

    @api.model
    def _cs_query(self):
        return SQL(
            """
            SELECT b.id AS id,
                   b.id AS batch_id,
                   b.scheduled_date AS date,
                   b.cs_load_carrier_id AS carrier_id,
                   b.vehicle_category_id,
                   pt.warehouse_id,
                   b.company_id,
                   b.state,
                   1 AS load_count,
                   b.cs_load_weight AS weight,
                   b.cs_load_volume AS volume,
                   b.cs_weight_capacity AS weight_capacity,
                   b.cs_volume_capacity AS volume_capacity,
                   b.cs_fill_weight AS fill_weight,
                   b.cs_fill_volume AS fill_volume
              FROM stock_picking_batch b
              JOIN stock_picking_type pt ON pt.id = b.picking_type_id
             WHERE b.state != 'cancel'
               AND b.vehicle_category_id IS NOT NULL
               AND pt.code = 'outgoing'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._cs_query()))
