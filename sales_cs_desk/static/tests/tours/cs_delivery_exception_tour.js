/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_delivery_exception_tour.py): a specialist who owns
// "Tour Exception Customer", its delivery TOUR/OUT/0001 of 10 bearings, and the cause "Tour picking error".
registry.category("web_tour.tours").add("sales_cs_desk_delivery_exception_tour", {
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
            content: "Open Delivery Exceptions",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_delivery_exception_menu"]',
            run: "click",
        },
        {
            content: "Record an exception",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Delivery",
            trigger: '.o_field_widget[name="picking_id"] input',
            run: "edit TOUR/OUT",
        },
        {
            content: "Pick the delivery",
            trigger: '.ui-autocomplete a:contains("TOUR/OUT/0001")',
            run: "click",
        },
        {
            content: "The delivery's lines are filled in; enter what arrived",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row td[name="received_qty"]',
            run: "click",
        },
        {
            content: "Eight bearings arrived",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row .o_field_widget[name="received_qty"] input',
            run: "edit 8",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Ship the two missing bearings again",
            trigger: 'button[name="action_replacement"]',
            run: "click",
        },
        {
            content: "Investigation tab",
            trigger: '.o_notebook a.nav-link:contains("Investigation")',
            run: "click",
        },
        {
            content: "Root cause from the catalogue",
            trigger: '.tab-pane.active .o_field_widget[name="cause_id"] input',
            run: "edit Tour picking error",
        },
        {
            content: "Pick the cause",
            trigger: '.ui-autocomplete a:contains("Tour picking error")',
            run: "click",
        },
        {
            content: "Resolved",
            trigger: 'button[name="action_resolve"]',
            run: "click",
        },
        {
            content: "The exception is resolved",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Resolved")',
        },
    ],
});
