from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from .common import CsDeskCase


class CsForecastCase(CsDeskCase):
    """Forecasts on (tolerance 10 units and 20 %), a brake pad with a customer part number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"cs_forecast_enabled": True, "cs_forecast_tolerance_qty": 10.0, "cs_forecast_tolerance_pct": 20.0}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Brake pad", "type": "consu", "default_code": "BP-100", "list_price": 12.0}
        )
        cls.env["cs.customer.item"].create(
            {"partner_id": cls.customer.id, "product_id": cls.product.id, "customer_part_number": "HT-4711"}
        )
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.this_month = cls.today.replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        cls.activity_type = cls.env.ref("sales_cs_desk.mail_activity_type_cs_forecast_deviation")

    @classmethod
    def _version(cls, quantities, received=None, customer=None, bucket_type="month"):
        """A forecast version: ``quantities`` is {bucket day: quantity} of the brake pad."""
        return cls.env["cs.customer.forecast.version"].create(
            {
                "partner_id": (customer or cls.customer).id,
                "received_date": received or cls.today,
                "line_ids": [
                    Command.create(
                        {"product_id": cls.product.id, "bucket_type": bucket_type, "bucket_start": day, "quantity": qty}
                    )
                    for day, qty in quantities.items()
                ],
            }
        )

    @classmethod
    def _sale(cls, qty, day, customer=None):
        """A confirmed order of the brake pad requested for ``day``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (customer or cls.customer).id,
                "commitment_date": datetime.combine(day, time(12)),
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order

    def _run_job(self):
        self.env.flush_all()
        self.env["cs.forecast.deviation"]._cron_cs_deviations()

    def _deviations(self, customer=None):
        return self.env["cs.forecast.deviation"].search([("cs_customer_id", "=", (customer or self.customer).id)])

    def _activities(self, records):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )
