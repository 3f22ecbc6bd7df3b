from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .cs_revisit import REVISIT_METHODS

TARGETS = [
    ("all", "All customers"),
    ("key", "Key customers"),
    ("frequent", "Frequent buyers"),
    ("complaint", "Customers with a recently closed complaint"),
    ("potential", "Potential customers"),
    ("new", "New customers"),
]
TRIGGERS = [
    ("periodic", "Periodic"),
    ("order_closed", "After order close-out"),
    ("complaint_closed", "After a complaint is closed"),
    ("new_customer", "New customer, after assignment"),
    ("yearly_visit", "Yearly on-site visit"),
]
# triggers the daily job works; the others are events that plan at once
SCHEDULED_TRIGGERS = ("periodic", "new_customer", "yearly_visit")


class CsRevisitRule(models.Model):
    """A revisit plan made by the CS supervisor (C6).

    Which customers (a preset target refined by a partner domain), how
    (phone, e-mail, on-site visit), and when (every N days, after an order
    close-out or a complaint, within a week of a new customer's assignment,
    once a year on site). The assignee is always the customer's CS specialist,
    or the backup while covering.
    """

    _name = "cs.revisit.rule"
    _description = "Revisit Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    description = fields.Text(translate=True, help="Why and how these customers are revisited.")

    # ------------------------------------------------------------------
    # Targets
    # ------------------------------------------------------------------
    target = fields.Selection(TARGETS, required=True, default="all", string="Target customers")
    partner_domain = fields.Char(
        string="Customer filter",
        default="[]",
        help="Further narrows the target customers (any condition on the customer).",
    )
    min_orders = fields.Integer(
        string="Minimum orders",
        default=5,
        help="Frequent buyers: at least this many confirmed orders in the look-back period.",
    )
    lookback_days = fields.Integer(
        string="Look-back (days)",
        default=90,
        help="Frequent buyers: period counted for the orders. Recent complaints: "
        "complaints closed within it. New customers: assigned to a specialist within it.",
    )

    # ------------------------------------------------------------------
    # How and when
    # ------------------------------------------------------------------
    method = fields.Selection(REVISIT_METHODS, required=True, default="phone")
    trigger = fields.Selection(TRIGGERS, required=True, default="periodic")
    interval_days = fields.Integer(
        string="Every (days)",
        default=90,
        help="Periodic rules: days between two revisits of a customer. Yearly visits use 365.",
    )
    delay_days = fields.Integer(
        string="Due after (days)",
        default=3,
        help="Event rules: days between the event (close-out, closed complaint, "
        "assignment of a new customer) and the revisit's due date.",
    )
    revisit_count = fields.Integer(compute="_compute_revisit_count", string="Revisits")

    _sql_constraints = [
        ("interval_positive", "CHECK(interval_days > 0)", "The interval between revisits must be at least one day."),
        ("delay_positive", "CHECK(delay_days >= 0)", "The due delay cannot be negative."),
        ("lookback_positive", "CHECK(lookback_days > 0)", "The look-back period must be at least one day."),
        ("min_orders_positive", "CHECK(min_orders > 0)", "Frequent buyers need at least one order."),
    ]

    def _compute_revisit_count(self):
        counts = dict(self.env["cs.revisit"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"]))
        for rule in self:
            rule.revisit_count = counts.get(rule, 0)

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for rule in self:
            try:
                domain = rule._cs_eval_partner_domain()
                self.env["res.partner"].sudo()._search(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "%(rule)s: the customer filter is not a valid condition on customers (%(error)s). "
                        "Build it with the filter editor.",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_revisit_action")
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action

    # ------------------------------------------------------------------
    # Targets as partner domains
    # ------------------------------------------------------------------
    def _cs_eval_partner_domain(self):
        self.ensure_one()
        context = {
            "uid": self.env.uid,
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": safe_datetime,
            "relativedelta": relativedelta,
        }
        return safe_eval(self.partner_domain or "[]", context)

    def _cs_target_domain(self, today):
        """Customers this rule targets, as a domain on ``res.partner``.

        Commercial customers of the rule's company that have a CS specialist
        (someone must own the revisit). Presets that count orders or
        complaints become sub-queries, so nothing is loaded in Python.
        """
        self.ensure_one()
        since = today - relativedelta(days=self.lookback_days)
        base = [
            ("parent_id", "=", False),
            ("cs_user_id", "!=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        return expression.AND([base, self._cs_preset_domain(today, since), self._cs_eval_partner_domain()])

    def _cs_preset_domain(self, today, since):
        self.ensure_one()
        if self.target == "key":
            return [("cs_tier", "=", "key")]
        if self.target == "potential":
            return [("cs_tier", "=", "potential")]
        if self.target == "new":
            return [("cs_assigned_date", ">=", since)]
        if self.target == "complaint":
            complaints = (
                self.env["cs.complaint"]
                .sudo()
                ._search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("is_closed", "=", True),
                        ("date_closed", ">=", fields.Datetime.to_datetime(since)),
                    ]
                )
            )
            return [("id", "in", complaints.subselect("cs_customer_id"))]
        if self.target == "frequent":
            return [("id", "in", self._cs_frequent_buyers_query(since))]
        return []

    def _cs_frequent_buyers_query(self, since):
        """Commercial customers with at least ``min_orders`` confirmed orders since ``since``."""
        return SQL(
            """
            (SELECT p.commercial_partner_id
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale'
               AND so.company_id = %(company)s
               AND so.date_order >= %(since)s
             GROUP BY p.commercial_partner_id
            HAVING COUNT(*) >= %(min_orders)s)
            """,
            company=self.company_id.id,
            since=fields.Datetime.to_datetime(since),
            min_orders=self.min_orders,
        )

    # ------------------------------------------------------------------
    # Daily generation (C6)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_generate_revisits(self, batch_size=1000):
        """Daily job: plan the revisits that are due and mark forgotten ones missed.

        Each call works one batch per rule; while a rule has more customers to
        plan, it tells the cron framework, which commits and calls again.
        Idempotent: a customer gets a new revisit of a rule only when none is
        open and the last one is old enough, so running twice plans nothing.
        """
        today = fields.Date.context_today(self)
        remaining = 0
        done = 0
        for rule in self.sudo().search(
            [("trigger", "in", SCHEDULED_TRIGGERS), ("company_id.cs_revisits_enabled", "=", True)]
        ):
            created = rule._cs_generate(today, batch_size)
            done += len(created)
            remaining += len(created) == batch_size
        missed = self.env["cs.revisit"].sudo()._cs_mark_missed(today, batch_size)
        done += len(missed)
        remaining += len(missed) == batch_size
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _cs_generate(self, today, limit=1000):
        """Plan one batch of due revisits of this rule; returns them.

        A constant number of queries whatever the number of customers: one
        SQL statement finds the targets without an open or recent revisit,
        then the revisits, their activities and events are created in batch.
        """
        self.ensure_one()
        rows = self._cs_due_targets(today, limit)
        if not rows:
            return self.env["cs.revisit"]
        absent = set(self.env["res.users"]._cs_absent_today().ids)
        vals_list = []
        for partner_id, user_id, backup_id, assigned in rows:
            due = today
            if self.trigger == "new_customer" and assigned:
                due = max(assigned + relativedelta(days=self.delay_days), today)
            vals_list.append(
                self._cs_revisit_vals(
                    partner_id,
                    self.env["res.partner"]._cs_answering_user_id(user_id, backup_id, absent),
                    due,
                    self._cs_reason(),
                )
            )
        return self.env["cs.revisit"]._cs_create_planned(vals_list)

    def _cs_due_targets(self, today, limit):
        """(partner id, specialist, backup, assigned on) of customers due a revisit."""
        self.ensure_one()
        # raw SQL below reads revisits, partners, orders and complaints
        self.env.flush_all()
        targets = self.env["res.partner"].sudo()._search(self._cs_target_domain(today))
        if self.trigger == "new_customer":
            # once per assignment, while the assignment is recent
            recent = SQL(
                """
                p.cs_assigned_date >= %(window)s
                AND NOT EXISTS (
                    SELECT 1 FROM cs_revisit r
                     WHERE r.rule_id = %(rule)s AND r.cs_customer_id = p.id
                       AND (r.state = 'planned' OR r.date_due >= p.cs_assigned_date))
                """,
                rule=self.id,
                window=today - relativedelta(days=max(self.delay_days, 7)),
            )
        else:
            interval = 365 if self.trigger == "yearly_visit" else self.interval_days
            recent = SQL(
                """
                NOT EXISTS (
                    SELECT 1 FROM cs_revisit r
                     WHERE r.rule_id = %(rule)s AND r.cs_customer_id = p.id
                       AND (r.state = 'planned' OR COALESCE(r.date_done, r.date_due) > %(since)s))
                """,
                rule=self.id,
                since=today - relativedelta(days=interval),
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.cs_user_id, p.cs_backup_user_id, p.cs_assigned_date
                  FROM res_partner p
                 WHERE p.id IN (%(targets)s) AND %(recent)s
                 ORDER BY p.id
                 LIMIT %(limit)s
                """,
                targets=targets.subselect(),
                recent=recent,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    def _cs_reason(self, origin=None):
        self.ensure_one()
        if origin:
            return self.env._("%(rule)s: %(origin)s", rule=self.name, origin=origin)
        return self.name

    def _cs_revisit_vals(self, customer_id, user_id, due, reason, origin=None, **extra):
        """Values of a planned revisit; ``extra`` may name a contact as ``partner_id``."""
        self.ensure_one()
        return {
            "reason_from_rule": True,
            "reason_origin": origin or False,
            "partner_id": customer_id,
            "rule_id": self.id,
            "method": self.method,
            "user_id": user_id,
            "date_due": due,
            "reason": reason,
            "company_id": self.company_id.id,
            **extra,
        }

    # ------------------------------------------------------------------
    # Event triggers: order close-out, complaint closed
    # ------------------------------------------------------------------
    @api.model
    def _cs_plan_for_events(self, trigger, events):
        """Plan the revisits of the ``trigger`` rules for business events at once.

        ``events``: list of ``(customer, company, origin label, extra vals)``.
        For each rule, the customers it targets and that have no open
        revisit of the rule get one, due ``delay_days`` after today.
        """
        if not events:
            return self.env["cs.revisit"]
        today = fields.Date.context_today(self)
        rules = self.sudo().search(
            [
                ("trigger", "=", trigger),
                ("company_id", "in", list({e[1].id for e in events})),
                ("company_id.cs_revisits_enabled", "=", True),
            ]
        )
        absent = set(self.env["res.users"]._cs_absent_today().ids)
        Revisit = self.env["cs.revisit"].sudo()
        vals_list = []
        for rule in rules:
            customers = self.env["res.partner"].union(*(e[0] for e in events if e[1] == rule.company_id))
            if not customers:
                continue
            targeted = (
                self.env["res.partner"]
                .sudo()
                .search(expression.AND([[("id", "in", customers.ids)], rule._cs_target_domain(today)]))
            )
            busy = Revisit.search(
                [("rule_id", "=", rule.id), ("state", "=", "planned"), ("cs_customer_id", "in", targeted.ids)]
            ).cs_customer_id
            planned = set(busy.ids)
            for customer, company, origin, extra in events:
                if company != rule.company_id or customer not in targeted or customer.id in planned:
                    continue
                planned.add(customer.id)
                vals_list.append(
                    rule._cs_revisit_vals(
                        customer.id,
                        # whoever closed the order or complaint, the revisit goes to the customer's cover
                        self.env["res.partner"]._cs_answering_user_id(
                            customer.sudo().cs_user_id.id, customer.sudo().cs_backup_user_id.id, absent
                        ),
                        today + relativedelta(days=rule.delay_days),
                        rule._cs_reason(origin),
                        origin=origin,
                        **extra,
                    )
                )
        return Revisit._cs_create_planned(vals_list)
