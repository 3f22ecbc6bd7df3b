"""Two people move the same order at the same time (O3, bad input).

The moves run on two real database connections, as two browser requests
would; the order they fight over is committed first and removed afterwards.
"""

from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged

from .common import CsDeskCase


@tagged("post_install", "-at_install")
class TestConcurrentMoves(CsDeskCase):
    def _committed_order(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        partner = env["res.partner"].create({"name": "Concurrency test customer"})
        order = env["sale.order"].create({"partner_id": partner.id})
        received = env.ref("sales_cs_desk.cs_review_stage_received")
        cr.execute("UPDATE sale_order SET cs_stage_id = %s WHERE id = %s", [received.id, order.id])
        # a separate connection of the test, not the business code: the two
        # movers must see the order, so it is committed (and removed after)
        cr.commit()  # pylint: disable=invalid-commit
        return order.id, partner.id

    def test_two_moves_one_clear_error(self):
        dbname = self.env.cr.dbname
        with closing(db_connect(dbname).cursor()) as cr_setup:
            order_id, partner_id = self._committed_order(cr_setup)
            try:
                with closing(db_connect(dbname).cursor()) as cr_a, closing(db_connect(dbname).cursor()) as cr_b:
                    admin = self.env.ref("base.user_admin").id
                    env_a = api.Environment(cr_a, admin, {"tracking_disable": True})
                    env_b = api.Environment(cr_b, admin, {"tracking_disable": True})
                    cs_check = env_a.ref("sales_cs_desk.cs_review_stage_cs_check")
                    order_a = env_a["sale.order"].browse(order_id)
                    order_b = env_b["sale.order"].browse(order_id)
                    received_b = order_b.cs_stage_id  # what user B sees on screen
                    order_a._cs_move(cs_check)  # A holds the row until its request ends
                    with self.assertRaisesRegex(UserError, "Someone else is moving"):
                        order_b._cs_move(env_b["cs.review.stage"].browse(cs_check.id))
                    cr_a.commit()
                    cr_b.rollback()
                    # B tries again from the screen it still shows
                    with self.assertRaisesRegex(UserError, "moved to CS check by someone else"):
                        order_b.invalidate_recordset()
                        order_b._cs_move(env_b["cs.review.stage"].browse(cs_check.id), seen=received_b)
                    cr_b.rollback()
                    cr_a.execute("SELECT cs_stage_id FROM sale_order WHERE id = %s", [order_id])
                    self.assertEqual(cr_a.fetchone()[0], cs_check.id, "moved once, completely")
            finally:
                cr_setup.rollback()
                cr_setup.execute("DELETE FROM cs_order_check WHERE order_id = %s", [order_id])
                cr_setup.execute(
                    "DELETE FROM mail_followers WHERE res_model = 'sale.order' AND res_id = %s", [order_id]
                )
                cr_setup.execute("DELETE FROM mail_message WHERE model = 'sale.order' AND res_id = %s", [order_id])
                cr_setup.execute("DELETE FROM sale_order WHERE id = %s", [order_id])
                cr_setup.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
                cr_setup.commit()
