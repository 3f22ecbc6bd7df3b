from datetime import datetime, time, timedelta

import pytz

from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        res = super().write(vals)
        # menus are cached per user: a capability switched on or off shows or hides its menus at once
        if set(vals) & set(self.env["ir.ui.menu"]._cs_switched_menus()):
            self.env.registry.clear_cache()
        return res

    def _cs_working_day(self, start, days):
        """The ``days``-th working day after the day of ``start``, on the company's calendar.

        One rule for every deadline the desk counts in working days (ship-by,
        deferred orders, complaint response promises): the days are those of
        the company's working calendar, in its time zone, skipping days without
        work and public holidays (global leaves). ``days`` = 0 is the first
        working day on or after the day of ``start``.

        :param start: naive UTC datetime
        :return: ``(day, end)`` — the local date, and the naive UTC datetime at
            which that day's work ends. Without a calendar, or with one that
            has (almost) no work, calendar days count and ``end`` is the end of
            that day.
        """
        self.ensure_one()
        calendar = self.resource_calendar_id
        tz = pytz.timezone(calendar.tz or "UTC") if calendar else pytz.utc
        day = pytz.utc.localize(start).astimezone(tz).date()
        first = day + timedelta(days=1) if days > 0 else day
        wanted = max(days, 1)
        # A window that holds the days wanted in an ordinary week; it widens only when holidays
        # (a Golden Week …) eat into it. The first look is the cheap one: a release runs it.
        window = wanted * 2 + 7
        while calendar and window <= 800:
            begin = tz.localize(datetime.combine(first, time.min))
            end = tz.localize(datetime.combine(first + timedelta(days=window - 1), time.max))
            day_ends = {}
            for interval_start, interval_stop, _meta in calendar._work_intervals_batch(begin, end)[False]:
                key = interval_start.date()
                day_ends[key] = max(interval_stop, day_ends.get(key, interval_stop))
            if len(day_ends) >= wanted:
                found = sorted(day_ends)[wanted - 1]
                return found, day_ends[found].astimezone(pytz.utc).replace(tzinfo=None)
            window *= 2
        found = day + timedelta(days=days)
        return found, tz.localize(datetime.combine(found, time.max)).astimezone(pytz.utc).replace(tzinfo=None)
