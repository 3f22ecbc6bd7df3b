/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_review_tour.py): review switched on,
// an order of the specialist's customer "Tour Review Customer" in CS check.
registry.category("web_tour.tours").add("sales_cs_desk_review_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the CS Desk app",
            trigger: '.o_app[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Orders menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_orders"]',
            run: "click",
        },
        {
            content: "Open the review queue",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.sale_order_menu_cs_review_queue"]',
            run: "click",
        },
        {
            content: "The queue shows the stages as columns",
            trigger: '.o_kanban_group .o_column_title:contains("Supervisor review")',
        },
        {
            content: "The order waits in CS check with the reason of its rank",
            trigger: '.o_kanban_record:contains("Tour Review Customer"):contains("waiting")',
            run: "click",
        },
        {
            content: "Open the Review tab",
            trigger: '.o_notebook a.nav-link:contains("Review")',
            run: "click",
        },
        {
            content: "The checks are listed",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_check_ids"] .o_data_row:contains("Completeness")',
        },
        {
            content: "Move the order on",
            trigger: 'button[name="action_cs_next_stage"]',
            run: "click",
        },
        {
            content: "The order is now in Supervisor review",
            trigger: '.o_field_widget[name="cs_stage_id"]:contains("Supervisor review")',
        },
    ],
});
