from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        self._cs_route_to_cover(vals_list)
        return super().create(vals_list)

    @api.model
    def _cs_route_to_cover(self, vals_list):
        """Send new CS activities of an absent specialist to the backup (C3).

        A CS activity is one on a customer, on a CS record of a customer
        (any model with ``cs_customer_id``) or on a business document of the
        customer (any model whose ``partner_id`` is the customer: orders,
        deliveries, invoices). When it is assigned to the
        customer's specialist while the specialist is absent, and the backup
        is present, the backup gets it. Batched: one read per model.
        """
        absent = self.env["res.users"]._cs_absent_today()
        if not absent:
            return
        by_model = {}
        for vals in vals_list:
            model = vals.get("res_model") or (
                vals.get("res_model_id") and self.env["ir.model"].sudo().browse(vals["res_model_id"]).model
            )
            if model and vals.get("res_id") and vals.get("user_id") in absent.ids:
                by_model.setdefault(model, []).append(vals)
        for model, model_vals in by_model.items():
            records = self.env[model].sudo().browse({v["res_id"] for v in model_vals})
            if model == "res.partner":
                customers = {r.id: r.commercial_partner_id for r in records}
            elif "cs_customer_id" in records._fields:
                customers = {r.id: r.cs_customer_id for r in records}
            elif getattr(records._fields.get("partner_id"), "comodel_name", None) == "res.partner":
                # sale orders, deliveries, invoices … of the customer
                customers = {r.id: r.partner_id.commercial_partner_id for r in records}
            else:
                continue
            for vals in model_vals:
                customer = customers.get(vals["res_id"])
                if customer and customer.cs_user_id.id == vals["user_id"]:
                    vals["user_id"] = customer._cs_answering_user_id(
                        customer.cs_user_id.id, customer.cs_backup_user_id.id, absent.ids
                    )
