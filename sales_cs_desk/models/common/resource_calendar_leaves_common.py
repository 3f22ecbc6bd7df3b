from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A public holiday (a leave of no one resource) changes the working days of ``res.company._cs_working_day``.

    Personal time off (a leave of one resource) leaves them alone and the cache with them.
    """

    _inherit = "resource.calendar.leaves"

    def _cs_clear_working_days(self):
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._cs_clear_working_days()
        return leaves

    def write(self, vals):
        self._cs_clear_working_days()
        res = super().write(vals)
        self._cs_clear_working_days()
        return res

    def unlink(self):
        self._cs_clear_working_days()
        return super().unlink()
