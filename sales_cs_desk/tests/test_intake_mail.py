import base64
import io
import time
from email.message import EmailMessage

import openpyxl

from odoo.tests import new_test_user, tagged

from .common_intake import CsIntakeCase

# A customer's order mail as a mail client writes it: a text body, a GB18030 CSV, an EDIFACT interchange sent
# as application/octet-stream, and an inline logo that is not an order file.
MAIL_ORDER = """Return-Path: <{sender}>
From: {sender_name} <{sender}>
To: {to}
Subject: {subject}
Date: Mon, 30 Nov 2026 09:15:00 +0800
Message-ID: {msg_id}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_cs_intake_order"

------=_cs_intake_order
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear CS team, our orders for December are attached. 请查收。

------=_cs_intake_order
Content-Type: text/csv; charset="gb18030"; name="order.csv"
Content-Disposition: attachment; filename="order.csv"
Content-Transfer-Encoding: base64

{csv}
------=_cs_intake_order
Content-Type: application/octet-stream; name="{edi_name}"
Content-Disposition: attachment; filename="{edi_name}"
Content-Transfer-Encoding: base64

{edi}
------=_cs_intake_order
Content-Type: image/png; name="logo.png"
Content-Disposition: inline; filename="logo.png"
Content-ID: <logo@huitong>
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
------=_cs_intake_order--
"""


def edifact_order(po, lines, ship_to="SH01", reference="ICH7"):
    """An ORDERS interchange with correct segment counts: ``lines`` are (part, qty, date YYYYMMDD)."""
    body = [f"BGM+220+{po}+9", f"NAD+BY+{po[:2]}::92++Buyer", f"NAD+DP+{ship_to}::92++Plant"]
    for number, (part, qty, date) in enumerate(lines, start=1):
        body += [f"LIN+{number}", f"PIA+1+{part}:IN", f"QTY+21:{qty}:PCE", f"DTM+2:{date}:102"]
    segments = ["UNH+1+ORDERS:D:96A:UN", *body, f"UNT+{len(body) + 2}+1"]
    return "'\n".join([f"UNB+UNOC:3+BUYER:14+US:14+261130:0915+{reference}", *segments, f"UNZ+1+{reference}", ""])


