# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from ..models.common.cs_xlsx import NAME_PATTERN, XLSX_MIMETYPE


class CsXlsxController(http.Controller):
    @http.route("/sales_cs_desk/xlsx/<string:model>/<string:name>", type="http", auth="user")
    def cs_xlsx_download(self, model, name, ids="", **kwargs):
        """Download ``_cs_xlsx_<name>()`` of the given records, read with the user's own rights."""
        if model not in request.env or not NAME_PATTERN.match(name):
            raise NotFound()
        try:
            record_ids = [int(record_id) for record_id in ids.split(",") if record_id]
        except ValueError as error:
            raise NotFound() from error
        records = request.env[model].browse(record_ids).exists()
        method = getattr(records, f"_cs_xlsx_{name}", None)
        if method is None:
            raise NotFound()
        records.check_access("read")
        filename, data = method()
        return request.make_response(
            data,
            headers=[("Content-Type", XLSX_MIMETYPE), ("Content-Disposition", content_disposition(filename))],
        )
