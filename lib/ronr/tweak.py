"""Tweak: what resonates and what does not, and the negative spikes to act on."""

from __future__ import annotations

import pandas as pd

from .listen import _time_key
from .measure import engagements
from .stats import SMALL_SAMPLE, mean_interval, safe_ratio


def engagement_by(
    posts: pd.DataFrame, *, by: str = "post_type", basis: str = "reach", confidence: float = 0.95
) -> pd.DataFrame:
    """Mean engagement rate per post for each value of ``by``, with a Student-t interval.

    Parameters
    ----------
    posts
        Canonical posts (filter to one brand first).
    by
        The column to compare, e.g. ``post_type``, ``channel`` or a derived ``has_hashtags``.
    basis
        ``reach`` or ``impressions``.

    Returns
    -------
    DataFrame
        ``<by> n mean_rate ci_low ci_high small_sample``, best first.
    """
    rates = safe_ratio(engagements(posts), posts[basis].astype("Float64"))
    frame = pd.DataFrame({by: posts[by], "rate": rates}).dropna()
    rows = []
    for value, group in frame.groupby(by, observed=True):
        mean, low, high, n = mean_interval(group["rate"], confidence=confidence)
        rows.append(
            {
                by: value,
                "n": n,
                "mean_rate": mean,
                "ci_low": low,
                "ci_high": high,
                "small_sample": n < SMALL_SAMPLE,
            }
        )
    table = pd.DataFrame(rows, columns=[by, "n", "mean_rate", "ci_low", "ci_high", "small_sample"])
    return table.sort_values("mean_rate", ascending=False).reset_index(drop=True)


def has_hashtags(posts: pd.DataFrame) -> pd.Series:
    """True where the post text holds a #hashtag."""
    return posts["text"].fillna("").str.contains(r"(?:^|\s)#\w", regex=True)


def daily_negative(
    mentions: pd.DataFrame, *, brand: str, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Mentions and negative mentions of ``brand`` per day, every day of the period (0 when none)."""
    own = mentions[mentions["brand"] == brand]
    days = pd.date_range(start.tz_localize(None), end.tz_localize(None), freq="D", name="date")
    day = _time_key(own["created_at"], "D")
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


def spike_mentions(
    mentions: pd.DataFrame, spikes: pd.DataFrame, *, brand: str, n: int = 5
) -> pd.DataFrame:
    """Example negative mentions of ``brand`` on spike days, most negative first (distinct texts)."""
    days = set(spikes.loc[spikes["is_spike"], "date"])
    own = mentions[(mentions["brand"] == brand) & (mentions["sentiment_label"] == "negative")]
    on_spike = own[_time_key(own["created_at"], "D").isin(days)]
    on_spike = on_spike.sort_values("sentiment", kind="stable").drop_duplicates("text")
    return on_spike.head(n)[["created_at", "channel", "author", "text", "sentiment"]].reset_index(
        drop=True
    )
