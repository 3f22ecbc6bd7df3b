from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..common.cs_guard import cs_guard_fields
from ..common.cs_transit import cs_item_transit_days, cs_transit_days
from ..common.cs_xlsx import cs_xlsx_action, cs_xlsx_workbook

# The ship plan and the tracking are operational: the warehouse ships by them, sales answer the customer.
CS_DELIVERY_OPS = "sales_team.group_sale_salesman,stock.group_stock_user"
# the arrival is a fact the desk records (or the customer confirms in the portal): written by
# ``action_cs_record_arrival`` and the portal, directly only by CS specialists
CS_ARRIVAL_FIELDS = ("cs_arrival_date", "cs_arrival_source")
CS_ARRIVAL_GROUPS = ("sales_cs_desk.group_cs_specialist",)
# computed from the order, the customer and the calendars: nobody sets them by hand (RPC could write a
# stored compute without inverse)
CS_PLAN_FIELDS = (
    "cs_requested_date",
    "cs_transit_days",
    "cs_latest_arrival",
    "cs_ship_by",
    "cs_plan_issue",
    "cs_eta",
    "cs_tracking_state",
    "cs_arrival_late",
)

PLAN_ISSUES = [
    ("late_ship", "Ships after the latest ship date"),
    ("receiving_closed", "Arrives outside the receiving window"),
    ("warehouse_closed", "Warehouse closed on the scheduled day"),
]
TRACKING_STATES = [
    ("planned", "To ship"),
    ("in_transit", "In transit"),
    ("arrived", "Arrived"),
]
ARRIVAL_SOURCES = [
    ("desk", "Entered by CS"),
    ("portal", "Confirmed by the customer"),
    ("receipt", "Receipt confirmation"),
]
# how far back a ship date is looked for on a calendar before giving up on it
_CALENDAR_SPAN = 60


class ShipPlanContext:
    """What the ship plan of a batch of deliveries reads, fetched once for the batch.

    The working days of every calendar involved over the span of the batch,
    the customers' receiving profiles, the customer items' and the carriers'
    transit days: a fixed number of queries however many deliveries.
    """

    def __init__(self, pickings):
        self.env = pickings.env
        self.pickings = pickings
        self._load_profiles()
        self._load_calendars()

    @staticmethod
    def prefetch(pickings):
        """One query per model, not one per 1,000 records (Odoo's prefetch would split 10,000 deliveries)."""
        pickings.fetch(
            ["picking_type_id", "scheduled_date", "partner_id", "carrier_id", "sale_id", "state", "company_id"]
        )
        pickings.company_id.fetch(["cs_delivery_enabled", "cs_delivery_transit_days", "resource_calendar_id"])
        pickings.sale_id.fetch(["cs_promised_date", "cs_ship_by_date"])
        pickings.partner_id.fetch(["commercial_partner_id"])
        pickings.carrier_id.fetch(["cs_transit_days"])
        pickings.picking_type_id.fetch(["code", "warehouse_id"])
        pickings.picking_type_id.warehouse_id.fetch(["cs_calendar_id"])

    def _load_profiles(self):
        partners = self.pickings.partner_id.commercial_partner_id.sudo()
        partners.fetch(
            ["cs_transit_days", "cs_receiving_weekday_ids", "cs_receiving_hour_from", "cs_receiving_hour_to"]
        )
        weekdays = partners.cs_receiving_weekday_ids
        weekdays.fetch(["code"])
        self.profiles = {
            partner.id: {
                "transit": partner.cs_transit_days,
                "weekdays": {int(day.code) for day in partner.cs_receiving_weekday_ids},
                "hour_from": partner.cs_receiving_hour_from,
                "hour_to": partner.cs_receiving_hour_to,
            }
            for partner in partners
        }
        # the products of each delivery, in one query (reading move_ids would split it per 1,000 deliveries)
        self.products = defaultdict(set)
        moves = (
            self.env["stock.move"]
            .sudo()
            .search_fetch([("picking_id", "in", self.pickings.ids)], ["picking_id", "product_id"])
        )
        for move in moves:
            self.products[move.picking_id.id].add(move.product_id.id)
        # the customer items' transit days per (customer, product); one query
        self.item_transit = cs_item_transit_days(self.env, partners, moves.product_id)

    def _load_calendars(self):
        self.calendars = {}
        dates = [d for d in self.pickings.mapped("scheduled_date") if d]
        dates += [fields.Datetime.to_datetime(d) for d in self.pickings.sale_id.mapped("cs_promised_date") if d]
        if not dates:
            return
        # ship dates lie before the promised dates by the transit days and the days without work
        start = min(dates) - timedelta(days=2 * _CALENDAR_SPAN)
        stop = max(dates) + timedelta(days=14)
        for calendar in {p._cs_ship_calendar() for p in self.pickings}:
            if not calendar:
                continue
            tz = pytz.timezone(calendar.tz or "UTC")
            begin = tz.localize(datetime.combine(start.date(), time.min))
            end = tz.localize(datetime.combine(stop.date(), time.max))
            days = {s.date() for s, _e, _m in calendar._work_intervals_batch(begin, end)[False]}
            self.calendars[calendar] = (tz, days)

    def tz(self, calendar):
        return self.calendars[calendar][0] if calendar in self.calendars else pytz.utc

    def is_working(self, calendar, day):
        return calendar not in self.calendars or day in self.calendars[calendar][1]

    def last_working_day(self, calendar, day):
        """The last working day on or before ``day`` (``day`` itself without a calendar)."""
        for back in range(_CALENDAR_SPAN):
            candidate = day - timedelta(days=back)
            if self.is_working(calendar, candidate):
                return candidate
        return day


