"""Measure: conversation, amplification and applause (Kaushik) and engagement rates.

A missing count is not zero: each rate counts only the posts where its inputs are known.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .derive import engagements_of
from .engagement import BASES, choose_basis
from .periods import group_keys
from .stats import SMALL_SAMPLE, safe_ratio

KAUSHIK = {
    "conversation_rate": "comments",
    "amplification_rate": "shares",
    "applause_rate": "likes",
}
KAUSHIK_COLUMNS = (
    "posts",
    *KAUSHIK,
    *(f"{rate}_per_1k" for rate in KAUSHIK),
    "small_sample",
)
RATE_COLUMNS = ("basis", "posts", "engagements", "basis_total", "engagement_rate", "small_sample")


def kaushik_rates(
    posts: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = ("brand", "channel"),
    freq: str | None = None,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Conversation, amplification and applause rates per group.

    Periods of ``freq`` are cut in ``timezone`` (the client's).

    Each rate = Σ count / number of posts where the count is known; ``*_per_1k`` = Σ count /
    Σ followers_at_post × 1,000 over posts where both are known.

    Returns
    -------
    DataFrame
        ``[period] [by...] posts conversation_rate amplification_rate applause_rate
        conversation_rate_per_1k amplification_rate_per_1k applause_rate_per_1k small_sample``
    """
    frame, keys = group_keys(posts, by=by, freq=freq, time_column="published_at", timezone=timezone)
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
    return pd.DataFrame(rows, columns=[*keys, *KAUSHIK_COLUMNS])


def engagement_rate(
    posts: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = ("brand", "channel"),
    freq: str | None = None,
    basis: str = "auto",
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Engagement rate per group: Σ engagements / Σ reach (or impressions), naming the basis.

    Only posts with known engagements and a positive basis count. With ``basis="auto"`` each
    channel uses reach where its posts report it, else impressions (X exports), and the rows
    say which; a channel with neither has no row (compare Kaushik's per-post rates there).

    Parameters
    ----------
    posts
        Canonical posts.
    by
        Grouping columns.
    freq
        Time grain (``'D'``, ``'W'``, ``'MS'``) or None.
    timezone
        The zone the periods are cut in (the client's).
    basis
        ``'auto'``, ``'reach'`` or ``'impressions'``.

    Returns
    -------
    DataFrame
        ``[period] [by...] basis posts engagements basis_total engagement_rate small_sample``:
        ``basis_total`` is Σ reach or Σ impressions; one row per group and basis.

    Raises
    ------
    ValueError
        An unknown ``basis``.
    """
    if basis not in ("auto", *BASES):
        raise ValueError(f"basis must be 'auto', 'reach' or 'impressions', not {basis!r}")
    frame, keys = group_keys(posts, by=by, freq=freq, time_column="published_at", timezone=timezone)
    if basis == "auto":
        chosen = {c: choose_basis(g) for c, g in frame.groupby("channel", observed=True)}
        frame["basis"] = frame["channel"].map(chosen)
    else:
        frame["basis"] = basis
    frame["basis"] = pd.Categorical(frame["basis"], categories=BASES)  # reach rows first
    frame["engagements"] = engagements_of(frame)
    total = pd.Series(pd.NA, index=frame.index, dtype="Float64")
    for name in BASES:
        uses = (frame["basis"] == name).fillna(False).astype(bool)
        total = total.mask(uses, frame[name].astype("Float64"))
    frame["basis_total"] = total
    usable = frame[frame["engagements"].notna() & (frame["basis_total"] > 0).fillna(False)]
    table = (
        usable.groupby([*keys, "basis"], observed=True)
        .agg(
            posts=("engagements", "size"),
            engagements=("engagements", "sum"),
            basis_total=("basis_total", "sum"),
        )
        .reset_index()
    )
    table["engagement_rate"] = safe_ratio(table["engagements"], table["basis_total"])
    table["small_sample"] = table["posts"] < SMALL_SAMPLE
    return table[[*keys, *RATE_COLUMNS]].astype({"posts": "int64", "basis": "str"})
