from odoo import api, fields, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    cs_absence_ids = fields.One2many(
        "cs.absence", "user_id", string="CS absences", groups="sales_cs_desk.group_cs_specialist"
    )
    cs_is_absent = fields.Boolean(
        string="Absent today",
        groups="sales_cs_desk.group_cs_specialist",
        compute="_compute_cs_is_absent",
        search="_search_cs_is_absent",
        help="The user has a CS absence covering today: their backup covers their customers.",
    )

    # Not stored and without a date dependency on purpose: whether someone is
    # away depends on today's date, which no trigger can follow.
    @api.depends("cs_absence_ids.date_from", "cs_absence_ids.date_to")
    def _compute_cs_is_absent(self):
        absent = self._cs_absent_today()
        for user in self:
            user.cs_is_absent = user in absent

    def _search_cs_is_absent(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Absent today'."))
        positive = (operator == "=") == value
        absent_ids = self.env["res.users"].browse()._cs_absent_today().ids
        return [("id", "in" if positive else "not in", absent_ids)]

    @api.model
    def _cs_absent_today(self):
        """Users with an absence covering today, in one query."""
        absences = self.env["cs.absence"].sudo().search_fetch([("is_current", "=", True)], ["user_id"])
        return absences.user_id.with_env(self.env)
