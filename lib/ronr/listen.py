"""Listen: what people say about the client and its competitors.

Pure functions: DataFrames in, DataFrames out. Each computes one metric of ``metrics.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .periods import group_keys
from .stats import SMALL_SAMPLE, net_sentiment_interval, safe_ratio, wilson_interval


def count_mentions(
    mentions: pd.DataFrame, *, by: str | Sequence[str] | None = "brand", freq: str | None = "W"
) -> pd.DataFrame:
    """Mention volume per group and period.

    Parameters
    ----------
    mentions
        The canonical mentions table.
    by
        Grouping columns.
    freq
        ``'D'``, ``'W'`` (weeks start on Monday), ``'MS'`` (months) or None for the whole period.
    """
    frame, keys = group_keys(mentions, by=by, freq=freq, time_column="created_at")
    return frame.groupby(keys, observed=True).size().rename("mentions").reset_index()


def _mention_weight(mentions: pd.DataFrame) -> pd.Series:
    followers = pd.to_numeric(mentions["author_followers"], errors="coerce").fillna(0).astype(float)
    return 1 + np.log10(1 + followers)


def share_of_voice(
    mentions: pd.DataFrame,
    *,
    brands: list[str] | None = None,
    by: str | Sequence[str] | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Each brand's share of the mentions of all tracked brands, by count and weighted.

    Parameters
    ----------
    mentions
        The canonical mentions table (one row per mention per brand).
    brands
        Brands to report, in this order (default: every brand present). Brands with no
        mentions get 0.
    by
        Extra grouping columns, e.g. ``("channel",)``.
    freq
        Time grain (see :func:`count_mentions`) or None.

    Returns
    -------
    DataFrame
        ``[period] [by...] brand mentions share_of_voice weighted share_of_voice_weighted
        engaged share_of_voice_engagement``, with a 95% Wilson interval for the count share
        (``share_of_voice_low``/``_high``). The audience weight of a mention is
        ``1 + log10(1 + author_followers)``; its engagement weight is ``1 + engagements``
        (the likes, replies and shares it received; a mention with unknown engagements counts
        once). The engagement share is missing when no mention has engagements, the
        audience-weighted share when no mention has its author's follower count.
    """
    frame, keys = group_keys(mentions, by=by, freq=freq, time_column="created_at")
    frame["weight"] = _mention_weight(frame)
    known = frame["engagements"] if "engagements" in frame else pd.Series(np.nan, index=frame.index)
    frame["engaged"] = 1 + pd.to_numeric(known, errors="coerce").fillna(0).astype(float)
    grouped = frame.groupby([*keys, "brand"], observed=True).agg(
        mentions=("brand", "size"), weighted=("weight", "sum"), engaged=("engaged", "sum")
    )
    brands = brands or sorted(frame["brand"].dropna().unique())
    if keys:
        groups = grouped.reset_index()[keys].drop_duplicates()
        full = groups.merge(pd.DataFrame({"brand": brands}), how="cross")
        table = full.merge(grouped.reset_index(), on=[*keys, "brand"], how="left")
    else:
        table = pd.DataFrame({"brand": brands}).merge(grouped.reset_index(), on="brand", how="left")
    sums = ["mentions", "weighted", "engaged"]
    table[sums] = table[sums].fillna(0)
    table["mentions"] = table["mentions"].astype(int)
    for column, share in (
        ("mentions", "share_of_voice"),
        ("weighted", "share_of_voice_weighted"),
        ("engaged", "share_of_voice_engagement"),
    ):
        totals = table.groupby(keys)[column].transform("sum") if keys else table[column].sum()
        table[share] = safe_ratio(table[column], totals)
        if column == "mentions":  # a share of counted mentions: a binomial proportion
            low, high = wilson_interval(table["mentions"], pd.Series(totals, index=table.index))
            table["share_of_voice_low"], table["share_of_voice_high"] = low, high
    if not known.notna().any():  # no engagement count: the sums would be mere counts
        table[["engaged", "share_of_voice_engagement"]] = np.nan
    if not pd.to_numeric(frame["author_followers"], errors="coerce").notna().any():
        table[["weighted", "share_of_voice_weighted"]] = np.nan  # nothing to weigh by
    return table[
        [
            *keys,
            "brand",
            "mentions",
            "share_of_voice",
            "share_of_voice_low",
            "share_of_voice_high",
            "weighted",
            "share_of_voice_weighted",
            "engaged",
            "share_of_voice_engagement",
        ]
    ]


def net_sentiment(
    mentions: pd.DataFrame, *, by: str | Sequence[str] | None = "brand", freq: str | None = None
) -> pd.DataFrame:
    """Positive, neutral and negative counts and net sentiment per group.

    Net sentiment = (positive − negative) / (positive + negative); missing when both are 0;
    ``net_sentiment_low``/``_high`` is its 95% Wilson interval (of p = pos / (pos + neg), as 2p − 1).
    Only scored mentions count; ``n`` = positive + negative (the mentions the ratio rests on)
    and ``small_sample`` flags n < 10.
    """
    scored = mentions[mentions["sentiment_label"].notna()]
    frame, keys = group_keys(scored, by=by, freq=freq, time_column="created_at")
    if not keys:
        raise ValueError("give at least one grouping column (by) or a freq")
    counts = (
        frame.groupby([*keys, "sentiment_label"], observed=True)
        .size()
        .unstack("sentiment_label", fill_value=0)
        .reindex(columns=["positive", "neutral", "negative"], fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["n"] = counts["positive"] + counts["negative"]  # neutral mentions carry no sign
    net, low, high = net_sentiment_interval(counts["positive"], counts["negative"])
    counts["net_sentiment"], counts["net_sentiment_low"], counts["net_sentiment_high"] = (
        net,
        low,
        high,
    )
    means = frame.groupby(keys, observed=True)["sentiment"].mean().rename("mean_compound")
    counts = counts.merge(means.reset_index(), on=keys, how="left")
    counts["small_sample"] = counts["n"] < SMALL_SAMPLE
    return counts


def extreme_mentions(
    mentions: pd.DataFrame, *, brand: str, which: str = "negative", n: int = 5
) -> pd.DataFrame:
    """The ``n`` most positive or most negative mentions of ``brand``, distinct texts only.

    Only mentions labelled ``which`` count: a neutral text is neither the most positive nor
    the most negative thing said, however few mentions there are.
    """
    if which not in ("positive", "negative"):
        raise ValueError("which must be 'positive' or 'negative'")
    own = mentions[(mentions["brand"] == brand) & (mentions["sentiment_label"] == which)]
    own = own.sort_values("sentiment", ascending=(which == "negative"), kind="stable")
    own = own.drop_duplicates("text")
    return own.head(n)[["created_at", "channel", "author", "text", "sentiment"]].reset_index(
        drop=True
    )


def language_mix(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per detected language, and whether their sentiment is scored.

    Returns
    -------
    DataFrame
        ``language mentions share scored`` — ``scored`` is the share of that language's
        mentions with a sentiment score (VADER is valid for English only).
    """
    frame = mentions.assign(language=mentions["language"].fillna("(no text)"))
    table = frame.groupby("language").agg(
        mentions=("language", "size"), scored=("sentiment", lambda s: s.notna().mean())
    )
    table["share"] = table["mentions"] / table["mentions"].sum()
    table = table.sort_values("mentions", ascending=False).reset_index()
    return table[["language", "mentions", "share", "scored"]]
