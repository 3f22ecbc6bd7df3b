from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CsDeskCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-10 09:00:00")
class TestConfidentiality(CsDeskCase):
    """C4: CS records of a customer are for its specialist, its backup while
    covering, and supervisors — shown on the CS log (cs.customer.note)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Note = cls.env["cs.customer.note"]
        cls.note = Note.create({"name": "Price talk", "partner_id": cls.customer.id})
        cls.other_note = Note.create({"name": "Delivery slot", "partner_id": cls.other_customer.id})
        cls.notes = cls.note | cls.other_note

    def _visible(self, user):
        return self.env["cs.customer.note"].with_user(user).search([("id", "in", self.notes.ids)])

    def test_specialist_sees_own_customers_only(self):
        self.assertEqual(self._visible(self.specialist), self.note)
        with self.assertRaises(AccessError):
            self.other_note.with_user(self.specialist).read(["name"])

    def test_backup_sees_while_covering(self):
        self.assertEqual(self._visible(self.backup), self.other_note)
        self._absent(self.specialist, date(2026, 6, 9), date(2026, 6, 11))
        self.assertEqual(self._visible(self.backup), self.notes)

    def test_supervisor_sees_all(self):
        self.assertEqual(self._visible(self.supervisor), self.notes)
        self.note.with_user(self.supervisor).unlink()

    def test_outsiders_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["cs.customer.note"].with_user(self.salesman).search([])

    def test_specialist_cannot_log_on_foreign_customer(self):
        with self.assertRaises(AccessError):
            self.env["cs.customer.note"].with_user(self.specialist).create(
                {"name": "Snooping", "partner_id": self.other_customer.id}
            )
        note = (
            self.env["cs.customer.note"]
            .with_user(self.specialist)
            .create({"name": "Logged", "partner_id": self.customer.id})
        )
        self.assertEqual(note.user_id, self.specialist)
        with self.assertRaises(AccessError):
            note.unlink()

    def test_partner_smart_button_counts_visible_entries(self):
        self.assertEqual(self.customer.with_user(self.specialist).cs_note_count, 1)
        self.assertEqual(self.other_customer.with_user(self.specialist).cs_note_count, 0)

    def test_absences_visible_to_all_editable_by_owner(self):
        absence = self._absent(self.backup, date(2026, 6, 1), date(2026, 6, 2))
        self.assertTrue(absence.with_user(self.specialist).read(["user_id"]))
        with self.assertRaises(AccessError):
            absence.with_user(self.specialist).write({"note": "mine now"})
        with self.assertRaises(AccessError):
            self.env["cs.absence"].with_user(self.specialist).create(
                {"user_id": self.backup.id, "date_from": date(2026, 7, 1), "date_to": date(2026, 7, 2)}
            )
        own = (
            self.env["cs.absence"]
            .with_user(self.specialist)
            .create({"date_from": date(2026, 7, 1), "date_to": date(2026, 7, 2)})
        )
        self.assertEqual(own.user_id, self.specialist)
        absence.with_user(self.supervisor).write({"note": "Approved"})

    def test_notes_are_company_bound(self):
        other = self.env["res.company"].create({"name": "CS Other Co"})
        self.supervisor.write({"company_ids": [(4, other.id)]})
        foreign = (
            self.env["cs.customer.note"]
            .with_company(other)
            .create({"name": "Other company's", "partner_id": self.customer.id, "company_id": other.id})
        )
        visible = (
            self.env["cs.customer.note"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("id", "=", foreign.id)])
        )
        self.assertFalse(visible, "not visible while the other company is not active")
        visible = (
            self.env["cs.customer.note"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([("id", "=", foreign.id)])
        )
        self.assertEqual(visible, foreign)


@tagged("post_install", "-at_install")
class TestMenusPerRole(CsDeskCase):
    def _menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values() if isinstance(menu, dict)}

    def test_cs_desk_menu_per_role(self):
        specialist_menus = self._menu_xmlids(self.specialist)
        self.assertIn("sales_cs_desk.sales_cs_desk_menu_root", specialist_menus)
        self.assertIn("sales_cs_desk.res_partner_menu_cs_customers", specialist_menus)
        self.assertNotIn("sales_cs_desk.res_partner_menu_cs_cover_audit", specialist_menus)
        self.assertIn("sales_cs_desk.res_partner_menu_cs_cover_audit", self._menu_xmlids(self.supervisor))
        self.assertNotIn("sales_cs_desk.sales_cs_desk_menu_root", self._menu_xmlids(self.salesman))

    def test_views_open_for_specialist(self):
        Partner = self.env["res.partner"].with_user(self.specialist)
        arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="cs_desk"', arch, "the Customer Service tab is there for CS users")
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="cs_desk"', arch, "and hidden from users outside the desk")
        action = self.env.ref("sales_cs_desk.res_partner_action_cs_customers")
        customers = Partner.search([*safe_eval(action.domain), ("cs_is_mine", "=", True)])
        self.assertEqual(customers, self.customer, "CS Desk › Customers with My Customers on")
