from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # ------------------------------------------------------------------
    # One activity per situation (the desk's jobs and alerts)
    # ------------------------------------------------------------------
    # A situation (a late order, an overdue verification, a customer over its
    # container limit …) raises one activity for the person who must act, and
    # its end closes it. What makes a situation *new* (a new deadline, a new
    # ship-by date) is remembered by each model on its own records, so that an
    # activity marked done is not raised again the next day; these helpers do
    # the rest, in batches and in superuser mode (jobs raise them for others).

    @api.model
    def _cs_open(self, records, activity_type):
        """The open activities of ``activity_type`` on ``records``."""
        if not records:
            return self.sudo().browse()
        return self.sudo().search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    @api.model
    def _cs_raise(self, activity_type, situations, per_user=True):
        """Raise one activity per situation that has none open yet.

        :param situations: ``(record, user, deadline, summary)`` or
            ``(record, user, deadline, summary, note)`` tuples, all on one model
        :param per_user: an open activity of the type on the record counts only
            if it is for the same user (else: for anyone)
        :return: the activities created (one batch)
        """
        situations = [situation for situation in situations if situation[1]]
        if not situations:
            return self.sudo().browse()
        records = situations[0][0].browse({situation[0].id for situation in situations})
        taken = {
            (activity.res_id, activity.user_id.id if per_user else None)
            for activity in self._cs_open(records, activity_type)
        }
        model_id = self.env["ir.model"]._get_id(records._name)
        vals_list = []
        for record, user, deadline, summary, *note in situations:
            key = (record.id, user.id if per_user else None)
            if key in taken:
                continue
            taken.add(key)
            vals_list.append(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "summary": summary,
                    "note": note[0] if note else "",
                    "automated": True,
                }
            )
        return self.sudo().with_context(mail_activity_quick_update=True).create(vals_list)

    @api.model
    def _cs_close(self, records, activity_type, feedback=None):
        """The situation is over: its open activities are marked done with ``feedback``,
        or, without feedback, removed (no chatter message per record in a batch of thousands)."""
        activities = self._cs_open(records, activity_type)
        if feedback:
            activities.action_feedback(feedback=feedback)
        else:
            activities.unlink()
        return activities
