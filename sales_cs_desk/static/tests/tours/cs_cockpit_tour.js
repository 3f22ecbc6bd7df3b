/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_cockpit_tour.py): a CS supervisor, revisits switched on, a revisit
// "Cockpit tour: due today" and one due next week.
registry.category("web_tour.tours").add("sales_cs_desk_cockpit_tour", {
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
            content: "The app opens on the overview, with the team's tiles",
            trigger: ".o_cs_desk_overview .o_cs_overview_team .o_cs_tile",
        },
        {
            content: "Follow the team's 'Revisits due today' tile",
            trigger: ".o_cs_overview_team .o_cs_tile_revisits_today .o_cs_tile_open:contains(1)",
            run: "click",
        },
        {
            content: "The list behind the number: the revisit due today",
            trigger: '.o_list_view .o_data_row:contains("Cockpit tour: due today")',
        },
        {
            content: "Only that one: the revisit due next week is not in it",
            trigger: '.o_list_view:not(:has(.o_data_row:contains("Cockpit tour: next week")))',
        },
        {
            content: "Back to the overview through the breadcrumb",
            trigger: '.o_breadcrumb .breadcrumb-item a:contains("Overview")',
            run: "click",
        },
        {
            content: "The overview again",
            trigger: ".o_cs_desk_overview .o_cs_overview_mine",
        },
    ],
});
