/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_vmi_tour.py): a specialist whose
// customer has the VMI site "Tour VMI 汇通", where 100 brake discs arrived
// the day before yesterday and 30 went out yesterday.
registry.category("web_tour.tours").add("sales_cs_desk_vmi_daily_report_tour", {
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
            content: "Open the VMI menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.cs_vmi_menu_root"]',
            run: "click",
        },
        {
            content: "Open VMI › VMI Sites",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_vmi_site_menu"]',
            run: "click",
        },
        {
            content: "Open the daily report of my customer's site",
            trigger: '.o_data_row:contains("Tour VMI 汇通") button[name="action_cs_vmi_daily_report"]',
            run: "click",
        },
        {
            content: "The report opens on yesterday",
            trigger: '.o_searchview .o_facet_value:contains("Yesterday")',
        },
        {
            content: "Yesterday's line: 30 out, 70 left",
            trigger: '.o_data_row:contains("Tour brake disc"):has(td[name="qty_out"]:contains("30.00")):has(td[name="closing_qty"]:contains("70.00"))',
        },
    ],
});
