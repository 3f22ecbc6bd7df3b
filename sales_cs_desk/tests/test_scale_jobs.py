from unittest.mock import patch

from odoo.tests import tagged

from .common_vmi import VmiCase

# the jobs that commit their batches as they go, with what runs them
COMMITTING_JOBS = {
    "sales_cs_desk.ir_cron_cs_vmi_stock_alerts": lambda env: env["cs.vmi.stock.alert"]._cron_cs_stock_alerts(
        batch_size=1
    ),
    "sales_cs_desk.ir_cron_cs_compute_grades": lambda env: env["res.partner"]._cron_cs_compute_grades(),
    "sales_cs_desk.ir_cron_cs_forecast_deviations": lambda env: env["cs.forecast.deviation"]._cron_cs_deviations(),
}


@tagged("post_install", "-at_install")
class TestScaleJobs(VmiCase):
    """Scheduled jobs (issue 15 item 4): batches committed under Odoo's cron worker only; "Run now" stays one
    transaction and keeps a second run of the job away."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_forecast_enabled = True
        for product in (cls.disc, cls.env["product.product"].create({"name": "Pad", "is_storable": True})):
            cls.env["stock.warehouse.orderpoint"].create(
                {
                    "location_id": cls.site.lot_stock_id.id,
                    "warehouse_id": cls.site.id,
                    "product_id": product.id,
                    "product_min_qty": 10,
                    "product_max_qty": 30,
                    "trigger": "manual",
                }
            )

    def _progress(self, cron):
        return self.env["ir.cron.progress"].create({"cron_id": cron.id, "done": 0, "remaining": 0})

    def _other_cursor_locks(self, cron):
        """Lock the job's row from another transaction, as the cron worker does; returns that cursor."""
        other = self.registry.cursor()
        other.execute("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", [cron.id])
        return other, bool(other.fetchone())

    def test_run_now_is_one_transaction_holding_the_job(self):
        for xmlid, run in COMMITTING_JOBS.items():
            with self.subTest(job=xmlid):
                cron = self.env.ref(xmlid)
                cron._try_lock()  # as ir.cron.method_direct_trigger ("Run now") does before running the job
                progress = self._progress(cron)
                # a commit would raise here (tests forbid it): before, "Run now" committed each batch,
                # releasing the job's lock half-way through the request
                run(self.env(context={"ir_cron_progress_id": progress.id}))
                self.assertFalse(progress.remaining)
                self.assertTrue(progress.done, "progress is reported")
                other, got = self._other_cursor_locks(cron)
                try:
                    self.assertFalse(got, "a cron worker skips the job while this run holds it")
                finally:
                    other.rollback()
                    other.close()

    def test_cron_worker_commits_each_batch(self):
        cron = self.env.ref("sales_cs_desk.ir_cron_cs_vmi_stock_alerts")
        other, got = self._other_cursor_locks(cron)
        try:
            self.assertTrue(got)
            progress = self._progress(cron)
            commits = []
            with patch.object(self.env.cr, "commit", lambda: commits.append(1)):
                raised, _closed = (
                    self.env["cs.vmi.stock.alert"]
                    .with_context(ir_cron_progress_id=progress.id)
                    ._cron_cs_stock_alerts(batch_size=1)
                )
            self.assertGreaterEqual(raised, 2, "both rules of the test are short")
            self.assertEqual(len(commits), progress.done, "one commit per batch of one rule")
            self.assertGreaterEqual(progress.done, 2)
            self.assertEqual(progress.remaining, 0)
        finally:
            other.rollback()
            other.close()
        # idempotent: run again, nothing new
        raised, _closed = self.env["cs.vmi.stock.alert"]._cron_cs_stock_alerts(batch_size=1)
        self.assertEqual(raised, 0)

    def test_no_commit_outside_a_cron_run(self):
        """Called from code (a shell, a wizard), without a progress record: one transaction."""
        for _xmlid, run in COMMITTING_JOBS.items():
            run(self.env)  # a commit would raise
