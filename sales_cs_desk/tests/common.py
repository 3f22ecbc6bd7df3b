"""Shared fixtures for the CS Desk tests.

``CsDeskCase`` builds, in ``setUpClass`` and without relying on demo data:
two CS specialists (``specialist``, ``backup``), a supervisor, a plain
salesman outside the desk, a customer owned by ``specialist`` with
``backup`` as backup, and a customer owned by ``backup``.

The tests run in a company of their own (``company``), created here with the
desk's settings as after install, so that they give the same result on a
database with the demo data (Odoo's runner installs it by default: the demo
switches review and container tracking on, grades customers, plans revisits…)
as on one without. Bases that post invoices set ``cs_chart_template`` to load
Odoo's generic chart of accounts in that company.
"""

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CsDeskCase(TransactionCase):
    cs_chart_template = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        main = cls.env.company
        cls.company = cls.env["res.company"].create(
            {
                "name": "CS Desk Test Company",
                "currency_id": main.currency_id.id,
                "country_id": main.country_id.id,
            }
        )
        # the test user's own company, not a context key: ``with_user`` keeps working for users of other companies
        cls.env.user.write({"company_ids": [Command.link(cls.company.id)], "company_id": cls.company.id})
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        assert cls.env.company == cls.company
        # complaints, revisits and VMI had no switch before 18.0.3: their tests run with them on
        cls.company.write({"cs_complaints_enabled": True, "cs_revisits_enabled": True, "cs_vmi_enabled": True})
        if cls.cs_chart_template:
            cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
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
