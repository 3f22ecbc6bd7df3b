"""Shared fixtures of the VMI tests (no tests here).

``VmiCase`` adds to ``CsDeskCase``: the company's main warehouse ``main``,
a 3PL ``provider``, a VMI site ``site`` serving ``customer`` and resupplied
from ``main``, a second site ``other_site`` serving ``other_customer``, two
storable products, and ``_move()`` to post a done move on a given day.
"""

from datetime import datetime, time

from freezegun import freeze_time

from odoo import fields

from .common import CsDeskCase


class VmiCase(CsDeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.provider = cls.env["res.partner"].create({"name": "Shunfeng 3PL", "is_company": True})
        cls.site = cls._site("Huitong VMI", "HTV", cls.customer)
        cls.other_site = cls._site("Nordwerk VMI", "NWV", cls.other_customer)
        cls.disc = cls.env["product.product"].create(
            {"name": "Brake disc", "default_code": "BD-01", "is_storable": True}
        )
        cls.bracket = cls.env["product.product"].create(
            {"name": "Bracket", "default_code": "BR-01", "is_storable": True}
        )
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")

    @classmethod
    def _site(cls, name, code, customer, company=None):
        company = company or cls.company
        main = cls.env["stock.warehouse"].search([("company_id", "=", company.id), ("cs_is_vmi", "=", False)], limit=1)
        return (
            cls.env["stock.warehouse"]
            .with_company(company)
            .create(
                {
                    "name": name,
                    "code": code,
                    "company_id": company.id,
                    "cs_is_vmi": True,
                    "cs_vmi_partner_id": customer.id,
                    "cs_vmi_provider_id": cls.provider.id,
                    "cs_vmi_supply_warehouse_id": main.id,
                }
            )
        )

    @classmethod
    def _move(cls, product, source, destination, qty, day, hour=10):
        """A done move of ``qty`` on ``day`` (a date) at ``hour`` UTC."""
        with freeze_time(datetime.combine(day, time(hour))):
            move = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": qty,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "company_id": (destination.company_id or source.company_id).id,
                }
            )
            move._action_confirm()
            move._action_assign()
            move.quantity = qty
            move.picked = True
            move._action_done()
        return move

    @classmethod
    def _today(cls):
        return fields.Date.context_today(cls.env["res.users"])
