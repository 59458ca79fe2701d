"""Tweak: what resonates and what does not, and the negative incidents to act on.

Incidents are found in three steps: :func:`daily_negative` counts the brand's negative mentions
per local day of the client, :func:`detect_spikes` flags the days far above a robust, lagged
baseline with the weekly pattern, and :func:`group_incidents` joins neighbouring flagged days
into incidents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import median_abs_deviation

from .periods import time_key

WINDOW = 28
"""Days before a day that its baseline is estimated from (four whole weeks)."""
K = 4.0
"""Robust standard deviations above the baseline that make a spike (calibrated, see below)."""
MIN_COUNT = 5
"""Negative mentions a day needs, at least, to be a spike."""
INCIDENT_COLUMNS = ["start", "peak", "end", "days", "negative", "peak_negative", "baseline"]


def _calendar_day(stamp: pd.Timestamp) -> pd.Timestamp:
    # the wall date the stamp carries, in its own zone: a UTC midnight names that day
    stamp = pd.Timestamp(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def daily_negative(
    mentions: pd.DataFrame,
    *,
    brand: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Mentions and negative mentions of ``brand`` per local day, every day from start to end.

    Parameters
    ----------
    mentions
        Canonical mentions (``brand``, ``created_at`` tz-aware, ``sentiment_label``).
    brand
        The brand whose mentions are counted.
    start, end
        The first and last day. Each is read as the calendar date it carries, whatever its
        time and zone: the UTC midnights of :meth:`ronr.store.Workspace.covered_span` name the
        same days in the client's zone (a naive ``2025-01-01`` or ``2025-01-01 00:00 UTC`` is
        the local day 1 Jan). Mentions whose local day falls outside are left out (the
        workspace selects its period by the same local days).
    timezone
        The client's zone (``business_hours.timezone``); days are its local days, with its own
        daylight-saving changes (:func:`ronr.periods.time_key`).

    Returns
    -------
    DataFrame
        One row per day: ``date`` (naive local midnight), ``mentions`` (all of the brand's
        mentions that day), ``negative`` (those labelled negative). A day without mentions
        counts 0: within the covered days no row means none was made.
    """
    own = mentions[mentions["brand"] == brand]
    days = pd.date_range(_calendar_day(start), _calendar_day(end), freq="D", name="date")
    day = time_key(own["created_at"], "D", timezone=timezone)
    total = own.groupby(day).size().reindex(days, fill_value=0)
    negative = (
        own[own["sentiment_label"] == "negative"].groupby(day).size().reindex(days, fill_value=0)
    )
    return pd.DataFrame(
        {"mentions": total.astype(int), "negative": negative.astype(int)}
    ).reset_index()


