from odoo import models


class ResourceCalendar(models.Model):
    """A calendar's time zone or hours change: the working days counted by ``res.company._cs_working_day`` too."""

    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
