from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import CsDeskCase


class CsReviewCase(CsDeskCase):
    """Review switched on, a stocked product, a complete customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_review_required = True
        cls.finance = new_test_user(
            cls.env,
            "cs_test_finance",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
            name="Finance",
        )
        cls.customer.write({"street": "1 Harbour Road", "city": "Ningbo"})
        cls.other_customer.write({"street": "2 Ring Road", "city": "Wolfsburg"})
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.product = cls.env["product.product"].create(
            {"name": "Brake disc", "is_storable": True, "list_price": 100.0, "type": "consu"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100.0)
        Stage = cls.env["cs.review.stage"]
        cls.received = cls.env.ref("sales_cs_desk.cs_review_stage_received")
        cls.cs_check = cls.env.ref("sales_cs_desk.cs_review_stage_cs_check")
        cls.supervisor_stage = cls.env.ref("sales_cs_desk.cs_review_stage_supervisor")
        cls.finance_stage = cls.env.ref("sales_cs_desk.cs_review_stage_finance")
        cls.released = cls.env.ref("sales_cs_desk.cs_review_stage_released")
        cls.shipped = Stage._cs_stage_of_type("shipped")
        cls.delivered = Stage._cs_stage_of_type("delivered")
        cls.closed = Stage._cs_stage_of_type("closed")

    @classmethod
    def _order(cls, customer=None, qty=10.0, price=None, tracking=False, **vals):
        line = {"product_id": cls.product.id, "product_uom_qty": qty}
        if price is not None:
            line["price_unit"] = price
        orders = cls.env["sale.order"].with_context(tracking_disable=not tracking)
        return orders.create(
            {
                "partner_id": (customer or cls.customer).id,
                "payment_term_id": cls.payment_term.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=7),
                "order_line": [Command.create(line)],
                **vals,
            }
        )

    def _move_to(self, order, stage, user):
        order.with_user(user)._cs_move(stage)

    def _release(self, order):
        for stage, user in (
            (self.cs_check, self.specialist),
            (self.supervisor_stage, self.specialist),
            (self.finance_stage, self.supervisor),
            (self.released, self.finance),
        ):
            order.with_user(user).with_context(cs_stage_seen_id=order.cs_stage_id.id).action_cs_next_stage()
            self.assertEqual(order.cs_stage_id, stage)
