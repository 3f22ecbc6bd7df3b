from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Returnable containers (L6)
    # ------------------------------------------------------------------
    cs_container_limit_qty = fields.Integer(
        string="Container limit (quantity)",
        help="The daily job warns the CS specialist when the customer holds more containers than this. 0: no limit.",
    )
    cs_container_limit_days = fields.Integer(
        string="Container limit (days)",
        help="The daily job warns the CS specialist when a container has been out at the customer longer "
        "than this. 0: no limit.",
    )
    cs_container_balance = fields.Integer(
        string="Containers held",
        compute="_compute_cs_container_balance",
        help="Returnable containers of this company now at the customer, all types together.",
    )
    cs_container_over_limit = fields.Boolean(
        string="Over container limit",
        compute="_compute_cs_container_balance",
        search="_search_cs_container_over_limit",
    )
    cs_container_lock_date = fields.Date(
        string="Containers confirmed until",
        compute="_compute_cs_container_lock_date",
        help="The customer confirmed its container statement up to this date; earlier movements are locked.",
    )

    _sql_constraints = [
        (
            "cs_container_limits_positive",
            "CHECK(cs_container_limit_qty >= 0 AND cs_container_limit_days >= 0)",
            "Container limits cannot be negative; use 0 for no limit.",
        ),
    ]

    @api.depends_context("company")
    def _compute_cs_container_balance(self):
        rows = (
            self.env["cs.container.balance"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id"],
                ["balance:sum"],
            )
        )
        balances = {partner.id: balance for partner, balance in rows}
        over = set(self._cs_container_over_limit_ids(self.env.company, self.commercial_partner_id.ids))
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.cs_container_balance = balances.get(commercial, 0)
            partner.cs_container_over_limit = commercial in over

    def _search_cs_container_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Over container limit'."))
        ids = self._cs_container_over_limit_ids(self.env.company)
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.depends_context("company")
    def _compute_cs_container_lock_date(self):
        lock_dates = self._cs_container_lock_dates(self.env.company)
        for partner in self:
            partner.cs_container_lock_date = lock_dates.get(partner.commercial_partner_id.id)

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

    def _cs_container_check_access(self):
        """Who may book containers of these customers.

        Warehouse users and CS supervisors: any customer; CS specialists:
        their own customers and those they cover.
        """
        user = self.env.user
        if self.env.su or any(
            user.has_group(group) for group in ("sales_cs_desk.group_cs_supervisor", "stock.group_stock_user")
        ):
            return
        for partner in self.commercial_partner_id:
            if not partner.cs_is_mine:
                raise AccessError(
                    self.env._(
                        "%(customer)s is not one of your customers: ask its CS specialist or the warehouse "
                        "to book its containers.",
                        customer=partner.display_name,
                    )
                )

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
    def _cron_cs_container_limits(self):
        """Daily: one activity per customer over its container limit, closed once back within it.

        Safe to re-run: a customer that already has the open activity gets no
        second one; a customer back within its limits in every company has
        its activity marked done.
        """
        self.flush_model(["cs_container_limit_qty", "cs_container_limit_days"])
        over = {}
        for company in self.env["res.company"].search([("cs_container_tracking", "=", True)]):
            for row in self.env.execute_query(self._cs_container_over_limit_query(company)):
                over.setdefault(row[0], row)
        activity_type = self.env.ref("sales_cs_desk.mail_activity_type_cs_container_limit")
        open_activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("activity_type_id", "=", activity_type.id)]
        )
        already = set(open_activities.mapped("res_id"))
        open_activities.filtered(lambda a: a.res_id not in over).action_feedback(
            feedback=self.env._("Back within the container limit.")
        )
        partners = self.browse([pid for pid in over if pid not in already])
        for partner in partners:
            _pid, balance, oldest_days, limit_qty, limit_days = over[partner.id]
            partner.activity_schedule(
                act_type_xmlid="sales_cs_desk.mail_activity_type_cs_container_limit",
                summary=self.env._("Containers over the agreed limit"),
                note=self.env._(
                    "%(customer)s holds %(balance)s containers (limit %(limit_qty)s); the oldest has been "
                    "out %(days)s days (limit %(limit_days)s). Ask the customer to return empty containers.",
                    customer=partner.display_name,
                    balance=int(balance),
                    limit_qty=limit_qty or "-",
                    days=oldest_days or 0,
                    limit_days=limit_days or "-",
                ),
                user_id=(partner.cs_user_id or self.env.user).id,
            )
        return partners

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
