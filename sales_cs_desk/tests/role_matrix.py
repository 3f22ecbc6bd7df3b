"""The security model (docs/SECURITY.md) as one declarative table.

``test_role_matrix.py`` turns these tables into checks made the way JSON-RPC
reaches the server (``with_user`` + search/read/write/create/unlink), for every
role. A CS model or a CS field on Odoo's models that is missing here fails the
test: a new capability adds its rows.

Roles (users built by ``test_role_matrix.RoleMatrixCase``):

=================  ===========================================================
portal             portal user of the sample customer
employee           internal user, no sales/CS group
salesman           Sales / User: Own Documents Only (the sample order's salesman)
salesman_all       Sales / User: All Documents
specialist         CS Specialist of the sample customer
other_specialist   CS Specialist of another customer
backup             CS Specialist, backup of the sample customer while its
                   specialist is away today (covering)
supervisor         CS Supervisor
manager            CS Manager
invoicing          Invoicing (finance review)
stock_user         Inventory / User
other_company      CS Supervisor of another company only
=================  ===========================================================
"""

ROLES = (
    "portal",
    "employee",
    "salesman",
    "salesman_all",
    "specialist",
    "other_specialist",
    "backup",
    "supervisor",
    "manager",
    "invoicing",
    "stock_user",
    "other_company",
)

# Role sets used below -------------------------------------------------------
NOBODY = frozenset()
MANAGER = frozenset({"manager"})
SUPERVISORS = frozenset({"supervisor", "manager", "other_company"})
CS = frozenset({"specialist", "other_specialist", "backup"}) | SUPERVISORS
SALES = frozenset({"salesman", "salesman_all"}) | CS
INTERNAL = frozenset({"employee", "invoicing", "stock_user"}) | SALES
EVERYONE = INTERNAL | {"portal"}
# Record level: who sees a CS record of the sample customer (C4).
OWNERS = frozenset({"specialist", "backup", "supervisor", "manager"})
SUPERVISORS_HERE = frozenset({"supervisor", "manager"})


def rights(read=NOBODY, create=NOBODY, write=NOBODY, unlink=NOBODY):
    return {
        "read": frozenset(read),
        "create": frozenset(create),
        "write": frozenset(write),
        "unlink": frozenset(unlink),
    }


