# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..common.cs_guard import cs_guard_fields

APPLIED_BY_GUARDED = ("applied_by_id",)


class CsOrderChange(models.Model):
    _inherit = "cs.order.change"

    # who applied the request: the staff KPIs count it for them (changes handled); an audit field like
    # approved_by_id, set only by the apply step
    applied_by_id = fields.Many2one("res.users", string="Applied by", readonly=True, copy=False, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, APPLIED_BY_GUARDED, operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, APPLIED_BY_GUARDED)
        return super().write(vals)

    def _cs_apply(self):
        res = super()._cs_apply()
        self.sudo().write({"applied_by_id": self.env.uid})
        return res
