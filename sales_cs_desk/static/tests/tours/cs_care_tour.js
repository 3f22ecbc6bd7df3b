/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_care_tour.py): a specialist who owns
// "Care Tour Customer", a complaint category and an after-complaint rule.
registry.category("web_tour.tours").add("sales_cs_desk_care_tour", {
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
            content: "Open the Complaints menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_complaint_menu_root"]',
            run: "click",
        },
        {
            content: "Open CS Desk › Complaints",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_complaint_menu"]',
            run: "click",
        },
        {
            content: "Register a complaint",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: '.o_field_widget[name="subject"] input',
            run: "edit Care tour: scratched housings",
        },
        {
            content: "Customer",
            trigger: '.o_field_widget[name="partner_id"] input',
            run: "edit Care Tour Customer",
        },
        {
            content: "Pick the customer",
            trigger: '.ui-autocomplete a:contains("Care Tour Customer")',
            run: "click",
        },
        {
            content: "Category",
            trigger: '.o_field_widget[name="category_id"] input',
            run: "edit Care tour quality",
        },
        {
            content: "Pick the category",
            trigger: '.ui-autocomplete a:contains("Care tour quality")',
            run: "click",
        },
        {
            content: "Open the action plan",
            trigger: '.o_notebook a.nav-link:contains("Action plan")',
            run: "click",
        },
        {
            content: "Add an action",
            trigger: '.tab-pane.active .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Action",
            trigger: '.tab-pane.active .o_data_row .o_field_widget[name="name"] input',
            run: "edit Sort the stock at the customer",
        },
        {
            content: "Owner",
            trigger: '.tab-pane.active .o_data_row .o_field_widget[name="user_id"] input',
            run: "edit Care Tour Specialist",
        },
        {
            content: "Pick the owner",
            trigger: '.ui-autocomplete a:contains("Care Tour Specialist")',
            run: "click",
        },
        {
            content: "Deadline",
            trigger: '.tab-pane.active .o_data_row .o_field_widget[name="date_deadline"] input',
            run: "edit 01/15/2030",
        },
        {
            content: "Open the investigation",
            trigger: '.o_notebook a.nav-link:contains("Investigation")',
            run: "click",
        },
        {
            content: "Root cause from the catalogue",
            trigger: '.tab-pane.active .o_field_widget[name="cause_id"] input',
            run: "edit Care tour packaging",
        },
        {
            content: "Pick the cause",
            trigger: '.ui-autocomplete a:contains("Care tour packaging")',
            run: "click",
        },
        {
            content: "Open feedback and closing",
            trigger: '.o_notebook a.nav-link:contains("Feedback and closing")',
            run: "click",
        },
        {
            content: "Customer satisfaction",
            trigger: '.tab-pane.active .o_field_widget[name="satisfaction"] input',
            run: "edit 4",
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
            content: "Close the complaint",
            trigger: 'button[name="action_close"]',
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Closed")',
        },
        {
            content: "Open the revisits planned at closing",
            trigger: '.o_notebook a.nav-link:contains("Revisits")',
            run: "click",
        },
        {
            content: "The after-complaint revisit is planned",
            trigger: '.tab-pane.active .o_data_row:contains("Planned"):contains("After complaint (tour)")',
        },
    ],
});
