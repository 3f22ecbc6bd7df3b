from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.intake.cs_intake_edi import EdiError, looks_like_edifact, parse_orders
from .common_intake import CsIntakeCase
from .test_intake_mail import edifact_order

SAMPLE = (Path(__file__).parent / "data" / "cs_intake_orders.edi").read_bytes()


@tagged("post_install", "-at_install")
class TestIntakeEdiParser(TransactionCase):
    """The EDIFACT ORDERS reader: what a customer's EDI order becomes, and what is refused whole."""

    def _refused(self, data):
        with self.assertRaises(EdiError) as caught:
            parse_orders(data)
        return caught.exception.args[0]._translate("en_US")

    def test_orders_read_into_intake_rows(self):
        result = parse_orders(SAMPLE)
        self.assertEqual(result["interchange"]["reference"], "ICH0042")
        self.assertEqual(result["interchange"]["sender"], "6900000000011")
        (order,) = result["orders"]
        self.assertEqual(order["po_number"], "HT-PO-2026-118")
        self.assertEqual(order["order_date"], "2026-11-30")
        self.assertEqual((order["buyer_code"], order["buyer_name"]), ("HT-001", "Huitong Auto Parts"))
        self.assertEqual((order["ship_to_code"], order["ship_to_name"]), ("HT-WH-SH", "Huitong Shanghai Plant"))
        self.assertEqual(order["currency"], "CNY")
        first, second, third = result["rows"]
        self.assertEqual(
            first,
            {
                "po": "HT-PO-2026-118",
                "po_line": "1",
                "part": "HT-BD-4471",
                "product": "6901234500017",
                "description": "Brake disc",
                "qty": "120",
                "uom": "pce",
                "price": "12.5",
                "date": "2026-12-18",  # the header's DTM+2
                "ship_to": "HT-WH-SH",
            },
        )
        # the line's own DTM+2 wins; the release character keeps a "+" inside the buyer's item number
        self.assertEqual((second["part"], second["date"], second["qty"]), ("HT-BR-0210", "2026-12-22", "48"))
        self.assertEqual((third["part"], third["qty"], third["product"]), ("HT-XX-9+1", "0", ""))

    def test_service_characters_and_decimal_comma_from_una(self):
        data = (
            "UNA:+,? 'UNB+UNOC:3+BUYER+US+261130:0915+R1'UNH+7+ORDERS:D:96A:UN'BGM+220+PO 7'"
            "DTM+137:261130:101'LIN+1'PIA+5+X-1:IN'QTY+21:2,5:KGM'PRI+AAB:10,25'PRI+AAA:9,75'"
            "UNT+9+7'UNZ+1+R1'"
        )
        (row,) = parse_orders(data.encode())["rows"]
        self.assertEqual((row["qty"], row["uom"], row["price"]), ("2.5", "kg", "9.75"))
        self.assertEqual(parse_orders(data.encode())["orders"][0]["order_date"], "2026-11-30")

    def test_two_messages_two_purchase_orders(self):
        message = "UNH+{n}+ORDERS:D:96A:UN'BGM+220+PO-{n}+9'LIN+1'PIA+1+P{n}:IN'QTY+21:{n}'UNT+6+{n}'"
        data = "UNB+UNOY:3+B+S+261130:0915+R2'" + message.format(n=1) + message.format(n=2) + "UNZ+2+R2'"
        rows = parse_orders(data.encode())["rows"]
        self.assertEqual([(r["po"], r["part"], r["qty"]) for r in rows], [("PO-1", "P1", "1"), ("PO-2", "P2", "2")])

    def test_truncated_interchange_refused_whole(self):
        cut = SAMPLE[: SAMPLE.index(b"LIN+2")]
        self.assertIn("is truncated", self._refused(cut))
        self.assertIn("UNZ trailer", self._refused(SAMPLE[: SAMPLE.index(b"UNZ")]))
        # a segment cut in the middle
        self.assertIn("truncated or malformed", self._refused(SAMPLE[: SAMPLE.index(b"UNZ") + 5]))

    def test_segment_counts_checked(self):
        self.assertIn("counts 21 segments", self._refused(SAMPLE.replace(b"UNT+22+1", b"UNT+21+1")))
        self.assertIn("announces 2 messages", self._refused(SAMPLE.replace(b"UNZ+1+", b"UNZ+2+")))
        missing_unt = SAMPLE.replace(b"UNT+22+1'\n", b"")
        self.assertIn("before its UNT trailer", self._refused(missing_unt))

    def test_not_an_order(self):
        self.assertIn("not an EDIFACT interchange", self._refused(b"part;qty\nA;1\n"))
        self.assertIn("not an EDIFACT interchange", self._refused(b""))
        self.assertIn("only ORDERS", self._refused(SAMPLE.replace(b"ORDERS:D:96A", b"DESADV:D:96A")))
        self.assertIn("cancellation", self._refused(SAMPLE.replace(b"+HT-PO-2026-118+9'", b"+HT-PO-2026-118+1'")))
        self.assertIn("cannot be read", self._refused(SAMPLE.replace(b"20261218", b"20261318")))
        self.assertIn("no order line", self._refused(self._without_lines()))

    def _without_lines(self):
        head = SAMPLE[: SAMPLE.index(b"LIN+1")].decode()
        return (head + "UNT+8+1'\nUNZ+1+ICH0042'\n").encode()

    def test_wrong_character_set(self):
        data = SAMPLE.replace(b"UNOC", b"UNOY").replace(b"Brake disc", "Bremsbelag für".encode("latin-1"))
        self.assertIn("character set", self._refused(data))

    def test_recognised_by_content(self):
        self.assertTrue(looks_like_edifact(SAMPLE))
        self.assertTrue(looks_like_edifact(b"\xef\xbb\xbfUNB+UNOC:3+X"))
        self.assertFalse(looks_like_edifact(b"UNIT;QTY\n"))

    def test_translated_user_error(self):
        """The model's face turns a refusal into a UserError in the reader's language."""
        with self.assertRaises(UserError) as caught:
            self.env["cs.intake.edi"].with_context(lang="en_US")._cs_parse_edifact(SAMPLE[:100])
        self.assertIn("truncated", str(caught.exception))


