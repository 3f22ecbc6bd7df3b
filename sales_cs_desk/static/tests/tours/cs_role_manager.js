/** @odoo-module **/

import { registry } from "@web/core/registry";

// The shipped demo (test_role_tours.py): the administrator, CS manager, opens
// Settings › CS Desk, switches complaints off and saves; the Complaints menu goes.
registry.category("web_tour.tours").add("sales_cs_desk_role_manager_tour", {
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
            content: "Complaints are on: their menu is there",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_complaint_menu_root"]',
        },
        {
            content: "Open Configuration",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_config"]',
            run: "click",
        },
        {
            content: "Open Settings",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.res_config_settings_menu"]',
            run: "click",
        },
        {
            content: "The CS Desk settings show the switches",
            trigger: '.app_settings_block[data-key="sales_cs_desk"] #cs_review_required',
        },
        {
            content: "…the complaints switch among them, on",
            trigger: '#cs_complaints_enabled .o_field_widget[name="cs_complaints_enabled"] input:checked',
        },
        {
            content: "Switch complaints off",
            trigger: '#cs_complaints_enabled .o_field_widget[name="cs_complaints_enabled"] input',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved and reloaded: the switch is off",
            trigger: '#cs_complaints_enabled .o_field_widget[name="cs_complaints_enabled"] input:not(:checked)',
        },
        {
            content: "Back to the apps",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the CS Desk app again",
            trigger: '.o_app[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_root"]',
            run: "click",
        },
        {
            content: "The menu follows: no Complaints menu any more",
            trigger:
                '.o_main_navbar:has(button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_config"]):not(:has(button[data-menu-xmlid="sales_cs_desk.cs_complaint_menu_root"]))',
        },
    ],
});
