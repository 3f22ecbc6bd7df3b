# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sales Customer Service Desk",
    "summary": "Sales customer-service desk (销售客服): customer ownership, "
    "backup cover, grading and confidential CS records",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-cs-desk/sales_cs_desk",
    "author": "sales_cs_desk contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["sale_management", "sale_stock", "stock_delivery", "mail"],
    "data": [
        "security/sales_cs_desk_groups.xml",
        "security/ir.model.access.csv",
        "security/cs_absence_security.xml",
        "security/cs_customer_note_security.xml",
        "data/cs_weekday_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/cs_absence_views.xml",
        "views/cs_customer_note_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_cs_desk_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/product_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/cs_demo_post.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_cs_desk/static/tests/tours/*.js",
        ],
    },
}
