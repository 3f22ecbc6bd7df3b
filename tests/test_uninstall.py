"""The module uninstalls cleanly and leaves sale and stock working.

Run by ``make test`` after the module's own suite, on the same throwaway
database (it really uninstalls, so it runs last and alone).
"""

import threading

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def test_uninstall_leaves_sale_and_stock_working():
    db = odoo.tools.config["db_name"]
    # A real, committed uninstall, as an administrator does it: Odoo forbids
    # module operations in its (transactional) test mode, and this database
    # is thrown away afterwards.
    thread = threading.current_thread()
    testing, thread.testing = getattr(thread, "testing", False), False
    test_enable, odoo.tools.config["test_enable"] = odoo.tools.config["test_enable"], False
    try:
        with Registry(db).cursor() as cr:
            env = _env(cr)
            module = env["ir.module.module"].search([("name", "=", "sales_cs_desk")])
            assert module.state == "installed"
            module.button_immediate_uninstall()
    finally:
        thread.testing = testing
        odoo.tools.config["test_enable"] = test_enable

    with Registry(db).cursor() as cr:
        env = _env(cr)
        module = env["ir.module.module"].search([("name", "=", "sales_cs_desk")])
        assert module.state == "uninstalled"
        assert "cs_user_id" not in env["res.partner"]._fields
        cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name LIKE 'cs\\_%%'"
        )
        assert cr.fetchall() == [], "the module's columns are dropped"
        cr.execute("SELECT count(*) FROM ir_model WHERE model LIKE 'cs.%%'")
        assert cr.fetchone()[0] == 0

        # Sale and stock still work end to end: quote, confirm, deliver.
        customer = env["res.partner"].create({"name": "After uninstall"})
        product = env["product.product"].create({"name": "Disc", "is_storable": True, "list_price": 10})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        order = env["sale.order"].create(
            {"partner_id": customer.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 3})]}
        )
        order.action_confirm()
        assert order.state == "sale"
        picking = order.picking_ids
        picking.move_ids.quantity = 3
        picking.button_validate()
        assert picking.state == "done"
        assert order.order_line.qty_delivered == 3
        cr.rollback()
