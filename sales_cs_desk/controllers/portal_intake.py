# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Web EDI: the customer's own order intake in Odoo's customer portal (/my/intake).

A customer contact (portal user) sends an order file or keys lines in, and follows each batch: the status
and anomalies of every line and the quotations/orders it became. Reading goes through the portal user's
own rights (record rules: its commercial partner's batches only); sending goes through
``cs.order.intake._cs_portal_submit``, which checks who sends before anything is created.
"""

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

# keyed-in lines offered on the form (more can be sent as a file)
KEYED_LINES = 8
MAX_UPLOAD = 20 * 1024 * 1024


class CsIntakePortal(CustomerPortal):
    def _cs_intake_available(self):
        env = request.env
        return env.user._is_portal() and env.company.cs_intake_enabled and env["cs.order.intake"].has_access("read")

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cs_intake_count" in counters:
            values["cs_intake_count"] = (
                request.env["cs.order.intake"].search_count(self._cs_intake_domain())
                if self._cs_intake_available()
                else 0
            )
        return values

    def _cs_intake_domain(self):
        # the record rule already limits a portal user to its company's batches; said again for readers
        return [("cs_customer_id", "=", request.env.user.commercial_partner_id.id)]

    @http.route(["/my/intake", "/my/intake/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_intakes(self, page=1, **kw):
        if not self._cs_intake_available():
            return request.redirect("/my")
        Intake = request.env["cs.order.intake"]
        domain = self._cs_intake_domain()
        pager = portal_pager(url="/my/intake", total=Intake.search_count(domain), page=page, step=self._items_per_page)
        intakes = Intake.search(domain, limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"intakes": intakes, "pager": pager, "page_name": "cs_intake", "default_url": "/my/intake"})
        return request.render("sales_cs_desk.portal_my_intakes", values)

    @http.route(["/my/intake/<int:intake_id>"], type="http", auth="user", website=True)
    def portal_my_intake(self, intake_id, **kw):
        try:
            intake_sudo = self._document_check_access("cs.order.intake", intake_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "intake": intake_sudo,
                "lines": intake_sudo.line_ids,
                "orders": intake_sudo.order_ids,
                "page_name": "cs_intake_detail",
            }
        )
        return request.render("sales_cs_desk.portal_my_intake", values)

    @http.route(["/my/intake/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_intake_new(self, **post):
        if not self._cs_intake_available():
            return request.redirect("/my")
        error = False
        if request.httprequest.method == "POST":
            upload = request.httprequest.files.get("order_file")
            rows = self._cs_keyed_rows(post)
            try:
                data = upload.read(MAX_UPLOAD + 1) if upload and upload.filename else b""
                if len(data) > MAX_UPLOAD:
                    raise UserError(request.env._("The file is larger than 20 MB: split it into several orders."))
                intake = request.env["cs.order.intake"]._cs_portal_submit(
                    filename=upload.filename if data else False,
                    data=data,
                    rows=rows,
                    po_number=(post.get("po_number") or "").strip(),
                )
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/intake/{intake.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "cs_intake_new",
                "error": error,
                "post": post,
                "keyed_lines": range(1, KEYED_LINES + 1),
            }
        )
        return request.render("sales_cs_desk.portal_intake_new", values)

    def _cs_keyed_rows(self, post):
        """The lines keyed in on the form, as rows of the intake engine (empty lines left out)."""
        rows = []
        for index in range(1, KEYED_LINES + 1):
            row = {key: (post.get(f"{key}_{index}") or "").strip() for key in ("part", "qty", "date", "po_line")}
            if any(row.values()):
                row["line_number"] = index
                rows.append(row)
        return rows
