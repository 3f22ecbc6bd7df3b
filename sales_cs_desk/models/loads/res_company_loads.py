from odoo import api, fields, models
from odoo.exceptions import ValidationError

LOAD_GROUPINGS = [
    ("carrier", "Route (shipping method)"),
    ("area", "Ship-to area"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Loads (L2)
    # ------------------------------------------------------------------
    cs_loads_enabled = fields.Boolean(
        string="Load planning",
        help="Weigh and measure deliveries with their packaging and returnable containers, show the fill "
        "rate of each load (batch transfer) against its vehicle category and propose the day's loads. "
        "Off: batch transfers are as in standard Odoo and the Loads menus are hidden.",
    )
    cs_load_grouping = fields.Selection(
        LOAD_GROUPINGS,
        string="Group deliveries by",
        default="carrier",
        required=True,
        help="Route: deliveries with the same shipping method travel together. Ship-to area: deliveries "
        "to the same country, state and postcode prefix travel together.",
    )
    cs_load_zip_digits = fields.Integer(
        string="Postcode digits of an area",
        default=3,
        help="How many leading characters of the ship-to postcode make an area (0: country and state only).",
    )

    @api.constrains("cs_load_zip_digits")
    def _check_cs_load_zip_digits(self):
        for company in self:
            if not 0 <= company.cs_load_zip_digits <= 10:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: an area uses from 0 to 10 characters of the postcode.",
                        company=company.name,
                    )
                )