def _baseline_and_scale(counts: np.ndarray, *, window: int) -> tuple[np.ndarray, np.ndarray]:
    # the weekday median and robust σ of the `window` days before each day (detect_spikes)
    n = len(counts)
    baseline = np.full(n, np.nan)
    scale = np.full(n, np.nan)
    if n <= window:
        return baseline, scale
    # windows[i] holds the `window` days before day i + window
    windows = sliding_window_view(counts[:-1], window)
    weeks = windows.reshape(len(windows), window // 7, 7)
    # column r holds the days t − window + r + 7j: column 0 is the weekday of day t
    base = np.median(weeks[:, :, 0], axis=1)
    # week-on-week changes of each weekday: free of the level and the weekly pattern
    changes = np.diff(weeks, axis=1).reshape(len(windows), -1)
    spread = median_abs_deviation(changes, axis=1, scale="normal") / np.sqrt(2)
    level = np.maximum(base, np.median(windows, axis=1))
    baseline[window:] = base
    scale[window:] = np.maximum(np.maximum(spread, np.sqrt(level)), 1.0)
    return baseline, scale


def detect_spikes(
    daily: pd.DataFrame,
    *,
    column: str = "negative",
    window: int = WINDOW,
    k: float = K,
    min_count: float = MIN_COUNT,
) -> pd.DataFrame:
    """Flag days whose ``column`` lies far above a robust, lagged baseline with a weekly pattern.

    For each day *t*, from the ``window`` days before it (*t*−28 … *t*−1 by default; the day
    itself never enters its own baseline, as in the CDC EARS C-algorithms, Hutwagner et al.
    2003):

    - ``baseline`` = the median of the same weekday's counts in the window (4 values for 28
      days). Comparing a day with the same weekday of earlier weeks keeps the weekly pattern
      out of the alarm (the "historical limits" idea of Stroup et al. 1989, applied to weeks),
      and the median is not moved by a single incident day.
    - ``scale`` = max(1.4826·MAD(d)/√2, √level, 1), a robust σ of one day's count. d are
      the week-on-week changes of each weekday in the window (lag-7 differences, 21 in 28
      days), which carry neither the level nor the weekly pattern; the change between two
      independent days has σ√2, hence the √2 (the difference-based MAD noise estimate of
      Donoho & Johnstone 1994; the seasonal median/MAD idea of Hochenbaum, Vallis &
      Kejariwal 2017, S-H-ESD; 1.4826·MAD estimates σ for normal data, Hampel 1974, Leys et
      al. 2013). The floors keep the scale from collapsing on sparse counts, where most
      changes are 0 and so is the MAD: √level is the Poisson standard deviation of a usual
      day, with level = max(baseline, median of the whole window) so that a low weekday
      median of only 4 values does not shrink the scale along with the baseline; and at
      least 1 mention.
    - ``threshold`` = baseline + k·scale; the day is a spike when its count exceeds the
      threshold *and* is at least ``min_count`` (a day of 1 negative mention after a week of
      zeros is no incident).

    A day is judged only when its whole window is known: the first ``window`` days, and days
    whose window holds a missing count (NaN: missing is not zero), get a missing baseline,
    scale and threshold and are never flagged.

    Spike days enter the windows of later days as their baseline, not their count (the Hampel
    filter's replacement of outliers by the median, Pearson 2002), computed day by day: an
    incident raises neither the baseline nor the scale of its own later days, so a multi-day
    incident is flagged whole, nor those of the four weeks after it.

    Calibration (``k`` = 4, ``min_count`` = 5, window 28): on stationary Poisson counts the
    rule flags, per year of judged days, 0.01 / 0.6 / 0.5 / 0.2 / 0.1 / 0.1 days at 0.3 / 1 /
    3 / 10 / 30 / 100 negative mentions a day, and at most ≈1.3 at any rate between (600
    simulated years each; ``tests/test_spike_null.py`` checks ≤ 2 at each rate). Counts more
    dispersed than Poisson raise it (negative binomial with variance μ + μ²/10: ≈1.5–3.3 days
    a year at μ = 3–100), as they would any fixed-k rule.

    Parameters
    ----------
    daily
        One row per consecutive day, in order (e.g. :func:`daily_negative`); a ``date``
        column, when present, is checked to be consecutive days.
    column
        The count to judge (negative mentions per day).
    window
        Days before the day that form its baseline; a whole number of weeks.
    k
        Robust standard deviations above the baseline.
    min_count
        The least count a spike day has.

    Returns
    -------
    DataFrame
        ``daily`` plus ``baseline`` (usual count for that weekday), ``scale`` (robust σ, in
        counts), ``threshold`` (baseline + k·scale) and ``is_spike`` (bool). ``attrs`` holds
        ``window``, ``k`` and ``min_count``.

    Raises
    ------
    ValueError
        ``window`` is not a positive multiple of 7, or ``date`` is not consecutive days.

    References
    ----------
    Donoho, D. L. & Johnstone, I. M. (1994). Ideal spatial adaptation by wavelet shrinkage.
    Biometrika 81, 425–455.
    Hampel, F. R. (1974). The influence curve and its role in robust estimation. JASA 69,
    383–393.
    Hochenbaum, J., Vallis, O. S. & Kejariwal, A. (2017). Automatic anomaly detection in the
    cloud via statistical learning. arXiv:1704.07706.
    Hutwagner, L. et al. (2003). The bioterrorism preparedness and response Early Aberration
    Reporting System (EARS). J. Urban Health 80, i89–i96.
    Pearson, R. K. (2002). Outliers in process modeling and identification. IEEE Trans.
    Control Syst. Technol. 10, 55–63.
    Leys, C. et al. (2013). Detecting outliers: do not use standard deviation around the mean,
    use absolute deviation around the median. J. Exp. Soc. Psychol. 49, 764–766.
    Stroup, D. F. et al. (1989). Detection of aberrations in the occurrence of notifiable
    diseases surveillance data. Stat. Med. 8, 323–329.
    """
    if window <= 0 or window % 7:
        raise ValueError(f"window must be a positive multiple of 7 days, not {window}")
    if "date" in daily and len(daily) > 1:
        steps = pd.to_datetime(daily["date"]).diff().iloc[1:]
        if not (steps == pd.Timedelta(days=1)).all():
            raise ValueError(
                "detect_spikes needs one row per consecutive day in 'date' (the weekly "
                "pattern is read from positions); fill the missing days first"
            )
    counts = daily[column].to_numpy(dtype=float)
    # Judge against a history cleaned of the spikes already found, so an incident does not
    # widen the scale of its own later days. Each day depends only on the days before it, so
    # repeating until nothing changes gives the day-by-day result: every pass settles at
    # least the earliest day that was still wrong (a handful of passes in practice).
    history = counts
    for _ in range(len(counts) + 1):
        baseline, scale = _baseline_and_scale(history, window=window)
        threshold = baseline + k * scale
        with np.errstate(invalid="ignore"):
            is_spike = (counts > threshold) & (counts >= min_count)  # NaN compares False
        cleaned = np.where(is_spike, baseline, counts)
        if np.array_equal(cleaned, history, equal_nan=True):
            break
        history = cleaned
    result = daily.assign(baseline=baseline, scale=scale, threshold=threshold, is_spike=is_spike)
    result.attrs.update(window=window, k=k, min_count=min_count)
    return result


def _not_judged_reason(spikes: pd.DataFrame, window: int | None) -> str | None:
    if spikes["threshold"].notna().any():
        return None
    window = window or spikes.attrs.get("window", WINDOW)
    return (
        f"No day can be judged yet: a spike is measured against the {window} days before it, "
        f"so it needs at least {window + 1} covered days, and the mention exports cover "
        f"{len(spikes):,} day{'' if len(spikes) == 1 else 's'}."
    )


def spike_days(spikes: pd.DataFrame, *, window: int | None = None) -> pd.DataFrame:
    """The spike days of :func:`detect_spikes`, most negative mentions first.

    When no day could be judged (fewer than ``window`` days before any of them; default the
    window ``detect_spikes`` used), the empty table says so in ``attrs["reason"]``, naming the
    days needed and the days covered: "no spike" would claim what was not measured.
    """
    days = spikes[spikes["is_spike"]].sort_values("negative", ascending=False)
    reason = _not_judged_reason(spikes, window)
    if reason:
        days.attrs["reason"] = reason
    return days


def group_incidents(spikes: pd.DataFrame, *, gap: int = 1) -> pd.DataFrame:
    """Neighbouring spike days of :func:`detect_spikes` joined into incidents, largest first.

    Flagged days separated by at most ``gap`` unflagged days belong to one incident: one quiet
    day inside a crisis (a count that dipped just under the threshold) should not split it in
    two, while two quiet days or more end it. ``gap=0`` joins only consecutive days.

    Parameters
    ----------
    spikes
        The output of :func:`detect_spikes` (``date negative baseline is_spike``), one row per
        consecutive day.
    gap
        Unflagged days allowed inside an incident.

    Returns
    -------
    DataFrame
        One row per incident: ``start`` and ``end`` (first and last flagged day), ``peak``
        (the flagged day with the most negative mentions, the first on a tie), ``days``
        (calendar days from start to end), ``negative`` (negative mentions summed over all
        those days, bridged ones included), ``peak_negative`` and ``baseline`` (the peak day's
        count and usual count). Sorted by ``negative``, largest first, then by ``start``. When
        no day could be judged, the empty table says why in ``attrs["reason"]``.

    Raises
    ------
    ValueError
        ``gap`` is negative.
    """
    if gap < 0:
        raise ValueError(f"gap must be 0 or more days, not {gap}")
    table = spikes.reset_index(drop=True)
    flagged = np.flatnonzero(table["is_spike"].to_numpy(dtype=bool))
    rows = []
    if len(flagged):
        # a new incident starts where more than `gap` days lie between two flagged days
        starts = np.r_[True, np.diff(flagged) > gap + 1]
        for members in np.split(flagged, np.flatnonzero(starts)[1:]):
            first, last = members[0], members[-1]
            peak = members[np.argmax(table["negative"].to_numpy()[members])]
            rows.append(
                {
                    "start": table.at[first, "date"],
                    "peak": table.at[peak, "date"],
                    "end": table.at[last, "date"],
                    "days": int((table.at[last, "date"] - table.at[first, "date"]).days) + 1,
                    "negative": table.loc[first:last, "negative"].sum(),
                    "peak_negative": table.at[peak, "negative"],
                    "baseline": table.at[peak, "baseline"],
                }
            )
    incidents = pd.DataFrame(rows, columns=INCIDENT_COLUMNS)
    incidents = incidents.sort_values(
        ["negative", "start"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    reason = _not_judged_reason(spikes, None)
    if reason:
        incidents.attrs["reason"] = reason
    return incidents


SEVERITY = 6.0
"""Robust σ above the baseline a severe incident's worst day exceeds (the disaster-plan rule)."""
MIN_SEVERE = 10
"""Negative mentions a severe incident needs over all its days, at least."""


def severe_incidents(
    spikes: pd.DataFrame, *, severity: float = SEVERITY, min_negative: int = MIN_SEVERE
) -> pd.DataFrame:
    """The incidents of :func:`group_incidents` that are severe, largest first.

    An incident is severe when it brought at least ``min_negative`` negative mentions in all
    and one of its days exceeds ``baseline + severity · scale``. The spike rule flags at most
    about a day a year on noise, which a report may show; an action needs more: on Poisson
    noise at 0.5 to 100 negative mentions a day, at most about 2.5% of years hold a severe
    incident at the defaults (``tests/test_spike_null.py``).

    Returns
    -------
    DataFrame
        The rows of :func:`group_incidents` (same columns) that are severe.
    """
    incidents = group_incidents(spikes)
    severe_days = spikes.loc[
        spikes["is_spike"] & (spikes["negative"] > spikes["baseline"] + severity * spikes["scale"]),
        "date",
    ]
    keep = [
        bool(row.negative >= min_negative)
        and bool(((severe_days >= row.start) & (severe_days <= row.end)).any())
        for row in incidents.itertuples()
    ]
    return incidents[keep].reset_index(drop=True)


def spike_mentions(
    mentions: pd.DataFrame,
    spikes: pd.DataFrame,
    *,
    brand: str,
    n: int = 5,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Example negative mentions of ``brand`` on spike days, most negative first (distinct texts).

    Spike days are local days of ``timezone``, as in :func:`daily_negative`; pass the same zone.
    Columns ``created_at channel author text sentiment``, at most ``n`` rows.
    """
    days = set(spikes.loc[spikes["is_spike"], "date"])
    own = mentions[(mentions["brand"] == brand) & (mentions["sentiment_label"] == "negative")]
    on_spike = own[time_key(own["created_at"], "D", timezone=timezone).isin(days)]
    on_spike = on_spike.sort_values("sentiment", kind="stable").drop_duplicates("text")
    return on_spike.head(n)[["created_at", "channel", "author", "text", "sentiment"]].reset_index(
        drop=True
    )