# ---------------------------------------------------------------------------
# 1. Model rights (ir.model.access) for every CS model, per role.
# ---------------------------------------------------------------------------
MODELS = {
    # Customers, cover, grades (C1–C4)
    "cs.weekday": rights(read=INTERNAL, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.absence": rights(read=CS, create=CS, write=CS, unlink=CS),
    "cs.customer.note": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    # Customer items (L8)
    "cs.customer.item": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    # Order review (O3–O11)
    "cs.review.stage": rights(read=INTERNAL, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.order.check": rights(read=SALES | {"invoicing"}, write=SUPERVISORS),
    "cs.order.change": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.order.change.line": rights(read=CS, create=CS, write=CS, unlink=CS),
    "cs.review.back.wizard": rights(read=CS, create=CS, write=CS),
    "cs.review.waive.wizard": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS),
    "cs.review.enter.wizard": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS),
    "cs.fit.credit.wizard": rights(read=CS, create=CS, write=CS),
    "cs.fit.credit.wizard.line": rights(read=CS, create=CS, write=CS, unlink=CS),
    "cs.shortage.wizard": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS),
    "cs.shortage.wizard.line": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    # Returnable containers (L6)
    "cs.container.balance": rights(read=CS),
    "cs.container.need": rights(read=CS),
    "cs.container.statement": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.container.statement.wizard": rights(read=CS, create=CS, write=CS),
    "cs.container.receive": rights(read=CS | {"stock_user"}, create=CS | {"stock_user"}, write=CS | {"stock_user"}),
    "cs.container.writeoff": rights(read=CS | {"stock_user"}, create=CS | {"stock_user"}, write=CS | {"stock_user"}),
    # VMI (L7–L9)
    "cs.vmi.daily.report": rights(read=CS),
    "cs.vmi.daily.report.wizard": rights(read=CS, create=CS, write=CS),
    "cs.vmi.stock.flow": rights(read=CS),
    "cs.vmi.stock.alert": rights(read=SUPERVISORS, write=SUPERVISORS),
    "cs.vmi.reconcile": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.vmi.reconcile.line": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.logistics.fee": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.vmi.fee.report": rights(read=SUPERVISORS),
    # Complaints (C7)
    "cs.complaint": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.complaint.action": rights(read=CS, create=CS, write=CS, unlink=CS),
    "cs.complaint.stage": rights(read=CS, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.complaint.category": rights(read=CS, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.complaint.cause": rights(read=CS, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.complaint.department": rights(read=CS, create=MANAGER, write=MANAGER, unlink=MANAGER),
    "cs.complaint.report": rights(read=SUPERVISORS),
    # Revisits (C6)
    "cs.revisit": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.revisit.rule": rights(read=CS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.revisit.report": rights(read=SUPERVISORS),
    # Order intake (O1); portal users read (Web EDI: their company's batches, sent through the portal form)
    "cs.order.intake": rights(read=CS | {"portal"}, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.order.intake.line": rights(read=CS | {"portal"}, create=CS, write=CS, unlink=CS),
    # Order intake (O1); the portal rows come with the portal channel
    "cs.intake.layout": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.order.intake.upload": rights(read=CS, create=CS, write=CS),
    # Sales policies (O7): company configuration, supervisors edit, specialists read
    "cs.sales.policy": rights(read=CS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.sales.policy.step": rights(read=CS, create=SUPERVISORS, write=SUPERVISORS, unlink=SUPERVISORS),
    "cs.policy.grant.report": rights(read=SUPERVISORS),
    # Customer forecasts (O2): CS records of a customer; deviations are created by the daily job only
    "cs.customer.forecast.version": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.customer.forecast": rights(read=CS, create=CS, write=CS, unlink=CS),
    "cs.forecast.deviation": rights(read=CS, write=CS, unlink=SUPERVISORS),
    "cs.forecast.accuracy.report": rights(read=SUPERVISORS),
    "cs.forecast.import.wizard": rights(read=CS, create=CS, write=CS),
    # delivery performance (L1, L3, L5)
    "cs.customer.scorecard": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.delivery.otif.report": rights(read=CS),
    # Loads (L2): planned by the warehouse; fill rates for it and CS supervisors
    "cs.load.proposal": rights(read={"stock_user"}, create={"stock_user"}, write={"stock_user"}),
    "cs.load.proposal.line": rights(
        read={"stock_user"}, create={"stock_user"}, write={"stock_user"}, unlink={"stock_user"}
    ),
    "cs.load.report": rights(read=SUPERVISORS | {"stock_user"}),
    # Delivery exceptions (L4): CS records of the customer; the warehouse investigates (its finding only)
    "cs.delivery.exception": rights(read=CS | {"stock_user"}, create=CS, write=CS | {"stock_user"}, unlink=SUPERVISORS),
    "cs.delivery.exception.line": rights(read=CS | {"stock_user"}, create=CS, write=CS, unlink=CS),
    # inquiries (C8) and receivables (C5)
    "cs.inquiry": rights(read=CS, create=CS, write=CS, unlink=SUPERVISORS),
    "cs.inquiry.report": rights(read=SUPERVISORS),
    "cs.receivable.report": rights(read=CS | {"invoicing"}),
    # scale (issue 15): the VMI daily balance snapshot, written by the done-move path only
    "cs.vmi.daily.balance": rights(read=SUPERVISORS),
    # cockpit (K1): cs.desk.overview is an AbstractModel (no table, no access rights), so it has no row here;
    # who gets which tiles (CS only, Team for supervisors, counts under the caller's rules) is test_cockpit.py's
    # kpis (K3): read-only SQL view; a specialist reads their own rows (record rule), supervisors all
    "cs.staff.kpi": rights(read=CS),
    # monthly report (K2): the team's figures, for supervisors; the sent log is written by the job only
    "cs.monthly.report": rights(read=SUPERVISORS, create=SUPERVISORS, write=SUPERVISORS),
    "cs.monthly.report.sent": rights(read=SUPERVISORS),
}

# ---------------------------------------------------------------------------
# 2. Record rules: who may read/write/unlink a sample record of the sample
#    customer (built by the factory named after the model in the test case).
#    ``write`` is the record-level right (ACL + rules); guarded fields are
#    checked separately (4).
# ---------------------------------------------------------------------------
RECORDS = {
    "cs.customer.note": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.customer.item": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.complaint": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.complaint.action": rights(read=OWNERS, write=OWNERS, unlink=OWNERS),
    "cs.revisit": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.order.change": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.order.check": rights(read=OWNERS | {"salesman", "salesman_all", "invoicing"}, write=SUPERVISORS_HERE),
    "cs.container.statement": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    # Customer forecasts (O2)
    "cs.customer.forecast.version": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.customer.forecast": rights(read=OWNERS, write=OWNERS, unlink=OWNERS),
    "cs.forecast.deviation": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    # The specialist's own absence: a colleague reads it, only the owner and supervisors change it.
    "cs.absence": rights(
        read=CS - {"other_company"},
        write={"specialist", "supervisor", "manager"},
        unlink={"specialist", "supervisor", "manager"},
    ),
    # The sample customer's order (salesman = its salesperson). Odoo's own rights: stock users and
    # invoicing read and write orders, nobody below Sales / Administrator deletes them.
    "sale.order": rights(
        read={"salesman", "salesman_all", "specialist", "backup", "supervisor", "manager", "invoicing", "stock_user"},
        write={"salesman", "salesman_all", "specialist", "backup", "supervisor", "manager", "invoicing", "stock_user"},
    ),
    # Order intake (O1); the portal user of the sample customer reads its batches (Web EDI)
    "cs.order.intake": rights(read=OWNERS | {"portal"}, write=OWNERS, unlink=SUPERVISORS_HERE),
    "cs.order.intake.line": rights(read=OWNERS | {"portal"}, write=OWNERS, unlink=OWNERS),
    "cs.intake.layout": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    # delivery performance (L5)
    "cs.customer.scorecard": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    # Delivery exceptions (L4)
    "cs.delivery.exception": rights(
        read=OWNERS | {"stock_user"}, write=OWNERS | {"stock_user"}, unlink=SUPERVISORS_HERE
    ),
    # inquiries (C8)
    "cs.inquiry": rights(read=OWNERS, write=OWNERS, unlink=SUPERVISORS_HERE),
    # kpis (K3): the sample specialist's own KPI row; not their backup's, not another specialist's
    "cs.staff.kpi": rights(read={"specialist", "supervisor", "manager"}),
}

# ---------------------------------------------------------------------------
# 3. CS fields on Odoo's models: who may read them (``groups=``).
#    The review state of an order is for its salespeople and finance; its dates (ship-by …) for the warehouse too.
# ---------------------------------------------------------------------------
# who handles the customer and when it receives goods: also for invoicing (the promised date reads the
# transit days) and stock users (deliveries raise the container shortage to the specialist)
PARTNER_PROFILE = SALES | {"invoicing", "stock_user"}
CS_DATA = CS  # grades, sales figures, counters, container balances
ORDER_REVIEW = SALES | {"invoicing"}

FIELDS = {
    # res.partner — profile (C1, C3)
    ("res.partner", "cs_user_id"): PARTNER_PROFILE,
    ("res.partner", "cs_backup_user_id"): PARTNER_PROFILE,
    ("res.partner", "cs_covering_user_id"): PARTNER_PROFILE,
    ("res.partner", "cs_cover_state"): PARTNER_PROFILE,
    ("res.partner", "cs_is_mine"): PARTNER_PROFILE,
    ("res.partner", "cs_tier"): SALES,
    ("res.partner", "cs_transit_days"): PARTNER_PROFILE,
    ("res.partner", "cs_receiving_weekday_ids"): PARTNER_PROFILE,
    ("res.partner", "cs_receiving_hour_from"): PARTNER_PROFILE,
    ("res.partner", "cs_receiving_hour_to"): PARTNER_PROFILE,
    ("res.partner", "cs_assigned_date"): CS_DATA,
    # res.partner — CS data (C2, C4, C6, C7, L6)
    ("res.partner", "cs_grade"): CS_DATA,
    ("res.partner", "cs_grade_auto"): CS_DATA,
    ("res.partner", "cs_grade_manual"): CS_DATA,
    ("res.partner", "cs_grade_is_manual"): CS_DATA,
    ("res.partner", "cs_grade_sales"): CS_DATA,
    ("res.partner", "cs_grade_date"): CS_DATA,
    ("res.partner", "cs_company_currency_id"): CS_DATA,
    ("res.partner", "cs_note_count"): CS_DATA,
    ("res.partner", "cs_revisit_count"): CS_DATA,
    ("res.partner", "cs_complaint_count"): CS_DATA,
    ("res.partner", "cs_revisits_enabled"): CS_DATA,
    ("res.partner", "cs_complaints_enabled"): CS_DATA,
    ("res.partner", "cs_container_limit_qty"): CS_DATA,
    ("res.partner", "cs_container_limit_days"): CS_DATA,
    ("res.partner", "cs_container_balance"): CS_DATA,
    ("res.partner", "cs_container_over_limit"): CS_DATA,
    ("res.partner", "cs_container_lock_date"): CS_DATA,
    ("res.partner", "cs_container_limit_alerted"): CS_DATA,
    # sale.order — review (O3–O11): what the salesperson sees of the review
    ("sale.order", "cs_review_required"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_stage_id"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_stage_type"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_received_date"): ORDER_REVIEW,
    ("sale.order", "cs_deferred_from_id"): ORDER_REVIEW,
    ("sale.order", "cs_urgent"): ORDER_REVIEW,
    ("sale.order", "cs_check_state"): ORDER_REVIEW,
    ("sale.order", "cs_credit_hold"): ORDER_REVIEW,
    ("sale.order", "cs_block_summary"): ORDER_REVIEW,
    ("sale.order", "cs_handled_by_id"): ORDER_REVIEW,
    # only "the review decides, not Confirm": what hides Odoo's Confirm buttons from every reader of the order
    ("sale.order", "cs_review_decides"): EVERYONE,
    ("sale.order", "cs_rank_reason"): ORDER_REVIEW,
    ("sale.order", "cs_queue_score"): ORDER_REVIEW,
    ("sale.order", "cs_released_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_ship_by_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_shipped_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_delivered_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_closed_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_receipt_confirmed"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_retention_until"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_promised_date"): ORDER_REVIEW | {"stock_user"},
    ("sale.order", "cs_proposed_date"): ORDER_REVIEW,
    ("sale.order", "cs_check_ids"): ORDER_REVIEW,
    ("sale.order", "cs_change_ids"): CS_DATA,
    ("sale.order", "cs_change_count"): CS_DATA,
    ("sale.order", "cs_container_warning"): SALES,
    ("sale.order", "cs_late_escalated_for"): SUPERVISORS,
    # stock — containers (L6) and VMI (L7): no groups=, they describe stock, not a customer's business;
    # the models' own rights keep portal users out of stock records (product: a container's deposit is public)
    ("stock.location", "cs_container_partner_id"): EVERYONE,
    ("stock.move", "cs_container_kind"): EVERYONE,
    ("stock.move", "cs_container_partner_id"): EVERYONE,
    ("stock.move", "cs_container_picking_id"): EVERYONE,
    ("stock.package.type", "cs_container_product_id"): EVERYONE,
    ("stock.picking", "cs_container_move_ids"): EVERYONE,
    ("stock.picking", "cs_container_count"): EVERYONE,
    ("stock.picking", "cs_container_shortage"): EVERYONE,
    ("stock.warehouse", "cs_is_vmi"): EVERYONE,
    ("stock.warehouse", "cs_vmi_partner_id"): EVERYONE,
    ("stock.warehouse", "cs_vmi_provider_id"): EVERYONE,
    ("stock.warehouse", "cs_vmi_supply_warehouse_id"): EVERYONE,
    ("stock.warehouse", "cs_vmi_import_mapping"): SUPERVISORS,
    # product — order rules and containers
    ("product.template", "cs_moq"): SALES,
    ("product.template", "cs_pack_multiple"): SALES,
    ("product.template", "cs_is_container"): EVERYONE,
    ("product.template", "cs_container_value"): EVERYONE,
    # users — cover
    ("res.users", "cs_absence_ids"): CS,
    ("res.users", "cs_is_absent"): CS,
    # Order intake (O1): the customer's ship-to codes (sales, and the warehouse shipping there) and PO references
    ("res.partner", "cs_ship_to_code"): SALES | {"stock_user"},
    ("sale.order.line", "cs_customer_po"): ORDER_REVIEW,
    ("sale.order.line", "cs_customer_po_line"): ORDER_REVIEW,
    # sales policies (O7): a salesperson sees which lines are free policy items, their cost is CS data
    ("sale.order", "cs_policy_enabled"): SALES,
    ("sale.order.line", "cs_policy_id"): SALES,
    ("sale.order.line", "cs_policy_cost"): CS,
    # customer forecasts (O2): the customer's own tolerance is CS data
    ("res.partner", "cs_forecast_tolerance_qty"): CS_DATA,
    ("res.partner", "cs_forecast_tolerance_pct"): CS_DATA,
    # loads (L2): weights and fill rates describe stock, no groups=
    ("stock.picking", "cs_load_weight"): EVERYONE,
    ("stock.picking", "cs_load_volume"): EVERYONE,
    ("stock.picking", "cs_load_packages"): EVERYONE,
    ("stock.picking.batch", "cs_loads_enabled"): EVERYONE,
    ("stock.picking.batch", "cs_load_weight"): EVERYONE,
    ("stock.picking.batch", "cs_load_volume"): EVERYONE,
    ("stock.picking.batch", "cs_load_packages"): EVERYONE,
    ("stock.picking.batch", "cs_weight_capacity"): EVERYONE,
    ("stock.picking.batch", "cs_volume_capacity"): EVERYONE,
    ("stock.picking.batch", "cs_fill_weight"): EVERYONE,
    ("stock.picking.batch", "cs_fill_volume"): EVERYONE,
    ("stock.picking.batch", "cs_load_carrier_id"): EVERYONE,
    # delivery exceptions (L4): the delivery's exceptions for CS and the warehouse
    ("stock.picking", "cs_exception_ids"): CS | {"stock_user"},
    ("stock.picking", "cs_exception_count"): CS | {"stock_user"},
    # shipping documents (L10): customs data of products and deliveries, no groups=
    ("stock.picking", "cs_shipping_docs_enabled"): EVERYONE,
    ("stock.picking", "cs_trade_mode"): EVERYONE,
    ("product.template", "cs_customs_name"): EVERYONE,
    ("product.template", "cs_customs_uom_id"): EVERYONE,
    # receivables (C5): accounting figures for CS roles (rules: own customers) and invoicing, not salespeople
    ("res.partner", "cs_receivable_ids"): CS | {"invoicing"},
    ("res.partner", "cs_receivables_enabled"): CS | {"invoicing"},
    ("res.partner", "cs_overdue_alerted"): CS_DATA,
    # scale (issue 15): the nightly verification's mark on a VMI site
    ("stock.warehouse", "cs_vmi_balance_checked"): EVERYONE,
    # delivery performance (L1, L3, L5): the ship plan and the tracking are for the warehouse and sales;
    # the customer's target is CS data; carriers' transit days and warehouses' calendars describe logistics
    ("stock.picking", "cs_delivery_enabled"): EVERYONE,
    ("stock.picking", "cs_requested_date"): SALES | {"stock_user"},
    ("stock.picking", "cs_transit_days"): SALES | {"stock_user"},
    ("stock.picking", "cs_latest_arrival"): SALES | {"stock_user"},
    ("stock.picking", "cs_ship_by"): SALES | {"stock_user"},
    ("stock.picking", "cs_plan_issue"): SALES | {"stock_user"},
    ("stock.picking", "cs_plan_reason"): SALES | {"stock_user"},
    ("stock.picking", "cs_carrier_eta"): SALES | {"stock_user"},
    ("stock.picking", "cs_eta"): SALES | {"stock_user"},
    ("stock.picking", "cs_arrival_date"): SALES | {"stock_user"},
    ("stock.picking", "cs_arrival_source"): SALES | {"stock_user"},
    ("stock.picking", "cs_tracking_state"): SALES | {"stock_user"},
    ("stock.picking", "cs_arrival_late"): SALES | {"stock_user"},
    ("res.partner", "cs_otif_target"): CS_DATA,
    ("delivery.carrier", "cs_transit_days"): EVERYONE,
    ("stock.warehouse", "cs_calendar_id"): EVERYONE,
}

# Models whose CS fields are company settings (read by everyone, written by
# administrators through Settings): listed by model, not field by field.
SETTINGS_MODELS = ("res.company", "res.config.settings")

# ---------------------------------------------------------------------------
# 4. Guarded fields: set only through the module's methods, or directly by
#    the roles named here. Tried with every context key the module ever used.
# ---------------------------------------------------------------------------
GUARDED = {
    # ownership (supervisor-only)
    ("res.partner", "cs_user_id"): SUPERVISORS,
    ("res.partner", "cs_backup_user_id"): SUPERVISORS,
    ("res.partner", "cs_tier"): SUPERVISORS,
    ("res.partner", "cs_grade_manual"): SUPERVISORS,
    # grading figures: the grading job only
    ("res.partner", "cs_grade_auto"): NOBODY,
    ("res.partner", "cs_grade_sales"): NOBODY,
    ("res.partner", "cs_grade_date"): NOBODY,
    ("res.partner", "cs_assigned_date"): NOBODY,
    ("res.partner", "cs_container_limit_qty"): SUPERVISORS,
    ("res.partner", "cs_container_limit_days"): SUPERVISORS,
    ("res.partner", "cs_container_limit_alerted"): NOBODY,
    # review state and audit
    ("sale.order", "cs_closed_date"): NOBODY,
    ("sale.order", "cs_credit_hold"): NOBODY,
    ("sale.order", "cs_receipt_confirmed"): NOBODY,
    ("sale.order", "cs_released_date"): NOBODY,
    ("sale.order", "cs_ship_by_date"): NOBODY,
    ("sale.order", "cs_shipped_date"): NOBODY,
    ("sale.order", "cs_delivered_date"): NOBODY,
    ("sale.order", "cs_retention_until"): NOBODY,
    ("sale.order", "cs_check_state"): NOBODY,
    ("sale.order", "cs_received_date"): NOBODY,
    ("sale.order", "cs_deferred_from_id"): NOBODY,
    ("sale.order", "cs_late_escalated_for"): NOBODY,
    ("sale.order", "cs_urgent"): CS,
    ("cs.order.change", "state"): NOBODY,
    ("cs.order.change", "approved_by_id"): NOBODY,
    ("cs.order.change", "approved_on"): NOBODY,
    ("cs.order.change", "applied_on"): NOBODY,
    ("cs.order.change", "old_date"): NOBODY,
    ("cs.order.change", "cs_customer_id"): NOBODY,
    ("cs.order.change", "company_id"): NOBODY,
    ("cs.order.check", "waived"): NOBODY,
    ("cs.container.statement", "state"): NOBODY,
    ("cs.absence", "user_id"): NOBODY,
    # the customer of a CS record is computed from its partner: given, it would choose the record rule
    ("cs.customer.note", "cs_customer_id"): NOBODY,
    ("cs.customer.item", "cs_customer_id"): NOBODY,
    ("cs.complaint", "cs_customer_id"): NOBODY,
    ("cs.revisit", "cs_customer_id"): NOBODY,
    ("cs.container.statement", "cs_customer_id"): NOBODY,
    # complaints and revisits: their actions and jobs
    ("cs.complaint", "name"): NOBODY,
    ("cs.complaint", "date_closed"): NOBODY,
    ("cs.complaint", "response_escalated_on"): NOBODY,
    ("cs.complaint.action", "date_done"): NOBODY,
    ("cs.revisit", "state"): NOBODY,
    ("cs.revisit", "date_done"): NOBODY,
    ("cs.revisit", "rule_id"): NOBODY,
    # order intake: written by its entry points, checks and import only
    ("cs.order.intake", "cs_customer_id"): NOBODY,
    ("cs.order.intake", "state"): NOBODY,
    ("cs.order.intake", "source"): NOBODY,
    ("cs.order.intake", "attachment_id"): NOBODY,
    ("cs.order.intake", "name"): NOBODY,
    ("cs.order.intake.line", "status"): NOBODY,
    ("cs.order.intake.line", "product_id"): NOBODY,
    ("cs.order.intake.line", "order_line_id"): NOBODY,
    ("cs.order.intake.line", "anomaly_text"): NOBODY,
    ("cs.order.intake.line", "intake_id"): NOBODY,
    ("cs.intake.layout", "cs_customer_id"): NOBODY,
    # sales policies (O7): policy items are granted by the desk's "Apply policies" only
    ("sale.order.line", "cs_policy_id"): NOBODY,
    ("sale.order.line", "cs_policy_cost"): NOBODY,
    # customer forecasts (O2): numbered on create, customer from the version; deviations are the job's
    ("cs.customer.forecast.version", "version"): NOBODY,
    ("cs.customer.forecast.version", "company_id"): NOBODY,
    ("cs.customer.forecast.version", "cs_customer_id"): NOBODY,
    ("cs.customer.forecast", "cs_customer_id"): NOBODY,
    ("cs.customer.forecast", "version_id"): NOBODY,
    ("cs.forecast.deviation", "cs_customer_id"): NOBODY,
    ("cs.forecast.deviation", "partner_id"): NOBODY,
    ("cs.forecast.deviation", "state"): NOBODY,
    ("cs.forecast.deviation", "forecast_qty"): NOBODY,
    ("cs.forecast.deviation", "ordered_qty"): NOBODY,
    ("cs.forecast.deviation", "answered_by_id"): NOBODY,
    # delivery exceptions (L4): their actions; the delivery is fixed once recorded
    ("cs.delivery.exception", "cs_customer_id"): NOBODY,
    ("cs.delivery.exception", "name"): NOBODY,
    ("cs.delivery.exception", "state"): NOBODY,
    ("cs.delivery.exception", "picking_id"): NOBODY,
    ("cs.delivery.exception", "replacement_picking_id"): NOBODY,
    ("cs.delivery.exception", "return_picking_id"): NOBODY,
    ("cs.delivery.exception", "credit_note_id"): NOBODY,
    ("cs.delivery.exception", "complaint_id"): NOBODY,
    ("cs.delivery.exception", "date_answered"): NOBODY,
    ("cs.delivery.exception", "date_resolved"): NOBODY,
    ("cs.delivery.exception", "date_closed"): NOBODY,
    # inquiries (C8): the chatter gives the first response, the settings the target, conversion the links
    ("cs.inquiry", "cs_customer_id"): NOBODY,
    ("cs.inquiry", "name"): NOBODY,
    ("cs.inquiry", "state"): NOBODY,
    ("cs.inquiry", "response_deadline"): NOBODY,
    ("cs.inquiry", "date_first_response"): NOBODY,
    ("cs.inquiry", "first_response_user_id"): NOBODY,
    ("cs.inquiry", "response_hours"): NOBODY,
    ("cs.inquiry", "quotation_id"): NOBODY,
    ("cs.inquiry", "complaint_id"): NOBODY,
    ("cs.inquiry", "change_id"): NOBODY,
    # receivables (C5): the overdue job's mark
    ("res.partner", "cs_overdue_alerted"): NOBODY,
    # delivery performance: arrivals by the desk (or the portal, the receipt confirmation), targets by supervisors,
    # a scorecard's state, figures and plan by its buttons
    ("stock.picking", "cs_arrival_date"): CS,
    ("stock.picking", "cs_arrival_source"): CS,
    ("stock.picking", "cs_requested_date"): NOBODY,
    ("stock.picking", "cs_transit_days"): NOBODY,
    ("stock.picking", "cs_latest_arrival"): NOBODY,
    ("stock.picking", "cs_ship_by"): NOBODY,
    ("stock.picking", "cs_plan_issue"): NOBODY,
    ("stock.picking", "cs_eta"): NOBODY,
    ("stock.picking", "cs_tracking_state"): NOBODY,
    ("stock.picking", "cs_arrival_late"): NOBODY,
    ("res.partner", "cs_otif_target"): SUPERVISORS,
    ("cs.customer.scorecard", "state"): NOBODY,
    ("cs.customer.scorecard", "confirmed_on"): NOBODY,
    ("cs.customer.scorecard", "internal_otif"): NOBODY,
    ("cs.customer.scorecard", "internal_on_time"): NOBODY,
    ("cs.customer.scorecard", "internal_in_full"): NOBODY,
    ("cs.customer.scorecard", "target"): NOBODY,
    ("cs.customer.scorecard", "complaint_id"): NOBODY,
    ("cs.customer.scorecard", "cs_customer_id"): NOBODY,
    # kpis (K3): who applied a change request, set by the apply step
    ("cs.order.change", "applied_by_id"): NOBODY,
}

# ``sale.order.cs_stage_id`` is not here: every write of it is the checked move (stage owners, blocking checks,
# a reason to go back), tested in test_trust_review.py.

# Every context key the module has used as a switch: none of them may unlock anything.
LEGACY_CONTEXT_KEYS = {
    "cs_review_release": True,
    "cs_stage_move": True,
    "cs_change_apply": True,
    "cs_skip_checks": True,
}
