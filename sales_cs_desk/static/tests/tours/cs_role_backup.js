/** @odoo-module **/

import { registry } from "@web/core/registry";

// The shipped demo (test_role_tours.py), in Chinese: 刘洋 Liu Yang is away this
// week, 陈静 Chen Jing (login cs_specialist) covers his customers. She finds his
// customer 武汉长江汽配 among hers, its order waiting in CS check, and moves it on.
registry.category("web_tour.tours").add("sales_cs_desk_role_backup_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the CS Desk app (客服台)",
            trigger: '.o_app[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_root"]:contains("客服台")',
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_customers_root"]',
            run: "click",
        },
        {
            content: "Open CS Desk › Customers (客户)",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.res_partner_menu_cs_customers"]:contains("客户")',
            run: "click",
        },
        {
            content: "Liu Yang's customer is listed among mine while I cover, marked as covered by the backup",
            trigger: '.o_data_row:contains("武汉长江汽配"):contains("后备人员代岗")',
        },
        {
            content: "Open it",
            trigger: '.o_data_row td.o_data_cell:contains("武汉长江汽配")',
            run: "click",
        },
        {
            content: "Open the Customer Service tab (客户服务)",
            trigger: '.o_notebook a.nav-link:contains("客户服务")',
            run: "click",
        },
        {
            content: "The tab says the backup covers today, and that it is me",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_cover_state"]:contains("后备人员代岗")',
        },
        {
            content: "…me, Chen Jing, as today's CS contact",
            trigger: '.o_notebook .tab-pane.active .o_field_widget[name="cs_covering_user_id"]:contains("Chen Jing")',
        },
        {
            content: "Open the Orders menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="sales_cs_desk.sales_cs_desk_menu_orders"]',
            run: "click",
        },
        {
            content: "Open the review queue (审核队列)",
            trigger: '.o-dropdown-item[data-menu-xmlid="sales_cs_desk.sale_order_menu_cs_review_queue"]:contains("审核队列")',
            run: "click",
        },
        {
            content: "The covered customer's order waits in CS check (客服检查)",
            trigger: '.o_kanban_group:has(.o_column_title:contains("客服检查")) .o_kanban_record:contains("武汉长江汽配")',
            run: "click",
        },
        {
            content: "The status bar shows the review stages, the order in CS check",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("客服检查")',
        },
        {
            content: "Move the order on (推进至下一阶段)",
            trigger: '.o_statusbar_buttons button[name="action_cs_next_stage"]:contains("推进至下一阶段")',
            run: "click",
        },
        {
            content: "The order is now in Supervisor review (主管审核)",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("主管审核")',
        },
    ],
});
