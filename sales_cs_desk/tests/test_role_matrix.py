"""The role matrix: docs/SECURITY.md, checked the way JSON-RPC reaches the server.

Every check is generated from the declarative tables in ``role_matrix.py``;
a CS model or a CS field on Odoo's models that the tables miss fails
``test_tables_cover_*``, so each capability must add its rows.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from . import role_matrix as M
from .common import CsDeskCase

OPERATIONS = ("read", "create", "write", "unlink")


@tagged("post_install", "-at_install")
class TestRoleMatrix(CsDeskCase):
    """The sample company is the test company of ``CsDeskCase`` (settings as after install)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notrack=True))
        env = cls.env
        cls.other_company = env["res.company"].create({"name": "CS Matrix Other Co"})
        groups = {
            "portal": "base.group_portal",
            "employee": "base.group_user",
            "salesman": "sales_team.group_sale_salesman",
            "salesman_all": "sales_team.group_sale_salesman_all_leads",
            "specialist": "sales_cs_desk.group_cs_specialist",
            "other_specialist": "sales_cs_desk.group_cs_specialist",
            "backup": "sales_cs_desk.group_cs_specialist",
            "supervisor": "sales_cs_desk.group_cs_supervisor",
            "manager": "sales_cs_desk.group_cs_manager",
            "invoicing": "account.group_account_invoice",
            "stock_user": "stock.group_stock_user",
            "other_company": "sales_cs_desk.group_cs_supervisor",
        }
        assert set(groups) == set(M.ROLES)
        cls.users = {}
        for role, group in groups.items():
            company = cls.other_company if role == "other_company" else cls.company
            cls.users[role] = new_test_user(
                env,
                f"cs_matrix_{role}",
                groups=group,
                name=f"Matrix {role}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
        u = cls.users
        cls.customer = env["res.partner"].create(
            {
                "name": "Matrix Customer",
                "is_company": True,
                "customer_rank": 1,
                "cs_user_id": u["specialist"].id,
                "cs_backup_user_id": u["backup"].id,
            }
        )
        cls.other_customer = env["res.partner"].create(
            {"name": "Matrix Other Customer", "is_company": True, "cs_user_id": u["other_specialist"].id}
        )
        u["portal"].partner_id.parent_id = cls.customer
        today = fields.Date.context_today(env["res.partner"])
        cls.absence = env["cs.absence"].create(
            {
                "user_id": u["specialist"].id,
                "date_from": today - timedelta(days=1),
                "date_to": today + timedelta(days=1),
            }
        )
        cls.product = env["product.product"].create({"name": "Matrix Product", "is_storable": True, "list_price": 10})
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": u["salesman"].id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_uom_qty": 1})],
            }
        )

    def setUp(self):
        super().setUp()
        self.samples = {}  # made per test: each test's records are rolled back after it

    # ------------------------------------------------------------------
    # Samples: one record of the sample customer per model (as superuser)
    # ------------------------------------------------------------------
    def _sample(self, model):
        if model not in self.samples:
            self.samples[model] = getattr(self, "_make_" + model.replace(".", "_"))()
        return self.samples[model]

    def _make_res_partner(self):
        return self.customer

    def _make_sale_order(self):
        return self.order

    def _make_sale_order_line(self):
        return self.order.order_line[:1]

    def _make_cs_absence(self):
        return self.absence

    def _make_cs_customer_note(self):
        return self.env["cs.customer.note"].create({"name": "Matrix note", "partner_id": self.customer.id})

    def _make_cs_customer_item(self):
        return self.env["cs.customer.item"].create({"partner_id": self.customer.id, "product_id": self.product.id})

    def _make_cs_complaint(self):
        category = self.env["cs.complaint.category"].search([], limit=1)
        return self.env["cs.complaint"].create(
            {"subject": "Matrix complaint", "partner_id": self.customer.id, "category_id": category.id}
        )

    def _make_cs_complaint_action(self):
        return self.env["cs.complaint.action"].create(
            {
                "complaint_id": self._sample("cs.complaint").id,
                "name": "Matrix action",
                "user_id": self.users["specialist"].id,
                "date_deadline": fields.Date.today() + timedelta(days=3),
            }
        )

    def _make_cs_revisit(self):
        return self.env["cs.revisit"].create({"partner_id": self.customer.id, "reason": "Matrix revisit"})

    def _make_cs_order_change(self):
        return self.env["cs.order.change"].create({"order_id": self.order.id, "kind": "date", "reason": "Matrix"})

    def _make_cs_order_check(self):
        return self.env["cs.order.check"].create(
            {"order_id": self.order.id, "kind": "completeness", "level": "warning", "message": "Matrix check"}
        )

    def _make_cs_inquiry(self):
        return self.env["cs.inquiry"].create(
            {"subject": "Matrix inquiry", "partner_id": self.customer.id, "channel": "email"}
        )

    def _make_cs_container_statement(self):
        today = fields.Date.today()
        return self.env["cs.container.statement"].create(
            {
                "partner_id": self.customer.id,
                "date_from": today - timedelta(days=40),
                "date_to": today - timedelta(days=10),
            }
        )

    # order intake (O1)
    def _make_cs_order_intake(self):
        return self.env["cs.order.intake"].create({"partner_id": self.customer.id, "po_number": "MATRIX-PO"})

    def _make_cs_order_intake_line(self):
        intake = self._sample("cs.order.intake")
        intake._cs_stage([{"raw_part": self.product.default_code or "Matrix", "raw_qty": "1", "line_number": 2}])
        return intake.line_ids

    def _make_cs_intake_layout(self):
        return self.env["cs.intake.layout"].create({"partner_id": self.customer.id, "col_qty": "Menge"})

    def _make_cs_customer_forecast_version(self):
        return self.env["cs.customer.forecast.version"].create({"partner_id": self.customer.id})

    def _make_cs_customer_forecast(self):
        return self.env["cs.customer.forecast"].create(
            {
                "version_id": self._sample("cs.customer.forecast.version").id,
                "product_id": self.product.id,
                "bucket_start": fields.Date.today(),
                "quantity": 10,
            }
        )

    def _make_cs_forecast_deviation(self):
        return self.env["cs.forecast.deviation"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.customer.company_id.id or self.env.company.id,
                "product_id": self.product.id,
                "bucket_type": "month",
                "bucket_start": fields.Date.today().replace(day=1),
                "forecast_qty": 10,
                "ordered_qty": 30,
            }
        )

    def _make_cs_delivery_exception(self):
        self.company.cs_delivery_enabled = True
        self.env["stock.quant"]._update_available_quantity(self.product, self.order.warehouse_id.lot_stock_id, 1)
        self.order.action_confirm()
        picking = self.order.picking_ids
        picking.move_ids.write({"quantity": 1, "picked": True})
        picking.button_validate()
        return self.env["cs.delivery.exception"].create({"picking_id": picking.id, "kind": "short"})

    # delivery performance
    def _make_cs_customer_scorecard(self):
        today = fields.Date.today()
        return self.env["cs.customer.scorecard"].create(
            {"partner_id": self.customer.id, "date_from": today - timedelta(days=30), "date_to": today}
        )

    def _make_stock_picking(self):
        out = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1).out_type_id
        return self.env["stock.picking"].create(
            {"picking_type_id": out.id, "partner_id": self.customer.id, "company_id": self.company.id}
        )

    # kpis (K3): the specialist's KPI row of this month, from a revisit they did
    def _make_cs_staff_kpi(self):
        revisit = self.env["cs.revisit"].create(
            {"partner_id": self.customer.id, "reason": "Matrix revisit", "user_id": self.users["specialist"].id}
        )
        revisit.write({"state": "done", "satisfaction": 4, "feedback": "Matrix feedback"})
        self.env.flush_all()
        return self.env["cs.staff.kpi"].search(
            [("user_id", "=", self.users["specialist"].id), ("company_id", "=", self.company.id)]
        )

    # ------------------------------------------------------------------
    # The tables cover everything
    # ------------------------------------------------------------------
    def _cs_models(self):
        names = self.env["ir.model"].search([("model", "=like", "cs.%")]).mapped("model")
        return {name for name in names if name in self.env and not self.env[name]._abstract}

    def _cs_fields(self):
        data = self.env["ir.model.data"].search([("module", "=", "sales_cs_desk"), ("model", "=", "ir.model.fields")])
        found = set()
        for field in self.env["ir.model.fields"].browse(data.mapped("res_id")).exists():
            if field.model.startswith("cs.") or field.model in M.SETTINGS_MODELS:
                continue
            if field.model not in self.env or self.env[field.model]._abstract:
                continue
            if self.env[field.model]._fields[field.name].inherited:
                continue  # a user's or variant's copy of its partner's or template's field: same groups
            found.add((field.model, field.name))
        return found

    def test_tables_cover_every_cs_model(self):
        models = self._cs_models()
        self.assertEqual(
            sorted(models - set(M.MODELS)), [], "CS models missing from role_matrix.MODELS: add their rights"
        )
        self.assertEqual(sorted(set(M.MODELS) - models), [], "role_matrix.MODELS names models that do not exist")

    def test_tables_cover_every_cs_field(self):
        found = self._cs_fields()
        self.assertEqual(
            sorted(found - set(M.FIELDS)), [], "CS fields on Odoo's models missing from role_matrix.FIELDS"
        )
        self.assertEqual(sorted(set(M.FIELDS) - found), [], "role_matrix.FIELDS names fields that do not exist")

    # ------------------------------------------------------------------
    # 1. Model rights
    # ------------------------------------------------------------------
    def test_model_rights(self):
        Access = self.env["ir.model.access"]
        for model, expected in M.MODELS.items():
            for role in M.ROLES:
                for operation in OPERATIONS:
                    allowed = Access.with_user(self.users[role]).check(model, operation, raise_exception=False)
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(bool(allowed), role in expected[operation])

    # ------------------------------------------------------------------
    # 2. Record rules on a record of the sample customer
    # ------------------------------------------------------------------
    def test_record_rules(self):
        for model, expected in M.RECORDS.items():
            record = self._sample(model)
            for role in M.ROLES:
                mine = record.with_user(self.users[role])
                for operation in ("read", "write", "unlink"):
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(mine.has_access(operation), role in expected[operation])
                with self.subTest(model=model, role=role, operation="search"):
                    can_search = (
                        self.env["ir.model.access"]
                        .with_user(self.users[role])
                        .check(model, "read", raise_exception=False)
                    )
                    if can_search:
                        found = self.env[model].with_user(self.users[role]).search([("id", "=", record.id)])
                        self.assertEqual(bool(found), role in expected["read"])
                    else:
                        self.assertNotIn(role, expected["read"])

    def test_read_over_rpc_raises_for_hidden_records(self):
        """``read`` of a record the role may not see raises, as RPC would get it."""
        for model, expected in M.RECORDS.items():
            record = self._sample(model)
            for role in set(M.ROLES) - expected["read"]:
                with self.subTest(model=model, role=role), self.assertRaises(AccessError):
                    record.with_user(self.users[role]).read(["display_name"])

    # ------------------------------------------------------------------
    # 3. CS fields on Odoo's models
    # ------------------------------------------------------------------
    def test_field_readers(self):
        for (model, fname), readers in M.FIELDS.items():
            field = self.env[model]._fields[fname]
            for role in M.ROLES:
                with self.subTest(model=model, field=fname, role=role):
                    env = self.env(user=self.users[role])
                    self.assertEqual(field.is_accessible(env), role in readers)

    def test_partner_and_order_cs_fields_over_rpc(self):
        """What RPC ``read`` gives a portal user and a plain employee of the
        customer and its order: no CS field they are not named for."""
        for role in ("portal", "employee"):
            user = self.users[role]
            partner_fields = [f for (m, f), readers in M.FIELDS.items() if m == "res.partner" and role not in readers]
            for fname in partner_fields:
                with self.subTest(role=role, field=fname), self.assertRaises(AccessError):
                    self.customer.with_user(user).read([fname])
            readable = self.env["res.partner"].with_user(user).fields_get()
            self.assertFalse(set(partner_fields) & set(readable), "fields_get shows hidden CS fields")

    # ------------------------------------------------------------------
    # 4. Guarded fields, with every context key the module ever used
    # ------------------------------------------------------------------
    def _other_value(self, record, fname):
        """A value other than the record's: what an attacker would write."""
        field = record._fields[fname]
        current = record[fname]
        if field.comodel_name == "res.users":
            return self.users["other_specialist" if current != self.users["other_specialist"] else "supervisor"].id
        if field.type == "many2one":
            return self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1).id
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next((key for key in keys if key != current), current)
        later = timedelta(days=400)
        others = {
            "boolean": lambda: not current,
            "date": lambda: fields.Date.today() + later,
            "datetime": lambda: fields.Datetime.now() + later,
            "integer": lambda: (current or 0) + 1,
            "float": lambda: (current or 0) + 1,
            "monetary": lambda: (current or 0) + 1,
        }
        return others.get(field.type, lambda: f"{current or ''} changed")()

    def test_guarded_fields(self):
        legacy = self.env.context | M.LEGACY_CONTEXT_KEYS
        for (model, fname), setters in M.GUARDED.items():
            record = self._sample(model)
            writers = M.RECORDS.get(model, {}).get("write") or {
                r for r in M.ROLES if record.with_user(self.users[r]).has_access("write")
            }
            value = {fname: self._other_value(record, fname)}
            for role in sorted(writers):
                # the whole context, as an RPC client sends it: every legacy key set
                mine = record.with_user(self.users[role]).with_context(legacy)  # pylint: disable=context-overridden
                with self.subTest(model=model, field=fname, role=role):
                    if role in setters:
                        with self.env.cr.savepoint() as savepoint:
                            mine.write(value)
                            savepoint.rollback()  # the next role meets the sample as it was
                        self.env.invalidate_all()
                    else:
                        with self.assertRaises(UserError), self.env.cr.savepoint():
                            mine.write(value)
