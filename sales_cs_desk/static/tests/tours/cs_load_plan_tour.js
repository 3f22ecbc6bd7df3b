/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_loads_tour.py): a dispatcher (stock user),
// a "Tour truck" vehicle category and three open deliveries on the "Tour east line".
registry.category("web_tour.tours").add("sales_cs_desk_load_plan_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Inventory",
            trigger: '.o_app[data-menu-xmlid="stock.menu_stock_root"]',
            run: "click",
        },
        {
            content: "Open the Operations menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="stock.menu_stock_warehouse_mgmt"]',
            run: "click",
        },
        {
            content: "Propose Loads",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_load_proposal_menu"]',
            run: "click",
        },
        {
            content: "Vehicle category",
            trigger: '.modal .o_field_widget[name="vehicle_category_id"] input',
            run: "edit Tour truck",
        },
        {
            content: "Pick the truck",
            trigger: '.ui-autocomplete a:contains("Tour truck")',
            run: "click",
        },
        {
            content: "Propose",
            trigger: '.modal button[name="action_propose"]',
            run: "click",
        },
        {
            content: "The preview shows the loads of the east line",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:contains("Tour east line #2")',
        },
        {
            content: "Create the batches",
            trigger: '.modal button[name="action_create_batches"]',
            run: "click",
        },
        {
            content: "The batch transfers are listed",
            trigger: '.o_list_renderer .o_data_row:contains("Tour east line #1")',
        },
    ],
});
