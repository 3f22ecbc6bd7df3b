/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_delivery_tour.py): a specialist who owns "OTIF Tour Customer",
// one order delivered on time and one late, and the customer's scorecard for the period.
registry.category("web_tour.tours").add("sales_cs_desk_delivery_otif_tour", {
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
            content: "Open the Deliveries menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_delivery"]',
            run: "click",
        },
        {
            content: "Open CS Desk › Deliveries › Customer scorecards",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_customer_scorecard_menu"]',
            run: "click",
        },
        {
            content: "Open the customer's scorecard",
            trigger: '.o_data_row td:contains("OTIF Tour Customer")',
            run: "click",
        },
        {
            content: "The customer's score sits beside ours",
            trigger: '.o_field_widget[name="internal_otif"]:contains("50.00")',
        },
        {
            content: "Open our on-time-in-full lines of the period",
            trigger: 'button[name="action_open_otif"]',
            run: "click",
        },
        {
            content: "The pivot shows the customer's weighted OTIF",
            trigger: '.o_pivot .o_pivot_header_cell_closed:contains("OTIF Tour Customer"), .o_pivot th:contains("OTIF Tour Customer")',
        },
        {
            content: "OTIF is weighted by quantity: 10 of 20 on time",
            trigger: '.o_pivot td:contains("50.00")',
        },
    ],
});
