from datetime import timedelta

from odoo import Command, api, fields, models


class StockPickingBatch(models.Model):
    _inherit = "stock.picking.batch"

    cs_loads_enabled = fields.Boolean(related="company_id.cs_loads_enabled")
    # stored, so that the fill-rate report aggregates loads in SQL; the goods' weights are those
    # known when the load was last changed
    cs_load_weight = fields.Float(
        string="Load weight",
        compute="_compute_cs_load",
        store=True,
        digits="Stock Weight",
        help="Gross weight of the deliveries of this load, with their packages and returnable containers.",
    )
    cs_load_volume = fields.Float(
        string="Load volume",
        compute="_compute_cs_load",
        store=True,
        digits="Volume",
        help="Outer volume of the packages of this load (goods' own volume where they have no packaging).",
    )
    cs_load_packages = fields.Integer(string="Packages", compute="_compute_cs_load", store=True)
    cs_weight_capacity = fields.Float(
        string="Weight capacity", compute="_compute_cs_fill", store=True, digits="Stock Weight"
    )
    cs_volume_capacity = fields.Float(string="Volume capacity", compute="_compute_cs_fill", store=True, digits="Volume")
    cs_fill_weight = fields.Float(
        string="Fill rate by weight (%)",
        compute="_compute_cs_fill",
        store=True,
        aggregator="avg",
        help="Load weight over the vehicle category's weight capacity.",
    )
    cs_fill_volume = fields.Float(
        string="Fill rate by volume (%)",
        compute="_compute_cs_fill",
        store=True,
        aggregator="avg",
        help="Load volume over the vehicle category's volume capacity.",
    )
    cs_load_carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Route",
        compute="_compute_cs_load",
        store=True,
        help="The shipping method of the load's deliveries, when they share one.",
    )

    @api.depends(
        "picking_ids.move_ids.product_qty",
        "picking_ids.move_ids.product_packaging_id",
        "picking_ids.move_ids.state",
        "picking_ids.carrier_id",
    )
    def _compute_cs_load(self):
        # the pickings' measures are computed for all loads at once (prefetch)
        for batch in self:
            batch.cs_load_weight = sum(batch.picking_ids.mapped("cs_load_weight"))
            batch.cs_load_volume = sum(batch.picking_ids.mapped("cs_load_volume"))
            batch.cs_load_packages = sum(batch.picking_ids.mapped("cs_load_packages"))
            carriers = batch.picking_ids.carrier_id
            batch.cs_load_carrier_id = carriers if len(carriers) == 1 else False

    @api.depends(
        "cs_load_weight",
        "cs_load_volume",
        "vehicle_category_id.weight_capacity",
        "vehicle_category_id.volume_capacity",
    )
    def _compute_cs_fill(self):
        for batch in self:
            category = batch.vehicle_category_id
            batch.cs_weight_capacity = category.weight_capacity
            batch.cs_volume_capacity = category.volume_capacity
            batch.cs_fill_weight = (
                100.0 * batch.cs_load_weight / category.weight_capacity if category.weight_capacity else 0.0
            )
            batch.cs_fill_volume = (
                100.0 * batch.cs_load_volume / category.volume_capacity if category.volume_capacity else 0.0
            )

    # stock_fleet's payload bars read these: with load planning on they count packages and containers
    # too (Odoo's own figure is the goods only, summed over all the batches being computed)
    def _compute_estimated_shipping_capacity(self):
        planned = self.filtered("company_id.cs_loads_enabled")
        res = super(StockPickingBatch, self - planned)._compute_estimated_shipping_capacity()
        for batch in planned:
            batch.estimated_shipping_weight = batch.cs_load_weight
            batch.estimated_shipping_volume = batch.cs_load_volume
        return res

    # ------------------------------------------------------------------
    # Demo data (demo/loads/cs_loads_demo.xml)
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_loads(self):
        """A month of shipped loads on two routes, and today's deliveries left to plan."""
        ref = self.env.ref
        warehouse = ref("stock.warehouse0")
        picking_type = warehouse.out_type_id
        customers_location = ref("stock.stock_location_customers")
        routes = {
            ref("sales_cs_desk.delivery_carrier_east_line_demo"): [
                ref("sales_cs_desk.res_partner_huitong_demo"),
                ref("sales_cs_desk.res_partner_jinggong_demo"),
            ],
            ref("sales_cs_desk.delivery_carrier_central_line_demo"): [
                ref("sales_cs_desk.res_partner_changjiang_demo"),
            ],
        }
        disc = ref("sales_cs_desk.product_brake_disc_demo")
        tote = ref("sales_cs_desk.product_packaging_brake_disc_tote_demo")
        cage = ref("sales_cs_desk.product_packaging_bracket_cage_demo")
        caliper = ref("sales_cs_desk.product_caliper_demo")
        bracket = ref("sales_cs_desk.product_bracket_demo")
        truck = ref("sales_cs_desk.fleet_vehicle_model_category_truck_demo")
        now = fields.Datetime.now()

        def delivery(partner, carrier, when, lines):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "carrier_id": carrier.id,
                    "scheduled_date": when,
                    "location_id": picking_type.default_location_src_id.id,
                    "location_dest_id": customers_location.id,
                    "origin": "Demo",
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "product_packaging_id": packaging.id if packaging else False,
                                "location_id": picking_type.default_location_src_id.id,
                                "location_dest_id": customers_location.id,
                            }
                        )
                        for product, qty, packaging in lines
                    ],
                }
            )
            picking.action_confirm()
            return picking

        for days_ago in range(28, 0, -3):
            when = now - timedelta(days=days_ago)
            for index, (carrier, partners) in enumerate(routes.items()):
                pickings = self.env["stock.picking"]
                for partner in partners:
                    scale = 1 + (days_ago + index) % 4
                    pickings |= delivery(
                        partner,
                        carrier,
                        when,
                        [(disc, 40 * scale, tote), (caliper, 10 * scale, False), (bracket, 100 * scale, cage)],
                    )
                batch = self.create(
                    {
                        "picking_ids": [Command.set(pickings.ids)],
                        "vehicle_category_id": truck.id,
                        "description": carrier.name,
                    }
                )
                batch.action_confirm()
                for move in pickings.move_ids:
                    move.quantity = move.product_uom_qty
                    move.picked = True
                pickings.with_context(skip_backorder=True, skip_sms=True, cancel_backorder=True)._action_done()
        for carrier, partners in routes.items():
            for partner in partners:
                delivery(partner, carrier, now, [(disc, 60, tote), (caliper, 15, False)])
        return True
