from odoo import fields, models

TRADE_MODES = [
    ("0110", "General trade (0110)"),
    ("0615", "Processing with imported materials (0615)"),
    ("0214", "Processing with supplied materials (0214)"),
    ("1039", "Market procurement (1039)"),
    ("9610", "Cross-border e-commerce (9610)"),
    ("3010", "Samples and advertising goods (3010)"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Shipping documents (L10)
    # ------------------------------------------------------------------
    cs_shipping_docs_enabled = fields.Boolean(
        string="Shipping documents",
        help="Print the packing list, the proforma / commercial invoice and the export-declaration data sheet "
        "of a delivery, as PDF in the customer's language and as a spreadsheet. Off: deliveries print as in "
        "standard Odoo.",
    )
    cs_trade_mode = fields.Selection(
        TRADE_MODES,
        string="Default trade mode",
        default="0110",
        help="The customs trade mode (贸易方式) of an export delivery unless the delivery names another.",
    )
