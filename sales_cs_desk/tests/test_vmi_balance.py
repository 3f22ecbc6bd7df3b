from contextlib import closing
from datetime import datetime, time, timedelta

import psycopg2

from odoo import api
from odoo.exceptions import AccessError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_vmi import VmiCase


@tagged("post_install", "-at_install")
class TestVmiDailyBalance(VmiCase):
    """The daily report reads a snapshot kept by the done-move path: it stays exact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_vmi_cover_days = 2
        today = cls._today()
        cls.d5, cls.d4, cls.d3, cls.d2, cls.d1 = (today - timedelta(days=n) for n in (5, 4, 3, 2, 1))
        cls.stock = cls.site.lot_stock_id
        cls.fill = cls._move(cls.disc, cls.supplier_location, cls.stock, 100, cls.d4)
        cls.out = cls._move(cls.disc, cls.stock, cls.customer_location, 30, cls.d2)

    def _figures(self):
        rows = self.env["cs.vmi.daily.report"].search(
            [("warehouse_id", "=", self.site.id), ("product_id", "=", self.disc.id)], order="date"
        )
        return {r.date: (r.opening_qty, r.qty_in, r.qty_out, r.closing_qty) for r in rows}

    def _closing(self, day):
        return self._figures()[day][3]

    def _drift(self):
        return self.env["cs.vmi.daily.balance"]._cs_drift(self.site)

    def test_back_dated_move_changes_every_later_day(self):
        self.assertEqual(self._closing(self.d1), 70)
        # a delivery posted today, then back-dated by the user to d3
        late = self._move(self.disc, self.stock, self.customer_location, 10, self._today(), hour=0)
        self.assertEqual(self._closing(self._today()), 60)
        late.date = datetime.combine(self.d3, time(10))
        figures = self._figures()
        self.assertEqual(figures[self.d3], (100, 0, 10, 90))
        self.assertEqual(figures[self.d2], (90, 0, 30, 60))
        self.assertEqual(figures[self.d1], (60, 0, 0, 60), "the quiet day after carries the new balance")
        self.assertEqual(figures[self._today()], (60, 0, 0, 60))
        self.assertFalse(self._drift(), "the snapshot equals a computation from the moves")

    def test_move_back_dated_before_the_first_day(self):
        self._move(self.disc, self.supplier_location, self.stock, 5, self.d5)
        figures = self._figures()
        self.assertEqual(figures[self.d5], (0, 5, 0, 5))
        self.assertEqual(figures[self.d4], (5, 100, 0, 105))
        self.assertEqual(figures[self.d1][3], 75)
        self.assertFalse(self._drift())

    def test_cancelled_done_moves_leave_the_report(self):
        # a done move set back to cancelled (a correction by another module or a script)
        self.out.state = "cancel"
        self.assertEqual(self._figures()[self.d2], (100, 0, 0, 100))
        self.assertEqual(self._closing(self._today()), 100)
        self.assertFalse(self._drift())
        self.fill.state = "cancel"
        self.assertFalse(self._figures(), "no done move left, no line")
        self.assertFalse(self._drift())

    def test_corrected_quantity(self):
        self.out.product_uom_qty = 25
        self.assertEqual(self._figures()[self.d2], (100, 0, 25, 75))
        self.assertEqual(self._closing(self._today()), 75)
        self.assertFalse(self._drift())

    def test_one_day_filter_and_days_of_cover(self):
        rows = self.env["cs.vmi.daily.report"].search([("warehouse_id", "=", self.site.id), ("date", "=", self.d1)])
        self.assertEqual(rows.mapped("closing_qty"), [70])
        # window 2 days: d2 (30 out) and d1 (quiet) → 15 a day
        self.assertAlmostEqual(rows.avg_daily_out, 15)
        self.assertAlmostEqual(rows.days_of_cover, 70 / 15, places=2)

    def test_site_switch_rebuilds_and_verification_repairs(self):
        self.site.cs_is_vmi = False
        self.assertFalse(self._figures())
        self.site.cs_is_vmi = True
        self.assertEqual(self._closing(self.d1), 70)
        # a move written by SQL (an import, a script): the nightly job finds and repairs the drift
        self.env.cr.execute(
            "UPDATE stock_move SET product_qty = 40, product_uom_qty = 40, quantity = 40 WHERE id = %s",
            [self.out.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self._closing(self.d1), 70, "the snapshot does not see SQL writes")
        with self.assertLogs("odoo.addons.sales_cs_desk.models.vmi.cs_vmi_daily_balance", "WARNING"):
            repaired = self.env["cs.vmi.daily.balance"]._cron_cs_verify_balances(batch_size=10)
        self.assertEqual(repaired, 1)
        self.assertEqual(self._closing(self.d1), 60)
        self.assertEqual(self.site.cs_vmi_balance_checked, self._today())
        self.assertEqual(
            self.env["cs.vmi.daily.balance"]._cron_cs_verify_balances(batch_size=10), 0, "checked once a day"
        )

    def test_snapshot_is_read_only_for_users(self):
        Balance = self.env["cs.vmi.daily.balance"]
        rows = Balance.with_user(self.supervisor).search([("warehouse_id", "=", self.site.id)])
        self.assertEqual(rows.mapped("closing_qty"), [100, 70])
        with self.assertRaises(AccessError):
            rows.with_user(self.supervisor).write({"closing_qty": 1})
        with self.assertRaises(AccessError):
            Balance.with_user(self.specialist).search([])


@tagged("post_install", "-at_install")
class TestVmiDailyBalanceConcurrency(VmiCase):
    def test_two_refreshes_of_one_product_do_not_mix(self):  # pylint: disable=invalid-commit
        """Two transactions refreshing the same site and product: the later one is rolled back and retried.

        Run on two real connections, as two workers validating deliveries of
        the same product at the same site; the later transaction started
        before the first committed, so its view of the moves is stale: it
        must fail with a serialization error (which Odoo retries), not
        write a snapshot that misses the other's move.
        """
        dbname = self.env.cr.dbname
        key = {(self.main.id, -4242): self._today()}  # a key no real product uses
        admin = self.env.ref("base.user_admin").id
        try:
            with closing(db_connect(dbname).cursor()) as cr_a, closing(db_connect(dbname).cursor()) as cr_b:
                balance_a = api.Environment(cr_a, admin, {})["cs.vmi.daily.balance"]
                balance_b = api.Environment(cr_b, admin, {})["cs.vmi.daily.balance"]
                cr_b.execute("SELECT 1")  # B's snapshot is taken
                balance_a._cs_refresh(key)
                cr_a.commit()
                with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
                    balance_b._cs_refresh(key)
                cr_b.rollback()
                balance_b._cs_refresh(key)  # the retry, with a fresh snapshot
                cr_b.commit()
        finally:
            with closing(db_connect(dbname).cursor()) as cr:
                cr.execute("DELETE FROM cs_vmi_daily_balance_lock WHERE product_id = -4242")
                cr.commit()  # pylint: disable=invalid-commit