class StockPicking(models.Model):
    _inherit = "stock.picking"

    cs_delivery_enabled = fields.Boolean(related="company_id.cs_delivery_enabled")

    # ------------------------------------------------------------------
    # Ship plan (L1)
    # ------------------------------------------------------------------
    cs_requested_date = fields.Date(
        string="Requested arrival",
        compute="_compute_cs_ship_plan",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="The arrival promised to the customer on the order (frozen at confirmation; moved only by an "
        "approved change request).",
    )
    cs_transit_days = fields.Integer(
        string="Transit days",
        compute="_compute_cs_ship_plan",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="From the customer item (the slowest of the delivery's products), else the customer, else the "
        "carrier, else the company default.",
    )
    cs_latest_arrival = fields.Date(
        string="Latest arrival",
        compute="_compute_cs_ship_plan",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="The last receiving day of the customer on or before the requested arrival.",
    )
    cs_ship_by = fields.Date(
        string="Ship by",
        compute="_compute_cs_ship_plan",
        store=True,
        index=True,
        groups=CS_DELIVERY_OPS,
        help="Latest ship date: the latest arrival minus the transit days, on a working day of the shipping "
        "warehouse — or the order's release deadline when that comes first.",
    )
    cs_plan_issue = fields.Selection(
        PLAN_ISSUES,
        string="Plan issue",
        compute="_compute_cs_ship_plan",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="Why the scheduled date cannot arrive inside the customer's window.",
    )
    cs_plan_reason = fields.Char(string="Why", compute="_compute_cs_plan_reason", groups=CS_DELIVERY_OPS)

    # ------------------------------------------------------------------
    # Tracking (L3)
    # ------------------------------------------------------------------
    cs_carrier_eta = fields.Date(
        string="Carrier's ETA",
        copy=False,
        groups=CS_DELIVERY_OPS,
        help="The arrival the carrier announced; it replaces ship date plus transit days.",
    )
    cs_eta = fields.Date(
        string="ETA",
        compute="_compute_cs_eta",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="Carrier's ETA, else ship date (or scheduled date before shipping) plus transit days.",
    )
    cs_arrival_date = fields.Date(
        string="Arrived on",
        readonly=True,
        copy=False,
        tracking=True,
        groups=CS_DELIVERY_OPS,
        help="Entered by the CS desk or confirmed by the customer in the portal.",
    )
    cs_arrival_source = fields.Selection(
        ARRIVAL_SOURCES, string="Arrival from", readonly=True, copy=False, groups=CS_DELIVERY_OPS
    )
    cs_tracking_state = fields.Selection(
        TRACKING_STATES,
        string="Shipment",
        compute="_compute_cs_tracking_state",
        store=True,
        groups=CS_DELIVERY_OPS,
    )
    cs_arrival_late = fields.Boolean(
        string="Arrived late",
        compute="_compute_cs_tracking_state",
        store=True,
        groups=CS_DELIVERY_OPS,
        help="Arrived (or, still in transit, expected) after the requested arrival.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _cs_ship_calendar(self):
        """The shipping warehouse's working calendar, else its company's."""
        self.ensure_one()
        warehouse = self.picking_type_id.warehouse_id
        return warehouse.cs_calendar_id or self.company_id.resource_calendar_id

    def _cs_is_planned(self):
        self.ensure_one()
        return self.picking_type_code == "outgoing" and self.company_id.cs_delivery_enabled and self.sale_id

    # Customer items' transit days are read, not depended on: an item edit refreshes the open
    # deliveries of its customer (cs.customer.item.write), instead of every picking depending on every item.
    @api.depends(
        "picking_type_id",
        "scheduled_date",
        "partner_id",
        "carrier_id.cs_transit_days",
        "move_ids.product_id",
        "sale_id.cs_promised_date",
        "sale_id.cs_ship_by_date",
        "company_id.cs_delivery_enabled",
        "company_id.cs_delivery_transit_days",
        "partner_id.commercial_partner_id.cs_transit_days",
        "partner_id.commercial_partner_id.cs_receiving_weekday_ids",
        "partner_id.commercial_partner_id.cs_receiving_hour_from",
        "partner_id.commercial_partner_id.cs_receiving_hour_to",
        "picking_type_id.warehouse_id.cs_calendar_id",
    )
    def _compute_cs_ship_plan(self):
        ShipPlanContext.prefetch(self)
        planned = self.filtered(lambda p: p._cs_is_planned())
        (self - planned).update(
            {
                "cs_requested_date": False,
                "cs_transit_days": 0,
                "cs_latest_arrival": False,
                "cs_ship_by": False,
                "cs_plan_issue": False,
            }
        )
        if not planned:
            return
        context = ShipPlanContext(planned)
        for picking in planned:
            picking.update(picking._cs_plan(context))

    def _cs_transit(self, context):
        """Transit days: customer item › customer › carrier › company default (``cs_transit_days``)."""
        customer = self.partner_id.commercial_partner_id
        return cs_transit_days(
            context.item_transit,
            customer,
            context.products[self.id],
            self.carrier_id,
            self.company_id,
            customer_days=context.profiles.get(customer.id, {}).get("transit") or 0,
        )

    def _cs_plan(self, context):
        """The ship plan of one delivery from the batch's ``context`` (no query)."""
        self.ensure_one()
        transit = self._cs_transit(context)
        requested = self.sale_id.cs_promised_date
        vals = {
            "cs_requested_date": requested,
            "cs_transit_days": transit,
            "cs_latest_arrival": False,
            "cs_ship_by": False,
            "cs_plan_issue": False,
        }
        if not requested:
            return vals
        profile = context.profiles.get(self.partner_id.commercial_partner_id.id, {})
        weekdays = profile.get("weekdays") or set(range(7))
        latest = requested
        while latest.weekday() not in weekdays:
            latest -= timedelta(days=1)
        calendar = self._cs_ship_calendar()
        ship_by = context.last_working_day(calendar, latest - timedelta(days=transit))
        # one deadline for the warehouse: the release deadline of the order (O8) when it comes first
        if self.sale_id.cs_ship_by_date and self.sale_id.cs_ship_by_date < ship_by:
            ship_by = self.sale_id.cs_ship_by_date
        vals.update(cs_latest_arrival=latest, cs_ship_by=ship_by)
        if self.state in ("done", "cancel") or not self.scheduled_date:
            return vals
        local = pytz.utc.localize(self.scheduled_date).astimezone(context.tz(calendar))
        if local.date() > ship_by:
            vals["cs_plan_issue"] = "late_ship"
        elif self._cs_first_receivable(local + timedelta(days=transit), profile, weekdays) > latest:
            vals["cs_plan_issue"] = "receiving_closed"
        elif not context.is_working(calendar, local.date()):
            vals["cs_plan_issue"] = "warehouse_closed"
        return vals

    @api.model
    def _cs_first_receivable(self, arrival, profile, weekdays):
        """The first day the customer receives goods that reach it at local datetime ``arrival``."""
        day = arrival.date()
        hour_to = profile.get("hour_to") or 0.0
        if hour_to and arrival.hour + arrival.minute / 60.0 > hour_to:
            day += timedelta(days=1)  # after closing time: the next morning
        for _i in range(7):
            if day.weekday() in weekdays:
                return day
            day += timedelta(days=1)
        return day

    def _compute_cs_plan_reason(self):
        for picking in self:
            picking.cs_plan_reason = picking._cs_plan_reason_text()

    def _cs_plan_reason_text(self):
        self.ensure_one()
        issue = self.cs_plan_issue
        if not issue:
            return False
        scheduled = fields.Date.to_string(fields.Datetime.context_timestamp(self, self.scheduled_date).date())
        labels = dict(self._fields["cs_plan_issue"]._description_selection(self.env))
        if issue == "late_ship":
            return self.env._(
                "Scheduled %(scheduled)s, after the latest ship date %(ship_by)s: with %(transit)s transit "
                "day(s) it cannot arrive by %(requested)s.",
                scheduled=scheduled,
                ship_by=fields.Date.to_string(self.cs_ship_by),
                transit=self.cs_transit_days,
                requested=fields.Date.to_string(self.cs_requested_date),
            )
        if issue == "receiving_closed":
            return self.env._(
                "Scheduled %(scheduled)s: it reaches the customer outside its receiving days or hours and "
                "waits past the latest arrival %(latest)s.",
                scheduled=scheduled,
                latest=fields.Date.to_string(self.cs_latest_arrival),
            )
        return labels[issue]

    @api.depends("cs_carrier_eta", "date_done", "scheduled_date", "cs_transit_days", "state")
    def _compute_cs_eta(self):
        for picking in self:
            if picking.cs_carrier_eta or not picking.cs_requested_date:
                picking.cs_eta = picking.cs_carrier_eta
                continue
            start = picking.date_done if picking.state == "done" else picking.scheduled_date
            start = start and fields.Datetime.context_timestamp(picking, start).date()
            picking.cs_eta = start and start + timedelta(days=picking.cs_transit_days)

    @api.depends("state", "cs_arrival_date", "cs_eta", "cs_requested_date")
    def _compute_cs_tracking_state(self):
        for picking in self:
            if not picking.cs_requested_date or picking.state == "cancel":
                picking.cs_tracking_state = False
                picking.cs_arrival_late = False
                continue
            if picking.cs_arrival_date:
                picking.cs_tracking_state = "arrived"
            else:
                picking.cs_tracking_state = "in_transit" if picking.state == "done" else "planned"
            arrival = picking.cs_arrival_date or picking.cs_eta
            picking.cs_arrival_late = bool(arrival and arrival > picking.cs_requested_date)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, CS_ARRIVAL_FIELDS, groups=CS_ARRIVAL_GROUPS, operation="create")
        cs_guard_fields(self, vals_list, CS_PLAN_FIELDS, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, CS_ARRIVAL_FIELDS, groups=CS_ARRIVAL_GROUPS)
        cs_guard_fields(self, vals, CS_PLAN_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_record_arrival(self, arrival_date=None):
        """The CS desk records that the shipments arrived (today unless a date is given)."""
        if not self.env.user.has_group("sales_cs_desk.group_cs_specialist"):
            raise AccessError(self.env._("Only the CS desk records a shipment's arrival."))
        self.check_access("write")
        self._cs_set_arrival(arrival_date or fields.Date.context_today(self), "desk")
        return True

    def _cs_set_arrival(self, arrival_date, source):
        """Record the arrival of shipped deliveries (no check: callers check the right first)."""
        arrival_date = fields.Date.to_date(arrival_date)
        not_shipped = self.filtered(lambda p: p.state != "done" or p.picking_type_code != "outgoing")
        if not_shipped:
            raise UserError(
                self.env._(
                    "%(deliveries)s has not been shipped: an arrival is recorded for a validated delivery.",
                    deliveries=", ".join(not_shipped.mapped("name")),
                )
            )
        early = self.filtered(lambda p: p.date_done and arrival_date < p.date_done.date())
        if early or arrival_date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The arrival date %(date)s must lie between the ship date and today.",
                    date=fields.Date.to_string(arrival_date),
                )
            )
        self.sudo().write({"cs_arrival_date": arrival_date, "cs_arrival_source": source})

    def _cs_refresh_ship_plan(self):
        """Recompute the plan of open deliveries after something the compute only reads changed."""
        ShipPlanContext.prefetch(self)
        open_ = self.filtered(lambda p: p.state not in ("done", "cancel"))
        fnames = ["cs_requested_date", "cs_transit_days", "cs_latest_arrival", "cs_ship_by", "cs_plan_issue"]
        # one batch, as the compute is written for (the ORM's recompute would call it per 1,000 records)
        with self.env.protecting([self._fields[fname] for fname in fnames], open_):
            open_._compute_cs_ship_plan()
        open_.modified(fnames)  # the ETA and the shipment status follow

    # ------------------------------------------------------------------
    # Tracking table (运输跟踪表)
    # ------------------------------------------------------------------
    def _cs_tracking_groups(self):
        """The deliveries to report, per customer: [(customer, deliveries ordered by order and ship date)]."""
        pickings = self.filtered(lambda p: p.picking_type_code == "outgoing").sorted(
            lambda p: (p.origin or "", p.date_done or p.scheduled_date or fields.Datetime.now(), p.id)
        )
        groups = defaultdict(self.browse)
        for picking in pickings:
            groups[picking.partner_id.commercial_partner_id] |= picking
        return sorted(groups.items(), key=lambda item: item[0].display_name or "")

    def action_cs_tracking_xlsx(self):
        """Download the selected deliveries as the tracking table (XLSX)."""
        return cs_xlsx_action(self, "tracking")

    def _cs_xlsx_tracking(self):
        """The tracking table as XLSX: one sheet per customer (read with the user's own rights)."""
        states = dict(self._fields["cs_tracking_state"]._description_selection(self.env))
        sheets = []
        for customer, pickings in self._cs_tracking_groups():
            sheets.append(
                {
                    "name": customer.display_name,
                    "title": self.env._("Shipment tracking: %(customer)s", customer=customer.display_name),
                    "columns": [
                        (self.env._("Order"), "text"),
                        (self.env._("Delivery"), "text"),
                        (self.env._("Carrier"), "text"),
                        (self.env._("Tracking reference"), "text"),
                        (self.env._("Shipped on"), "datetime"),
                        (self.env._("ETA"), "date"),
                        (self.env._("Requested arrival"), "date"),
                        (self.env._("Arrived on"), "date"),
                        (self.env._("Shipment"), "text"),
                    ],
                    "rows": [
                        (
                            p.origin or "",
                            p.name,
                            p.carrier_id.display_name or "",
                            p.carrier_tracking_ref or "",
                            p.date_done,
                            p.cs_eta,
                            p.cs_requested_date,
                            p.cs_arrival_date,
                            states.get(p.cs_tracking_state, ""),
                        )
                        for p in pickings
                    ],
                }
            )
        return "shipment_tracking.xlsx", cs_xlsx_workbook(sheets)
