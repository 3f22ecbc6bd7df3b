/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_container_tour.py): a specialist whose
// customer "Tour Containers 汇通" holds 5 "Tour Tote" containers.
registry.category("web_tour.tours").add("sales_cs_desk_container_receive_tour", {
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
            content: "Open the Containers menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_container_menu_root"]',
            run: "click",
        },
        {
            content: "Open Containers › Balances",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_container_balance_menu"]',
            run: "click",
        },
        {
            content: "The customer holds 5 totes",
            trigger: '.o_data_row:contains("Tour Containers 汇通") td[name="balance"]:contains("5")',
        },
        {
            content: "Open the Containers menu again",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_container_menu_root"]',
            run: "click",
        },
        {
            content: "Open Containers › Receive Empty Containers",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_container_receive_menu"]',
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: '.modal div[name="partner_id"] input',
            run: "edit Tour Containers",
        },
        {
            content: "Pick it from the list",
            trigger: '.ui-menu-item > a:contains("Tour Containers 汇通")',
            run: "click",
        },
        {
            content: "Choose the container",
            trigger: '.modal div[name="product_id"] input',
            run: "edit Tour Tote",
        },
        {
            content: "Pick it from the list",
            trigger: '.ui-menu-item > a:contains("Tour Tote")',
            run: "click",
        },
        {
            content: "The dialog shows what the customer holds",
            trigger: '.modal div[name="held"]:contains("5")',
        },
        {
            content: "Two totes came back",
            trigger: '.modal div[name="quantity"] input',
            run: "edit 2",
        },
        {
            content: "Receive them",
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The balance dropped to 3",
            trigger: '.o_data_row:contains("Tour Containers 汇通") td[name="balance"]:contains("3")',
        },
    ],
});
