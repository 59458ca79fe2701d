"""Engagement of posts, shared by the stages that compare posts (audience, measure, tweak).

Which basis a rate can use (reach, else impressions, else none) and the per-post comparison
with an interval are defined once here, so the audience, measure and tweak stages never import
one another.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .derive import engagements_of
from .periods import as_columns
from .stats import SMALL_SAMPLE, mean_interval, safe_ratio

BASES = ("reach", "impressions")  # preferred first: reach counts people, impressions views


def _usable(posts: pd.DataFrame, basis: str) -> pd.Series:
    """Posts whose engagements are known and whose ``basis`` count is positive."""
    return engagements_of(posts).notna() & (posts[basis].astype("Float64") > 0).fillna(False)


def choose_basis(posts: pd.DataFrame) -> str | None:
    """The engagement-rate basis the posts support: reach, else impressions, else None.

    X exports report impressions but no reach; many CSVs have neither, and then only per-post
    rates (Kaushik's) can be compared.
    """
    for basis in BASES:
        if len(posts) and _usable(posts, basis).any():
            return basis
    return None


MEASURES = {
    "reach": "engagement rate by reach",
    "impressions": "engagement rate by impressions",
    None: "engagements per post",
}
BY_COLUMNS = ("n", "mean_rate", "ci_low", "ci_high", "small_sample", "measure")


def engagement_by(
    posts: pd.DataFrame,
    *,
    by: str | Sequence[str] = "post_type",
    basis: str = "auto",
    confidence: float = 0.95,
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
        The column (or columns) to compare, e.g. ``post_type``, ``("channel", "post_type")`` or
        a derived ``has_hashtags``.
    basis
        ``auto``, ``reach`` or ``impressions``.

    Returns
    -------
    DataFrame
        ``<by...> n mean_rate ci_low ci_high small_sample measure``, best first; ``n`` counts the
        posts with a known value.
    """
    chosen = choose_basis(posts) if basis == "auto" else basis
    if chosen is None:
        values = engagements_of(posts).astype(float)
    else:
        values = safe_ratio(engagements_of(posts), posts[chosen].astype("Float64"))
    keys = as_columns(by)
    frame = pd.DataFrame({**{k: posts[k] for k in keys}, "rate": values}).dropna()
    rows = []
    for values_of_keys, group in frame.groupby(keys, observed=True):
        mean, low, high, n = mean_interval(group["rate"], confidence=confidence)
        rows.append(
            {
                **dict(zip(keys, values_of_keys, strict=True)),
                "n": n,
                "mean_rate": mean,
                "ci_low": max(low, 0.0) if pd.notna(low) else low,
                "ci_high": high,
                "small_sample": n < SMALL_SAMPLE,
                "measure": MEASURES[chosen],
            }
        )
    table = pd.DataFrame(rows, columns=[*keys, *BY_COLUMNS])
    table = table.sort_values("mean_rate", ascending=False).reset_index(drop=True)
    table.attrs["measure"] = MEASURES[chosen]  # also when no group has a value
    return table


def has_hashtags(posts: pd.DataFrame) -> pd.Series:
    """True where the post text holds a #hashtag."""
    return posts["text"].fillna("").str.contains(r"(?:^|\s)#\w", regex=True)


def hashtag_effect(
    posts: pd.DataFrame, *, channel: str = "facebook", confidence: float = 0.95
) -> pd.DataFrame:
    """Engagement per post of ``channel``'s posts with a #hashtag against those without.

    Channel etiquette says no hashtags on Facebook; this compares the two groups the way
    :func:`engagement_by` does. A post without text is left out: whether it had a hashtag is
    unknown.

    Returns
    -------
    DataFrame
        ``has_hashtags n mean_rate ci_low ci_high small_sample measure`` (see
        :func:`engagement_by`); empty when the channel has no post with text, and then
        ``attrs["reason"]`` says so (when there are posts at all).
    """
    own = posts[posts["channel"] == channel]
    own = own[own["text"].notna()]
    table = engagement_by(
        own.assign(has_hashtags=has_hashtags(own)), by="has_hashtags", confidence=confidence
    )
    if own.empty and len(posts):
        table.attrs["reason"] = (
            f"No {channel.capitalize()} post text in the exports, so hashtags cannot be compared."
        )
    return table
