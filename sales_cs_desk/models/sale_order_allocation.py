import math

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


def cs_fit_quantities(lines, budget):
    """Reduce quantities so that the lines cost at most ``budget``.

    ``lines``: list of dicts with ``qty``, ``unit`` (price per unit, taxes
    included), ``moq`` and ``pack`` (0 = no rule). Returns the new quantities:
    each is the original, or a smaller quantity that still respects the MOQ
    (at least 1 unit) and the pack multiple, or 0 when the line must go.
    The largest lines are reduced first, as the customer would expect.
    """
    eps = 1e-9
    new = [line["qty"] for line in lines]
    total = sum(q * line["unit"] for q, line in zip(new, lines, strict=True))
    for i in sorted(range(len(lines)), key=lambda i: new[i] * lines[i]["unit"], reverse=True):
        excess = total - budget
        if excess <= 1e-6:
            break
        line = lines[i]
        if line["unit"] <= 0:
            continue
        step = line["pack"] or 1.0
        minimum = math.ceil(max(line["moq"], 1.0) / step - eps) * step
        # the largest valid quantity that saves at least the excess
        target = math.floor((new[i] - excess / line["unit"]) / step + eps) * step
        if target < minimum:
            target = 0.0
        target = min(target, new[i])
        total -= (new[i] - target) * line["unit"]
        new[i] = target
    return new


class SaleOrder(models.Model):
    """Shortage allocation and fit-to-credit on the sale order (O4, O6)."""

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Shortage allocation (O6)
    # ------------------------------------------------------------------
    def _cs_apply_allocation(self, quantities, defer_rest, consent):
        """Set the allocated quantities; the rest goes to a deferred follow-up order."""
        self.ensure_one()
        rest = {line: line.product_uom_qty - qty for line, qty in quantities.items() if qty < line.product_uom_qty}
        summary = "; ".join(
            f"{line.product_id.display_name} {qty:g}/{line.product_uom_qty:g}" for line, qty in quantities.items()
        )
        body = self.env._(
            "Short stock allocated: %(lines)s. Customer's consent: %(consent)s", lines=summary, consent=consent or ""
        )
        follow_up = self.browse()
        if defer_rest and rest:
            follow_up = self.copy(
                {
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_qty": qty,
                                "product_uom": line.product_uom.id,
                                "price_unit": line.price_unit,
                                "discount": line.discount,
                            }
                        )
                        for line, qty in rest.items()
                    ],
                    "cs_urgent": True,
                    "cs_deferred_from_id": self.id,
                    "origin": self.name,
                    "commitment_date": fields.Datetime.to_datetime(self._cs_add_working_days(fields.Datetime.now(), 1)),
                }
            )
        kept = {line: qty for line, qty in quantities.items() if qty}
        removed = [line for line, qty in quantities.items() if not qty]
        if len(removed) == len(self.order_line.filtered(lambda ln: not ln.display_type)):
            # nothing left to ship now: the follow-up carries the whole order
            if follow_up:
                self.with_context(disable_cancel_warning=True).action_cancel()
        else:
            self.write(
                {
                    "order_line": [Command.unlink(line.id) for line in removed]
                    + [Command.update(line.id, {"product_uom_qty": qty}) for line, qty in kept.items()]
                }
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if follow_up:
            follow_up.message_post(
                body=self.env._("Deferred from %(order)s with priority.", order=self.name),
                subtype_xmlid="mail.mt_note",
            )
        return follow_up

    # ------------------------------------------------------------------
    # Fit to credit (O4)
    # ------------------------------------------------------------------
    def action_cs_fit_to_credit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fit to credit"),
            "res_model": "cs.fit.credit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _cs_fit_to_credit_proposal(self):
        """Values of the fit-to-credit wizard: the credit left and the reduced quantities."""
        self.ensure_one()
        Check = self.env["cs.order.check"]
        customer = self.partner_id.commercial_partner_id.with_company(self.company_id).sudo()
        exposure = Check._cs_credit_exposure(self)
        fig = self._cs_credit_figures({customer.id: customer.credit_limit}, exposure)
        shortfall = fig["exposure"] - fig["limit"]
        if not fig["limit"] or shortfall <= 0:
            raise UserError(self.env._("%(order)s fits the customer's credit: nothing to reduce.", order=self.name))
        if not self._cs_shortfall_is_small(shortfall, fig["amount"]):
            raise UserError(
                self.env._(
                    "The credit shortfall of %(order)s (%(shortfall)s) is above the small-shortfall tolerance: "
                    "ask for prepayment or a supervisor's decision instead.",
                    order=self.name,
                    shortfall=format_amount(self.env, shortfall, self.company_id.currency_id),
                )
            )
        available = fig["amount"] - shortfall
        rules = Check._cs_order_rules(self)
        lines = self.order_line.filtered(lambda ln: ln.product_id and not ln.display_type and ln.product_uom_qty > 0)
        rate = self.currency_rate or 1.0
        infos = []
        for line in lines:
            moq, pack = rules.get((self.company_id.id, customer.id, line.product_id.id), (0.0, 0.0))
            infos.append(
                {
                    "qty": line.product_uom_qty,
                    "unit": line.price_total / line.product_uom_qty / rate,
                    "moq": moq,
                    "pack": pack,
                }
            )
        # amounts outside the product lines (delivery, fees) are kept
        fixed = fig["amount"] - sum(i["qty"] * i["unit"] for i in infos)
        proposal = cs_fit_quantities(infos, available - fixed)
        return {
            "order_id": self.id,
            "available": available,
            "order_total": fig["amount"],
            "line_ids": [
                Command.create(
                    {
                        "order_line_id": line.id,
                        "qty": info["qty"],
                        "proposed_qty": new_qty,
                        "unit_amount": info["unit"],
                        "moq": info["moq"],
                        "pack": info["pack"],
                    }
                )
                for line, info, new_qty in zip(lines, infos, proposal, strict=True)
            ],
        }

    def _cs_apply_fit_to_credit(self, quantities, agreement):
        """Set the agreed quantities (0 removes the line) and record the customer's agreement."""
        self.ensure_one()
        if not (agreement or "").strip():
            raise UserError(self.env._("Record how the customer agreed to the reduced quantities."))
        changes = []
        for line, qty in quantities.items():
            if line.product_uom_qty != qty:
                changes.append(
                    self.env._(
                        "%(product)s: %(old)s → %(new)s",
                        product=line.product_id.display_name,
                        old=line.product_uom_qty,
                        new=qty,
                    )
                )
        to_remove = self.env["sale.order.line"].concat(*(line for line, qty in quantities.items() if not qty))
        self.with_context(cs_skip_checks=True).write(
            {
                "order_line": [Command.unlink(line.id) for line in to_remove]
                + [Command.update(line.id, {"product_uom_qty": qty}) for line, qty in quantities.items() if qty]
            }
        )
        self.message_post(
            body=self.env._(
                "Reduced to fit the credit with the customer's agreement (%(agreement)s): %(changes)s",
                agreement=agreement.strip(),
                changes="; ".join(changes),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._cs_recheck()
