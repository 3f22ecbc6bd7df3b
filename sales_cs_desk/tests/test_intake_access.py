"""Who sees and changes intake batches (specialists: their customers'; supervisors: all) and multi-company."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_intake import CsIntakeCase


@tagged("post_install", "-at_install")
class TestIntakeAccess(CsIntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rows = [("HT-NUT", "5", "", "", "", "", "PO-A", "1")]
        cls.intake = cls.env["cs.order.intake"]._cs_intake_from_file(cls.customer, "po.csv", cls._csv(rows))
        cls.other_intake = cls.env["cs.order.intake"].create({"partner_id": cls.other_customer.id})

    def test_specialist_sees_own_customers_batches_only(self):
        Intake = self.env["cs.order.intake"].with_user(self.specialist)
        found = Intake.search([("id", "in", (self.intake | self.other_intake).ids)])
        self.assertEqual(found, self.intake)
        with self.assertRaises(AccessError):
            self.other_intake.with_user(self.specialist).read(["name"])
        lines = self.env["cs.order.intake.line"].with_user(self.specialist).search([])
        self.assertEqual(lines.intake_id, self.intake)
        supervisor = self.env["cs.order.intake"].with_user(self.supervisor)
        self.assertEqual(
            supervisor.search([("id", "in", (self.intake | self.other_intake).ids)]), self.intake | self.other_intake
        )

    def test_specialist_cannot_import_for_another_customer(self):
        rows = [("HT-NUT", "5", "", "", "", "", "PO-B", "1")]
        with self.assertRaises(AccessError):
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(
                self.other_customer, "po.csv", self._csv(rows)
            )
        with self.assertRaises(AccessError):
            self.other_intake.with_user(self.specialist).action_import()

    def test_salesman_outside_the_desk(self):
        with self.assertRaises(AccessError):
            self.env["cs.order.intake"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.intake.with_user(self.salesman).action_import()

    def test_results_change_only_through_the_checks(self):
        line = self.intake.line_ids
        with self.assertRaises(UserError):
            line.with_user(self.specialist).write({"status": "pass", "product_id": self.bolt.id})
        with self.assertRaises(UserError):
            self.intake.with_user(self.specialist).write({"state": "done"})
        with self.assertRaises(UserError):
            self.env["cs.order.intake.line"].with_user(self.specialist).create(
                {"intake_id": self.intake.id, "raw_part": "HT-NUT", "raw_qty": "1", "status": "pass"}
            )
        with self.assertRaises(UserError):
            self.env["cs.order.intake"].with_user(self.specialist).create(
                {"partner_id": self.customer.id, "source": "edi"}
            )
        # a keyed-in line is checked by the desk, whatever the client sends
        added = (
            self.env["cs.order.intake.line"]
            .with_user(self.specialist)
            .create({"intake_id": self.intake.id, "raw_part": "HT-XXX", "raw_qty": "1"})
        )
        self.assertEqual(added.status, "block")

    def test_imported_lines_are_kept(self):
        self.intake.with_user(self.specialist).action_import()
        line = self.intake.line_ids
        self.assertEqual(line.status, "done")
        with self.assertRaises(UserError):
            line.with_user(self.specialist).write({"raw_qty": "50"})
        with self.assertRaises(UserError):
            line.with_user(self.specialist).unlink()
        with self.assertRaises(UserError):
            self.intake.with_user(self.supervisor).unlink()


@tagged("post_install", "-at_install")
class TestIntakeMultiCompany(CsIntakeCase):
    def test_other_company(self):
        company_b = self.env["res.company"].create({"name": "CS Intake Company B"})
        company_b.cs_intake_enabled = True
        specialist_b = new_test_user(
            self.env,
            "cs_intake_specialist_b",
            groups="sales_cs_desk.group_cs_supervisor",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        rows = [("HT-NUT", "5", "", "", "", "", "PO-MC", "1")]
        intake = self.env["cs.order.intake"]._cs_intake_from_file(self.customer, "po.csv", self._csv(rows))
        # a supervisor of another company sees nothing of this company's batches
        self.assertFalse(self.env["cs.order.intake"].with_user(specialist_b).search([("id", "=", intake.id)]))
        with self.assertRaises(AccessError):
            intake.with_user(specialist_b).read(["name"])
        # in company B the customer's items of this company are unknown: the part number is held
        Intake_b = self.env["cs.order.intake"].with_user(specialist_b).with_company(company_b)
        intake_b = Intake_b._cs_intake_from_file(self.customer, "po.csv", self._csv(rows))
        self.assertEqual(intake_b.company_id, company_b)
        self.assertEqual(self._codes(intake_b.line_ids), {"part_unknown"})
        self.assertNotEqual(intake_b.layout_id, intake.layout_id, "layouts are kept per company")
        self.assertEqual(intake_b.line_ids.company_id, company_b)


@tagged("post_install", "-at_install")
class TestIntakeSwitch(CsIntakeCase):
    def test_menus_follow_the_company_switch(self):
        user = new_test_user(
            self.env,
            "cs_intake_menu_specialist",
            groups="sales_cs_desk.group_cs_specialist",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        menus = {
            self.env.ref(f"sales_cs_desk.{xml_id}").id
            for xml_id in ("cs_order_intake_menu", "cs_order_intake_upload_menu", "cs_intake_layout_menu")
        }

        def shown():
            loaded = self.env["ir.ui.menu"].with_user(user).load_menus(False).values()
            return {menu["id"] for menu in loaded if "id" in menu}

        self.company.cs_intake_enabled = False
        self.assertFalse(menus & shown(), "intake switched off: its menus are hidden")
        self.company.cs_intake_enabled = True
        self.assertTrue(self.env.ref("sales_cs_desk.cs_order_intake_menu").id in shown())
