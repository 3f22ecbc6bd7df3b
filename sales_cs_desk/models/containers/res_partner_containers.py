from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..common.cs_guard import cs_guard_fields


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Returnable containers (L6)
    # ------------------------------------------------------------------
    cs_container_limit_qty = fields.Integer(
        string="Container limit (quantity)",
        groups="sales_cs_desk.group_cs_specialist",
        help="The daily job warns the CS specialist when the customer holds more containers than this. 0: no limit.",
    )
    cs_container_limit_days = fields.Integer(
        string="Container limit (days)",
        groups="sales_cs_desk.group_cs_specialist",
        help="The daily job warns the CS specialist when a container has been out at the customer longer "
        "than this. 0: no limit.",
    )
    # computed in superuser mode from the ledger: each reader gets only the
    # customers it works on (_cs_container_visible_ids), 0 / empty otherwise
    cs_container_balance = fields.Integer(
        string="Containers held",
        compute="_compute_cs_container_balance",
        groups="sales_cs_desk.group_cs_specialist",
        help="Returnable containers of this company now at the customer, all types together.",
    )
    cs_container_over_limit = fields.Boolean(
        string="Over container limit",
        compute="_compute_cs_container_balance",
        search="_search_cs_container_over_limit",
        groups="sales_cs_desk.group_cs_specialist",
    )
    cs_container_lock_date = fields.Date(
        string="Containers confirmed until",
        compute="_compute_cs_container_lock_date",
        groups="sales_cs_desk.group_cs_specialist",
        help="The customer confirmed its container statement up to this date; earlier movements are locked.",
    )
    # the daily job's memory of the situation: set when it raises the
    # "over the limit" activity, cleared once the customer is back within
    # its limits, so that an activity marked done is not raised again the
    # next day for the same situation
    cs_container_limit_alerted = fields.Boolean(
        string="Container limit activity raised",
        readonly=True,
        copy=False,
        groups="sales_cs_desk.group_cs_specialist",
    )

    _sql_constraints = [
        (
            "cs_container_limits_positive",
            "CHECK(cs_container_limit_qty >= 0 AND cs_container_limit_days >= 0)",
            "Container limits cannot be negative; use 0 for no limit.",
        ),
    ]

    # limits are a commercial decision: a specialist (a contact manager) must not lift a customer's own limit
    _cs_container_limit_fields = ("cs_container_limit_qty", "cs_container_limit_days")

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_container_limit_alerted",), operation="create")
        cs_guard_fields(
            self,
            vals_list,
            self._cs_container_limit_fields,
            groups=("sales_cs_desk.group_cs_supervisor",),
            operation="create",
        )
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_container_limit_alerted",))
        cs_guard_fields(self, vals, self._cs_container_limit_fields, groups=("sales_cs_desk.group_cs_supervisor",))
        return super().write(vals)

    def _cs_container_visible_ids(self, partner_ids=None):
        """Commercial customers (ids) whose container figures the current user may see.

        ``None`` means all: superuser mode and CS supervisors. A specialist
        sees its own customers and those it covers today; anyone else none.
        """
        user = self.env.user
        if self.env.su or user.has_group("sales_cs_desk.group_cs_supervisor"):
            return None
        if not user.has_group("sales_cs_desk.group_cs_specialist"):
            return set()
        domain = self._cs_covered_by_domain(self.env.uid)
        if partner_ids is not None:
            domain = [("id", "in", list(partner_ids)), *domain]
        return set(self.sudo().with_context(active_test=False)._search(domain))

    @api.depends_context("company", "uid")
    def _compute_cs_container_balance(self):
        commercial_ids = set(self.commercial_partner_id.ids)
        visible = self._cs_container_visible_ids(commercial_ids)
        if visible is not None:
            commercial_ids &= visible
        balances, over = {}, set()
        if commercial_ids:
            rows = (
                self.env["cs.container.balance"]
                .sudo()
                ._read_group(
                    [("partner_id", "in", list(commercial_ids)), ("company_id", "=", self.env.company.id)],
                    ["partner_id"],
                    ["balance:sum"],
                )
            )
            balances = {partner.id: balance for partner, balance in rows}
            over = set(self._cs_container_over_limit_ids(self.env.company, list(commercial_ids)))
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.cs_container_balance = balances.get(commercial, 0)
            partner.cs_container_over_limit = commercial in over

    def _search_cs_container_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Over container limit'."))
        ids = self._cs_container_over_limit_ids(self.env.company)
        visible = self._cs_container_visible_ids(ids)
        if visible is not None:
            ids = [pid for pid in ids if pid in visible]
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.depends_context("company", "uid")
    def _compute_cs_container_lock_date(self):
        visible = self._cs_container_visible_ids(set(self.commercial_partner_id.ids))
        lock_dates = self._cs_container_lock_dates(self.env.company) if visible is None or visible else {}
        for partner in self:
            commercial = partner.commercial_partner_id.id
            shown = visible is None or commercial in visible
            partner.cs_container_lock_date = lock_dates.get(commercial) if shown else False

    # ------------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------------
    @api.model
    def _cs_container_over_limit_query(self, company, partner_ids=None):
        """Customers over their quantity or days limit in ``company``, with the reason."""
        return SQL(
            """
            SELECT b.partner_id,
                   SUM(b.balance) AS balance,
                   MAX(b.oldest_days) AS oldest_days,
                   p.cs_container_limit_qty AS limit_qty,
                   p.cs_container_limit_days AS limit_days
              FROM %(balance)s b
              JOIN res_partner p ON p.id = b.partner_id
             WHERE b.company_id = %(company)s
               AND (p.cs_container_limit_qty > 0 OR p.cs_container_limit_days > 0)
               %(partners)s
             GROUP BY b.partner_id, p.cs_container_limit_qty, p.cs_container_limit_days
            HAVING (p.cs_container_limit_qty > 0 AND SUM(b.balance) > p.cs_container_limit_qty)
                OR (p.cs_container_limit_days > 0 AND MAX(b.oldest_days) > p.cs_container_limit_days)
            """,
            balance=self.env["cs.container.balance"]._table_sql,
            company=company.id,
            partners=SQL("AND b.partner_id = ANY(%s)", list(partner_ids)) if partner_ids is not None else SQL(),
        )

    @api.model
    def _cs_container_over_limit_ids(self, company, partner_ids=None):
        self.flush_model(["cs_container_limit_qty", "cs_container_limit_days"])
        rows = self.env.execute_query(self._cs_container_over_limit_query(company, partner_ids))
        return [row[0] for row in rows]

    def _cs_container_held(self, product, company):
        """How many ``product`` containers the customer holds now (its location's quants)."""
        self.ensure_one()
        location = (
            self.env["stock.location"]
            .sudo()
            .search(
                [
                    ("cs_container_partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        )
        if not location:
            return 0
        return product.sudo().with_context(location=location.id).qty_available

    def _cs_container_check_access(self, company=None):
        """Who may book containers of these customers, in ``company``.

        Warehouse users and CS supervisors: any customer they can read;
        CS specialists: their own customers and those they cover. The
        company must be one of the user's, and the customer not another
        company's.
        """
        if self.env.su:
            return
        user = self.env.user
        if company and company not in user.company_ids:
            raise AccessError(
                self.env._(
                    "You do not work for %(company)s: book containers in one of your companies.",
                    company=company.sudo().display_name,
                )
            )
        partners = self.commercial_partner_id
        partners.check_access("read")
        for partner in partners:
            if company and partner.company_id and partner.company_id != company:
                raise UserError(
                    self.env._(
                        "%(customer)s is a customer of %(other)s, not of %(company)s: book its containers "
                        "in its own company.",
                        customer=partner.display_name,
                        other=partner.company_id.display_name,
                        company=company.display_name,
                    )
                )
        if any(user.has_group(group) for group in ("sales_cs_desk.group_cs_supervisor", "stock.group_stock_user")):
            return
        for partner in partners:
            if not partner.cs_is_mine:
                raise AccessError(
                    self.env._(
                        "%(customer)s is not one of your customers: ask its CS specialist or the warehouse "
                        "to book its containers.",
                        customer=partner.display_name,
                    )
                )

    def _cs_container_may_see(self, company):
        """Whether the current user may see the container holding of this customer in ``company``."""
        self.ensure_one()
        try:
            self._cs_container_check_access(company)
        except (AccessError, UserError):
            return False
        return True

    @api.model
    def _cs_container_lock_dates(self, company):
        """Per customer id, the end of its last confirmed container statement in ``company``."""
        rows = (
            self.env["cs.container.statement"]
            .sudo()
            ._read_group(
                [("company_id", "=", company.id), ("state", "=", "confirmed")],
                ["partner_id"],
                ["date_to:max"],
            )
        )
        return {partner.id: date_to for partner, date_to in rows}

    # ------------------------------------------------------------------
    # Daily job
    # ------------------------------------------------------------------
    @api.model
    def _cron_cs_container_limits(self, batch_size=500):
        """Daily: one activity per customer over its container limit, closed once back within it.

        One batch per call (``batch_size`` customers to warn and as many to
        close), progress reported to the cron, which calls again while work
        remains; the lists come from one SQL statement, so memory does not
        grow with the number of customers. Idempotent and one activity per
        situation: ``cs_container_limit_alerted`` remembers that the
        customer was warned, so an activity marked done is not raised again
        while the customer stays over; once back within its limits in every
        company, its open activity is marked done and a later excess is a
        new situation.
        """
        self.flush_model(["cs_container_limit_qty", "cs_container_limit_days", "cs_container_limit_alerted"])
        rows = self.env.execute_query(self._cs_container_limit_work_query(batch_size))
        to_raise = {row[1]: row for row in rows if row[0] == "raise"}
        to_close = [row[1] for row in rows if row[0] == "close"]
        totals = {row[0]: row[6] for row in rows}
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_container_limit")
        Activity = self.env["mail.activity"]
        if to_close:
            closing = self.sudo().browse(to_close)
            Activity._cs_close(closing, activity_type, feedback=self.env._("Back within the container limit."))
            closing.with_context(tracking_disable=True).write({"cs_container_limit_alerted": False})
        if to_raise:
            partners = self.sudo().browse(list(to_raise))
            today = fields.Date.context_today(self)
            situations = []
            for partner in partners:
                _kind, _pid, balance, oldest_days, limit_qty, limit_days, _total = to_raise[partner.id]
                note = self.env._(
                    "%(customer)s holds %(balance)s containers (limit %(limit_qty)s); the oldest has been "
                    "out %(days)s days (limit %(limit_days)s). Ask the customer to return empty containers.",
                    customer=partner.display_name,
                    balance=int(balance),
                    limit_qty=limit_qty or "-",
                    days=oldest_days or 0,
                    limit_days=limit_days or "-",
                )
                user = partner.cs_user_id or self.env.user
                situations.append((partner, user, today, self.env._("Containers over the agreed limit"), note))
            Activity._cs_raise(activity_type, situations, per_user=False)
            partners.with_context(tracking_disable=True).write({"cs_container_limit_alerted": True})
        done = len(to_raise) + len(to_close)
        remaining = totals.get("raise", 0) - len(to_raise) + totals.get("close", 0) - len(to_close)
        self.env["ir.cron"]._notify_progress(done=done, remaining=max(remaining, 0))
        return done

    @api.model
    def _cs_container_limit_work_query(self, limit):
        """One batch of the limit job: customers to warn and customers to close, with their totals.

        Rows ``(kind, partner id, balance, oldest days, limit qty, limit days,
        total of that kind)``; ``kind`` is ``raise`` (over a limit in a
        tracking company, not warned yet) or ``close`` (warned, over no limit
        any more).
        """
        companies = self.env["res.company"].sudo().search([("cs_container_tracking", "=", True)])
        over = SQL(" UNION ALL ").join(
            [self._cs_container_over_limit_query(company) for company in companies]
            or [
                SQL(
                    "SELECT NULL::int AS partner_id, NULL::numeric AS balance, NULL::int AS oldest_days, "
                    "NULL::int AS limit_qty, NULL::int AS limit_days WHERE FALSE"
                )
            ]
        )
        return SQL(
            """
            WITH over AS MATERIALIZED (%(over)s),
            to_raise AS (
                SELECT DISTINCT ON (o.partner_id) o.partner_id, o.balance, o.oldest_days, o.limit_qty, o.limit_days
                  FROM over o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE p.cs_container_limit_alerted IS NOT TRUE
                 ORDER BY o.partner_id, o.balance DESC
            ),
            to_close AS (
                SELECT p.id AS partner_id
                  FROM res_partner p
                 WHERE p.cs_container_limit_alerted
                   AND NOT EXISTS (SELECT 1 FROM over o WHERE o.partner_id = p.id)
            )
            (SELECT 'raise', partner_id, balance, oldest_days, limit_qty, limit_days, COUNT(*) OVER ()
               FROM to_raise ORDER BY partner_id LIMIT %(limit)s)
            UNION ALL
            (SELECT 'close', partner_id, NULL, NULL, NULL, NULL, COUNT(*) OVER ()
               FROM to_close ORDER BY partner_id LIMIT %(limit)s)
            """,
            over=over,
            limit=limit,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cs_open_container_balance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_container_balance_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_cs_receive_containers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_container_receive_action")
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_cs_write_off_containers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_container_writeoff_action")
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_cs_container_statement(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_cs_desk.cs_container_statement_wizard_action")
        action["context"] = {"default_partner_ids": self.commercial_partner_id.ids}
        return action
