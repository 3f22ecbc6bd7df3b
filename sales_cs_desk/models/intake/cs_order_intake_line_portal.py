from odoo import models


class CsOrderIntakeLine(models.Model):
    _inherit = "cs.order.intake.line"

    # ------------------------------------------------------------------
    # Web EDI: what the customer reads of a line
    # ------------------------------------------------------------------
    def _cs_portal_status(self):
        """The line's progress in the customer's words (the desk's check levels are internal)."""
        self.ensure_one()
        return {
            "pass": self.env._("Received"),
            "warning": self.env._("Received"),
            "block": self.env._("Needs a correction"),
            "ignored": self.env._("Not ordered"),
            "done": self.env._("Ordered"),
        }.get(self.status, "")

    def _cs_portal_remark(self):
        """What the customer can act on: why a line is blocked or not ordered.

        Warnings (order rules, prices, lead times) are the CS team's to settle in the review, so they stay
        internal; a blocked line's reasons name what to correct in the order (part number, quantity, date).
        """
        self.ensure_one()
        if self.status == "block":
            # only the blocking reasons: a blocked line may carry the desk's own warnings too
            return "\n".join(a["message"] for a in self.anomalies or () if a.get("level") == "block")
        if self.status == "ignored":
            return self.ignore_reason or ""
        return ""
