from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.intake.cs_intake_edi import EdiError, looks_like_edifact, parse_orders

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
