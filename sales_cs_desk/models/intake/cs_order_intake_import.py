from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class CsOrderIntake(models.Model):
    """The import of a batch: ready lines into quotation lines, quotation updates or change requests.

    ``_cs_import`` (the *Create quotations* button) re-checks the open lines, then
    ``_cs_import_resent`` handles the lines whose customer PO line is already on an order and
    ``_cs_import_new`` the others; the builders ``_prepare_cs_order_vals``,
    ``_prepare_cs_order_line_vals`` and ``_prepare_cs_change_vals`` are the extension points.
    """

    _inherit = "cs.order.intake"

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def _cs_import(self):
        """Turn the ready lines into quotation lines, quotation updates or change requests."""
        self.ensure_one()
        self.check_access("write")
        self._cs_ensure_open()
        if self.state == "held" or not self.partner_id:
            raise UserError(self.env._("A held batch is not imported: read the reason, then cancel it."))
        self._cs_check()
        lines = self.line_ids.filtered(lambda ln: ln.status in ("pass", "warning"))
        if not lines:
            raise UserError(
                self.env._("No line is ready to import: fix the blocked lines or ignore them with a reason first.")
            )
        again = lines.filtered("existing_line_id")
        summary = self._cs_import_resent(again)
        summary += self._cs_import_new(lines - again)
        self._cs_update_state()
        self.message_post(body="\n".join(summary), subtype_xmlid="mail.mt_note")
        return True

    def _cs_import_resent(self, lines):
        """Lines of a re-sent PO: unchanged → linked; changed → quotation updated or change request proposed."""
        summary = []
        changes = defaultdict(list)
        for line in lines:
            existing = line.existing_line_id.sudo()
            order = existing.order_id
            qty = line.uom_id._compute_quantity(line.quantity, existing.product_uom, round=False)
            changed_qty = (
                float_compare(qty, existing.product_uom_qty, precision_rounding=existing.product_uom.rounding) != 0
            )
            changed_product = existing.product_id != line.product_id
            if not (changed_qty or changed_product):
                line.sudo().write({"status": "done", "order_line_id": existing.id})
            elif order.state in ("draft", "sent"):
                order.with_env(self.env).write(
                    {
                        "order_line": [
                            Command.update(
                                existing.id,
                                {"product_id": line.product_id.id, "product_uom_qty": qty}
                                if changed_product
                                else {"product_uom_qty": qty},
                            )
                        ]
                    }
                )
                line.sudo().write({"status": "done", "order_line_id": existing.id})
                summary.append(
                    self.env._("%(order)s updated: PO line %(line)s.", order=order.name, line=line.po_line or "-")
                )
            else:
                changes[order].append((line, existing, qty))
        summary += self._cs_import_dates(lines)
        for order, items in changes.items():
            change = self.env["cs.order.change"].create(self._prepare_cs_change_vals(order, items))
            for line, existing, _qty in items:
                line.sudo().write({"status": "done", "order_line_id": existing.id, "change_id": change.id})
            summary.append(
                self.env._(
                    "Change request proposed on confirmed order %(order)s (%(count)s lines).",
                    order=order.name,
                    count=len(items),
                )
            )
        return summary

    def _cs_import_dates(self, lines):
        """The PO's new earliest date: the quotation moves, a confirmed order gets a date change request."""
        summary = []
        for line in lines:
            if "po_date_changed" not in {anomaly["code"] for anomaly in line.anomalies or []}:
                continue
            order = line.existing_line_id.order_id.with_env(self.env)
            if order.state in ("draft", "sent"):
                order.write({"commitment_date": datetime.combine(line.requested_date, time(12))})
                summary.append(self.env._("%(order)s moved to %(date)s.", order=order.name, date=line.requested_date))
            elif order.state == "sale":
                change = self.env["cs.order.change"].create(self._prepare_cs_date_change_vals(order, line))
                line.sudo().change_id = change
                summary.append(
                    self.env._(
                        "Date change request proposed on confirmed order %(order)s (%(date)s).",
                        order=order.name,
                        date=line.requested_date,
                    )
                )
        return summary

    def _prepare_cs_date_change_vals(self, order, line):
        return {
            "order_id": order.id,
            "kind": "date",
            "new_date": line.requested_date,
            "reason": self.env._(
                "The customer re-sent PO %(po)s with a new requested date (intake batch %(batch)s).",
                po=line.po_number,
                batch=self.name,
            ),
        }

    def _prepare_cs_change_vals(self, order, items):
        return {
            "order_id": order.id,
            "kind": "quantity",
            "reason": self.env._(
                "The customer re-sent PO %(po)s with changed quantities (intake batch %(batch)s).",
                po=items[0][0].po_number,
                batch=self.name,
            ),
            "line_ids": [
                Command.create({"order_line_id": existing.id, "new_qty": qty}) for _ln, existing, qty in items
            ],
        }

    def _cs_import_new(self, lines):
        """New lines: added to the open quotation of their PO, or to a new quotation per PO and ship-to."""
        if not lines:
            return []
        Order = self.env["sale.order"]
        pos = list({line.po_number for line in lines if line.po_number})
        open_orders = (
            {
                order.client_order_ref: order
                for order in Order.search(
                    [
                        ("partner_id", "child_of", self.cs_customer_id.id),
                        ("company_id", "=", self.company_id.id),
                        ("client_order_ref", "in", pos),
                        ("state", "in", ("draft", "sent")),
                    ],
                    order="id",
                )
            }
            if pos
            else {}
        )
        groups = defaultdict(lambda: self.env["cs.order.intake.line"])
        for line in lines:
            groups[line.po_number or False, line.ship_to_id.id or False] |= line
        targets = {}
        to_create = []
        for key, group in groups.items():
            order = open_orders.get(key[0])
            if order and (not key[1] or order.partner_shipping_id.id == key[1]):
                targets[key] = order
            else:
                to_create.append((key, self._prepare_cs_order_vals(key[0], group)))
        if to_create:
            created = Order.create([vals for _key, vals in to_create])
            targets.update({key: order for (key, _vals), order in zip(to_create, created, strict=True)})
        ordered = [line for key, group in groups.items() for line in group]
        order_lines = self.env["sale.order.line"].create(
            [
                self._prepare_cs_order_line_vals(line, targets[line.po_number or False, line.ship_to_id.id or False])
                for line in ordered
            ]
        )
        for line, order_line in zip(ordered, order_lines, strict=True):
            line.sudo().write({"status": "done", "order_line_id": order_line.id})
        orders = order_lines.order_id
        return [
            self.env._(
                "%(count)s lines imported into %(orders)s.",
                count=len(order_lines),
                orders=", ".join(orders.mapped("name")),
            )
        ]

    def _prepare_cs_order_vals(self, po_number, lines):
        dates = [date for date in lines.mapped("requested_date") if date and date >= fields.Date.context_today(self)]
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "client_order_ref": po_number or False,
            "origin": self.name,
        }
        if lines[:1].ship_to_id:
            vals["partner_shipping_id"] = lines[:1].ship_to_id.id
        if dates:
            vals["commitment_date"] = datetime.combine(min(dates), time(12))
        return vals

    def _prepare_cs_order_line_vals(self, line, order):
        vals = {
            "order_id": order.id,
            "product_id": line.product_id.id,
            "product_uom_qty": line.quantity,
            "product_uom": line.uom_id.id,
            "cs_customer_po": line.po_number or False,
            "cs_customer_po_line": line.po_line or False,
            "sequence": line.sequence,
        }
        if line.raw_description:
            vals["name"] = f"{line.product_id.display_name}\n{line.raw_description}"
        return vals

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    @api.model
    def _cs_demo_batches(self):
        """Demo: customer files as they arrive, each with anomalies to handle, dated from today."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        day = lambda n: today + timedelta(days=n)  # noqa: E731
        specialist = ref("sales_cs_desk.res_users_cs_specialist_demo")
        huitong = ref("sales_cs_desk.res_partner_huitong_demo")
        nordwerk = ref("sales_cs_desk.res_partner_nordwerk_demo")
        Intake = self.with_user(specialist).with_company(ref("base.main_company"))
        # Huitong: its own Chinese headers, GB18030, two ship-to codes; an unknown part and an unknown plant
        rows = [
            "客户料号;数量;单位;交货日期;收货地;单价;采购单号;行号",
            f"HT-BD-4471;200;个;{day(21).isoformat()};HT-SH01;185;HT4500-{today:%m%d};10",
            f"HT-BR-0210;1000;;{day(21).isoformat()};HT-SH01;12,5;HT4500-{today:%m%d};20",
            f"HT-BR-0299;500;;{day(28).isoformat()};HT-SH02;12,5;HT4500-{today:%m%d};30",
            f"HT-BD-4471;130;个;{day(2).isoformat()};HT-SH09;160;HT4500-{today:%m%d};40",
        ]
        first = Intake._cs_intake_from_file(
            huitong, f"汇通采购订单_{today:%Y%m%d}.csv", ("\n".join(rows) + "\n").encode("gb18030")
        )
        # the plant code is fixed, the unknown part waits for the customer's answer; the rest is imported
        line = first.line_ids.filtered(lambda ln: ln.raw_ship_to == "HT-SH09")
        line.write({"raw_ship_to": "HT-SH02"})
        first.action_import()
        # Nordwerk: English, day-first dates, one line repeated, one quantity typed as text
        rows = [
            "Material;Order qty;Delivery date;PO number;Pos",
            f"BD-220;40;{day(30):%d.%m.%Y};NW-77{today:%m%d};1",
            f"MB-40;two hundred;{day(30):%d.%m.%Y};NW-77{today:%m%d};2",
            f"MB-40;200;{day(30):%d.%m.%Y};NW-77{today:%m%d};2",
        ]
        Intake.with_user(ref("sales_cs_desk.res_users_cs_backup_demo"))._cs_intake_from_file(
            nordwerk, f"NW-77{today:%m%d}.csv", ("\n".join(rows) + "\n").encode()
        )
        return True
