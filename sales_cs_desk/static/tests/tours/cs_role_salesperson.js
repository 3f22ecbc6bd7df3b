/** @odoo-module **/

import { registry } from "@web/core/registry";

// The shipped demo (test_role_tours.py): Marc Demo (login demo), a salesperson
// who sees his own documents, opens his quotation for 广州建材 held in the review.
registry.category("web_tour.tours").add("sales_cs_desk_role_salesperson_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "No CS Desk app for a salesperson",
            trigger:
                '.o-dropdown--menu:has(.o_app[data-menu-xmlid="sale.sale_menu_root"]):not(:has(.o_app[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_root"]))',
        },
        {
            content: "Open Sales",
            trigger: '.o_app[data-menu-xmlid="sale.sale_menu_root"]',
            run: "click",
        },
        {
            content: "My quotation is listed, in the review",
            trigger: '.o_data_row td.o_data_cell:contains("广州建材贸易有限公司")',
            run: "click",
        },
        {
            content: "The review stages are the status bar, the order in Received",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Received")',
        },
        {
            content: "The banner at the top says what blocks it",
            trigger: '.o_form_view .alert-danger:contains("Blocked in the review"):contains("requested delivery date")',
        },
        {
            content: "No Confirm while the review decides, and no review move: that is the desk's",
            trigger:
                '.o_statusbar_buttons:not(:has(button[name="action_confirm"])):not(:has(button[name="action_cs_next_stage"]))',
        },
        {
            content: "Open the Review tab",
            trigger: '.o_notebook a.nav-link:contains("Review")',
            run: "click",
        },
        {
            content: "Who handles the order in CS",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_handled_by_id"]:contains("Chen Jing")',
        },
        {
            content: "The checks, read-only",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_check_ids"] .o_data_row:contains("Completeness")',
        },
        {
            content: "Open the Orders menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sale.sale_order_menu"]',
            run: "click",
        },
        {
            content: "Open Customers",
            trigger: '.o-dropdown-item[data-menu-xmlid="sale.res_partner_menu"]',
            run: "click",
        },
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit 广州建材",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: '.o_kanban_record:contains("广州建材贸易有限公司")',
            run: "click",
        },
        {
            content: "The customer form opens",
            trigger: '.o_form_view .o_field_widget[name="name"]:contains("广州建材"), .o_form_view .o_field_widget[name="name"] input',
        },
        {
            content: "No Customer Service tab: the CS records are the desk's",
            trigger: '.o_notebook .nav:not(:has(a.nav-link:contains("Customer Service")))',
        },
    ],
});
