# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The demo's story: what XML cannot tell (issue 14).

Called once by the last demo file; never by the application. Orders move
through the review as the demo users would (the review's own methods, no
writes of stages), deliveries are validated and then dated back — the dates
of done moves are what the container ageing, the statements and the VMI
daily report read — so that every CS Desk screen has something to show,
relative to today.
"""

import base64
from datetime import datetime, time, timedelta

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _cs_demo_story(self):
        """Tell the demo's story in this company (the demo company); a second call does nothing."""
        self.ensure_one()
        ref = self.env.ref
        first = ref("sales_cs_desk.sale_order_review_closed_huitong_1_demo", raise_if_not_found=False)
        if not first or first.state != "draft":
            return True  # told already
        company = self.sudo()
        users = {
            name: ref(f"sales_cs_desk.res_users_cs_{name}_demo")
            for name in ("specialist", "backup", "supervisor", "finance")
        }
        company._cs_demo_stock()
        # the review's history happened before today's receivables (demo/receivables, loaded earlier,
        # sets today's credit limits): the orders released back then were released within credit
        use_credit_limit = company.account_use_credit_limit
        company.account_use_credit_limit = False
        company._cs_demo_review(users)
        company.account_use_credit_limit = use_credit_limit
        # the orders waiting in a stage that checks credit read today's: 长江's waits in Finance review on a hold
        in_review = self.env["sale.order"].search(self.env["sale.order"]._cs_in_queue_domain(company))
        in_review.filtered("cs_stage_id.check_credit")._cs_run_checks(kinds={"credit"})
        company._cs_demo_containers(users)
        company._cs_demo_vmi()
        company._cs_demo_follow_ups(users)
        # brake discs are short (60 free) against the orders waiting in review: shortage allocation decides
        company._cs_demo_set_stock(ref("sales_cs_desk.product_brake_disc_demo"), free=60)
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @staticmethod
    def _cs_demo_day(days, hour=10):
        """``days`` ago at ``hour`` UTC (today: now)."""
        if days <= 0:
            return fields.Datetime.now().replace(microsecond=0)
        return datetime.combine(fields.Date.today() - timedelta(days=days), time(hour))

    def _cs_demo_main_warehouse(self):
        return self.env["stock.warehouse"].search([("company_id", "=", self.id), ("cs_is_vmi", "=", False)], limit=1)

    def _cs_demo_date_moves(self, moves, when):
        moves.write({"date": when})
        moves.move_line_ids.write({"date": when})

    def _cs_demo_set_stock(self, product, free):
        """Count ``product`` in the main warehouse so that ``free`` units are not reserved."""
        location = self._cs_demo_main_warehouse().lot_stock_id
        quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quant = quant.search([("product_id", "=", product.id), ("location_id", "=", location.id)], limit=1) or (
            quant.create({"product_id": product.id, "location_id": location.id})
        )
        quant.inventory_quantity = quant.reserved_quantity + free
        quant.action_apply_inventory()
        return quant

    def _cs_demo_deliver(self, order, days, ratio=1.0):
        """Validate the order's delivery (``ratio`` of it, the rest backordered) and date it ``days`` back."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))[:1]
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty * ratio
            move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        when = self._cs_demo_day(days)
        picking.date_done = when
        picking.invalidate_recordset(["cs_container_move_ids"])  # booked by the validation
        self._cs_demo_date_moves(picking.move_ids | picking.cs_container_move_ids, when)
        return when

    # ------------------------------------------------------------------
    # Chapters
    # ------------------------------------------------------------------
    def _cs_demo_stock(self):
        """Stock in the main warehouse, counted four months ago."""
        ref = self.env.ref
        quants = self.env["stock.quant"]
        for xmlid, qty in (
            ("product_brake_disc_demo", 3000),
            ("product_bracket_demo", 5000),
            ("product_caliper_demo", 400),
            ("product_tile_demo", 20000),
            ("product_coating_demo", 600),
        ):
            quants |= self._cs_demo_set_stock(ref(f"sales_cs_desk.{xmlid}"), free=qty)
        # empty containers for the story's deliveries: the deliveries validated by the other demo files
        # took the counted ones, and a delivery without containers books none (nothing to age or state)
        for xmlid, qty in (("product_tote_demo", 200), ("product_cage_demo", 40)):
            self._cs_demo_set_stock(ref(f"sales_cs_desk.{xmlid}"), free=qty)
        moves = self.env["stock.move"].search(
            [("is_inventory", "=", True), ("product_id", "in", quants.product_id.ids), ("state", "=", "done")]
        )
        self._cs_demo_date_moves(moves, self._cs_demo_day(120))

    def _cs_demo_review(self, users):
        """Every review stage: each order moved on by the stage's owner, released, shipped, closed."""
        ref = self.env.ref
        stage = {
            name: ref(f"sales_cs_desk.cs_review_stage_{name}")
            for name in ("received", "cs_check", "supervisor", "finance", "released")
        }
        absent = self.env["res.users"]._cs_absent_today()

        def desk_user(rec):
            """Who handles the customer in CS today; the supervisor when that person is away."""
            user = rec.partner_id.commercial_partner_id.cs_covering_user_id
            return user if user and user not in absent else users["supervisor"]

        # who moves an order on from each review stage: the stage's owner
        mover = {
            stage["received"]: desk_user,
            stage["cs_check"]: desk_user,
            stage["supervisor"]: lambda rec: users["supervisor"],
            stage["finance"]: lambda rec: users["finance"],
        }

        def order(name):
            return ref(f"sales_cs_desk.sale_order_review_{name}_demo")

        def move_to(rec, target):
            while (rec.cs_stage_id.sequence, rec.cs_stage_id.id) < (target.sequence, target.id):
                user = mover[rec.cs_stage_id](rec)
                rec.with_user(user).with_context(cs_stage_seen_id=rec.cs_stage_id.id).action_cs_next_stage()
                # each move is its own request in real use: its tracking (who moved it, which the staff
                # KPIs count) is written now, not merged into one change at the end of the demo
                self.env.cr.precommit.run()

        # in review: CS check (short brake discs), supervisor (discount), finance (credit)
        move_to(order("short_changjiang"), stage["cs_check"])
        move_to(ref("sales_cs_desk.sale_order_review_discount_demo"), stage["supervisor"])
        move_to(order("finance_changjiang"), stage["finance"])
        move_to(order("finance_midwest"), stage["finance"])
        # released: today, late (ship-by passed), shipped in part, delivered, closed
        done = {
            "closed_huitong_1": 100,
            "closed_huitong_2": 75,
            "closed_nordwerk": 50,
            "delivered_huitong_1": 40,
            "delivered_huitong_2": 10,
        }
        released = {name: days + 2 for name, days in done.items()}
        released.update(shipped_jinggong=8, late_anju=8, released_gzjc=0)
        for name, days in released.items():
            rec = order(name)
            move_to(rec, stage["released"])
            when = self._cs_demo_day(days, hour=2)
            rec.write(
                {
                    "date_order": when,
                    "cs_received_date": when - timedelta(hours=1),
                    "cs_released_date": when,
                    "cs_ship_by_date": rec._cs_ship_by(when),
                }
            )
        self._cs_demo_deliver(order("shipped_jinggong"), 5, ratio=0.6)
        for name, days in done.items():
            rec = order(name)
            when = self._cs_demo_deliver(rec, days)
            rec.write({"cs_shipped_date": when, "cs_delivered_date": when})
        order("shipped_jinggong").cs_shipped_date = self._cs_demo_day(5)
        # the customers confirmed receipt of the oldest ones: the desk closes them
        for name in ("closed_huitong_1", "closed_huitong_2", "closed_nordwerk"):
            rec = order(name)
            rec.with_user(desk_user(rec)).action_cs_confirm_receipt()
            rec.cs_closed_date = (rec.cs_delivered_date + timedelta(days=3)).date()
        # the late release is escalated to the duty supervisor, as the daily job does
        self.env["sale.order"]._cs_escalate_late_releases()

    def _cs_demo_containers(self, users):
        """Totes back from 汇通 Huitong; a confirmed and a disputed statement."""
        ref = self.env.ref
        huitong = ref("sales_cs_desk.res_partner_huitong_demo")
        nordwerk = ref("sales_cs_desk.res_partner_nordwerk_demo")
        stock = self._cs_demo_main_warehouse().lot_stock_id
        self.env["stock.move"]._cs_container_post(
            [
                {
                    "partner": huitong,
                    "company": self,
                    "product": ref("sales_cs_desk.product_tote_demo"),
                    "qty": 10,
                    "kind": "return",
                    "location": self.env["stock.location"]._cs_container_location(huitong, self),
                    "location_dest": stock,
                    "date": self._cs_demo_day(20),
                    "reference": self.env._("Empty totes back with the driver"),
                }
            ]
        )
        today = fields.Date.today()
        Statement = self.env["cs.container.statement"]
        confirmed = Statement.create(
            {
                "partner_id": huitong.id,
                "company_id": self.id,
                "date_from": today - timedelta(days=120),
                "date_to": today - timedelta(days=31),
                "confirmed_by": "张经理 Zhang (采购部 Purchasing)",
            }
        )
        confirmed.with_user(users["supervisor"]).action_confirm()
        disputed = Statement.create(
            {
                "partner_id": nordwerk.id,
                "company_id": self.id,
                "date_from": today - timedelta(days=60),
                "date_to": today - timedelta(days=1),
                "dispute_reason": "Nordwerk counts 2 pallet cages on site, not 3: one cage may have gone back "
                "with the forwarder.",
            }
        )
        disputed.with_user(users["supervisor"]).action_dispute()

    def _cs_demo_vmi(self):
        """Five weeks of movements at the two VMI sites: weekly resupply, daily consumption."""
        ref = self.env.ref
        sites = {
            ref("sales_cs_desk.stock_warehouse_vmi_huitong_demo"): (
                (ref("sales_cs_desk.product_brake_disc_demo"), 12, 80),
                (ref("sales_cs_desk.product_bracket_demo"), 40, 250),
            ),
            ref("sales_cs_desk.stock_warehouse_vmi_jinggong_demo"): (
                (ref("sales_cs_desk.product_caliper_demo"), 4, 30),
            ),
        }
        Move = self.env["stock.move"]
        main = self._cs_demo_main_warehouse()
        customers = self.env.ref("stock.stock_location_customers")
        # the opening count at the sites, five weeks ago
        opening = Move.search(
            [("is_inventory", "=", True), ("location_dest_id", "in", [s.lot_stock_id.id for s in sites])]
        )
        self._cs_demo_date_moves(opening, self._cs_demo_day(36, hour=1))
        for site, products in sites.items():
            resupply = self.env._("%(site)s: resupply from the main warehouse", site=site.name)
            consumption = self.env._("%(site)s: customer consumption", site=site.name)
            for days in range(35, -1, -1):
                day = fields.Date.today() - timedelta(days=days)
                for product, daily_out, weekly_in in products:
                    flows = []
                    if days % 7 == 3:
                        flows.append((main.lot_stock_id, site.lot_stock_id, weekly_in, 3, resupply))
                    if day.weekday() < 5:
                        flows.append((site.lot_stock_id, customers, daily_out + days % 3, 9, consumption))
                    for source, dest, qty, hour, name in flows:
                        move = Move.create(
                            {
                                "name": name,
                                "company_id": self.id,
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": qty,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                                "partner_id": site.cs_vmi_partner_id.id,
                                "picked": True,
                                "move_line_ids": [
                                    fields.Command.create(
                                        {
                                            "product_id": product.id,
                                            "product_uom_id": product.uom_id.id,
                                            "quantity": qty,
                                            "location_id": source.id,
                                            "location_dest_id": dest.id,
                                        }
                                    )
                                ],
                            }
                        )
                        move._action_done()
                        self._cs_demo_date_moves(move, self._cs_demo_day(days, hour=hour))

    def _cs_demo_follow_ups(self, users):
        """What the desk finds this morning: a change request, a safety-stock alert, a 3PL file to check."""
        ref = self.env.ref
        today = fields.Date.today()
        order = ref("sales_cs_desk.sale_order_review_released_gzjc_demo")
        change = (
            self.env["cs.order.change"]
            .with_user(users["specialist"])
            .create(
                {
                    "order_id": order.id,
                    "kind": "date",
                    "new_date": today + timedelta(days=14),
                    "reason": "工地延期两周开工 The building site starts two weeks later.",
                }
            )
        )
        change.action_submit()
        # the daily job: 精工's calipers at its VMI site are below their minimum
        self.env["cs.vmi.stock.alert"]._cron_cs_stock_alerts()
        # 顺丰's stock file of yesterday for the 汇通 site, by the customer's part numbers: brackets are 20 short
        site = ref("sales_cs_desk.stock_warehouse_vmi_huitong_demo")
        yesterday = today - timedelta(days=1)
        closing = {
            row.product_id: row.closing_qty
            for row in self.env["cs.vmi.daily.report"].search(
                [("warehouse_id", "=", site.id), ("date", "=", yesterday)]
            )
        }
        disc, bracket = ref("sales_cs_desk.product_brake_disc_demo"), ref("sales_cs_desk.product_bracket_demo")
        content = (
            "product,date,quantity\n"
            f"HT-BD-4471,{yesterday},{closing.get(disc, 0):g}\n"
            f"HT-BR-0210,{yesterday},{closing.get(bracket, 0) - 20:g}\n"
        )
        reconcile = (
            self.env["cs.vmi.reconcile"]
            .with_user(users["supervisor"])
            .create(
                {
                    "warehouse_id": site.id,
                    "file": base64.b64encode(content.encode()),
                    "filename": f"SF_HTVMI_{yesterday:%Y%m%d}.csv",
                }
            )
        )
        reconcile.action_load_file()
