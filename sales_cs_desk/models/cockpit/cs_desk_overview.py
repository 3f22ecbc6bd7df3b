from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

CS_SPECIALIST = "sales_cs_desk.group_cs_specialist"
CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"

# how a record reaches its commercial customer, per model ("mine": the customers the user covers today,
# res.partner._cs_covered_by_domain, as the record rules' cs_is_mine)
CUSTOMER_PATHS = {
    "sale.order": "partner_id.commercial_partner_id",
    "stock.picking": "partner_id.commercial_partner_id",
}
DEFAULT_CUSTOMER_PATH = "cs_customer_id"


class CsDeskOverview(models.AbstractModel):
    """The desk overview (K1): the first screen of CS Desk.

    One public method, :meth:`get_tiles`, computes every tile of the OWL
    client action ``sales_cs_desk.cs_desk_overview`` with one
    ``search_count`` or ``_read_group`` per tile, under the caller's own
    access rights: record rules decide what a specialist counts, and the
    filtered list a tile opens is the same model and domain, so the number
    and the list agree. A tile follows the company switch of its feature
    (``_cs_tile_specs``); the "Team" tiles are computed for CS supervisors
    only, decided by the user's groups (never by an argument or a context key).

    Another capability adds a tile by extending ``_cs_tile_specs``.
    """

    _name = "cs.desk.overview"
    _description = "CS Desk Overview"

    # ------------------------------------------------------------------
    # Public API (called by the client action over RPC)
    # ------------------------------------------------------------------
    @api.model
    def get_tiles(self):
        """The overview of the current company for the calling user.

        ``{"company": name, "sections": [{"key": "team"|"mine", "title", "tiles": [...]}]}``; each
        tile has ``key``, ``title``, ``count``, ``value`` (what is shown), ``state`` (success, warning,
        danger, info), ``action`` (the window action of the list behind the number) and optional ``lines``
        (same keys) for its breakdown. The "team" section exists for CS supervisors only.
        """
        if not self.env.user.has_group(CS_SPECIALIST):
            raise AccessError(self.env._("The CS Desk overview is for the customer-service team."))
        company = self.env.company
        sections = [{"key": "mine", "title": self.env._("Mine"), "tiles": self._cs_tiles(company, mine=True)}]
        if self.env.user.has_group(CS_SUPERVISOR):
            # a team lead looks at the team first; their own customers, if any, below
            team = {"key": "team", "title": self.env._("Team"), "tiles": self._cs_tiles(company, mine=False)}
            sections.insert(0, team)
        return {"company": company.name, "sections": sections}

    # ------------------------------------------------------------------
    # Tiles
    # ------------------------------------------------------------------
    @api.model
    def _cs_tile_specs(self, company):
        """Every tile the overview can show, in order.

        Each spec: ``key``, ``title``, ``switch`` (the res.company field that must be on; None: always),
        ``model``, ``domain`` (without company and "mine"), ``action`` (xml id of the window action whose
        views open the list), ``kind`` (``count``, ``stages`` or ``otif``) and ``alarm`` (``danger`` or
        ``warning``: the state when the count is not zero).
        """
        today = fields.Date.context_today(self)
        now = fields.Datetime.to_string(fields.Datetime.now())
        month_start = today.replace(day=1)
        open_pickings = [("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel"))]
        return [
            {
                "key": "review_queue",
                "title": self.env._("Review queue"),
                "switch": "cs_review_required",
                "model": "sale.order",
                "domain": [("cs_stage_id.stage_type", "=", "review")],
                "action": "sales_cs_desk.sale_order_action_cs_review_queue",
                "kind": "stages",
                "alarm": "info",
            },
            {
                "key": "credit_hold",
                "title": self.env._("Credit holds"),
                "switch": "cs_review_required",
                "model": "sale.order",
                "domain": [("cs_credit_hold", "=", True), ("state", "in", ("draft", "sent"))],
                "action": "sales_cs_desk.sale_order_action_cs_review_queue",
                "kind": "count",
                "alarm": "warning",
            },
            {
                "key": "late_release",
                "title": self.env._("Released, not shipped, past ship-by"),
                "switch": "cs_review_required",
                "model": "sale.order",
                "domain": [
                    ("cs_stage_id.stage_type", "=", "released"),
                    ("cs_ship_by_date", "<", fields.Date.to_string(today)),
                ],
                "action": "sales_cs_desk.sale_order_action_cs_review_queue",
                "kind": "count",
                "alarm": "danger",
            },
            {
                "key": "delivery_risk",
                "title": self.env._("Deliveries at risk"),
                "subtitle": self.env._("cannot arrive in the window, or late to ship"),
                "switch": "cs_delivery_enabled",
                "model": "stock.picking",
                "domain": [
                    *open_pickings,
                    "|",
                    ("cs_plan_issue", "!=", False),
                    ("cs_ship_by", "<", fields.Date.to_string(today)),
                ],
                "action": "sales_cs_desk.stock_picking_action_cs_ship_plan",
                "kind": "count",
                "alarm": "danger",
            },
            {
                "key": "otif_month",
                "title": self.env._("On time in full this month"),
                "switch": "cs_delivery_enabled",
                "model": "cs.delivery.otif.report",
                "domain": [
                    ("promised_date", ">=", fields.Date.to_string(month_start)),
                    ("promised_date", "<=", fields.Date.to_string(today)),
                ],
                "action": "sales_cs_desk.cs_delivery_otif_report_action",
                "kind": "otif",
                "alarm": "danger",
            },
            {
                "key": "containers",
                "title": self.env._("Containers over limit or out 90+ days"),
                "switch": "cs_container_tracking",
                "model": "cs.container.balance",
                "domain": [
                    ("balance", ">", 0),
                    "|",
                    ("age_over_90", ">", 0),
                    ("partner_id.cs_container_over_limit", "=", True),
                ],
                "action": "sales_cs_desk.cs_container_balance_action",
                "kind": "count",
                "alarm": "warning",
            },
            {
                "key": "complaints_open",
                "title": self.env._("Open complaints"),
                "switch": "cs_complaints_enabled",
                "model": "cs.complaint",
                "domain": [("is_closed", "=", False)],
                "action": "sales_cs_desk.cs_complaint_action",
                "kind": "count",
                "alarm": "info",
            },
            {
                "key": "complaints_late",
                "title": self.env._("First responses overdue"),
                "switch": "cs_complaints_enabled",
                "model": "cs.complaint",
                "domain": [
                    ("is_closed", "=", False),
                    ("date_first_response", "=", False),
                    ("response_deadline", "<", now),
                ],
                "action": "sales_cs_desk.cs_complaint_action",
                "kind": "count",
                "alarm": "danger",
            },
            {
                "key": "revisits_today",
                "title": self.env._("Revisits due today"),
                "switch": "cs_revisits_enabled",
                "model": "cs.revisit",
                "domain": [("state", "=", "planned"), ("date_due", "=", fields.Date.to_string(today))],
                "action": "sales_cs_desk.cs_revisit_action",
                "kind": "count",
                "alarm": "warning",
            },
            {
                "key": "revisits_late",
                "title": self.env._("Revisits overdue"),
                "switch": "cs_revisits_enabled",
                "model": "cs.revisit",
                "domain": [("state", "=", "planned"), ("date_due", "<", fields.Date.to_string(today))],
                "action": "sales_cs_desk.cs_revisit_action",
                "kind": "count",
                "alarm": "danger",
            },
            {
                "key": "inquiries_open",
                "title": self.env._("Inquiries unanswered"),
                "switch": "cs_inquiry_enabled",
                "model": "cs.inquiry",
                "domain": [("state", "=", "open"), ("date_first_response", "=", False)],
                "action": "sales_cs_desk.cs_inquiry_action",
                "kind": "count",
                "alarm": "warning",
            },
            {
                "key": "inquiries_late",
                "title": self.env._("Inquiries past target"),
                "switch": "cs_inquiry_enabled",
                "model": "cs.inquiry",
                "domain": [
                    ("state", "=", "open"),
                    ("date_first_response", "=", False),
                    ("response_deadline", "<", now),
                ],
                "action": "sales_cs_desk.cs_inquiry_action",
                "kind": "count",
                "alarm": "danger",
            },
            {
                "key": "vmi_below_min",
                "title": self.env._("VMI items below minimum"),
                "switch": "cs_vmi_enabled",
                "model": "cs.vmi.stock.alert",
                "domain": [("state", "=", "open")],
                "action": "sales_cs_desk.cs_vmi_stock_alert_action",
                "kind": "count",
                "alarm": "danger",
            },
            {
                # customer items have no switch of their own: the review and VMI read them
                "key": "items_verification",
                "title": self.env._("Item parameters to verify"),
                "switch": None,
                "model": "cs.customer.item",
                "domain": [
                    ("active", "=", True),
                    "|",
                    ("next_verification_date", "=", False),
                    ("next_verification_date", "<=", fields.Date.to_string(today)),
                ],
                "action": "sales_cs_desk.cs_customer_item_action",
                "kind": "count",
                "alarm": "warning",
            },
        ]

    @api.model
    def _cs_tiles(self, company, mine):
        specs = [
            spec
            for spec in self._cs_tile_specs(company)
            if (not spec["switch"] or company[spec["switch"]])
            # a model the user may not read has no tile (e.g. VMI alerts for specialists)
            and self.env[spec["model"]].has_access("read")
        ]
        actions = self._cs_action_templates({spec["action"] for spec in specs})
        mine_domain = self.env["res.partner"]._cs_covered_by_domain(self.env.uid) if mine else None
        tiles = []
        for spec in specs:
            domain = [("company_id", "=", company.id), *spec["domain"]]
            if mine:
                domain.append((CUSTOMER_PATHS.get(spec["model"], DEFAULT_CUSTOMER_PATH), "any", mine_domain))
            tile_spec = dict(spec, template=actions[spec["action"]], mine=mine)
            tiles.append(getattr(self, f"_cs_tile_{spec['kind']}")(tile_spec, domain))
        return tiles

    def _cs_tile(self, spec, domain, count, title=None):
        return {
            "key": spec["key"],
            "title": title or spec["title"],
            "subtitle": spec.get("subtitle", ""),
            "count": count,
            "value": str(count),
            "state": spec["alarm"] if count else "success",
            "action": self._cs_tile_action(spec, domain, title),
        }

    def _cs_tile_count(self, spec, domain):
        return self._cs_tile(spec, domain, self.env[spec["model"]].search_count(domain))

    def _cs_tile_stages(self, spec, domain):
        """The queue by review stage, with the blocked orders of each stage: one grouped query."""
        groups = self.env[spec["model"]]._read_group(domain, ["cs_stage_id", "cs_check_state"], ["__count"])
        per_stage = {}
        for stage, check_state, count in groups:
            total, blocked = per_stage.get(stage, (0, 0))
            per_stage[stage] = (total + count, blocked + (count if check_state == "block" else 0))
        tile = self._cs_tile(spec, domain, sum(total for total, _blocked in per_stage.values()))
        lines = []
        for stage in sorted(per_stage, key=lambda s: (s.sequence, s.id)):
            total, blocked = per_stage[stage]
            stage_domain = [*domain, ("cs_stage_id", "=", stage.id)]
            line = self._cs_tile(spec, stage_domain, total, title=stage.name)
            line["state"] = "info"
            line["blocked"] = blocked
            line["blocked_action"] = self._cs_tile_action(
                spec,
                [*stage_domain, ("cs_check_state", "=", "block")],
                self.env._("%(stage)s: blocked", stage=stage.name),
            )
            lines.append(line)
        tile["lines"] = lines
        if any(line["blocked"] for line in lines):
            tile["state"] = "warning"
        return tile

    def _cs_tile_otif(self, spec, domain):
        """On-time-in-full of the lines promised this month so far, by quantity, against the company target.

        In the first days of a month nothing may be promised yet: the tile then shows last month, said so
        in its title, with last month's lines behind it (one more query, only then).
        """
        Report = self.env[spec["model"]]
        [[count, otif, ordered]] = Report._read_group(domain, [], ["__count", "qty_otif:sum", "qty_ordered:sum"])
        title = None
        if not count:
            month_start = fields.Date.context_today(self).replace(day=1)
            last_month = [
                ("promised_date", ">=", fields.Date.to_string(month_start - relativedelta(months=1))),
                ("promised_date", "<", fields.Date.to_string(month_start)),
            ]
            domain = [term for term in domain if not (isinstance(term, tuple) and term[0] == "promised_date")]
            domain += last_month
            [[count, otif, ordered]] = Report._read_group(domain, [], ["__count", "qty_otif:sum", "qty_ordered:sum"])
            title = self.env._("On time in full last month")
        tile = self._cs_tile(spec, domain, count, title=title)
        target = self.env.company.cs_delivery_otif_target
        rate = round(100.0 * (otif or 0.0) / ordered, 1) if ordered else None
        target_text = f"{target:g}"
        tile.update(
            rate=rate,
            target=target,
            value="—" if rate is None else f"{rate:.1f} %",
            subtitle=self.env._("target %(target)s %%, %(lines)s lines", target=target_text, lines=count),
            state="info" if rate is None else ("success" if rate >= target else "danger"),
        )
        return tile

    # ------------------------------------------------------------------
    # The lists behind the numbers
    # ------------------------------------------------------------------
    @api.model
    def _cs_action_templates(self, xml_ids):
        """Views, search view and context of the features' own window actions, read together (the
        overview opens their lists with its own domain)."""
        # as Odoo's own _for_xml_id: window actions are read by the web client in superuser mode (their
        # definitions, not records); the records behind them stay under the user's rights
        actions = {xml_id: self.env.ref(xml_id).sudo() for xml_id in xml_ids}
        self.env["ir.actions.act_window"].sudo().browse([a.id for a in actions.values()]).fetch(
            ["view_ids", "view_mode", "view_id", "search_view_id", "context"]
        )
        templates = {}
        for xml_id, action in actions.items():
            # list first: the number opens the list of what it counts
            views = sorted((list(view) for view in action.views), key=lambda view: view[1] != "list")
            if not any(view_type == "list" for _view_id, view_type in views):
                views = [[False, "list"], *views]
            # none of the action's default filters or groupings: they would hide records the number counts
            context = {
                key: value
                for key, value in self._cs_action_context(action.context).items()
                if not key.startswith(("search_default_", "group_by"))
            }
            templates[xml_id] = {
                "views": views,
                "search_view_id": action.search_view_id.id or False,
                "context": context,
            }
        return templates

    def _cs_tile_action(self, spec, domain, title):
        """The window action of the list behind a number: the feature's own views, the tile's domain."""
        name = title or spec["title"]
        if spec["mine"]:
            name = self.env._("%(tile)s (mine)", tile=name)
        template = spec["template"]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": spec["model"],
            "views": template["views"],
            "view_mode": ",".join(view_type for _view_id, view_type in template["views"]),
            "search_view_id": template["search_view_id"] and [template["search_view_id"], False],
            "domain": domain,
            "context": dict(template["context"]),
            "target": "current",
        }

    def _cs_action_context(self, context):
        if isinstance(context, str):
            # the desk's own actions: plain dicts, at most the user's id
            context = safe_eval(context or "{}", {"uid": self.env.uid})
        return context if isinstance(context, dict) else {}
