"""Measure: conversation, amplification and applause (Kaushik) and engagement rates.

A missing count is not zero: each rate counts only the posts where its inputs are known.
"""

from __future__ import annotations

import pandas as pd

from .listen import _keys
from .stats import SMALL_SAMPLE, safe_ratio

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves", "clicks")
KAUSHIK = {
    "conversation_rate": "comments",
    "amplification_rate": "shares",
    "applause_rate": "likes",
}


def engagements(posts: pd.DataFrame) -> pd.Series:
    """likes + comments + shares + saves + clicks of each post, over the counts present.

    Missing where none of them is known.
    """
    present = [c for c in ENGAGEMENT_COLUMNS if c in posts]
    return posts[present].astype("Float64").sum(axis=1, min_count=1)


def kaushik_rates(
    posts: pd.DataFrame, *, by: tuple[str, ...] = ("brand", "channel"), freq: str | None = None
) -> pd.DataFrame:
    """Conversation, amplification and applause rates per group.

    Each rate = Σ count / number of posts where the count is known; ``*_per_1k`` = Σ count /
    Σ followers_at_post × 1,000 over posts where both are known.

    Returns
    -------
    DataFrame
        ``[period] [by...] posts conversation_rate amplification_rate applause_rate
        conversation_rate_per_1k amplification_rate_per_1k applause_rate_per_1k small_sample``
    """
    frame, keys = _keys(posts, by, freq, "published_at")
    rows = []
    for key, group in frame.groupby(keys, observed=True) if keys else [((), frame)]:
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        row["posts"] = len(group)
        followers = group["followers_at_post"].astype("Float64")
        for rate, column in KAUSHIK.items():
            counts = group[column].astype("Float64")
            known = counts.notna()
            row[rate] = float(counts.sum()) / known.sum() if known.any() else float("nan")
            both = known & followers.notna() & (followers > 0)
            row[f"{rate}_per_1k"] = (
                float(counts[both].sum()) / float(followers[both].sum()) * 1000
                if both.any()
                else float("nan")
            )
        row["small_sample"] = len(group) < SMALL_SAMPLE
        rows.append(row)
    return pd.DataFrame(rows)


def engagement_rate(
    posts: pd.DataFrame,
    *,
    by: tuple[str, ...] = ("brand", "channel"),
    freq: str | None = None,
    basis: str = "reach",
) -> pd.DataFrame:
    """Engagement rate per group: Σ engagements / Σ ``basis`` (reach or impressions).

    Only posts with both engagements and a positive basis count.

    Returns
    -------
    DataFrame
        ``[period] [by...] posts engagements <basis> engagement_rate basis small_sample``
    """
    if basis not in ("reach", "impressions"):
        raise ValueError("basis must be 'reach' or 'impressions'")
    frame, keys = _keys(posts, by, freq, "published_at")
    frame["engagements"] = engagements(frame)
    frame[basis] = frame[basis].astype("Float64")
    usable = frame[frame["engagements"].notna() & (frame[basis] > 0)]
    table = (
        usable.groupby(keys, observed=True).agg(
            posts=("engagements", "size"),
            engagements=("engagements", "sum"),
            **{basis: (basis, "sum")},
        )
        if keys
        else pd.DataFrame(
            {
                "posts": [len(usable)],
                "engagements": [usable["engagements"].sum()],
                basis: [usable[basis].sum()],
            }
        )
    )
    table = table.reset_index(drop=not keys)
    table["engagement_rate"] = safe_ratio(table["engagements"], table[basis])
    table["basis"] = basis
    table["small_sample"] = table["posts"] < SMALL_SAMPLE
    return table
