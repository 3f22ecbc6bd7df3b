"""18.0.3.0.0 — complaints, revisits and VMI get a switch per company (Settings › CS Desk).

Before this version they were always on. A company that already uses one keeps
it on: complaints if it has any, revisits if it has a revisit rule, VMI if it
has a VMI site. Companies that never used them start with them off, like a new
installation.

The sales policy check (O7) runs at the *CS check* stage, as on a new
installation: the stage's flag is set here, since the stage is a record the
upgrade does not overwrite (noupdate).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_company c
           SET cs_complaints_enabled = EXISTS (SELECT 1 FROM cs_complaint x WHERE x.company_id = c.id),
               cs_revisits_enabled = EXISTS (SELECT 1 FROM cs_revisit_rule x WHERE x.company_id = c.id),
               cs_vmi_enabled = EXISTS (SELECT 1 FROM stock_warehouse x WHERE x.company_id = c.id AND x.cs_is_vmi)
        """
    )
    cr.execute(
        """
        UPDATE cs_review_stage s
           SET check_policy = TRUE
          FROM ir_model_data d
         WHERE d.module = 'sales_cs_desk' AND d.name = 'cs_review_stage_cs_check'
           AND d.model = 'cs.review.stage' AND d.res_id = s.id
        """
    )
