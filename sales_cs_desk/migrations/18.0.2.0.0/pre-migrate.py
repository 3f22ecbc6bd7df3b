"""18.0.2.0.0 — the desk's fields on Odoo's models carry ``groups=`` (docs/SECURITY.md).

While the module updates, Odoo validates views against the *old* arch of the
review's order form extension, which showed the review banner and the credit
hold to every reader of an order. With the new groups on ``cs_stage_id`` and
``cs_credit_hold`` that old arch logs an access-rights warning before the new
one is loaded. Emptying it here avoids the warning; the update then loads the
view from ``views/review/sale_order_views.xml`` as usual.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_ui_view v
           SET arch_db = jsonb_build_object('en_US', '<data/>')
          FROM ir_model_data d
         WHERE d.module = 'sales_cs_desk'
           AND d.model = 'ir.ui.view'
           AND d.name = 'sale_order_view_form'
           AND v.id = d.res_id
        """
    )
