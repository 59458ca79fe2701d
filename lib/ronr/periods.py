"""Periods and time buckets shared by every stage: one parse, one label, one bucketing rule.

A report covers a :class:`Period` of whole days. Its text form, ``START..END``, takes days
(``2025-01-01``), months (``2025-01``) or years (``2025``) on either side; it is parsed once, at
the edge (the command line or the notebook's parameters), and labelled one way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .errors import ConfigError, quoted

FREQ_LABELS = {"D": "day", "W": "week", "MS": "month"}
PERIOD_EXAMPLE = "2025-01-01..2025-06-30"


@dataclass(frozen=True)
class Period:
    """Inclusive days from ``start`` to ``end``, as UTC midnights."""

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def parse(cls, text: str) -> Period:
        """A period from ``'START..END'`` (days, months or years on either side).

        Raises
        ------
        ConfigError
            Not two parts, a part that is no date, month or year, or an end before the start;
            the message quotes the text and gives an example.
        """
        parts = str(text).split("..")
        if len(parts) != 2:
            raise ConfigError(
                f"period {quoted(text)}: expected 'START..END', e.g. '{PERIOD_EXAMPLE}'"
            )
        try:
            start = pd.Period(parts[0].strip()).start_time
            end = pd.Period(parts[1].strip()).end_time.normalize()
        except ValueError:
            raise ConfigError(
                f"period {quoted(text)}: expected dates like 2025-01-01 or months like 2025-01"
            ) from None
        if end < start:
            raise ConfigError(f"period {quoted(text)}: the end is before the start")
        return cls(start.tz_localize("UTC"), end.tz_localize("UTC"))

    @classmethod
    def of_days(cls, start: dt.date, end: dt.date) -> Period:
        """The period from day ``start`` to day ``end`` (e.g. a client.yaml's ``period``)."""
        return cls(pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC"))

    def label(self) -> str:
        """The period as a reader sees it everywhere: ``'01 Mar 2025 – 31 Mar 2025'``."""
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"

    def text(self) -> str:
        """The period as ``parse`` reads it: ``'2025-03-01..2025-03-31'``."""
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    def previous(self) -> Period:
        """The period of the same length just before this one, to compare with.

        Whole calendar months give as many whole months before (Apr–Jun → Jan–Mar; a year
        → the year before), so a month is compared with a month, not with 31 days that
        straddle two; any other period gives the same number of days just before it.

        Examples
        --------
        >>> Period.parse("2025-04..2025-06").previous().text()
        '2025-01-01..2025-03-31'
        >>> Period.parse("2025-03-10..2025-03-16").previous().text()
        '2025-03-03..2025-03-09'
        """
        after = self.end + pd.Timedelta(days=1)
        if self.start.day == 1 and after.day == 1:
            months = (after.year - self.start.year) * 12 + after.month - self.start.month
            start = self.start - pd.DateOffset(months=months)
            return Period(start, self.start - pd.Timedelta(days=1))
        days = self.end - self.start + pd.Timedelta(days=1)
        return Period(self.start - days, self.start - pd.Timedelta(days=1))


def as_columns(by: str | Sequence[str] | None) -> list[str]:
    """Grouping columns from one column name, a sequence of them, or None (no grouping)."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def time_key(stamps: pd.Series, freq: str, *, timezone: str = "UTC") -> pd.Series:
    """The start of the day, week (Monday) or month of each timestamp, as a naive local time.

    Parameters
    ----------
    stamps
        Timezone-aware timestamps.
    freq
        ``'D'``, ``'W'`` or ``'MS'``.
    timezone
        The zone whose days, weeks and months the buckets are (the client's
        ``business_hours.timezone``); daylight-saving changes are the zone's own.

    Raises
    ------
    ValueError
        ``freq`` is not one of ``'D'``, ``'W'``, ``'MS'``.
    """
    naive = stamps.dt.tz_convert(timezone).dt.tz_localize(None)
    if freq == "D":
        return naive.dt.normalize()
    if freq == "W":
        return (naive - pd.to_timedelta(naive.dt.day_of_week, unit="D")).dt.normalize()
    if freq == "MS":
        return naive.dt.to_period("M").dt.start_time
    raise ValueError(f"freq must be one of {', '.join(FREQ_LABELS)}, not {freq!r}")


def group_keys(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None,
    freq: str | None,
    time_column: str,
    timezone: str = "UTC",
) -> tuple[pd.DataFrame, list[str]]:
    """A copy of ``data`` with a ``period`` column when ``freq`` is given, and the group keys.

    Buckets are days, weeks or months of ``timezone`` (see :func:`time_key`).

    Posts known only to their month (``published_month``, e.g. the UCI dataset) are put in
    their month; every other row in the bucket of ``time_column``.
    """
    frame = data.copy()
    keys = as_columns(by)
    if freq == "MS" and "published_month" in frame:
        # posts carry their local month, also when the source gave no exact day
        frame["period"] = pd.to_datetime(frame["published_month"] + "-01", format="%Y-%m-%d")
        keys = ["period", *keys]
    elif freq:
        frame["period"] = time_key(frame[time_column], freq, timezone=timezone)
        keys = ["period", *keys]
    return frame, keys
