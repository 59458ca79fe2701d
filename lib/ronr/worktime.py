"""Time counted the helpdesk way: only the client's business hours, in its own time zone.

A question at 17:25 on a Friday answered at 09:10 on Monday waited 63.75 clock hours but 15
business minutes (09:00–17:30, Monday to Friday): the convention of helpdesk calendars (Zendesk
business-hours SLAs, Help Scout office hours, Jira Service Management calendars). Days are the
zone's own, so the hours stay right across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .config import WEEKDAYS, BusinessHours

HOUR = np.timedelta64(1, "h")


def _offset(time: dt.time) -> np.timedelta64:
    return np.timedelta64(time.hour * 60 + time.minute, "m")


def business_hours_between(start: pd.Series, end: pd.Series, *, hours: BusinessHours) -> pd.Series:
    """Business hours from each ``start`` to its ``end``, in the client's business calendar.

    Parameters
    ----------
    start, end
        Timezone-aware timestamps, aligned on the same index.
    hours
        The client's business hours: time zone, open days, opening and closing time, holidays.

    Returns
    -------
    Series of float
        Hours (fractions included) on the index of ``start``; missing where either side is
        missing or ``end`` is before ``start``.
    """
    result = pd.Series(np.nan, index=start.index, dtype=float)
    valid = (start.notna() & end.notna()).to_numpy()
    if not valid.any():
        return result
    local_start = start[valid].dt.tz_convert(hours.timezone).dt.tz_localize(None)
    local_end = end[valid].dt.tz_convert(hours.timezone).dt.tz_localize(None)
    forward = (local_end >= local_start).to_numpy()
    first = local_start.dt.normalize().to_numpy()
    last = local_end.dt.normalize().to_numpy()
    s, e = local_start.to_numpy(), local_end.to_numpy()
    days = np.where(forward, (last - first) // np.timedelta64(1, "D") + 1, 0).astype(int)
    row = np.repeat(np.arange(len(s)), days)
    step = np.arange(days.sum()) - np.repeat(np.cumsum(days) - days, days)
    day = first[row] + step * np.timedelta64(1, "D")
    opens, closes = day + _offset(hours.start), day + _offset(hours.end)
    overlap = (np.minimum(closes, e[row]) - np.maximum(opens, s[row])) / HOUR
    index = pd.DatetimeIndex(day)
    working = np.isin(index.day_of_week, [WEEKDAYS.index(d) for d in hours.days])
    if hours.holidays:
        working &= ~np.isin(index.normalize().date, list(hours.holidays))
    counted = np.where(working, np.clip(overlap, 0, None), 0.0)
    totals = np.bincount(row, weights=counted, minlength=len(s))
    result[valid] = np.where(forward, totals, np.nan)
    return result
