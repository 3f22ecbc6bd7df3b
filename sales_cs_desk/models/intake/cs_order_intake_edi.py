from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from odoo import api, fields, models
from odoo.exceptions import UserError

from .cs_intake_edi import looks_like_edifact

EDI_EXTENSIONS = (".edi", ".edifact")
EDI_SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "cs_intake_orders.edi"


class CsOrderIntake(models.Model):
    _inherit = "cs.order.intake"

    # ------------------------------------------------------------------
    # EDIFACT ORDERS through the file entry point
    # ------------------------------------------------------------------
    @api.model
    def _cs_is_edifact(self, filename, data):
        """An EDIFACT interchange, by its name or its first segment (customers send .txt or no extension)."""
        return (filename or "").lower().endswith(EDI_EXTENSIONS) or looks_like_edifact(data or b"")

    @api.model
    def _cs_intake_from_file(self, partner, filename, data, source="file", po_number=None):
        """An EDIFACT file is read by ``cs.intake.edi`` into the same rows as a CSV/XLSX line gives."""
        if not self._cs_is_edifact(filename, data):
            return super()._cs_intake_from_file(partner, filename, data, source=source, po_number=po_number)
        if not partner:
            raise UserError(self.env._("Choose the customer whose order file this is."))
        result = self.env["cs.intake.edi"]._cs_parse_edifact(data)
        rows = result["rows"]
        limit = self.env.company.cs_intake_max_rows
        if limit and len(rows) > limit:
            raise UserError(
                self.env._(
                    "%(file)s has %(count)s order lines, more than the limit of %(limit)s lines per file set in "
                    "the CS Desk settings: ask the customer to split the interchange, or a CS manager to raise "
                    "the limit.",
                    file=filename,
                    count=len(rows),
                    limit=limit,
                )
            )
        orders = result["orders"]
        for number, row in enumerate(rows, start=1):
            # the line as received (with its GTIN), before our product code replaces a known GTIN
            row["raw_text"] = " | ".join(f"{key}: {value}" for key, value in row.items() if value)
            row["line_number"] = number
        self._cs_edi_product_codes(rows)
        intake = self._cs_intake_from_rows(
            partner,
            rows,
            # the channel a file came through (e-mail, portal) says more than its format; uploads of EDI are EDI
            source="edi" if source == "file" else source,
            filename=filename,
            data=data,
            po_number=po_number or (orders[0]["po_number"] if len(orders) == 1 else None),
        )
        intake._cs_edi_note(result)
        return intake

    @api.model
    def _cs_edi_product_codes(self, rows):
        """LIN carries the item's GTIN: our product code for the GTINs that are our products' barcodes."""
        gtins = {row["product"] for row in rows if row.get("product")}
        if not gtins:
            return
        products = (
            self.env["product.product"]
            .sudo()
            .search_fetch(
                [("barcode", "in", list(gtins)), ("company_id", "in", [self.env.company.id, False])],
                ["barcode", "default_code"],
            )
        )
        codes = {product.barcode: product.default_code for product in products if product.default_code}
        for row in rows:
            row["product"] = codes.get(row.get("product"), row.get("product"))

    def _cs_edi_note(self, result):
        """The interchange's header in the chatter: who sent which order, for whom and where to."""
        interchange = result["interchange"]
        for order in result["orders"]:
            self.message_post(
                body=self.env._(
                    "EDIFACT interchange %(reference)s from %(sender)s: order %(po)s of %(date)s, buyer %(buyer)s "
                    "(%(buyer_code)s), deliver to %(ship_to)s (%(ship_to_code)s).",
                    reference=interchange["reference"],
                    sender=interchange["sender"] or "-",
                    po=order["po_number"],
                    date=order["order_date"] or "-",
                    buyer=order["buyer_name"] or "-",
                    buyer_code=order["buyer_code"] or "-",
                    ship_to=order["ship_to_name"] or "-",
                    ship_to_code=order["ship_to_code"] or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Channels: what arrives is imported or held, never lost
    # ------------------------------------------------------------------
    @api.model
    def _cs_intake_receive(self, partner, filename, data, source):
        """A file from a channel (e-mail, portal): a batch of checked lines, or a held batch with the reason.

        Unlike an upload by a CS specialist, who reads the error and fixes the file, nobody waits for the
        answer here: a file that cannot be read (truncated EDIFACT, wrong encoding, missing columns …) is
        kept as a held batch with the file and the translated reason. The savepoint drops whatever the
        failed reading had started, so nothing is half-created.
        """
        try:
            with self.env.cr.savepoint():
                return self._cs_intake_from_file(partner, filename, data, source=source)
        except UserError as error:
            return self._cs_intake_hold(partner, filename, data, source, error.args[0])

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_intake_channels(self, portal_user_id):
        """Demo batches through the channels, dated from today (demo/intake)."""
        portal_user = self.env["res.users"].browse(portal_user_id)
        company = portal_user.company_id
        if self.sudo().search_count([("filename", "=", "HT-PO-118.edi"), ("company_id", "=", company.id)]):
            return  # demo data is loaded again on every module update: once is enough
        company.cs_intake_enabled = True
        today = fields.Date.context_today(self)
        edi = EDI_SAMPLE.read_text(encoding="latin-1")
        edi = edi.replace("HT-WH-SH::92++Huitong Shanghai Plant", "HT-SH01::92++Huitong Plant 1")
        edi = edi.replace("20261130", today.strftime("%Y%m%d"))
        edi = edi.replace("20261218", (today + timedelta(days=14)).strftime("%Y%m%d"))
        edi = edi.replace("20261222", (today + timedelta(days=18)).strftime("%Y%m%d"))
        as_buyer = self.with_user(portal_user).with_company(company)
        as_buyer._cs_portal_submit(filename="HT-PO-118.edi", data=edi.encode("latin-1"))
        truncated = edi.replace("HT-PO-2026-118", "HT-PO-2026-119")[: edi.index("LIN+2")]
        as_buyer._cs_portal_submit(filename="HT-PO-119.edi", data=truncated.encode("latin-1"))
        date = (today + timedelta(days=21)).isoformat()
        csv = (
            f"料号;数量;交货日期;采购单号;行号\nHT-BD-4471;200;{date};HT-PO-2026-120;1\n"
            f"HT-BR-0210;35;{date};HT-PO-2026-120;2\n"
        )
        mails = [
            ("张伟 <zhang.wei@huitong.example.com>", "十二月订单 HT-PO-2026-120", "请查收附件订单。", "HT-PO-120.csv"),
            ("Procurement <purchasing@new-buyer.example.com>", "Purchase order NB-7", "Please confirm.", "NB-7.csv"),
        ]
        for number, (sender, subject, body, filename) in enumerate(mails):
            mail = EmailMessage()
            mail["From"], mail["To"], mail["Subject"] = sender, "orders@example.com", subject
            mail["Message-ID"] = f"<cs-intake-demo-{number}-{today.isoformat()}@example.com>"
            mail.set_content(body)
            mail.add_attachment(
                csv.encode("gb18030"), maintype="text", subtype="csv", filename=filename, params={"charset": "gb18030"}
            )
            # no alias on a demo database: the model is the gateway's fallback route, the company its values
            self.env["mail.thread"].sudo().message_process(
                self._name, mail.as_bytes(), custom_values={"company_id": company.id}
            )