@tagged("post_install", "-at_install")
class TestIntakeMail(CsIntakeCase):
    """The company's intake alias turns a customer's order mail into batches; nothing sent is lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "cs-intake.example.com"})
        cls.company.alias_domain_id = cls.alias_domain
        cls.company._cs_intake_set_alias("orders")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "email": "li.wei@huitong.example.com"}
        )
        cls.supervisor.company_ids |= cls.company
        cls.date = cls.later.strftime("%Y%m%d")

    def _send(self, sender="li.wei@huitong.example.com", to="orders@cs-intake.example.com", edi=None, **kw):
        csv = self._csv([("HT-BOLT", 100, "pcs", self.later.isoformat(), "SH01", "", "PO-M1", 1)], encoding="gb18030")
        edi = edi if edi is not None else edifact_order("PO-E1", [("HT-NUT", 30, self.date)])
        mail = MAIL_ORDER.format(
            sender=sender,
            sender_name=kw.get("sender_name", "Li Wei"),
            to=to,
            subject=kw.get("subject", "Orders December"),
            msg_id=f"<{time.time():.7f}-cs-intake@huitong.example.com>",
            csv=base64.encodebytes(csv).decode(),
            edi=base64.encodebytes(edi.encode("latin-1")).decode(),
            edi_name=kw.get("edi_name", "orders.edi"),
        )
        before = self.env["cs.order.intake"].search([]).ids
        self.env["mail.thread"].sudo().message_process(False, mail.encode())
        return self.env["cs.order.intake"].search([("id", "not in", before)], order="id")

    def test_alias_is_per_company(self):
        self.assertEqual(self.company.cs_intake_alias_id.alias_full_name, "orders@cs-intake.example.com")
        self.assertEqual(self.company.cs_intake_alias_id.alias_model_id.model, "cs.order.intake")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.cs_intake_alias_name, "orders")
        settings.cs_intake_alias_name = "po-desk"
        settings.set_values()
        self.assertEqual(self.company.cs_intake_alias_id.alias_full_name, "po-desk@cs-intake.example.com")

    def test_order_mail_becomes_one_batch_per_order_file(self):
        csv_batch, edi_batch = self._send()
        self.assertEqual((csv_batch | edi_batch).mapped("source"), ["email", "email"])
        self.assertEqual((csv_batch | edi_batch).partner_id, self.buyer)
        self.assertEqual(csv_batch.cs_customer_id, self.customer)
        self.assertEqual(csv_batch.company_id, self.company)
        self.assertEqual((csv_batch.filename, edi_batch.filename), ("order.csv", "orders.edi"))
        # the GB18030 file kept its bytes through the mail; its line is read and checked
        self.assertEqual(csv_batch.line_ids.product_id, self.bolt)
        self.assertEqual(csv_batch.line_ids.status, "pass", csv_batch.line_ids.anomaly_text)
        self.assertEqual(edi_batch.line_ids.product_id, self.nut)
        self.assertEqual(edi_batch.line_ids.mapped("po_number"), ["PO-E1"])
        # the mail itself, with every attachment, is on the first batch; the other says where it is
        mail = csv_batch.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(mail.author_id, self.buyer)
        self.assertEqual(set(mail.attachment_ids.mapped("name")), {"order.csv", "orders.edi", "logo.png"})
        self.assertTrue(any(csv_batch.name in message.body for message in edi_batch.message_ids))
        # and the batches reach the quotations like any other
        csv_batch.with_user(self.specialist).action_import()
        self.assertEqual(csv_batch.order_ids.client_order_ref, "PO-M1")

    def test_unknown_sender_is_held_with_the_mail(self):
        (held,) = self._send(sender="buyer@unknown.example.com")
        self.assertEqual(held.state, "held")
        self.assertFalse(held.partner_id)
        self.assertIn("buyer@unknown.example.com", held.hold_message)
        self.assertIn("not a contact of any customer", held.hold_message)
        mail = held.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(set(mail.attachment_ids.mapped("name")), {"order.csv", "orders.edi", "logo.png"})
        self.assertFalse(held.line_ids)
        # supervisors find it; a specialist does not see a batch without customer
        self.assertTrue(held.with_user(self.supervisor).search([("id", "=", held.id)]))
        self.assertFalse(held.with_user(self.specialist).search([("id", "=", held.id)]))

    def test_colleague_forwarding_is_held(self):
        colleague = new_test_user(self.env, "cs_mail_colleague", email="colleague@cs-desk.example.com")
        (held,) = self._send(sender=colleague.email)
        self.assertEqual(held.state, "held")

    def test_truncated_interchange_is_held_not_dropped(self):
        edi = edifact_order("PO-E2", [("HT-NUT", 30, self.date), ("HT-BOLT", 100, self.date)])
        truncated = edi[: edi.index("LIN+2")]
        csv_batch, held = self._send(edi=truncated, edi_name="orders.txt")
        self.assertNotEqual(csv_batch.state, "held")
        self.assertEqual(held.state, "held")
        self.assertEqual(held.partner_id, self.buyer)
        self.assertIn("truncated", held.hold_message)
        self.assertFalse(held.line_ids, "nothing of a truncated interchange is staged")
        self.assertEqual(held.attachment_id.raw.decode("latin-1"), truncated)

    def test_intake_switched_off_holds(self):
        self.company.cs_intake_enabled = False
        (held,) = self._send()
        self.assertEqual(held.state, "held")
        self.assertIn("switched off", held.hold_message)

    def test_mail_to_another_company_alias(self):
        other = self.env["res.company"].create({"name": "CS Other Co", "currency_id": self.company.currency_id.id})
        other.cs_intake_enabled = True
        other.alias_domain_id = self.alias_domain
        other._cs_intake_set_alias("orders-other")
        batches = self._send(to="orders-other@cs-intake.example.com")
        self.assertEqual(len(batches), 2)
        self.assertEqual(batches.company_id, other)
        # the sample customer's contact belongs to no company: it is a customer in both
        self.assertEqual(batches.partner_id, self.buyer)
        # the customer's specialist works in the test company only: the other company's batches stay hidden
        self.assertFalse(batches.with_user(self.specialist).search([("id", "in", batches.ids)]))

    def test_xlsx_attachment(self):
        """A workbook arrives as a binary part; it is read like an upload."""
        workbook = openpyxl.Workbook()
        workbook.active.append(["料号", "数量", "交货日期", "采购单号"])
        workbook.active.append(["HT-NUT", 25, self.later.isoformat(), "PO-X1"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.buyer.email, "orders@cs-intake.example.com", "PO-X1"
        mail["Message-ID"] = f"<{time.time():.7f}-xlsx@huitong.example.com>"
        mail.set_content("订单见附件")
        mail.add_attachment(
            buffer.getvalue(),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename="PO-X1.xlsx",
        )
        self.env["mail.thread"].sudo().message_process(False, mail.as_bytes())
        batch = self.env["cs.order.intake"].search([("filename", "=", "PO-X1.xlsx")])
        self.assertEqual((batch.source, batch.partner_id), ("email", self.buyer))
        self.assertEqual(batch.line_ids.product_id, self.nut)
        self.assertEqual(batch.line_ids.quantity, 25)
