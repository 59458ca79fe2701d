"""Tweak: what resonates and what does not, and the negative spikes to act on."""

from __future__ import annotations

import pandas as pd

from .periods import time_key


def daily_negative(
    mentions: pd.DataFrame, *, brand: str, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Mentions and negative mentions of ``brand`` per day, every day of the period (0 when none)."""
    own = mentions[mentions["brand"] == brand]
    days = pd.date_range(start.tz_localize(None), end.tz_localize(None), freq="D", name="date")
    day = time_key(own["created_at"], "D")
    total = own.groupby(day).size().reindex(days, fill_value=0)
    negative = (
        own[own["sentiment_label"] == "negative"].groupby(day).size().reindex(days, fill_value=0)
    )
    return pd.DataFrame(
        {"mentions": total.astype(int), "negative": negative.astype(int)}
    ).reset_index()


def detect_spikes(
    daily: pd.DataFrame, *, column: str = "negative", k: float = 2.0, window: int = 7
) -> pd.DataFrame:
    """Flag days whose ``column`` exceeds the trailing ``window``-day mean + k·σ.

    The trailing window holds the ``window`` days before the day (not the day itself); σ is
    the sample standard deviation. The first ``window`` days cannot be judged (no flag).

    Returns
    -------
    DataFrame
        ``daily`` plus ``baseline threshold is_spike``.
    """
    counts = daily[column].astype(float)
    trailing = counts.shift(1).rolling(window, min_periods=window)
    baseline = trailing.mean()
    threshold = baseline + k * trailing.std(ddof=1)
    return daily.assign(
        baseline=baseline, threshold=threshold, is_spike=(counts > threshold) & threshold.notna()
    )


def spike_days(spikes: pd.DataFrame, *, window: int = 7) -> pd.DataFrame:
    """The spike days of :func:`detect_spikes`, most negative mentions first.

    When no day could be judged (fewer than ``window`` days before any of them), the empty
    table says so in ``attrs["reason"]``: "no spike" would claim what was not measured.
    """
    days = spikes[spikes["is_spike"]].sort_values("negative", ascending=False)
    if not spikes["threshold"].notna().any():
        days.attrs["reason"] = (
            f"No day can be judged yet: a spike is measured against the {window} days before "
            f"it, and the mention exports cover {len(spikes)} day(s)."
        )
    return days


def spike_mentions(
    mentions: pd.DataFrame, spikes: pd.DataFrame, *, brand: str, n: int = 5
) -> pd.DataFrame:
    """Example negative mentions of ``brand`` on spike days, most negative first (distinct texts)."""
    days = set(spikes.loc[spikes["is_spike"], "date"])
    own = mentions[(mentions["brand"] == brand) & (mentions["sentiment_label"] == "negative")]
    on_spike = own[time_key(own["created_at"], "D").isin(days)]
    on_spike = on_spike.sort_values("sentiment", kind="stable").drop_duplicates("text")
    return on_spike.head(n)[["created_at", "channel", "author", "text", "sentiment"]].reset_index(
        drop=True
    )
