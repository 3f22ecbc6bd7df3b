"""Shared fixtures for the CS Desk tests.

``CsDeskCase`` builds, in ``setUpClass`` and without relying on demo data:
two CS specialists (``specialist``, ``backup``), a supervisor, a plain
salesman outside the desk, a customer owned by ``specialist`` with
``backup`` as backup, and a customer owned by ``backup``.
"""

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CsDeskCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.specialist = new_test_user(
            cls.env, "cs_test_specialist", groups="sales_cs_desk.group_cs_specialist", name="Specialist"
        )
        cls.backup = new_test_user(cls.env, "cs_test_backup", groups="sales_cs_desk.group_cs_specialist", name="Backup")
        cls.supervisor = new_test_user(
            cls.env, "cs_test_supervisor", groups="sales_cs_desk.group_cs_supervisor", name="Supervisor"
        )
        cls.salesman = new_test_user(
            cls.env, "cs_test_salesman", groups="sales_team.group_sale_salesman", name="Salesman"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Huitong Auto Parts",
                "is_company": True,
                "customer_rank": 1,
                "cs_user_id": cls.specialist.id,
                "cs_backup_user_id": cls.backup.id,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "Nordwerk Automotive",
                "is_company": True,
                "customer_rank": 1,
                "cs_user_id": cls.backup.id,
            }
        )

    @classmethod
    def _absent(cls, user, date_from, date_to):
        return cls.env["cs.absence"].create({"user_id": user.id, "date_from": date_from, "date_to": date_to})
