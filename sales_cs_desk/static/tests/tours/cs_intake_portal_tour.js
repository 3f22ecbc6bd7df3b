/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data comes from the Python test (test_intake_portal.py): a portal user of a customer with the part
// numbers HT-BOLT and HT-NUT, in a company with order intake on.
registry.category("web_tour.tours").add("sales_cs_desk_intake_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open Order intake from the portal home",
            trigger: '.o_portal_index_card a[href="/my/intake"]',
            run: "click",
        },
        {
            content: "Send an order",
            trigger: "a.o_cs_intake_new",
            run: "click",
        },
        {
            content: "The PO number",
            trigger: 'input[name="po_number"]',
            run: "edit PO-TOUR-1",
        },
        {
            content: "First line: part number",
            trigger: 'input[name="part_1"]',
            run: "edit HT-BOLT",
        },
        {
            content: "First line: quantity",
            trigger: 'input[name="qty_1"]',
            run: "edit 150",
        },
        {
            content: "Second line: part number",
            trigger: 'input[name="part_2"]',
            run: "edit HT-NUT",
        },
        {
            content: "Second line: a quantity that is not a number",
            trigger: 'input[name="qty_2"]',
            run: "edit lots",
        },
        {
            content: "Send",
            trigger: '.o_cs_intake_form button[type="submit"]',
            run: "click",
        },
        {
            content: "The batch shows the PO",
            trigger: '.o_cs_intake_portal:contains("PO-TOUR-1")',
        },
        {
            content: "The second line is held with its remark",
            trigger: "tr.o_cs_intake_line_block:contains(HT-NUT)",
        },
    ],
});
