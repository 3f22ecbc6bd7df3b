/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_tour.py): a specialist who owns
// the customer "Tour Customer 汇通".
registry.category("web_tour.tours").add("sales_cs_desk_customer_tour", {
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
            content: "Open the Customers menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_customers_root"]',
            run: "click",
        },
        {
            content: "Open CS Desk › Customers",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.res_partner_menu_cs_customers"]',
            run: "click",
        },
        {
            content: "My customer is listed under My Customers",
            trigger: '.o_data_row td:contains("Tour Customer 汇通")',
            run: "click",
        },
        {
            content: "Open the Customer Service tab",
            trigger: '.o_notebook a.nav-link:contains("Customer Service")',
            run: "click",
        },
        {
            content: "The tab shows the customer's tier and cover",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_tier"]:contains("Key")',
        },
        {
            content: "…and who covers it today",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_cover_state"]:contains("Covered")',
        },
    ],
});
