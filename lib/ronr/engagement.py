"""Engagement of posts, shared by the stages that compare posts (audience, measure, tweak).

Which basis a rate can use (reach, else impressions, else none) and the per-post comparison
with an interval are defined once here, so the audience, measure and tweak stages never import
one another.

Channels differ tenfold in engagement, and a brand spreads its post types, hashtags, weekdays and
hours unevenly over them, so a comparison pooled over channels can reverse the one inside every
channel (Simpson 1951). :func:`engagement_by` describes groups as they are;
:func:`compare_within_channel` is the comparison a recommendation may rest on: each post is
indexed to its channel's median post and each group is compared with the other posts of the
same channels, channel by channel.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from .derive import engagements_of, feed_posts
from .names import channel_name
from .periods import as_columns
from .stats import SMALL_SAMPLE, mean_interval, safe_ratio


def _note_stories(table: pd.DataFrame, posts: pd.DataFrame, feed: pd.DataFrame) -> pd.DataFrame:
    table.attrs["stories_left_out"] = len(posts) - len(feed)
    return table


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


def _post_values(posts: pd.DataFrame, basis: str | None) -> tuple[pd.Series, str | None]:
    """Each post's engagement value on ``basis`` (``auto`` chooses) and the basis used.

    A rate (engagements / reach or impressions) where there is a basis, else engagements per
    post; missing where the engagements or a positive basis count are missing.
    """
    chosen = choose_basis(posts) if basis == "auto" else basis
    if chosen is None:
        values = engagements_of(posts).astype(float)
    else:
        values = safe_ratio(engagements_of(posts), posts[chosen].astype("Float64"))
    return pd.Series(values, index=posts.index, dtype=float), chosen


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

    This describes the groups as they are, pooled over channels: to say which group does
    better, compare within channel with :func:`compare_within_channel` (a group posted mostly
    on a weak channel looks weak here even when it beats the rest on every channel).

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
    values, chosen = _post_values(posts, basis)
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


INDEX_MEASURE = "engagement index"  # a post's engagement ÷ its channel's median post's
INDEX_COLUMNS = ("channel", "value", "channel_median", "engagement_index", "measure")


def index_engagement(posts: pd.DataFrame, *, basis: str = "auto") -> pd.DataFrame:
    """Each post's engagement as a multiple of its channel's median post (its engagement index).

    A post's value is its engagement rate by reach (else by impressions, else its engagements
    per post), the basis chosen per channel as :func:`choose_basis` does, so an X channel with
    impressions only still compares with itself; the index divides it by the median value of
    the channel's posts. An index of 1 is a typical post of its channel, 1.5 half again as much,
    whatever the channel's level, so posts of a strong and a weak channel can be compared.

    Parameters
    ----------
    posts
        Canonical posts of ONE brand (the median is over all the posts given, per channel).
    basis
        ``auto`` (per channel: reach, else impressions, else engagements per post), ``reach`` or
        ``impressions`` (then for every channel).

    Returns
    -------
    DataFrame
        On the index of ``posts``: ``channel``, ``value`` (the rate or the count),
        ``channel_median`` (median of the channel's known values), ``engagement_index``
        (value / channel_median, unitless, ≥ 0) and ``measure`` (what ``value`` is, see
        :data:`MEASURES`). The index is missing where the value is (missing is not 0) and for
        every post of a channel whose median is 0 or unknown: no typical post to compare with.

    Notes
    -----
    Source: ronr methodology (DESIGN.md: "compare engagement within channel, or indexed to the
    channel's median"); the median, not the mean, so one viral post does not set the scale.
    """
    engaged = engagements_of(posts).to_numpy(dtype=float, na_value=np.nan)  # computed once
    counts = {
        b: posts[b].to_numpy(dtype=float, na_value=np.nan) if b in posts else None for b in BASES
    }
    value = np.full(len(posts), np.nan)
    median = np.full(len(posts), np.nan)
    measure = np.full(len(posts), None, dtype=object)
    for rows in posts.groupby("channel", observed=True, sort=True).indices.values():
        known = ~np.isnan(engaged[rows])
        usable = [  # as choose_basis: some post with known engagements and a positive count
            b for b in BASES if counts[b] is not None and (known & (counts[b][rows] > 0)).any()
        ]
        chosen = (usable[0] if usable else None) if basis == "auto" else basis
        if chosen is None:
            own = engaged[rows]
        else:
            base = counts[chosen][rows] if counts[chosen] is not None else np.nan
            with np.errstate(divide="ignore", invalid="ignore"):
                own = engaged[rows] / np.where(base > 0, base, np.nan)
        value[rows] = own
        median[rows] = np.median(own[~np.isnan(own)]) if (~np.isnan(own)).any() else np.nan
        measure[rows] = MEASURES[chosen]
    with np.errstate(divide="ignore", invalid="ignore"):
        index = value / np.where(median > 0, median, np.nan)  # no typical post: no index
    return pd.DataFrame(
        {
            "channel": posts["channel"],
            "value": value,
            "channel_median": median,
            "engagement_index": index,
            "measure": measure,
        },
        index=posts.index,
    )


WITHIN_COLUMNS = (
    "n",
    "mean_index",
    "ci_low",
    "ci_high",
    "effect",
    "effect_low",
    "effect_high",
    "effect_se",
    "effect_df",
    "n_compared",
    "n_other",
    "channels",
    "small_sample",
    "measure",
)


def _stratified_effects(frame: pd.DataFrame) -> pd.DataFrame:
    """Per group: MH-weighted mean over channels of (mean index of the group − of the rest).

    ``frame`` holds ``group``, ``channel`` and ``index`` (all known). A channel counts for a
    group when both the group and the rest have ≥ 2 posts there (each side needs a variance).
    Sums per (group, channel) cell; the rest of a channel is its total minus the cell.
    """
    g, groups = pd.factorize(frame["group"], sort=True)
    c, channels = pd.factorize(frame["channel"], sort=True)
    n_g, n_c = len(groups), len(channels)
    x = frame["index"].to_numpy(dtype=float)
    # centred on the channel mean so the sums of squares below lose no precision
    centre = np.bincount(c, weights=x, minlength=n_c) / np.bincount(c, minlength=n_c)
    x = x - centre[c]
    cell = g * n_c + c

    def per_cell(weights):
        return np.bincount(cell, weights=weights, minlength=n_g * n_c).reshape(n_g, n_c)

    n, s, ss = per_cell(None), per_cell(x), per_cell(x**2)
    n_o, s_o, ss_o = n.sum(0) - n, s.sum(0) - s, ss.sum(0) - ss  # the rest of the channel
    keep = (n >= 2) & (n_o >= 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = s / n - s_o / n_o
        v_g = np.clip((ss - s**2 / n) / (n - 1), 0, None) / n  # Welch's s²/n of each side
        v_o = np.clip((ss_o - s_o**2 / n_o) / (n_o - 1), 0, None) / n_o
        w = np.where(keep, n * n_o / (n + n_o), 0.0)  # MH weight n₁n₀/N (Greenland & Robins 1985)
        share = w / w.sum(1, keepdims=True)
        t_g = np.where(keep, share**2 * v_g, 0.0)
        t_o = np.where(keep, share**2 * v_o, 0.0)
        var = t_g.sum(1) + t_o.sum(1)
        # Satterthwaite (1946): with one channel these are exactly Welch's (1947) df
        denominator = np.where(keep, t_g**2 / (n - 1) + t_o**2 / (n_o - 1), 0.0).sum(1)
        effect = np.where(keep, share * d, 0.0).sum(1)
        # the group's index cannot fall below 0, so the effect cannot fall below −(the rest's)
        floor = -np.where(keep, share * (s_o / n_o + centre), 0.0).sum(1)
        df = var**2 / denominator
    compared = keep.any(1)
    solid = compared & (var > 0)  # zero variance on every side: no interval (as scipy)
    return pd.DataFrame(
        {
            "effect": np.where(compared, effect, np.nan),
            "effect_se": np.where(solid, np.sqrt(var), np.nan),
            "effect_df": np.where(solid, df, np.nan),
            "effect_floor": np.where(compared, floor, np.nan),
            "n_compared": np.where(keep, n, 0).sum(1),
            "n_other": np.where(keep, n_o, 0).sum(1),
            "channels": [", ".join(str(ch) for ch in channels[row]) for row in keep],
        },
        index=groups,
    )


def compare_within_channel(
    posts: pd.DataFrame,
    *,
    by: str = "post_type",
    basis: str = "auto",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Engagement index of each value of ``by``, and its effect against the other posts, within
    channel.

    Each post is indexed to its channel's median post (:func:`index_engagement`). Per value of
    ``by`` (a post type, ``has_hashtags``, ``published_weekday``, ``published_hour``):

    * ``mean_index``: the mean index of its posts with a Student-t interval clipped at 0 (an
      index cannot be negative): 1.4 means "1.4× the engagement of a typical post on the same
      channel";
    * ``effect``: how many typical posts' worth more (or less, < 0) it earns than the other
      posts (of the other values) ON THE SAME CHANNEL, channel by channel: in each channel where
      both the group and the rest have ≥ 2 posts, the difference of their mean indexes; over
      those channels, the Mantel–Haenszel weighted mean with weights n_group·n_rest/n_channel
      (Greenland & Robins 1985, the weights of their risk difference). Its variance is the
      weighted sum of each channel's Welch variance s²_group/n_group + s²_rest/n_rest; its
      t interval uses the Satterthwaite (1946) degrees of freedom, which for one channel give
      exactly Welch's (1947) interval (``scipy.stats.ttest_ind(equal_var=False)``).

    Why within channel: a group posted mostly on a weak channel loses a pooled comparison even
    when it beats the rest on every channel (Simpson's paradox, Simpson 1951). Comparing within
    each channel removes the channel's level; indexing makes the channels' differences
    comparable so they can be averaged. A channel's level, its spread and the mix of groups on
    it then cannot create an effect where within each channel there is none.

    Parameters
    ----------
    posts
        Canonical posts of ONE brand.
    by
        One column of ``posts``; posts whose value is missing are left out of both sides.
    basis
        ``auto``, ``reach`` or ``impressions`` (see :func:`index_engagement`).
    confidence
        Of every interval.

    Returns
    -------
    DataFrame
        ``<by> n mean_index ci_low ci_high effect effect_low effect_high effect_se effect_df
        n_compared n_other channels small_sample measure``, best effect first (groups without
        an effect last). ``n`` counts the group's posts with a known index (``small_sample``:
        n < 10); ``n_compared``/``n_other`` the group's and the rest's posts on the channels the
        effect compares (``channels``, comma-separated). The effect and its interval are missing
        when no channel has ≥ 2 posts on each side or every compared side has zero variance
        (``effect_se`` missing); ``effect_se`` and ``effect_df`` let a caller recompute the
        interval at another confidence (:func:`select_best_group`). ``effect_low`` never goes
        below −(the rest's weighted mean index): the group cannot earn less than nothing.
        ``measure`` is ``"engagement index"``; ``attrs``: ``measure``, ``measures`` (channel →
        what its index divides: :data:`MEASURES`) and ``confidence``.

    Raises
    ------
    KeyError
        When ``posts`` has no ``channel`` or no ``by`` column (``published_weekday`` and
        ``published_hour`` are added by :func:`ronr.store.load_workspace`).
    """
    everything, posts = posts, feed_posts(posts)  # stories are compared with nothing here
    indexed = index_engagement(posts, basis=basis)
    frame = pd.DataFrame(
        {"group": posts[by], "channel": indexed["channel"], "index": indexed["engagement_index"]}
    ).dropna()
    frame["index"] = frame["index"].astype(float)
    rows = []
    for group, part in frame.groupby("group", observed=True, sort=True):
        mean, low, high, n = mean_interval(part["index"], confidence=confidence)
        rows.append(
            {
                by: group,
                "n": n,
                "mean_index": mean,
                "ci_low": max(low, 0.0) if pd.notna(low) else low,
                "ci_high": high,
            }
        )
    table = pd.DataFrame(rows, columns=[by, "n", "mean_index", "ci_low", "ci_high"])
    effects = _stratified_effects(frame) if len(frame) else pd.DataFrame()
    effects = effects.reindex(
        table[by],
        columns=[
            "effect",
            "effect_se",
            "effect_df",
            "effect_floor",
            "n_compared",
            "n_other",
            "channels",
        ],
    )
    half = sps.t.ppf(0.5 + confidence / 2, effects["effect_df"]) * effects["effect_se"]
    table = table.assign(
        effect=effects["effect"].to_numpy(dtype=float),
        effect_low=np.fmax(effects["effect"] - half, effects["effect_floor"]).to_numpy(dtype=float),
        effect_high=(effects["effect"] + half).to_numpy(dtype=float),
        effect_se=effects["effect_se"].to_numpy(dtype=float),
        effect_df=effects["effect_df"].to_numpy(dtype=float),
        n_compared=effects["n_compared"].fillna(0).to_numpy(dtype=int),
        n_other=effects["n_other"].fillna(0).to_numpy(dtype=int),
        channels=effects["channels"].fillna("").to_numpy(dtype=object),
        small_sample=table["n"] < SMALL_SAMPLE,
        measure=INDEX_MEASURE,
    )
    table = table.sort_values(
        ["effect", "mean_index"], ascending=False, na_position="last", kind="stable"
    ).reset_index(drop=True)
    table.attrs["measure"] = INDEX_MEASURE
    table.attrs["measures"] = (
        indexed.dropna(subset=["channel"]).groupby("channel")["measure"].first().to_dict()
    )
    table.attrs["confidence"] = confidence
    return _note_stories(table, everything, posts)


def select_best_group(
    table: pd.DataFrame, *, min_posts: int = SMALL_SAMPLE, confidence: float = 0.95
) -> pd.Series | None:
    """The group with the largest within-channel effect, if its interval lies wholly above 0.

    Only groups with ``min_posts`` posts, and ``min_posts`` other posts, on the channels
    compared (``n_compared``, ``n_other``) compete. The best of k competitors is picked after
    looking, so its interval is widened to confidence 1 − (1 − ``confidence``)/k (Bonferroni
    1936): with no effect anywhere, the chance that any of the k intervals lies above 0 stays
    below about (1 − confidence)/2 (the t intervals are approximate for skewed engagement).
    Conservative when the groups are few (with two groups in one channel the two effects
    mirror each other).

    Parameters
    ----------
    table
        Output of :func:`compare_within_channel`.
    min_posts
        Posts each side needs.
    confidence
        Family-wise confidence of the decision.

    Returns
    -------
    Series or None
        The group's row with ``adjusted_low``, ``adjusted_high`` (the widened interval of its
        effect), ``adjusted_confidence`` and ``k`` added; None when no group competes or the
        best one's widened interval reaches 0.
    """
    eligible = table[
        (table["n_compared"] >= min_posts)
        & (table["n_other"] >= min_posts)
        & (table["effect_se"] > 0)  # False where missing
    ]
    k = len(eligible)
    if not k:
        return None
    best = eligible.loc[eligible["effect"].idxmax()]
    adjusted = 1 - (1 - confidence) / k
    half = sps.t.ppf(0.5 + adjusted / 2, best["effect_df"]) * best["effect_se"]
    if not best["effect"] - half > 0:
        return None
    return pd.concat(
        [
            best,
            pd.Series(
                {
                    "adjusted_low": best["effect"] - half,
                    "adjusted_high": best["effect"] + half,
                    "adjusted_confidence": adjusted,
                    "k": k,
                }
            ),
        ]
    )


def has_hashtags(posts: pd.DataFrame) -> pd.Series:
    """True where the post text holds a #hashtag."""
    return posts["text"].fillna("").str.contains(r"(?:^|\s)#\w", regex=True)


def welch_difference(
    first: pd.Series, second: pd.Series, *, confidence: float = 0.95
) -> tuple[float, float, float]:
    """mean(first) − mean(second) with Welch's (1947) t interval (unequal variances).

    Missing values are left out. Returns (difference, low, high); the interval is missing when a
    side has fewer than 2 values or both sides have zero variance (scipy's
    ``ttest_ind(equal_var=False).confidence_interval``).
    """
    a = pd.to_numeric(first, errors="coerce").dropna().astype(float)
    b = pd.to_numeric(second, errors="coerce").dropna().astype(float)
    if not len(a) or not len(b):
        return np.nan, np.nan, np.nan
    difference = float(a.mean() - b.mean())
    if min(len(a), len(b)) < 2 or (a.var() == 0 and b.var() == 0):
        return difference, np.nan, np.nan
    interval = sps.ttest_ind(a, b, equal_var=False).confidence_interval(confidence)
    return difference, float(interval.low), float(interval.high)


def hashtag_effect(
    posts: pd.DataFrame, *, channel: str = "facebook", confidence: float = 0.95
) -> pd.DataFrame:
    """Engagement per post of ``channel``'s posts with a #hashtag against those without.

    Channel etiquette says no hashtags on Facebook; this compares the two groups the way
    :func:`engagement_by` does, within the one channel (so no channel mix can bias it), and
    adds the difference with Welch's (1947) interval. A post without text is left out: whether
    it had a hashtag is unknown.

    Returns
    -------
    DataFrame
        ``has_hashtags n mean_rate ci_low ci_high small_sample measure`` (see
        :func:`engagement_by`); empty when the channel has no post with text, and then
        ``attrs["reason"]`` says so (when there are posts at all). ``attrs`` also hold
        ``difference`` (mean with − mean without, in the measure's unit: a rate difference for
        rates), ``difference_low``/``difference_high`` (its Welch interval at ``confidence``;
        missing when a side has < 2 posts) and ``confidence``.
    """
    feed = feed_posts(posts)
    own = feed[feed["channel"] == channel]
    own = own[own["text"].notna()]
    tagged = has_hashtags(own)
    table = engagement_by(own.assign(has_hashtags=tagged), by="has_hashtags", confidence=confidence)
    values, _ = _post_values(own, "auto")  # the basis engagement_by chose
    difference, low, high = welch_difference(values[tagged], values[~tagged], confidence=confidence)
    table.attrs.update(
        difference=difference, difference_low=low, difference_high=high, confidence=confidence
    )
    if own.empty and len(posts):
        table.attrs["reason"] = (
            f"No {channel_name(channel)} post text in the exports, so hashtags cannot be compared."
        )
    return _note_stories(table, posts, feed)
