from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields

CS_TIERS = [
    ("key", "Key"),
    ("general", "General"),
    ("potential", "Potential"),
]
CS_GRADES = [("A", "A"), ("B", "B"), ("C", "C")]
CS_COVER_STATES = [
    ("ok", "Covered"),
    ("backup_covering", "Backup covering"),
    ("no_backup", "No backup"),
    ("uncovered", "Specialist and backup absent"),
    ("no_specialist", "No specialist"),
]
# Who may read what (docs/SECURITY.md): who handles the customer, its
# receiving profile and its tier are operational (salesmen; the warehouse and
# invoicing need the CS contact and the delivery profile, which orders'
# feasible dates read); grades, grading figures and CS counters are CS data.
CS_GROUPS_HANDLING = "sales_team.group_sale_salesman,stock.group_stock_user,account.group_account_invoice"
CS_GROUPS_OPERATIONAL = "sales_team.group_sale_salesman"
CS_GROUPS_DATA = "sales_cs_desk.group_cs_specialist"
CS_SUPERVISOR = "sales_cs_desk.group_cs_supervisor"
# set by CS supervisors only; everybody else gets them from the supervisor
CS_SUPERVISOR_FIELDS = ("cs_user_id", "cs_backup_user_id", "cs_tier", "cs_grade_manual")
# written by the desk's own methods only (grading job, assignment)
CS_COMPUTED_FIELDS = ("cs_grade", "cs_grade_auto", "cs_grade_sales", "cs_grade_date", "cs_assigned_date")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Ownership and cover (C3)
    # ------------------------------------------------------------------
    cs_user_id = fields.Many2one(
        "res.users",
        string="CS specialist",
        domain=[("share", "=", False)],
        tracking=True,
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=CS_GROUPS_HANDLING,
        help="The customer-service specialist who owns this customer. Set by a CS supervisor.",
    )
    cs_backup_user_id = fields.Many2one(
        "res.users",
        string="CS backup",
        domain=[("share", "=", False)],
        tracking=True,
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=CS_GROUPS_HANDLING,
        help="Covers the customer while the specialist is absent. Set by a CS supervisor.",
    )
    cs_is_mine = fields.Boolean(
        string="My customer",
        compute="_compute_cs_is_mine",
        search="_search_cs_is_mine",
        groups=CS_GROUPS_HANDLING,
        help="You are the CS specialist, or the backup while the specialist is absent.",
    )
    cs_cover_state = fields.Selection(
        CS_COVER_STATES,
        string="Cover",
        compute="_compute_cs_cover_state",
        search="_search_cs_cover_state",
        groups=CS_GROUPS_HANDLING,
    )
    cs_covering_user_id = fields.Many2one(
        "res.users",
        string="CS contact today",
        compute="_compute_cs_cover_state",
        groups=CS_GROUPS_HANDLING,
        help="Who answers for this customer today: the specialist, or the backup while the specialist is absent.",
    )

    # ------------------------------------------------------------------
    # Classification (C2)
    # ------------------------------------------------------------------
    cs_tier = fields.Selection(
        CS_TIERS,
        string="CS tier",
        tracking=True,
        readonly=True,
        copy=False,
        groups=CS_GROUPS_OPERATIONAL,
        help="Key customers get closer management; potential customers are prospects to develop. "
        "Set by a CS supervisor.",
    )
    cs_grade = fields.Selection(
        CS_GRADES,
        string="Grade",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=CS_GROUPS_DATA,
        help="A, B or C by trailing confirmed sales (Pareto), unless overridden.",
    )
    cs_grade_auto = fields.Selection(
        CS_GRADES,
        string="Computed grade",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=CS_GROUPS_DATA,
        help="The grade the daily job computed from trailing sales.",
    )
    cs_grade_manual = fields.Selection(
        CS_GRADES,
        string="Grade override",
        company_dependent=True,
        tracking=True,
        readonly=True,
        copy=False,
        groups=CS_GROUPS_DATA,
        help="Set by a CS supervisor to fix the grade by hand; the daily job then keeps it. "
        "Clear it to go back to the computed grade.",
    )
    cs_grade_is_manual = fields.Boolean(
        string="Grade overridden", compute="_compute_cs_grade_is_manual", groups=CS_GROUPS_DATA
    )
    cs_grade_sales = fields.Float(
        string="Trailing sales",
        company_dependent=True,
        readonly=True,
        copy=False,
        groups=CS_GROUPS_DATA,
        help="Confirmed untaxed sales of the grading period, in company currency, as of the last grading.",
    )
    cs_grade_date = fields.Date(
        string="Graded on", company_dependent=True, readonly=True, copy=False, groups=CS_GROUPS_DATA
    )
    cs_company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_cs_company_currency_id", groups=CS_GROUPS_DATA
    )
    cs_note_count = fields.Integer(string="CS log entries", compute="_compute_cs_note_count", groups=CS_GROUPS_DATA)

    # ------------------------------------------------------------------
    # Logistics profile (L1)
    # ------------------------------------------------------------------
    cs_transit_days = fields.Integer(
        string="Transit days",
        groups=CS_GROUPS_HANDLING,
        help="Days goods travel from our warehouse to this customer.",
    )
    cs_receiving_weekday_ids = fields.Many2many(
        "cs.weekday",
        string="Receiving days",
        groups=CS_GROUPS_HANDLING,
        help="Weekdays on which the customer accepts deliveries.",
    )
    cs_receiving_hour_from = fields.Float(string="Receiving from", groups=CS_GROUPS_HANDLING)
    cs_receiving_hour_to = fields.Float(string="Receiving until", groups=CS_GROUPS_HANDLING)

    _sql_constraints = [
        (
            "cs_transit_days_positive",
            "CHECK(cs_transit_days >= 0)",
            "Transit days cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends("cs_user_id", "cs_backup_user_id")
    def _compute_cs_is_mine(self):
        absent = self.env["res.users"]._cs_absent_today()
        me = self.env.user
        for partner in self:
            partner.cs_is_mine = partner.cs_user_id == me or (
                partner.cs_backup_user_id == me and partner.cs_user_id in absent and me not in absent
            )

    def _search_cs_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'My customer'."))
        domain = self._cs_covered_by_domain(self.env.uid)
        if (operator == "=") != value:
            return ["!", *domain]
        return domain

    @api.model
    def _cs_covered_by_domain(self, user_id):
        """Partners whose CS records ``user_id`` works on today (C3, C4)."""
        absent_ids = self.env["res.users"]._cs_absent_today().ids
        if user_id in absent_ids:
            # an absent backup covers nobody
            return [("cs_user_id", "=", user_id)]
        return [
            "|",
            ("cs_user_id", "=", user_id),
            "&",
            ("cs_backup_user_id", "=", user_id),
            ("cs_user_id", "in", absent_ids),
        ]

    @api.model
    def _cs_answering_user_id(self, specialist_id, backup_id, absent_ids):
        """Who answers for a customer today (C3): its specialist, or its backup while the specialist is
        away and the backup is not. The one rule behind the customer's cover, the routing of new CS
        activities and the assignee of planned revisits; override it to change who answers.

        Ids in, id out, so that batch code (revisit planning over thousands of customers) can use it.
        """
        if specialist_id in absent_ids and backup_id and backup_id not in absent_ids:
            return backup_id
        return specialist_id

    @api.depends("cs_user_id", "cs_backup_user_id")
    def _compute_cs_cover_state(self):
        absent = self.env["res.users"]._cs_absent_today()
        for partner in self:
            specialist, backup = partner.cs_user_id, partner.cs_backup_user_id
            covering = self.env["res.users"].browse(self._cs_answering_user_id(specialist.id, backup.id, absent.ids))
            if not specialist:
                state = "no_specialist"
            elif specialist in absent:
                if covering != specialist:
                    state = "backup_covering"
                else:
                    # nobody answers today: the specialist keeps the work, the cover shows the gap
                    state, covering = "uncovered", self.env["res.users"]
            elif not backup:
                state = "no_backup"
            else:
                state = "ok"
            partner.cs_cover_state = state
            partner.cs_covering_user_id = covering

    def _search_cs_cover_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on 'Cover'."))
        values = {value} if isinstance(value, str) else set(value or ())
        absent_ids = self.env["res.users"]._cs_absent_today().ids
        specialist_present = [("cs_user_id", "!=", False), ("cs_user_id", "not in", absent_ids)]
        specialist_absent = [("cs_user_id", "in", absent_ids)]
        by_state = {
            "no_specialist": [("cs_user_id", "=", False)],
            "no_backup": [*specialist_present, ("cs_backup_user_id", "=", False)],
            "ok": [*specialist_present, ("cs_backup_user_id", "!=", False)],
            "backup_covering": [
                *specialist_absent,
                ("cs_backup_user_id", "!=", False),
                ("cs_backup_user_id", "not in", absent_ids),
            ],
            "uncovered": expression.AND(
                [
                    specialist_absent,
                    expression.OR(
                        [
                            [("cs_backup_user_id", "=", False)],
                            [("cs_backup_user_id", "in", absent_ids)],
                        ]
                    ),
                ]
            ),
        }
        domain = expression.OR([expression.normalize_domain(by_state[v]) for v in values if v in by_state])
        if operator in ("!=", "not in"):
            return ["!", *domain]
        return domain

    @api.depends_context("company")
    def _compute_cs_company_currency_id(self):
        self.cs_company_currency_id = self.env.company.currency_id

    def _compute_cs_note_count(self):
        if not self.env["cs.customer.note"].has_access("read"):
            # a counter never breaks a reader outside the desk
            self.cs_note_count = 0
            return
        counts = dict(
            self.env["cs.customer.note"]._read_group(
                [("cs_customer_id", "in", self.ids)], ["cs_customer_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cs_note_count = counts.get(partner, 0)

    @api.depends("cs_grade_manual")
    def _compute_cs_grade_is_manual(self):
        for partner in self:
            partner.cs_grade_is_manual = bool(partner.cs_grade_manual)

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "cs_user_id",
            "cs_backup_user_id",
            "cs_tier",
            "cs_transit_days",
            "cs_receiving_weekday_ids",
            "cs_receiving_hour_from",
            "cs_receiving_hour_to",
        ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("cs_user_id", "cs_backup_user_id")
    def _check_cs_backup(self):
        for partner in self:
            if partner.cs_user_id and partner.cs_user_id == partner.cs_backup_user_id:
                raise ValidationError(
                    self.env._(
                        "%(customer)s: the CS backup must be another person than "
                        "the CS specialist (%(user)s). Choose a trained colleague "
                        "as backup.",
                        customer=partner.display_name,
                        user=partner.cs_user_id.name,
                    )
                )

    @api.constrains("cs_receiving_hour_from", "cs_receiving_hour_to")
    def _check_cs_receiving_hours(self):
        for partner in self:
            start, end = partner.cs_receiving_hour_from, partner.cs_receiving_hour_to
            if not (0 <= start <= 24 and 0 <= end <= 24) or (end and end < start):
                raise ValidationError(
                    self.env._(
                        "%(customer)s: receiving hours must lie between 00:00 and "
                        "24:00, and 'until' must not be before 'from'.",
                        customer=partner.display_name,
                    )
                )

    def _update_fields_values(self, fields):
        # Contacts take their company's CS fields (commercial fields) whoever
        # creates or moves them: the values are copied, never shown, and the
        # copy is written in superuser mode by Odoo's commercial sync.
        cs_fields = [name for name in fields if name in self._cs_commercial_fields()]
        if not cs_fields or self.env.su:
            return super()._update_fields_values(fields)
        values = super()._update_fields_values([name for name in fields if name not in cs_fields])
        values.update(super(ResPartner, self.sudo())._update_fields_values(cs_fields))
        return values

    @api.model
    def _cs_commercial_fields(self):
        return (
            "cs_user_id",
            "cs_backup_user_id",
            "cs_tier",
            "cs_transit_days",
            "cs_receiving_weekday_ids",
            "cs_receiving_hour_from",
            "cs_receiving_hour_to",
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _cs_guard(self, vals_list, operation):
        """Ownership, tier and override: CS supervisors; grading figures: the desk's methods.

        Context defaults (``default_cs_user_id`` …) count as values (``cs_guard_fields``).
        """
        cs_guard_fields(self, vals_list, CS_COMPUTED_FIELDS, operation=operation)
        cs_guard_fields(self, vals_list, CS_SUPERVISOR_FIELDS, groups=(CS_SUPERVISOR,), operation=operation)

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_guard(vals_list, "create")
        return super().create(vals_list)

    def write(self, vals):
        self._cs_guard([vals], "write")
        if vals.get("cs_grade_manual"):
            # the override is the grade (checked above: a supervisor sets it)
            vals = {**vals, "cs_grade": vals["cs_grade_manual"]}
        res = super().write(vals)
        if "cs_grade_manual" in vals and not vals["cs_grade_manual"]:
            self._cs_restore_computed_grade()
        return res

    def _cs_restore_computed_grade(self):
        """Without an override, the grade is the one the daily job computed."""
        for grade, partners in self.sudo().grouped("cs_grade_auto").items():
            partners.write({"cs_grade": grade or False})

    # ------------------------------------------------------------------
    # Grading (C2)
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_compute_grades(self, auto_commit=None):
        """Daily job: grade the customers of every company (batched per company).

        One SQL statement per company (memory does not grow with the number
        of customers); progress reported after each company and, run by the
        cron, each company's grades committed before the next (bounded
        transaction; ``ir.cron._cs_may_commit``). Idempotent: grading twice
        the same day writes the same grades. Two runs at once: the job's row
        lock (held by the cron worker, or by this transaction when run any
        other way) keeps a second run away.
        """
        # committed per company only under Odoo's cron worker, which holds the job's lock (see ir.cron)
        auto_commit = auto_commit is not False and self.env["ir.cron"]._cs_may_commit(
            "sales_cs_desk.ir_cron_cs_compute_grades"
        )
        companies = self.env["res.company"].search([])
        for done, company in enumerate(companies, start=1):
            self._cs_compute_grades(company)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(companies) - done)
            if auto_commit:
                # under the cron worker only: one company's grades per transaction
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _cs_compute_grades(self, company, today=None):
        """Grade all customers of ``company`` by trailing confirmed sales.

        Pareto: sorted by sales, the customers making up the first
        ``cs_grade_a_share`` % of sales are A, the next ``cs_grade_b_share`` %
        B, the rest (and customers without sales) C. Customers with equal
        sales get the same grade. One SQL statement for all customers of the
        company, whatever their number; overrides are kept.
        """
        today = today or fields.Date.context_today(self)
        since = today - relativedelta(months=company.cs_grade_months)
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "date_order", "company_id", "amount_untaxed", "currency_rate"]
        )
        self.flush_model(["commercial_partner_id", "company_id", "customer_rank", "active"])
        self.env.cr.execute(self._cs_grade_update_query(company, since, today))
        self.invalidate_model(["cs_grade", "cs_grade_auto", "cs_grade_sales", "cs_grade_date"])
        return self.env.cr.rowcount

    @api.model
    def _cs_grade_sales_query(self, company, since):
        """Trailing confirmed sales per commercial customer, company currency."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.company_id = %(company)s
               AND so.state = 'sale'
               AND so.date_order >= %(since)s
             GROUP BY p.commercial_partner_id
            """,
            company=company.id,
            since=since,
        )

    @api.model
    def _cs_grade_ranking_query(self, company, since):
        """Each customer of the company with its sales and Pareto grade."""
        a_share = company.cs_grade_a_share / 100.0
        b_share = company.cs_grade_b_share / 100.0
        return SQL(
            """
            WITH sales AS (%(sales)s),
            -- customers that ever ordered from the company, whatever the period: without sales in it they are C
            ordered AS (
                SELECT DISTINCT p.commercial_partner_id AS partner_id
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s
                   AND so.state = 'sale'
            ),
            customers AS (
                SELECT rp.id, COALESCE(s.amount, 0) AS amount
                  FROM res_partner rp
                  LEFT JOIN sales s ON s.partner_id = rp.id
                  LEFT JOIN ordered o ON o.partner_id = rp.id
                 WHERE rp.id = rp.commercial_partner_id
                   AND rp.active
                   AND (rp.company_id IS NULL OR rp.company_id = %(company)s)
                   -- a customer: Odoo ranks it so, the desk handles it, or it ordered once
                   AND (rp.customer_rank > 0 OR rp.cs_user_id IS NOT NULL OR o.partner_id IS NOT NULL)
            ),
            ranked AS (
                SELECT id, amount,
                       -- sales of all customers strictly above this one; peers
                       -- (equal sales) share the same value, hence the same grade
                       SUM(amount) OVER (ORDER BY amount DESC)
                         - amount * COUNT(*) OVER (PARTITION BY amount) AS before,
                       SUM(amount) OVER () AS total
                  FROM customers
            )
            SELECT id, amount,
                   CASE WHEN amount <= 0 THEN 'C'
                        WHEN before < %(a_share)s * total THEN 'A'
                        WHEN before < %(ab_share)s * total THEN 'B'
                        ELSE 'C' END AS grade
              FROM ranked
            """,
            sales=self._cs_grade_sales_query(company, since),
            company=company.id,
            a_share=a_share,
            ab_share=a_share + b_share,
        )

    @api.model
    def _cs_grade_update_query(self, company, since, today):
        key = str(company.id)
        return SQL(
            """
            WITH graded AS (%(ranking)s)
            UPDATE res_partner rp
               SET cs_grade_auto = COALESCE(rp.cs_grade_auto, '{}'::jsonb)
                                   || jsonb_build_object(%(key)s, g.grade),
                   cs_grade = COALESCE(rp.cs_grade, '{}'::jsonb)
                              || jsonb_build_object(
                                   %(key)s,
                                   COALESCE(rp.cs_grade_manual ->> %(key)s, g.grade)),
                   cs_grade_sales = COALESCE(rp.cs_grade_sales, '{}'::jsonb)
                                    || jsonb_build_object(%(key)s, ROUND(g.amount::numeric, 2)),
                   cs_grade_date = COALESCE(rp.cs_grade_date, '{}'::jsonb)
                                   || jsonb_build_object(%(key)s, %(today)s::text)
              FROM graded g
             WHERE rp.id = g.id
            """,
            ranking=self._cs_grade_ranking_query(company, since),
            key=key,
            today=fields.Date.to_string(today),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_open_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_customer_note_action")
        action["domain"] = [("cs_customer_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
