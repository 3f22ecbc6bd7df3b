from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# What an intake line reads from a customer file: key → (label, header names recognised without a layout).
# Compared without case, spaces or punctuation (cs.intake.reader._cs_normalize_header).
INTAKE_COLUMNS = {
    "part": (
        _lt("Customer part number"),
        [
            "customer part number",
            "part number",
            "part no",
            "part",
            "item",
            "material",
            "customer item",
            "客户料号",
            "料号",
            "物料号",
            "物料编码",
            "客户物料号",
            "Sachnummer",
            "Artikelnummer",
        ],
    ),
    "product": (
        _lt("Our product code"),
        [
            "our code",
            "product code",
            "internal reference",
            "default code",
            "our part number",
            "产品编码",
            "我方料号",
            "产品代码",
        ],
    ),
    "description": (_lt("Description"), ["description", "desc", "品名", "描述", "名称", "Bezeichnung"]),
    "qty": (
        _lt("Quantity"),
        ["quantity", "qty", "order qty", "order quantity", "数量", "订单数量", "订购数量", "Menge"],
    ),
    "uom": (_lt("Unit"), ["unit", "uom", "unit of measure", "单位", "Einheit"]),
    "date": (
        _lt("Requested date"),
        [
            "requested date",
            "delivery date",
            "date",
            "need date",
            "required date",
            "due date",
            "交期",
            "交货日期",
            "需求日期",
            "要求交期",
            "到货日期",
            "Liefertermin",
        ],
    ),
    "ship_to": (
        _lt("Ship-to code"),
        [
            "ship to",
            "ship to code",
            "delivery address",
            "delivery point",
            "收货地",
            "收货地址代码",
            "送货地",
            "送货地点",
            "Lieferadresse",
        ],
    ),
    "price": (_lt("Unit price"), ["price", "unit price", "单价", "价格", "Preis"]),
    "po": (
        _lt("Customer PO"),
        [
            "po",
            "po number",
            "po no",
            "purchase order",
            "customer po",
            "order number",
            "采购单号",
            "采购订单号",
            "订单号",
            "PO号",
            "Bestellnummer",
        ],
    ),
    "po_line": (
        _lt("PO line"),
        ["po line", "line", "line no", "item no", "position", "pos", "行号", "项次", "Position"],
    ),
}

DATE_FORMATS = [
    ("auto", "Recognise (year first, or unambiguous)"),
    ("%Y-%m-%d", "2026-12-31"),
    ("%Y/%m/%d", "2026/12/31"),
    ("%Y年%m月%d日", "2026年12月31日"),
    ("%d/%m/%Y", "31/12/2026 (day first)"),
    ("%d.%m.%Y", "31.12.2026"),
    ("%m/%d/%Y", "12/31/2026 (month first)"),
    ("%Y%m%d", "20261231"),
]


class CsIntakeLayout(models.Model):
    """How one customer's order files are laid out: the header of each column, its dates and numbers.

    Remembered per customer and company: the first file read without a layout records the headers it
    recognised, and a CS specialist corrects them when the customer's file uses names of its own. A
    model rather than fields on the customer because the layout is CS data of the customer (its record
    rules are those of every CS record, ``cs.customer.mixin``), differs per company, and keeps ten
    column names off the contact form.
    """

    _name = "cs.intake.layout"
    _description = "Customer file layout"
    _inherit = ["cs.customer.mixin", "mail.thread"]
    _order = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        string="Customer",
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    date_format = fields.Selection(
        DATE_FORMATS,
        string="Date format",
        required=True,
        default="auto",
        tracking=True,
        help="How the customer writes dates. Recognise: year-first dates and dates whose day is above 12; "
        "others are held as ambiguous until the format is set here.",
    )
    decimal_separator = fields.Selection(
        [("auto", "Recognise"), ("dot", "Dot (1,234.5)"), ("comma", "Comma (1.234,5)")],
        string="Decimal mark",
        required=True,
        default="auto",
        tracking=True,
    )
    col_part = fields.Char(string="Customer part number column", tracking=True)
    col_product = fields.Char(string="Our product code column", tracking=True)
    col_description = fields.Char(string="Description column")
    col_qty = fields.Char(string="Quantity column", tracking=True)
    col_uom = fields.Char(string="Unit column", tracking=True)
    col_date = fields.Char(string="Requested date column", tracking=True)
    col_ship_to = fields.Char(string="Ship-to code column", tracking=True)
    col_price = fields.Char(string="Unit price column", tracking=True)
    col_po = fields.Char(string="Customer PO column", tracking=True)
    col_po_line = fields.Char(string="PO line column", tracking=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "This customer already has a file layout in this company: edit that one.",
        )
    ]

    @api.depends("partner_id")
    def _compute_display_name(self):
        for layout in self:
            layout.display_name = layout.partner_id.display_name or ""

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for layout in self:
            if layout.partner_id != layout.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "A file layout belongs to the customer company: choose %(company)s instead of its contact.",
                        company=layout.partner_id.commercial_partner_id.display_name,
                    )
                )

    def _cs_aliases(self):
        """Header names per column key: the layout's own first, then the usual ones."""
        aliases = {}
        for key, (_label, names) in INTAKE_COLUMNS.items():
            own = self[f"col_{key}"] if self else False
            aliases[key] = ([own] if own else []) + list(names)
        return aliases

    @api.model
    def _cs_column_labels(self):
        return {key: label._translate(self.env.lang or "en_US") for key, (label, _names) in INTAKE_COLUMNS.items()}
