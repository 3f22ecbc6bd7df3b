import math
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..common.cs_guard import cs_guard_fields


class CsCustomerItem(models.Model):
    """What CS keeps per customer and product (O4, L7, L9).

    The customer's part number, the order rules the order review checks
    (MOQ, pack multiple), the safety stock kept for the customer (min/max,
    mirrored on a ``stock.warehouse.orderpoint``) and when these parameters
    were last checked with the customer (定期核对).

    A CS record of its customer: the confidentiality rules of
    ``cs.customer.mixin`` apply.
    """

    _name = "cs.customer.item"
    _description = "Customer Item Parameters"
    _inherit = ["cs.customer.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "partner_id, product_id"
    _check_company_auto = True
    _rec_names_search = ["customer_part_number", "product_id", "partner_id"]

    # ------------------------------------------------------------------
    # Identification
    # ------------------------------------------------------------------
    partner_id = fields.Many2one(
        string="Customer",
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="The commercial customer (company); a contact is replaced by its company.",
    )
    # same as partner_id here (a commercial customer); kept for the rules
    cs_customer_id = fields.Many2one(string="Commercial customer")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    customer_part_number = fields.Char(
        string="Customer part number",
        tracking=True,
        index="trigram",
        help="The customer's own code for this product, as written on its orders.",
    )
    active = fields.Boolean(default=True, tracking=True)

    # ------------------------------------------------------------------
    # Order rules (O4)
    # ------------------------------------------------------------------
    moq = fields.Float(
        string="MOQ",
        digits="Product Unit of Measure",
        compute="_compute_order_rules",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Minimum order quantity for this customer. 0 means no minimum. "
        "Proposed from the product; the order review checks it.",
    )
    pack_multiple = fields.Float(
        string="Pack multiple",
        digits="Product Unit of Measure",
        compute="_compute_order_rules",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Ordered quantities must be a multiple of this pack size. 0 means any quantity. "
        "Proposed from the product; the order review checks it.",
    )

    # ------------------------------------------------------------------
    # Safety stock (L7)
    # ------------------------------------------------------------------
    min_qty = fields.Float(
        string="Min",
        digits="Product Unit of Measure",
        tracking=True,
        help="Safety stock kept for this customer. Setting min or max maintains the "
        "replenishment rule at the customer's VMI site, or at the main warehouse.",
    )
    max_qty = fields.Float(
        string="Max",
        digits="Product Unit of Measure",
        tracking=True,
        help="Stock is replenished up to this quantity when it falls below the minimum.",
    )
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint",
        string="Replenishment rule",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The min/max rule kept at the customer's VMI site, or at the main warehouse, "
        "from the safety stock of this customer's items.",
    )
    transit_days = fields.Integer(
        string="Transit days",
        tracking=True,
        help="Transit time for this item when it differs from the customer's. 0 means the customer's transit days.",
    )
    effective_transit_days = fields.Integer(
        string="Transit days used",
        compute="_compute_effective_transit_days",
        help="This item's transit days, or the customer's when the item sets none.",
    )

    # ------------------------------------------------------------------
    # Periodic verification (L9)
    # ------------------------------------------------------------------
    verified_date = fields.Date(
        string="Verified on",
        default=fields.Date.context_today,
        readonly=True,
        copy=False,
        tracking=True,
        help="When these parameters were last checked with the customer.",
    )
    verified_by_id = fields.Many2one(
        "res.users",
        string="Verified by",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        readonly=True,
        copy=False,
        tracking=True,
    )
    verification_interval_days = fields.Integer(
        string="Verify every (days)",
        default=90,
        required=True,
        help="How often the parameters must be checked with the customer.",
    )
    next_verification_date = fields.Date(
        string="Next verification",
        compute="_compute_next_verification_date",
        store=True,
        index=True,
        help="Empty when the parameters were never verified: they are due at once.",
    )
    # the reminder job's memory: set when it raises the reminder for the
    # current due date, reset whenever that date changes (verified again,
    # interval changed), so a reminder marked done is not raised again the
    # next day for the same overdue verification
    verification_reminded = fields.Boolean(
        string="Verification reminder sent",
        compute="_compute_verification_reminded",
        store=True,
        readonly=True,
        copy=False,
    )
    verification_due = fields.Boolean(
        string="Verification due",
        compute="_compute_verification_due",
        search="_search_verification_due",
        help="Never verified, or the next verification date is today or past.",
    )

    # change only through the desk's own methods: "Mark verified", the
    # replenishment-rule sync and the reminder job
    _CS_GUARDED = ("verified_date", "verified_by_id", "orderpoint_id", "verification_reminded")

    # what decides the replenishment rule of an item
    _CS_STOCK_FIELDS = frozenset({"min_qty", "max_qty", "active", "partner_id", "product_id", "company_id"})

    _sql_constraints = [
        (
            "partner_product_company_uniq",
            "unique(partner_id, product_id, company_id)",
            "This customer already has parameters for this product (perhaps archived): edit those instead.",
        ),
        ("moq_positive", "CHECK(moq >= 0)", "The MOQ cannot be negative."),
        ("pack_multiple_positive", "CHECK(pack_multiple >= 0)", "The pack multiple cannot be negative."),
        ("min_qty_positive", "CHECK(min_qty >= 0)", "The minimum stock cannot be negative."),
        ("min_max_order", "CHECK(min_qty <= max_qty)", "The minimum stock cannot exceed the maximum."),
        ("transit_days_positive", "CHECK(transit_days >= 0)", "Transit days cannot be negative."),
        (
            "verification_interval_positive",
            "CHECK(verification_interval_days > 0)",
            "The verification interval must be at least one day.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("customer_part_number", "product_id", "partner_id")
    def _compute_display_name(self):
        for item in self:
            product = item.product_id.display_name or ""
            item.display_name = f"[{item.customer_part_number}] {product}" if item.customer_part_number else product

    @api.depends("product_id")
    def _compute_order_rules(self):
        # Proposed from the product when the product changes; kept as
        # typed afterwards, so a customer can have a different MOQ (or none).
        for item in self:
            template = item.product_id.product_tmpl_id
            item.moq = template.cs_moq
            item.pack_multiple = template.cs_pack_multiple

    @api.depends("transit_days", "partner_id.cs_transit_days")
    def _compute_effective_transit_days(self):
        for item in self:
            item.effective_transit_days = item.transit_days or item.partner_id.cs_transit_days

    @api.depends("verified_date", "verification_interval_days")
    def _compute_next_verification_date(self):
        for item in self:
            item.next_verification_date = item.verified_date and item.verified_date + timedelta(
                days=item.verification_interval_days
            )

    @api.depends("next_verification_date")
    def _compute_verification_reminded(self):
        self.verification_reminded = False

    @api.depends_context("tz")
    @api.depends("next_verification_date")
    def _compute_verification_due(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.verification_due = not item.next_verification_date or item.next_verification_date <= today

    def _search_verification_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on 'Verification due'."))
        domain = self._cs_verification_due_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _cs_verification_due_domain(self):
        today = fields.Date.context_today(self)
        return ["|", ("next_verification_date", "=", False), ("next_verification_date", "<=", today)]

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for item in self:
            if item.partner_id != item.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Customer item parameters belong to the customer company: choose %(company)s "
                        "instead of its contact %(contact)s.",
                        company=item.partner_id.commercial_partner_id.display_name,
                        contact=item.partner_id.display_name,
                    )
                )

    @api.constrains("min_qty", "max_qty")
    def _check_min_max(self):
        for item in self:
            if not (math.isfinite(item.min_qty) and math.isfinite(item.max_qty)):
                raise ValidationError(
                    self.env._("%(item)s: enter numbers for the minimum and maximum stock.", item=item.display_name)
                )
            if item.min_qty < 0 or item.max_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(item)s: the minimum and maximum stock cannot be negative; use 0 for none.",
                        item=item.display_name,
                    )
                )
            if item.min_qty > item.max_qty:
                raise ValidationError(
                    self.env._(
                        "%(item)s: the minimum stock (%(min)s) cannot exceed the maximum (%(max)s).",
                        item=item.display_name,
                        min=item.min_qty,
                        max=item.max_qty,
                    )
                )

    @api.model
    def _cs_check_numbers(self, vals):
        """Refuse NaN and infinite quantities before the ORM rounds them (which fails without a message)."""
        for name in ("min_qty", "max_qty", "moq", "pack_multiple"):
            value = vals.get(name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a number, not %(value)s.",
                        field=self._fields[name]._description_string(self.env),
                        value=value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, self._CS_GUARDED, operation="create")
        for vals in vals_list:
            self._cs_check_numbers(vals)
            self._cs_commercial_partner_vals(vals)
        items = super().create(vals_list)
        items.filtered("max_qty")._cs_sync_orderpoints()
        return items

    def write(self, vals):
        cs_guard_fields(self, vals, self._CS_GUARDED)
        self._cs_check_numbers(vals)
        self._cs_commercial_partner_vals(vals)
        if not self._CS_STOCK_FIELDS & set(vals):
            return super().write(vals)
        stale_keys = self._cs_orderpoint_keys()
        res = super().write(vals)
        if "partner_id" in vals and not self.env.su:
            # not moved to a customer the user may not work on (the rules see the new customer)
            self.check_access("write")
        self._cs_sync_orderpoints(stale_keys)
        return res

    def unlink(self):
        stale_keys = self._cs_orderpoint_keys()
        orderpoints = self.sudo().orderpoint_id
        res = super().unlink()
        self.browse()._cs_sync_orderpoints(stale_keys, orderpoints)
        return res

    @api.model
    def _cs_commercial_partner_vals(self, vals):
        """Replace a contact by its company: parameters are per customer."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_mark_verified(self):
        """Record that the parameters were checked with the customer today."""
        self.check_access("write")
        self.sudo().write({"verified_date": fields.Date.context_today(self), "verified_by_id": self.env.user.id})
        self._cs_close_verification_activities()
        return True

    # ------------------------------------------------------------------
    # Order rules used by the order review (O4)
    # ------------------------------------------------------------------
    @api.model
    def _cs_order_rules(self, partner_product_pairs, company=None):
        """MOQ and pack multiple for many (customer, product) pairs at once.

        :param partner_product_pairs: iterable of ``(partner_id, product_id)``
            integer ids; the partner may be a contact, its commercial customer
            is used.
        :param company: the order's company (default: the current company).
        :return: ``{(partner_id, product_id): (moq, pack_multiple)}`` for every
            pair given, keyed as given. The active customer item of the
            customer and product wins as a whole; without one, the product's
            defaults (``cs_moq``, ``cs_pack_multiple``) apply.

        An MOQ of 0 means no minimum, and a pack multiple of 0 means any
        quantity; an order line is nonetheless never below 1 unit — that floor
        is the caller's, not returned here.

        Reads in a constant number of queries (four at most) whatever the
        number of pairs. Rules are not confidential: read as superuser so any
        salesperson's order can be checked.
        """
        pairs = {(int(partner_id), int(product_id)) for partner_id, product_id in partner_product_pairs}
        if not pairs:
            return {}
        company = company or self.env.company
        partners = self.env["res.partner"].sudo().browse({partner_id for partner_id, __ in pairs})
        partners.fetch(["commercial_partner_id"])
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        items = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("partner_id", "in", list(set(commercial.values()))),
                    ("product_id", "in", list({product_id for __, product_id in pairs})),
                    ("company_id", "=", company.id),
                ],
                ["partner_id", "product_id", "moq", "pack_multiple"],
            )
        )
        by_item = {(item.partner_id.id, item.product_id.id): (item.moq, item.pack_multiple) for item in items}
        result = {}
        missing = set()
        for partner_id, product_id in pairs:
            rule = by_item.get((commercial[partner_id], product_id))
            if rule is None:
                missing.add(product_id)
            else:
                result[partner_id, product_id] = rule
        if missing:
            products = self.env["product.product"].sudo().browse(missing)
            products.fetch(["product_tmpl_id"])
            products.product_tmpl_id.fetch(["cs_moq", "cs_pack_multiple"])
            defaults = {p.id: (p.product_tmpl_id.cs_moq, p.product_tmpl_id.cs_pack_multiple) for p in products}
            for partner_id, product_id in pairs:
                if (partner_id, product_id) not in result:
                    result[partner_id, product_id] = defaults.get(product_id, (0.0, 0.0))
        return result

    # ------------------------------------------------------------------
    # Verification reminders (L9)
    # ------------------------------------------------------------------
    def _cs_close_verification_activities(self):
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_item_verification", raise_if_not_found=False)
        if activity_type and self:
            self.env["mail.activity"]._cs_close(self, activity_type, feedback=self.env._("Parameters verified."))

    @api.model
    def _cron_cs_verification_reminders(self, batch_size=500):
        """Daily job: one activity per item whose verification is due (L9).

        The activity goes to the customer's CS specialist (to the backup while
        the specialist is absent, see ``mail.activity``). An item that already
        has an open reminder is skipped, so running the job twice creates
        nothing new; "Mark verified" closes the reminder. A reminder marked
        done without verifying is not raised again for the same due date
        (``verification_reminded``): one activity per situation. Batched: the cron
        framework commits and calls again while work remains.
        """
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_item_verification")
        domain = self._cs_reminder_domain(activity_type)
        items = self.sudo().search(domain, limit=batch_size)
        today = fields.Date.context_today(self)
        self.env["mail.activity"]._cs_raise(
            activity_type,
            [
                (
                    item,
                    item.cs_customer_id.cs_user_id,
                    max(item.next_verification_date or today, today),
                    self.env._(
                        "Verify %(part)s with %(customer)s: last checked %(date)s",
                        part=item.display_name,
                        customer=item.cs_customer_id.display_name,
                        date=item.verified_date or self.env._("never"),
                    ),
                )
                for item in items
            ],
            per_user=False,
        )
        items.with_context(tracking_disable=True).write({"verification_reminded": True})
        self.env["ir.cron"]._notify_progress(done=len(items), remaining=self.sudo().search_count(domain))
        return len(items)

    @api.model
    def _cs_reminder_domain(self, activity_type):
        return [
            *self._cs_verification_due_domain(),
            ("cs_customer_id.cs_user_id", "!=", False),
            # one reminder per due date: not again once marked done
            ("verification_reminded", "=", False),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]

    # ------------------------------------------------------------------
    # Safety stock: the replenishment rule (L7)
    # ------------------------------------------------------------------
    def _cs_stock_targets(self):
        """{item: (location, route)}: where each item's safety stock is kept.

        The customer's VMI site when it has one (replenished through the
        site's resupply route), else the company's first main warehouse.
        """
        sites = self.env["stock.warehouse"]._cs_vmi_sites_by_customer(self.partner_id, self.company_id)
        mains = {}
        result = {}
        for item in self:
            site = sites.get((item.partner_id.id, item.company_id.id))
            if site:
                result[item] = (site.lot_stock_id, site._cs_vmi_resupply_route())
                continue
            if item.company_id not in mains:
                mains[item.company_id] = (
                    self.env["stock.warehouse"]
                    .sudo()
                    .search([("company_id", "=", item.company_id.id), ("cs_is_vmi", "=", False)], limit=1)
                )
            result[item] = (mains[item.company_id].lot_stock_id, self.env["stock.route"])
        return result

    def _cs_orderpoint_keys(self):
        """(location id, product id, company id) of the rules these items feed."""
        return {
            (location.id, item.product_id.id, item.company_id.id)
            for item, (location, __) in self.sudo()._cs_stock_targets().items()
            if location and item.active and item.max_qty
        }

    def _cs_sync_orderpoints(self, stale_keys=(), owned=None):
        """Create, update or remove the min/max rules these items feed.

        Several customers served from the same location add up: the rule's
        min and max are the sums over the active items kept there. A rule no
        item feeds any more is removed when the desk made it.

        Only the desk's own rules are touched (those an item links, which
        only this method sets): a rule the warehouse made at the same place
        is never rewritten, taken over or deleted — feeding it is refused
        with an explanation. Runs in superuser mode after the caller's write
        on the items passed their access rules.
        """
        keys = self._cs_orderpoint_keys() | set(stale_keys)
        if not keys:
            return
        products = {key[1] for key in keys}
        companies = {key[2] for key in keys}
        peers = self.sudo().search([("product_id", "in", list(products)), ("company_id", "in", list(companies))])
        totals = defaultdict(lambda: {"min": 0.0, "max": 0.0, "route": False, "items": self.browse()})
        for peer, (location, route) in peers._cs_stock_targets().items():
            key = (location.id, peer.product_id.id, peer.company_id.id)
            if key in keys and peer.max_qty:
                total = totals[key]
                total["min"] += peer.min_qty
                total["max"] += peer.max_qty
                total["route"] = total["route"] or route.id
                total["items"] |= peer
        Orderpoint = self.env["stock.warehouse.orderpoint"].sudo().with_context(active_test=False)
        existing = {
            (op.location_id.id, op.product_id.id, op.company_id.id): op
            for op in Orderpoint.search(
                [
                    ("location_id", "in", list({key[0] for key in keys})),
                    ("product_id", "in", list(products)),
                    ("company_id", "in", list(companies)),
                ]
            )
        }
        owned = (owned or self.env["stock.warehouse.orderpoint"]) | (
            self.sudo()
            .with_context(active_test=False)
            .search([("orderpoint_id", "in", [op.id for op in existing.values()])])
            .orderpoint_id
        )
        for key in keys:
            orderpoint, total = existing.get(key), totals.get(key)
            if orderpoint and orderpoint not in owned:
                # the warehouse's own rule: never rewritten, taken over or deleted
                if total:
                    raise UserError(
                        self.env._(
                            "%(location)s already has a replenishment rule for %(product)s (min %(min)s, "
                            "max %(max)s) that the warehouse made, not the CS desk. The desk does not change "
                            "the warehouse's own rules: ask the warehouse to remove it (or to keep the safety "
                            "stock there), or leave Min and Max at 0 on the customer's item.",
                            location=orderpoint.location_id.display_name,
                            product=orderpoint.product_id.display_name,
                            min=orderpoint.product_min_qty,
                            max=orderpoint.product_max_qty,
                        )
                    )
                continue
            if total:
                vals = {"product_min_qty": total["min"], "product_max_qty": total["max"], "active": True}
                if total["route"]:
                    vals["route_id"] = total["route"]
                if orderpoint:
                    orderpoint.write(vals)
                else:
                    location = self.env["stock.location"].browse(key[0])
                    orderpoint = Orderpoint.create(
                        {
                            **vals,
                            "location_id": key[0],
                            "warehouse_id": location.warehouse_id.id,
                            "product_id": key[1],
                            "company_id": key[2],
                            "trigger": "auto",
                        }
                    )
                total["items"].filtered(lambda i, op=orderpoint: i.orderpoint_id != op).sudo().write(
                    {"orderpoint_id": orderpoint.id}
                )
            elif orderpoint:
                orderpoint.unlink()
        self.sudo().filtered(lambda i: i.orderpoint_id and not (i.active and i.max_qty)).write({"orderpoint_id": False})
