/** @odoo-module **/

import { registry } from "@web/core/registry";

// The shipped demo (test_role_tours.py): 赵敏 Zhao Min (login cs_finance) works
// in finance. Under Invoicing › Customers she finds the orders waiting in Finance
// review: 武汉长江汽配's on a credit hold (it stays), Midwest's within credit,
// which she passes on: released.
registry.category("web_tour.tours").add("sales_cs_desk_role_finance_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Invoicing",
            trigger: '.o_app[data-menu-xmlid="account.menu_finance"]',
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="account.menu_finance_receivables"]',
            run: "click",
        },
        {
            content: "Open Orders in finance review",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.sale_order_menu_cs_finance_review"]',
            run: "click",
        },
        {
            content: "Both orders wait for finance: Midwest's…",
            trigger: '.o_data_row:contains("Midwest Fleet Supply")',
        },
        {
            content: "Open 长江's order, on a credit hold",
            trigger: '.o_data_row td.o_data_cell:contains("武汉长江汽配")',
            run: "click",
        },
        {
            content: "The status bar shows the order in Finance review",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Finance review")',
        },
        {
            content: "The banner at the top says it is on a credit hold, and why",
            trigger: '.o_form_view .alert-danger:contains("Credit hold"):contains("Credit limit")',
        },
        {
            content: "Back to the list",
            trigger: '.o_breadcrumb a:contains("Orders in finance review")',
            run: "click",
        },
        {
            content: "Open Midwest's order",
            trigger: '.o_data_row td.o_data_cell:contains("Midwest Fleet Supply")',
            run: "click",
        },
        {
            content: "No credit hold on this one",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Finance review")',
        },
        {
            content: "Open the Review tab",
            trigger: '.o_form_view:not(:has(.alert-danger)) .o_notebook a.nav-link:contains("Review")',
            run: "click",
        },
        {
            content: "The credit check passed",
            trigger:
                '.o_notebook .tab-pane.active .o_field_widget[name="cs_check_ids"] .o_data_row:contains("Credit"):contains("no credit limit")',
        },
        {
            content: "Pass finance review",
            trigger: '.o_statusbar_buttons button[name="action_cs_next_stage"]:contains("Pass finance review")',
            run: "click",
        },
        {
            content: "The order is released",
            trigger: '.o_field_widget[name="cs_stage_id"]:contains("Released")',
        },
    ],
});
