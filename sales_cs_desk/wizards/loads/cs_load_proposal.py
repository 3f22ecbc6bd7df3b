from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ...models.loads.res_company_loads import LOAD_GROUPINGS

OPEN_STATES = ("confirmed", "waiting", "assigned")


def first_fit_decreasing(items, weight_capacity, volume_capacity):
    """Pack ``items`` — ``(key, weight, volume)`` — into as few loads as fit.

    First-fit decreasing on the item's larger share of a vehicle (by weight or
    by volume; a capacity of 0 is not a limit): the largest items are placed
    first, each in the first load that still has room for it in both
    dimensions, else in a new load. An item larger than a vehicle gets a load
    of its own. Returns a list of loads, each ``[keys, weight, volume]``.
    """

    def share(weight, volume):
        return max(
            weight / weight_capacity if weight_capacity else 0.0,
            volume / volume_capacity if volume_capacity else 0.0,
        )

    loads = []
    for key, weight, volume in sorted(items, key=lambda item: (-share(item[1], item[2]), str(item[0]))):
        for load in loads:
            fits_weight = not weight_capacity or load[1] + weight <= weight_capacity + 1e-9
            fits_volume = not volume_capacity or load[2] + volume <= volume_capacity + 1e-9
            if fits_weight and fits_volume:
                load[0].append(key)
                load[1] += weight
                load[2] += volume
                break
        else:
            loads.append([[key], weight, volume])
    return loads


class CsLoadProposal(models.TransientModel):
    """Propose the day's loads (L2): deliveries grouped per route or ship-to area, packed into as few
    vehicles of a category as fit, previewed, then created as batch transfers."""

    _name = "cs.load.proposal"
    _description = "Load proposal"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date = fields.Date(
        string="Ship on",
        required=True,
        default=fields.Date.context_today,
        help="Deliveries scheduled up to the end of this day (late ones included) that are not in a batch yet.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        help="Only deliveries from this warehouse (empty: every warehouse, each planned on its own).",
    )
    grouping = fields.Selection(
        LOAD_GROUPINGS,
        string="Group by",
        required=True,
        default=lambda self: self.env.company.cs_load_grouping,
    )
    vehicle_category_id = fields.Many2one(
        "fleet.vehicle.model.category",
        string="Vehicle category",
        required=True,
        help="The vehicles the loads are planned on; their weight and volume capacity limit a load.",
    )
    state = fields.Selection([("draft", "Choose"), ("preview", "Preview")], default="draft", required=True)
    line_ids = fields.One2many("cs.load.proposal.line", "proposal_id", string="Proposed loads")
    load_count = fields.Integer(string="Loads", compute="_compute_totals")
    delivery_count = fields.Integer(string="Deliveries", compute="_compute_totals")

    @api.depends("line_ids.picking_ids")
    def _compute_totals(self):
        for proposal in self:
            proposal.load_count = len(proposal.line_ids)
            proposal.delivery_count = len(proposal.line_ids.picking_ids)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_propose(self):
        """Fill the preview with the proposed loads."""
        self.ensure_one()
        self._cs_ensure_can_plan()
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in self._cs_propose()]
        self.state = "preview"
        return self._cs_reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"state": "draft", "line_ids": [Command.clear()]})
        return self._cs_reopen()

    def action_create_batches(self):
        """Create one batch transfer per proposed load and show them."""
        self.ensure_one()
        self._cs_ensure_can_plan()
        if not self.line_ids:
            raise UserError(self.env._("There is no load to create: propose the loads first."))
        pickings = self.line_ids.picking_ids
        taken = pickings.filtered(lambda p: p.batch_id or p.state not in OPEN_STATES)
        if taken:
            raise UserError(
                self.env._(
                    "%(pickings)s were planned or shipped in the meantime. Propose the loads again.",
                    pickings=", ".join(taken.mapped("name")),
                )
            )
        batches = self.env["stock.picking.batch"].create([self._cs_prepare_batch(line) for line in self.line_ids])
        action = self.env["ir.actions.act_window"]._for_xml_id("stock_picking_batch.stock_picking_batch_action")
        action["domain"] = [("id", "in", batches.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods (hooks)
    # ------------------------------------------------------------------
    def _cs_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Propose loads"),
        }

    def _cs_ensure_can_plan(self):
        if not self.company_id.cs_loads_enabled:
            raise UserError(
                self.env._(
                    "Load planning is off for %(company)s. Switch it on in CS Desk > Settings.",
                    company=self.company_id.name,
                )
            )
        category = self.vehicle_category_id
        if category.weight_capacity <= 0 and category.volume_capacity <= 0:
            raise UserError(
                self.env._(
                    "Vehicle category %(category)s has no weight or volume capacity: set them in "
                    "Fleet > Configuration > Categories before planning loads on it.",
                    category=category.display_name,
                )
            )

    def _cs_day_end(self):
        """End of the chosen day in the user's time zone, as naive UTC."""
        tz = pytz.timezone(self.env.user.tz or self.env.context.get("tz") or "UTC")
        end = tz.localize(datetime.combine(self.date, time.max))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    def _cs_candidate_domain(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("picking_type_code", "=", "outgoing"),
            ("state", "in", OPEN_STATES),
            ("batch_id", "=", False),
            ("scheduled_date", "<=", self._cs_day_end()),
        ]
        if self.warehouse_id:
            domain.append(("picking_type_id.warehouse_id", "=", self.warehouse_id.id))
        return domain

    def _cs_propose(self):
        """Values of the proposed loads: per group, first-fit decreasing on the vehicle category."""
        pickings = self.env["stock.picking"].search(self._cs_candidate_domain(), order="scheduled_date, id")
        if not pickings:
            raise UserError(
                self.env._(
                    "No delivery to plan up to %(date)s: every open delivery is already in a batch, or none "
                    "is scheduled by then.",
                    date=self.date,
                )
            )
        pickings.fetch(["cs_load_weight", "cs_load_volume", "cs_load_packages"])
        category = self.vehicle_category_id
        groups, labels = defaultdict(list), {}
        for picking in pickings:
            key, label = picking._cs_load_group_key(self.grouping)
            labels[key] = label
            groups[key].append((picking.id, picking.cs_load_weight, picking.cs_load_volume))
        vals_list = []
        for key in sorted(groups, key=lambda k: labels[k]):
            loads = first_fit_decreasing(groups[key], category.weight_capacity, category.volume_capacity)
            for index, (ids, weight, volume) in enumerate(loads, start=1):
                vals_list.append(
                    {
                        "sequence": len(vals_list) + 1,
                        "name": f"{labels[key]} #{index}",
                        "picking_ids": [Command.set(ids)],
                        "weight": weight,
                        "volume": volume,
                    }
                )
        return vals_list

    def _cs_prepare_batch(self, line):
        """Values of the batch transfer of a proposed load."""
        pickings = line.picking_ids
        return {
            "company_id": self.company_id.id,
            "picking_ids": [Command.set(pickings.ids)],
            "picking_type_id": pickings.picking_type_id.id if len(pickings.picking_type_id) == 1 else False,
            "vehicle_category_id": self.vehicle_category_id.id,
            "description": line.name,
        }
