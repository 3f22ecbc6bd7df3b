from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    cs_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Shipping calendar",
        check_company=True,
        help="The days this warehouse ships (L1). Empty: the company's working calendar.",
    )
