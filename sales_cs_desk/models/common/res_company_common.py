from datetime import datetime, time, timedelta

import pytz

from odoo import api, models, tools


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
            day_ends = self._cs_work_day_ends(calendar.id, first, window)
            if len(day_ends) >= wanted:
                return day_ends[wanted - 1]
            window *= 2
        found = day + timedelta(days=days)
        return found, tz.localize(datetime.combine(found, time.max)).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    @tools.ormcache("calendar_id", "first", "window")
    def _cs_work_day_ends(self, calendar_id, first, window):
        """The working days of the calendar from ``first`` for ``window`` days: ((day, naive UTC end), ...).

        Cached: every release, complaint and inquiry counts its deadline on the same few days. The
        cache is cleared when a calendar, its working hours or a public holiday change (the
        resource models' overrides in this folder).
        """
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        tz = pytz.timezone(calendar.tz or "UTC")
        begin = tz.localize(datetime.combine(first, time.min))
        end = tz.localize(datetime.combine(first + timedelta(days=window - 1), time.max))
        day_ends = {}
        for interval_start, interval_stop, _meta in calendar._work_intervals_batch(begin, end)[False]:
            key = interval_start.date()
            day_ends[key] = max(interval_stop, day_ends.get(key, interval_stop))
        return tuple((day, day_ends[day].astimezone(pytz.utc).replace(tzinfo=None)) for day in sorted(day_ends))
