import math

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from ...wizards.review.cs_shortage_allocation import is_valid


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
    """Shortage allocation and fit-to-credit on the sale order (O4, O6).

    Both compute in the product's unit (the unit of stock, MOQ and pack
    multiples) and write each line in its own unit.
    """

    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # Shortage allocation (O6)
    # ------------------------------------------------------------------
    def _cs_line_qty_from_product_uom(self, line, qty):
        """``qty`` in the product's unit, as a quantity of ``line`` in its own unit."""
        if line.product_uom and line.product_uom != line.product_id.uom_id:
            return line.product_id.uom_id._compute_quantity(qty, line.product_uom, rounding_method="HALF-UP")
        return qty

    def _cs_apply_allocation(self, quantities, defer_rest, consent):
        """Set the allocated quantities; the rest goes to a deferred follow-up order.

        ``quantities``: {order line: allocated quantity in the product's unit}
        of lines of this order, each validated by the caller (the wizard).
        """
        self.ensure_one()
        new_qty = {}
        for line, qty in quantities.items():
            full = line._cs_qty_in_product_uom()
            rounding = line.product_id.uom_id.rounding or 0.01
            if float_compare(qty, full, precision_rounding=rounding) >= 0:
                new_qty[line] = line.product_uom_qty
            else:
                new_qty[line] = self._cs_line_qty_from_product_uom(line, qty)
        rest = {line: line.product_uom_qty - qty for line, qty in new_qty.items() if qty < line.product_uom_qty}
        summary = "; ".join(
            f"{line.product_id.display_name} {qty:g}/{line._cs_qty_in_product_uom():g} {line.product_id.uom_id.name}"
            for line, qty in quantities.items()
        )
        body = self.env._(
            "Short stock allocated: %(lines)s. Customer's consent: %(consent)s", lines=summary, consent=consent or ""
        )
        follow_up = self.browse()
        if defer_rest and rest:
            follow_up = self.copy(self._prepare_cs_deferred_order_vals(rest))
            # the link is the desk's record of the deferral, not a user's field
            follow_up.sudo().write({"cs_deferred_from_id": self.id})
        kept = {line: qty for line, qty in new_qty.items() if qty}
        removed = [line for line, qty in new_qty.items() if not qty]
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

    def _prepare_cs_deferred_order_vals(self, rest):
        """Values of the follow-up order that carries what a shortage deferred (O6).

        ``rest``: {order line: quantity deferred, in the line's unit}. Copied from
        this order, urgent, promised for the next working day; extend it to carry
        more (a note, another warehouse …).
        """
        self.ensure_one()
        return {
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
            "origin": self.name,
            "commitment_date": fields.Datetime.to_datetime(
                self.company_id._cs_working_day(fields.Datetime.now(), 1)[0]
            ),
        }

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

    def _cs_fit_to_credit_figures(self):
        """The credit left for this order and its product lines, quantities in the product's unit.

        Returns ``(available, order amount, fixed amount, [(line, info)])``
        where ``info`` has ``qty``, ``unit`` (amount per product unit, taxes
        included, company currency), ``moq`` and ``pack``. Refuses orders
        that are not waiting in the review or that fit their credit.
        """
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self._cs_in_review():
            raise UserError(
                self.env._(
                    "%(order)s is not waiting in the review: only orders under review are reduced to fit the "
                    "credit; a confirmed order changes through a change request.",
                    order=self.name,
                )
            )
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
            qty = line._cs_qty_in_product_uom()
            if qty <= 0:
                continue
            moq, pack = rules.get((self.company_id.id, customer.id, line.product_id.id), (0.0, 0.0))
            infos.append((line, {"qty": qty, "unit": line.price_total / qty / rate, "moq": moq, "pack": pack}))
        # amounts outside the product lines (delivery, fees) are kept
        fixed = fig["amount"] - sum(info["qty"] * info["unit"] for _line, info in infos)
        return available, fig["amount"], fixed, infos

    def _cs_fit_to_credit_proposal(self):
        """Values of the fit-to-credit wizard: the credit left and the reduced quantities (product's unit)."""
        available, amount, fixed, infos = self._cs_fit_to_credit_figures()
        proposal = cs_fit_quantities([info for _line, info in infos], available - fixed)
        return {
            "order_id": self.id,
            "available": available,
            "order_total": amount,
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
                for (line, info), new_qty in zip(infos, proposal, strict=True)
            ],
        }

    def _cs_apply_fit_to_credit(self, quantities, agreement):
        """Set the agreed quantities (0 removes the line) and record the customer's agreement.

        ``quantities``: {order line: new quantity in the product's unit}. Every
        figure is computed again here; only the quantities come from the user,
        and they must reduce (never raise) the lines, keep the MOQ and pack
        multiples, and fit the credit.
        """
        self.ensure_one()
        self.check_access("write")
        if not (agreement or "").strip():
            raise UserError(self.env._("Record how the customer agreed to the reduced quantities."))
        if not quantities:
            raise UserError(self.env._("The proposal has no line: open Fit to credit again from the order."))
        available, _amount, fixed, infos = self._cs_fit_to_credit_figures()
        by_line = dict(infos)
        total = fixed
        for line, qty in quantities.items():
            info = by_line.get(line)
            if info is None:
                raise UserError(
                    self.env._(
                        "%(line)s is not a product line of %(order)s: reduce only the lines of the order.",
                        line=line.display_name,
                        order=self.name,
                    )
                )
            uom = line.product_id.uom_id
            if qty < 0 or float_compare(qty, info["qty"], precision_rounding=uom.rounding or 0.01) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: the new quantity must be between 0 and the %(qty)s %(uom)s ordered.",
                        product=line.product_id.display_name,
                        qty=info["qty"],
                        uom=uom.name,
                    )
                )
            if not is_valid(qty, info["qty"], info["moq"], info["pack"]):
                raise UserError(
                    self.env._(
                        "%(product)s: %(new)s %(uom)s breaks the customer's order rules; use 0, the full quantity, "
                        "or at least the MOQ (%(moq)s) in multiples of %(pack)s.",
                        product=line.product_id.display_name,
                        new=qty,
                        uom=uom.name,
                        moq=info["moq"],
                        pack=info["pack"] or 1,
                    )
                )
            total += qty * info["unit"]
        total += sum(info["qty"] * info["unit"] for line, info in infos if line not in quantities)
        if self.company_id.currency_id.compare_amounts(total, available) > 0:
            raise UserError(
                self.env._(
                    "The proposal still exceeds the available credit of %(available)s: reduce the quantities further.",
                    available=format_amount(self.env, available, self.company_id.currency_id),
                )
            )
        if all(not qty for qty in quantities.values()) and len(quantities) == len(infos):
            raise UserError(
                self.env._(
                    "Every line would be removed from %(order)s: cancel the order instead, or keep some quantity.",
                    order=self.name,
                )
            )
        changes = []
        commands = []
        for line, qty in quantities.items():
            info = by_line[line]
            if float_compare(qty, info["qty"], precision_rounding=line.product_id.uom_id.rounding or 0.01) == 0:
                continue
            new_qty = self._cs_line_qty_from_product_uom(line, qty)
            changes.append(
                self.env._(
                    "%(product)s: %(old)s → %(new)s %(uom)s",
                    product=line.product_id.display_name,
                    old=line.product_uom_qty,
                    new=new_qty,
                    uom=line.product_uom.name,
                )
            )
            commands.append(Command.update(line.id, {"product_uom_qty": new_qty}) if qty else Command.unlink(line.id))
        # one write: the checks run again once at its end
        self.write({"order_line": commands})
        self.message_post(
            body=self.env._(
                "Reduced to fit the credit with the customer's agreement (%(agreement)s): %(changes)s",
                agreement=agreement.strip(),
                changes="; ".join(changes),
            ),
            subtype_xmlid="mail.mt_note",
        )
