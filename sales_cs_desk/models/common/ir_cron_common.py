from odoo import api, models
from odoo.tools import SQL


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _cs_may_commit(self, xmlid):
        """Whether the job ``xmlid`` may commit a finished batch now: only when Odoo's cron worker runs it.

        The worker holds the job's row locked in a cursor of its own for the whole run (no other
        worker and no "Run now" can start the job meanwhile), and runs it with a progress record:
        a commit there keeps the batch done and bounds the transaction. Anywhere else — "Run now"
        (the lock is this transaction's own, a commit would release it half-way and commit the
        request), a shell, a test — the job runs in one transaction, and holds the row lock itself
        until it ends, so that a second run cannot start beside it. Decided from the database's
        lock, not from anything a caller could send.
        """
        cron = self.env.ref(xmlid, raise_if_not_found=False)
        if not cron:
            return False
        self.env.cr.execute(SQL("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", cron.id))
        locked_elsewhere = not self.env.cr.fetchone()
        return locked_elsewhere and bool(self.env.context.get("ir_cron_progress_id"))
