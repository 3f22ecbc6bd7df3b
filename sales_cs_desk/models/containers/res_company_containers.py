from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..common.cs_guard import cs_guard_fields

CS_CONTAINER_SHORTAGE_POLICIES = [
    ("warn", "Ship and raise the shortage"),
    ("block", "Block the delivery"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_container_tracking = fields.Boolean(
        string="Track returnable containers",
        help="Deliveries whose packaging names a returnable container issue those containers to the "
        "customer; empty containers coming back, lost or damaged are booked against the customer.",
    )
    # Not required: a NOT NULL column on res_company breaks companies created
    # by modules loaded before this one (e.g. their at-install tests); empty
    # behaves as "warn".
    cs_container_shortage_policy = fields.Selection(
        CS_CONTAINER_SHORTAGE_POLICIES,
        string="Container shortage",
        default="warn",
        help="When the warehouse holds fewer containers than a delivery needs: ship anyway, record "
        "the shortage and tell the CS specialist, or refuse to validate the delivery.",
    )
    cs_container_forecast_days = fields.Integer(
        string="Container forecast horizon (days)",
        default=14,
        help="Confirmed deliveries planned within this many days count towards the containers needed.",
    )
    cs_container_location_id = fields.Many2one(
        "stock.location",
        string="Containers at customers",
        readonly=True,
        copy=False,
        help="Parent of the per-customer container locations; created when the first container leaves.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        cs_guard_fields(self, vals_list, ("cs_container_location_id",), operation="create")
        return super().create(vals_list)

    def write(self, vals):
        cs_guard_fields(self, vals, ("cs_container_location_id",))
        return super().write(vals)

    @api.constrains("cs_container_forecast_days")
    def _check_cs_container_forecast_days(self):
        for company in self:
            if company.cs_container_forecast_days < 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the container forecast horizon must be at least one day.",
                        company=company.name,
                    )
                )
