"""Tweak: what resonates and what does not, and the negative spikes to act on."""

from __future__ import annotations

import pandas as pd

from .listen import _time_key
from .measure import choose_basis, engagements
from .stats import SMALL_SAMPLE, mean_interval, safe_ratio

MEASURES = {
    "reach": "engagement rate by reach",
    "impressions": "engagement rate by impressions",
    None: "engagements per post",
}
BY_COLUMNS = ("n", "mean_rate", "ci_low", "ci_high", "small_sample", "measure")


def engagement_by(
    posts: pd.DataFrame, *, by: str = "post_type", basis: str = "auto", confidence: float = 0.95
) -> pd.DataFrame:
    """Mean engagement per post for each value of ``by``, with a Student-t interval.

    Each post's engagement rate is its engagements / its reach (or impressions). With
    ``basis="auto"`` the basis is reach where the posts report it, else impressions; where
    neither is known the posts are compared by their engagements per post (the sum of
    Kaushik's per-post rates), so a client without reach still sees what resonates. The
    ``measure`` column names which; intervals are clipped at 0 (neither can be negative).

    Parameters
    ----------
    posts
        Canonical posts (filter to one brand first).
    by
        The column to compare, e.g. ``post_type``, ``channel`` or a derived ``has_hashtags``.
    basis
        ``auto``, ``reach`` or ``impressions``.

    Returns
    -------
    DataFrame
        ``<by> n mean_rate ci_low ci_high small_sample measure``, best first; ``n`` counts the
        posts with a known value.
    """
    chosen = choose_basis(posts) if basis == "auto" else basis
    if chosen is None:
        values = engagements(posts).astype(float)
    else:
        values = safe_ratio(engagements(posts), posts[chosen].astype("Float64"))
    frame = pd.DataFrame({by: posts[by], "rate": values}).dropna()
    rows = []
    for value, group in frame.groupby(by, observed=True):
        mean, low, high, n = mean_interval(group["rate"], confidence=confidence)
        rows.append(
            {
                by: value,
                "n": n,
                "mean_rate": mean,
                "ci_low": max(low, 0.0) if pd.notna(low) else low,
                "ci_high": high,
                "small_sample": n < SMALL_SAMPLE,
                "measure": MEASURES[chosen],
            }
        )
    table = pd.DataFrame(rows, columns=[by, *BY_COLUMNS])
    table = table.sort_values("mean_rate", ascending=False).reset_index(drop=True)
    table.attrs["measure"] = MEASURES[chosen]  # also when no group has a value
    return table


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
