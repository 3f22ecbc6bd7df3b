/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_inquiry_tour.py): a specialist who owns
// "Inquiry Tour Customer", and an e-mail inquiry of that customer received just now.
registry.category("web_tour.tours").add("sales_cs_desk_inquiry_answer_tour", {
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
            content: "Open the Inquiries menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_inquiry_menu_root"]',
            run: "click",
        },
        {
            content: "Open CS Desk › Inquiries › Unanswered",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_inquiry_menu_unanswered"]',
            run: "click",
        },
        {
            content: "Open the customer's inquiry",
            trigger: '.o_data_row:contains("Inquiry tour: price of 500 brackets") .o_data_cell[name="subject"]',
            run: "click",
        },
        {
            content: "Awaiting response, within target",
            trigger: '.o_field_widget[name="response_state"]:contains("Awaiting response")',
        },
        {
            content: "Write to the customer",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "The answer",
            trigger: ".o-mail-Composer-input",
            run: "edit 500 brackets: 3.20 each, shipped within 10 days.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the chatter",
            trigger: '.o-mail-Message:contains("500 brackets: 3.20 each")',
        },
        {
            content: "Back to the unanswered list",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("Unanswered Inquiries")',
            run: "click",
        },
        {
            content: "Answered: the inquiry has left the unanswered list",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Inquiry tour: price of 500 brackets")))',
        },
    ],
});