@tagged("post_install", "-at_install")
class TestIntakeEdiBatch(CsIntakeCase):
    """An EDIFACT file through the intake's file entry point: the same batch as a CSV, or nothing at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt.barcode = "6901234500017"
        cls.date = cls.later.strftime("%Y%m%d")

    def test_upload_reads_edifact_into_checked_lines(self):
        # the first line names the item by its GTIN only, the second by the buyer's item number
        data = edifact_order("PO-EDI-1", [("HT-NUT", 40, self.date)]).replace(
            "LIN+1'\nPIA+1+HT-NUT:IN", "LIN+1++6901234500017:SRV'\nQTY+21:150:PCE'\nLIN+2'\nPIA+1+HT-NUT:IN"
        )
        data = data.replace("UNT+9+1", "UNT+11+1")
        Intake = self.env["cs.order.intake"].with_user(self.specialist)
        intake = Intake._cs_intake_from_file(self.customer, "po-edi-1.txt", data.encode())
        self.assertEqual(intake.source, "edi")
        self.assertEqual(intake.po_number, "PO-EDI-1")
        first, second = intake.line_ids.sorted("line_number")
        self.assertEqual((first.product_id, first.quantity, first.ship_to_id), (self.bolt, 150, self.ship_to))
        self.assertIn("6901234500017", first.raw_text, "the line as received keeps its GTIN")
        self.assertEqual((second.product_id, second.quantity, second.po_line), (self.nut, 40, "2"))
        self.assertEqual(second.requested_date, self.later)
        self.assertTrue(intake.attachment_id)
        self.assertIn("EDIFACT interchange ICH7", intake.message_ids[0].body)

    def test_truncated_upload_refused_whole(self):
        data = edifact_order("PO-EDI-2", [("HT-NUT", 40, self.date), ("HT-BOLT", 100, self.date)])
        before = self.env["cs.order.intake"].search_count([])
        with self.assertRaises(UserError) as caught:
            self.env["cs.order.intake"].with_user(self.specialist)._cs_intake_from_file(
                self.customer, "po.edi", data[: data.index("LIN+2")].encode()
            )
        self.assertIn("truncated", str(caught.exception))
        self.assertEqual(self.env["cs.order.intake"].search_count([]), before)

    def test_row_limit_applies_to_edifact(self):
        self.company.cs_intake_max_rows = 1
        data = edifact_order("PO-EDI-3", [("HT-NUT", 40, self.date), ("HT-BOLT", 100, self.date)])
        with self.assertRaises(UserError) as caught:
            self.env["cs.order.intake"]._cs_intake_from_file(self.customer, "po.edi", data.encode())
        self.assertIn("more than the limit of 1 lines", str(caught.exception))
