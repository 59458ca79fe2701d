"""Audience: are the fans and followers the target market?

Pure functions over the canonical audience table and the config's target market.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .stats import safe_ratio


def latest_audience(audience: pd.DataFrame) -> pd.DataFrame:
    """The most recent snapshot per channel and dimension."""
    if audience.empty:
        return audience
    last = audience.groupby(["channel", "dimension"])["as_of"].transform("max")
    return audience[audience["as_of"] == last].reset_index(drop=True)


def _target_frame(target_market: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(d, b, s) for d, buckets in target_market.items() for b, s in buckets.items()],
        columns=["dimension", "bucket", "target_share"],
    )


def audience_index(
    audience: pd.DataFrame, target_market: Mapping[str, Mapping[str, float]]
) -> pd.DataFrame:
    """Audience share against target share per bucket, on the latest snapshot.

    Both distributions are normalised to add up to 1 per channel and dimension, over the union
    of their buckets (a bucket missing on one side has share 0 there).

    Returns
    -------
    DataFrame
        ``channel dimension bucket audience_share target_share index`` where index =
        audience share / target share × 100 (missing where the target share is 0).
    """
    latest = latest_audience(audience)
    target = _target_frame(target_market)
    if latest.empty or target.empty:
        return pd.DataFrame(
            columns=[
                "channel",
                "dimension",
                "bucket",
                "audience_share",
                "target_share",
                "index",
                "as_of",
            ]
        )
    latest = latest[latest["dimension"].isin(target["dimension"])]
    rows = []
    for (channel, dimension), group in latest.groupby(["channel", "dimension"]):
        wanted = target[target["dimension"] == dimension]
        merged = pd.merge(
            group[["bucket", "share"]].rename(columns={"share": "audience_share"}),
            wanted[["bucket", "target_share"]],
            on="bucket",
            how="outer",
        ).fillna({"audience_share": 0.0, "target_share": 0.0})
        merged["audience_share"] /= merged["audience_share"].sum() or 1
        merged["target_share"] /= merged["target_share"].sum() or 1
        merged.insert(0, "dimension", dimension)
        merged.insert(0, "channel", channel)
        merged["as_of"] = group["as_of"].max()
        rows.append(merged)
    table = pd.concat(rows, ignore_index=True)
    table["index"] = safe_ratio(table["audience_share"], table["target_share"]) * 100
    return table[
        ["channel", "dimension", "bucket", "audience_share", "target_share", "index", "as_of"]
    ]


def audience_fit(
    audience: pd.DataFrame, target_market: Mapping[str, Mapping[str, float]]
) -> pd.DataFrame:
    """Audience fit per channel and dimension: 1 − total variation distance to the target.

    Returns
    -------
    DataFrame
        ``channel dimension fit buckets as_of``; fit is 1 when the audience is distributed
        exactly like the target market and 0 when they share no bucket.
    """
    index = audience_index(audience, target_market)
    if index.empty:
        return pd.DataFrame(columns=["channel", "dimension", "fit", "buckets", "as_of"])
    index["gap"] = (index["audience_share"] - index["target_share"]).abs()
    fit = index.groupby(["channel", "dimension"]).agg(
        tvd=("gap", "sum"), buckets=("bucket", "size"), as_of=("as_of", "max")
    )
    fit["fit"] = 1 - fit["tvd"] / 2
    return fit.reset_index()[["channel", "dimension", "fit", "buckets", "as_of"]]


def channel_fit(
    audience: pd.DataFrame, target_market: Mapping[str, Mapping[str, float]]
) -> pd.DataFrame:
    """Mean audience fit over the dimensions each channel reports, best first."""
    fit = audience_fit(audience, target_market)
    if fit.empty:
        return pd.DataFrame(columns=["channel", "fit", "dimensions"])
    table = fit.groupby("channel").agg(fit=("fit", "mean"), dimensions=("dimension", "size"))
    return table.sort_values("fit", ascending=False).reset_index()
