"""Listen: what people say about the client and its competitors.

Pure functions: DataFrames in, DataFrames out. Each computes one metric of ``metrics.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .periods import group_keys
from .stats import SMALL_SAMPLE, bootstrap_cluster_shares, net_sentiment_interval, safe_ratio


def _missing_text(values: pd.Series) -> np.ndarray:
    """Missing or blank: an id or handle that identifies nothing."""
    return (values.isna() | (values.astype("string").str.strip() == "")).to_numpy(dtype=bool)


def _mention_key(frame: pd.DataFrame) -> np.ndarray:
    """An integer per distinct mention: its ``mention_id``, or the row itself where that is missing.

    The mentions table has one row per mention per brand, so rows sharing an id are one mention.
    """
    ids = frame["mention_id"] if "mention_id" in frame else pd.Series(pd.NA, index=frame.index)
    missing = _missing_text(ids)
    codes, uniques = pd.factorize(ids.where(~missing))
    codes[missing] = len(uniques) + np.arange(missing.sum())  # unknown id: a mention of its own
    return codes


def _author_key(frame: pd.DataFrame, mention_key: np.ndarray) -> np.ndarray:
    """An integer per author (the bootstrap's cluster); a mention with no author is its own."""
    authors = frame["author"] if "author" in frame else pd.Series(pd.NA, index=frame.index)
    missing = _missing_text(authors)
    codes, uniques = pd.factorize(authors.where(~missing))
    # offset past every author code; all brand rows of one anonymous mention stay together
    codes[missing] = len(uniques) + mention_key[missing]
    return codes


def count_mentions(
    mentions: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "brand",
    freq: str | None = "W",
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Distinct mentions per group and period.

    Parameters
    ----------
    mentions
        The canonical mentions table (one row per mention per brand).
    by
        Grouping columns (default ``'brand'``: the mentions naming each brand).
    freq
        ``'D'``, ``'W'`` (weeks start on Monday), ``'MS'`` (months) or None for the whole period.
    timezone
        IANA zone whose days, weeks and months the periods are (the client's
        ``business_hours.timezone``); see :func:`ronr.periods.time_key`.

    Returns
    -------
    DataFrame
        ``[period] [by...] mentions``: distinct ``mention_id`` values per group (a row with no
        id is a mention of its own), so a mention naming two brands counts once per brand,
        and once in a group without ``brand``. ``period`` is the naive local start of the
        bucket. Metric ``mention_volume`` (ronr methodology).
    """
    frame, keys = group_keys(
        mentions, by=by, freq=freq, time_column="created_at", timezone=timezone
    )
    frame["_mention"] = _mention_key(frame)
    if not keys:
        return pd.DataFrame({"mentions": [frame["_mention"].nunique()]})
    counts = frame.groupby(keys, observed=True)["_mention"].nunique()
    return counts.rename("mentions").reset_index()


def _mention_weight(mentions: pd.DataFrame) -> pd.Series:
    followers = pd.to_numeric(mentions["author_followers"], errors="coerce").fillna(0).astype(float)
    return 1 + np.log10(1 + followers)


def _bootstrap_intervals(
    frame: pd.DataFrame,
    keys: list[str],
    brands: list[str],
    *,
    n_boot: int,
    confidence: float,
    seed: int,
) -> pd.DataFrame:
    """Author-cluster bootstrap interval of each brand's share of voice, within each group.

    Returns ``[keys...] brand share_of_voice_low share_of_voice_high`` (see :func:`share_of_voice`).
    """
    rng = np.random.default_rng(seed)  # one stream over the groups, in their sorted order
    group = (
        frame.groupby(keys, observed=True, sort=True).ngroup().to_numpy()
        if keys
        else np.zeros(len(frame), dtype=int)
    )
    # numpy slices per group: pandas' per-group objects cost more than the resampling
    order = np.argsort(group, kind="stable")
    slices = np.split(order, np.flatnonzero(np.diff(group[order])) + 1)
    author_all = frame["_author"].to_numpy()
    brand_all = pd.Categorical(frame["brand"], categories=brands).codes
    voice_all = frame["_voice"].to_numpy(dtype=float)
    lows, highs = [], []
    for rows in slices:
        author, _ = pd.factorize(author_all[rows])
        n_authors = author.max() + 1
        # authors × brands matrix of fractional counts
        matrix = np.bincount(
            author * len(brands) + brand_all[rows],
            weights=voice_all[rows],
            minlength=n_authors * len(brands),
        ).reshape(n_authors, len(brands))
        low, high = bootstrap_cluster_shares(matrix, n_boot=n_boot, confidence=confidence, seed=rng)
        lows.append(low)
        highs.append(high)
    firsts = [rows[0] for rows in slices]
    table = frame[keys].iloc[np.repeat(firsts, len(brands))].reset_index(drop=True)
    table["brand"] = np.tile(brands, len(slices))
    table["share_of_voice_low"] = np.concatenate(lows)
    table["share_of_voice_high"] = np.concatenate(highs)
    return table


def voice_by_author(
    mentions: pd.DataFrame, *, brand: str, brands: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per author, the brand's mentions and all tracked brands' (fractional, as in
    :func:`share_of_voice`): the clusters its interval resamples.

    Σ ``own`` / Σ ``total`` is the brand's share of voice; resampling rows resamples authors
    with all their mentions (a mention with no author is a cluster of its own).

    Returns
    -------
    DataFrame
        ``own total``, one row per author cluster, in mentions (1/k for a mention naming k
        tracked brands).
    """
    frame = mentions.dropna(subset=["brand"])
    tracked = list(brands or sorted(frame["brand"].unique()))
    frame = frame[frame["brand"].isin(tracked)].copy()
    if frame.empty:
        return pd.DataFrame({"own": pd.Series(dtype=float), "total": pd.Series(dtype=float)})
    frame["_mention"] = _mention_key(frame)
    frame["_author"] = _author_key(frame, frame["_mention"].to_numpy())
    frame = frame.drop_duplicates(["_mention", "brand"])
    frame["_voice"] = 1 / frame.groupby("_mention")["brand"].transform("size")
    total = frame.groupby("_author")["_voice"].sum()
    own = frame[frame["brand"] == brand].groupby("_author")["_voice"].sum()
    return pd.DataFrame({"own": own.reindex(total.index, fill_value=0.0), "total": total})


def share_of_voice(
    mentions: pd.DataFrame,
    *,
    brands: list[str] | None = None,
    by: str | Sequence[str] | None = None,
    freq: str | None = None,
    timezone: str = "UTC",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Each brand's share of the distinct mentions of all tracked brands, by count and weighted.

    Fractional counting: a mention naming k of the tracked brands counts 1/k to each, so the
    shares of a group add up to 1 and their counts to its distinct mentions. Mentions are told
    apart by ``mention_id`` (a row with no id is a mention of its own). The audience and
    engagement weights of a mention are split the same way, 1/k to each brand.

    Parameters
    ----------
    mentions
        The canonical mentions table (one row per mention per brand).
    brands
        The tracked brands, in this order (default: every brand present). Only mentions of
        these brands share the voice; brands with no mentions get 0.
    by
        Extra grouping columns, e.g. ``("channel",)``; rows missing a grouping value are left
        out.
    freq
        Time grain (see :func:`count_mentions`) or None.
    timezone
        IANA zone whose days, weeks and months the periods are (the client's zone).
    n_boot
        Bootstrap replicates for the interval; 0 skips it (missing bounds).
    confidence
        Coverage of the interval, in (0, 1).
    seed
        Seed of the bootstrap, fixed so a report is reproducible.

    Returns
    -------
    DataFrame
        ``[period] [by...] brand mentions mentions_fractional share_of_voice
        share_of_voice_low share_of_voice_high authors small_sample weighted
        share_of_voice_weighted engaged share_of_voice_engagement``:

        - ``mentions``: distinct mentions naming the brand (integer);
        - ``mentions_fractional``: Σ 1/k over them; ``share_of_voice`` = that / the group's
          distinct mentions (metric ``share_of_voice``);
        - ``share_of_voice_low``/``_high``: percentile interval (``confidence``) of an
          author-cluster bootstrap within the group: authors are resampled with replacement,
          each with all its mentions, because one author posting 50 times is not 50
          independent draws (Efron & Tibshirani 1993; Field & Welsh 2007; Cameron, Gelbach &
          Miller 2008); a mention with no author is a cluster of its own. Within [0, 1] by
          construction; a single author gives low = high (no resampling variation), and a
          brand with no mention in the group gets [0, 0];
        - ``authors``: bootstrap clusters in the group (distinct authors, plus one per
          mention with no author); ``small_sample`` flags fewer than 10;
        - ``weighted``: Σ over the brand's mentions of (1 + log10(1 + author_followers)) / k,
          unknown followers counting as 0; ``share_of_voice_weighted`` its share (metric
          ``share_of_voice_weighted``), missing when no mention has its author's follower
          count;
        - ``engaged``: Σ (1 + engagements) / k, unknown engagements counting as 0;
          ``share_of_voice_engagement`` its share (metric ``share_of_voice_engagement``),
          missing when no mention has an engagement count.

    Raises
    ------
    ValueError
        ``n_boot`` < 0 or ``confidence`` not in (0, 1).
    """
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 (no interval) or more, not {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    frame, keys = group_keys(
        mentions, by=by, freq=freq, time_column="created_at", timezone=timezone
    )
    frame = frame.dropna(subset=[*keys, "brand"])
    brands = list(brands or sorted(frame["brand"].unique()))
    frame = frame[frame["brand"].isin(brands)].copy()  # only tracked brands share the voice
    frame["_mention"] = _mention_key(frame)
    frame["_author"] = _author_key(frame, frame["_mention"].to_numpy())
    frame = frame.drop_duplicates([*keys, "_mention", "brand"])  # a brand counts once a mention
    # fractional counting: the k tracked brands a mention names share it
    k = frame.groupby([*keys, "_mention"], observed=True)["brand"].transform("size")
    frame["_voice"] = 1 / k
    frame["_weighted"] = _mention_weight(frame) / k
    known = (
        pd.to_numeric(frame["engagements"], errors="coerce")
        if "engagements" in frame
        else pd.Series(np.nan, index=frame.index)
    )
    frame["_engaged"] = (1 + known.fillna(0).astype(float)) / k
    grouped = (
        frame.groupby([*keys, "brand"], observed=True)
        .agg(
            mentions=("_mention", "size"),
            mentions_fractional=("_voice", "sum"),
            weighted=("_weighted", "sum"),
            engaged=("_engaged", "sum"),
        )
        .reset_index()
    )
    if keys:
        groups = grouped[keys].drop_duplicates()
        full = groups.merge(pd.DataFrame({"brand": brands}), how="cross")
        table = full.merge(grouped, on=[*keys, "brand"], how="left")
        authors = frame.groupby(keys, observed=True)["_author"].nunique().rename("authors")
        table = table.merge(authors.reset_index(), on=keys, how="left")
    else:
        table = pd.DataFrame({"brand": brands}).merge(grouped, on="brand", how="left")
        table["authors"] = frame["_author"].nunique()
    sums = ["mentions", "mentions_fractional", "weighted", "engaged"]
    table[sums] = table[sums].fillna(0)
    table["mentions"] = table["mentions"].astype(int)
    table["authors"] = table["authors"].fillna(0).astype(int)
    for column, share in (
        ("mentions_fractional", "share_of_voice"),
        ("weighted", "share_of_voice_weighted"),
        ("engaged", "share_of_voice_engagement"),
    ):
        totals = table.groupby(keys)[column].transform("sum") if keys else table[column].sum()
        table[share] = safe_ratio(table[column], totals)
    if n_boot and len(frame):
        bounds = _bootstrap_intervals(
            frame, keys, brands, n_boot=n_boot, confidence=confidence, seed=seed
        )
        table = table.merge(bounds, on=[*keys, "brand"], how="left")
    else:
        table["share_of_voice_low"] = table["share_of_voice_high"] = np.nan
    table["small_sample"] = table["authors"] < SMALL_SAMPLE
    if not known.notna().any():  # no engagement count: the sums would be mere counts
        table[["engaged", "share_of_voice_engagement"]] = np.nan
    if not pd.to_numeric(frame["author_followers"], errors="coerce").notna().any():
        table[["weighted", "share_of_voice_weighted"]] = np.nan  # nothing to weigh by
    return table[
        [
            *keys,
            "brand",
            "mentions",
            "mentions_fractional",
            "share_of_voice",
            "share_of_voice_low",
            "share_of_voice_high",
            "authors",
            "small_sample",
            "weighted",
            "share_of_voice_weighted",
            "engaged",
            "share_of_voice_engagement",
        ]
    ]


def net_sentiment(
    mentions: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "brand",
    freq: str | None = None,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Positive, neutral and negative counts and net sentiment per group.

    Parameters
    ----------
    mentions
        The canonical mentions table with ``sentiment`` and ``sentiment_label``.
    by
        Grouping columns (default ``'brand'``).
    freq
        Time grain (see :func:`count_mentions`) or None.
    timezone
        IANA zone whose days, weeks and months the periods are (the client's zone).

    Returns
    -------
    DataFrame
        ``[period] [by...] positive neutral negative n net_sentiment net_sentiment_low
        net_sentiment_high mean_compound small_sample``. Counts are distinct scored mentions
        (a mention naming two brands counts once in a group without ``brand``). Net sentiment
        = (positive − negative) / (positive + negative), missing when both are 0;
        ``net_sentiment_low``/``_high`` is its 95% Wilson interval (Wilson 1927) of
        p = positive / (positive + negative), as 2p − 1, so within [−1, 1]. ``n`` = positive +
        negative (the mentions the ratio rests on; neutral ones carry no sign) and
        ``small_sample`` flags n < 10. ``mean_compound`` is the mean VADER compound of the
        group's scored mentions (Hutto & Gilbert 2014). Metric ``net_sentiment``.

    Raises
    ------
    ValueError
        Neither ``by`` nor ``freq`` gives a group.
    """
    scored = mentions[mentions["sentiment_label"].notna()]
    frame, keys = group_keys(scored, by=by, freq=freq, time_column="created_at", timezone=timezone)
    if not keys:
        raise ValueError("give at least one grouping column (by) or a freq")
    frame["_mention"] = _mention_key(frame)
    frame = frame.drop_duplicates([*keys, "_mention"])  # one mention, one voice per group
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
        ``language mentions share scored``: distinct mentions (by ``mention_id``; a row with
        no id is a mention of its own) per language, their share of all distinct mentions,
        and ``scored``, the share of that language's mentions with a sentiment score (VADER
        is valid for English only).
    """
    frame = mentions.assign(language=mentions["language"].fillna("(no text)"))
    # a mention naming two brands is one text in one language
    frame = frame[~pd.Series(_mention_key(frame), index=frame.index).duplicated()]
    table = frame.groupby("language").agg(
        mentions=("language", "size"), scored=("sentiment", lambda s: s.notna().mean())
    )
    table["share"] = table["mentions"] / table["mentions"].sum()
    table = table.sort_values("mentions", ascending=False).reset_index()
    return table[["language", "mentions", "share", "scored"]]
