/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_intake_tour.py): intake and review switched on, the
// specialist's customer "Tour Intake Customer" with the items TOUR-BOLT and TOUR-NUT.
const CSV = [
    "Part No;Qty;PO;PO line",
    "TOUR-BOLT;20;TOUR-PO;10",
    "TOUR-XX;5;TOUR-PO;20",
    "TOUR-NUT;abc;TOUR-PO;30",
].join("\n");

registry.category("web_tour.tours").add("sales_cs_desk_intake_tour", {
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
            content: "Open the Orders menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_orders"]',
            run: "click",
        },
        {
            content: "Import a customer order file",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.cs_order_intake_upload_menu"]',
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: '.modal div[name="partner_id"] input',
            run: "edit Tour Intake",
        },
        {
            content: "Pick it from the list",
            trigger: '.ui-menu-item > a:contains("Tour Intake Customer")',
            run: "click",
        },
        {
            content: "Upload the customer's file",
            trigger: '.modal div[name="file"] .o_select_file_button',
            run() {
                const input = document.querySelector('.modal div[name="file"] input[type="file"]');
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "tour_po.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger: '.modal div[name="file"] .o_clear_file_button',
        },
        {
            content: "Read the file",
            trigger: '.modal button[name="action_upload"]',
            run: "click",
        },
        {
            content: "The unknown part number is blocked with its reason",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("TOUR-XX"):contains("is not known")',
        },
        {
            content: "The quantity typed as text is blocked with its reason",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("abc"):contains("not a number")',
        },
        {
            content: "Fix the part number",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("TOUR-XX") td[name="raw_part"]',
            run: "click",
        },
        {
            content: "Type the right part number",
            trigger: '.o_field_widget[name="line_ids"] .o_selected_row div[name="raw_part"] input',
            run: "edit TOUR-NUT",
        },
        {
            content: "Save: the line is checked again",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The fixed line passes",
            trigger: '.o_form_saved .o_field_widget[name="line_ids"] .o_data_row:has(td[name="raw_part"]:contains("TOUR-NUT")):has(td[name="raw_qty"]:contains("5")) td[name="status"]:contains("Pass")',
        },
        {
            content: "Give the reason to ignore the other line",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("abc") td[name="ignore_reason"]',
            run: "click",
        },
        {
            content: "The customer cancels it",
            trigger: '.o_field_widget[name="line_ids"] .o_selected_row div[name="ignore_reason"] input',
            run: "edit Customer cancelled this line",
        },
        {
            content: "Save the reason",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Ignore the line",
            trigger: '.o_form_saved .o_field_widget[name="line_ids"] .o_data_row:contains("abc") button[name="action_ignore"]',
            run: "click",
        },
        {
            content: "The line is ignored",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("abc"):contains("Ignored")',
        },
        {
            content: "Create the quotation",
            trigger: 'button[name="action_import"]',
            run: "click",
        },
        {
            content: "The quotation opens with the two lines",
            trigger: '.o_form_view .o_field_widget[name="order_line"] .o_data_row:contains("Tour nut")',
        },
        {
            content: "Open the Orders menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_orders"]',
            run: "click",
        },
        {
            content: "Open the review queue",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.sale_order_menu_cs_review_queue"]',
            run: "click",
        },
        {
            content: "The quotation waits in the review queue",
            trigger: '.o_kanban_record:contains("Tour Intake Customer")',
        },
    ],
});
