import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_intake import CsIntakeCase
from .test_intake_mail import edifact_order


@tagged("post_install", "-at_install")
class TestIntakePortal(CsIntakeCase, HttpCase):
    """Web EDI: a customer contact sends orders in the customer portal and follows them, seeing its own only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "cs_intake_portal", password="cs_intake_portal", groups="base.group_portal", name="Li Wei"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.other_portal = new_test_user(cls.env, "cs_intake_portal_other", groups="base.group_portal")
        cls.other_portal.partner_id.parent_id = cls.other_customer
        Intake = cls.env["cs.order.intake"]
        cls.own = Intake._cs_intake_from_rows(
            cls.customer, [{"part": "HT-BOLT", "qty": 100, "date": cls.later, "po": "PO-OWN", "po_line": "1"}]
        )
        cls.foreign = Intake._cs_intake_from_rows(cls.other_customer, [{"part": "NW-1", "qty": 5, "po": "PO-NW"}])

    def _csrf(self, url="/my/intake/new"):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _new_batches(self, before):
        return self.env["cs.order.intake"].search([("id", "not in", before.ids)])

    # ------------------------------------------------------------------
    # Trust: what RPC gives a portal user
    # ------------------------------------------------------------------
    def test_portal_user_reads_its_company_batches_only(self):
        Intake = self.env["cs.order.intake"].with_user(self.portal_user)
        self.assertEqual(Intake.search([]), self.own)
        self.assertEqual(self.env["cs.order.intake.line"].with_user(self.portal_user).search([]), self.own.line_ids)
        self.assertEqual(self.env["cs.order.intake"].with_user(self.other_portal).search([]), self.foreign)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).write({"note": "rush"})
        with self.assertRaises(AccessError):
            self.own.line_ids.with_user(self.portal_user).write({"raw_qty": "1000"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).unlink()
        with self.assertRaises(AccessError):
            Intake.with_context(cs_review_release=True).create({"partner_id": self.customer.id})
        # buttons are for the desk
        with self.assertRaises(AccessError):
            self.own.with_user(self.portal_user).action_import()

    def test_only_portal_users_of_an_intake_company_submit(self):
        Intake = self.env["cs.order.intake"]
        with self.assertRaises(AccessError):
            Intake.with_user(self.specialist)._cs_portal_submit(rows=[{"part": "HT-BOLT", "qty": "1"}])
        with self.assertRaises(UserError):
            Intake.with_user(self.portal_user)._cs_portal_submit()
        self.company.cs_intake_enabled = False
        with self.assertRaises(UserError):
            Intake.with_user(self.portal_user)._cs_portal_submit(rows=[{"part": "HT-BOLT", "qty": "1"}])

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    def test_pages_show_own_batches_with_line_status(self):
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        page = self.url_open("/my/intake")
        self.assertIn(self.own.name, page.text)
        self.assertNotIn(self.foreign.name, page.text)
        detail = self.url_open(f"/my/intake/{self.own.id}")
        self.assertIn("HT-BOLT", detail.text)
        self.assertIn("PO-OWN", detail.text)
        # another customer's batch: back to the portal home, nothing shown
        other = self.url_open(f"/my/intake/{self.foreign.id}")
        self.assertTrue(other.url.rstrip("/").endswith("/my"), other.url)
        self.assertNotIn("NW-1", other.text)
        # the home page offers order intake, and counts the batches
        self.assertIn("/my/intake", self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cs_intake_count"]})
        self.assertEqual(counters["cs_intake_count"], 1)

    def test_upload_edifact_file_and_follow_it(self):
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        before = self.env["cs.order.intake"].search([])
        edi = edifact_order("PO-WEB-1", [("HT-NUT", 40, self.later.strftime("%Y%m%d"))]).encode()
        response = self.url_open(
            "/my/intake/new", data={"csrf_token": self._csrf()}, files={"order_file": ("po-web-1.edi", edi)}
        )
        batch = self._new_batches(before)
        self.assertEqual(len(batch), 1)
        self.assertTrue(response.url.endswith(f"/my/intake/{batch.id}"), response.url)
        self.assertEqual(batch.source, "portal")
        self.assertEqual(batch.partner_id, self.portal_user.partner_id)
        self.assertEqual(batch.cs_customer_id, self.customer)
        self.assertEqual(batch.line_ids.product_id, self.nut)
        # the CS team imports it; the customer sees the order it became
        batch.with_user(self.specialist).action_import()
        page = self.url_open(f"/my/intake/{batch.id}")
        self.assertIn(batch.order_ids.name, page.text)
        self.assertIn("PO-WEB-1", page.text)

    def test_truncated_upload_is_held_and_explained(self):
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        before = self.env["cs.order.intake"].search([])
        edi = edifact_order("PO-WEB-2", [("HT-NUT", 40, "20991231"), ("HT-BOLT", 100, "20991231")])
        truncated = edi[: edi.index("LIN+2")].encode()
        self.url_open("/my/intake/new", data={"csrf_token": self._csrf()}, files={"order_file": ("po.edi", truncated)})
        held = self._new_batches(before)
        self.assertEqual(held.state, "held")
        self.assertFalse(held.line_ids)
        page = self.url_open(f"/my/intake/{held.id}")
        self.assertIn("o_cs_intake_held", page.text)
        self.assertIn("truncated", page.text)

    def test_keyed_in_lines_with_a_bad_quantity(self):
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        before = self.env["cs.order.intake"].search([])
        data = {
            "csrf_token": self._csrf(),
            "po_number": "PO-KEYED",
            "po_line_1": "10",
            "part_1": "HT-BOLT",
            "qty_1": "120",
            "date_1": self.later.isoformat(),
            "po_line_2": "20",
            "part_2": "HT-NUT",
            "qty_2": "lots",
            "po_line_3": "30",
            "part_3": "HT-BOLT",
            "qty_3": "120",
            "date_3": "someday",
        }
        self.url_open("/my/intake/new", data=data)
        batch = self._new_batches(before)
        self.assertEqual(batch.source, "portal")
        self.assertEqual(batch.po_number, "PO-KEYED")
        first, second, third = batch.line_ids.sorted("line_number")
        self.assertEqual((first.product_id, first.quantity, first.status), (self.bolt, 120, "warning"))
        self.assertEqual(second.status, "block")
        self.assertEqual(third.status, "block")
        warning = first.anomaly_text.splitlines()[0]
        self.assertIn(warning, third.anomaly_text, "the blocked line has the desk's warning too")
        page = self.url_open(f"/my/intake/{batch.id}")
        # what the customer must correct is shown; the desk's own warnings (pack multiple) are not, even on a
        # line that is blocked for another reason
        self.assertIn(second.anomaly_text.splitlines()[0], page.text)
        self.assertIn("Needs a correction", page.text)
        self.assertIn("someday", page.text)
        self.assertNotIn(warning, page.text)

    def test_empty_form_answers_what_to_do(self):
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        before = self.env["cs.order.intake"].search([])
        page = self.url_open("/my/intake/new", data={"csrf_token": self._csrf()})
        self.assertIn("o_cs_intake_error", page.text)
        self.assertFalse(self._new_batches(before))

    def test_intake_off_hides_the_portal_pages(self):
        self.company.cs_intake_enabled = False
        self.authenticate("cs_intake_portal", "cs_intake_portal")
        self.assertTrue(self.url_open("/my/intake").url.rstrip("/").endswith("/my"))
        self.assertNotIn("/my/intake", self.url_open("/my").text)

    def test_portal_tour(self):
        """In a browser: the customer keys in an order on the portal and sees the line that needs attention."""
        before = self.env["cs.order.intake"].search([])
        self.start_tour("/my", "sales_cs_desk_intake_portal_tour", login="cs_intake_portal")
        batch = self._new_batches(before)
        self.assertEqual(batch.source, "portal")
        self.assertEqual(batch.line_ids.mapped("po_number"), ["PO-TOUR-1", "PO-TOUR-1"])
        self.assertEqual(batch.line_ids.sorted("line_number").mapped("status")[1], "block")
