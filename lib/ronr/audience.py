"""Audience: are the fans and followers the target market?

Pure functions over the canonical audience table and the config's target market.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from .derive import needs_answer_of
from .engagement import engagement_by
from .stats import SMALL_SAMPLE, safe_ratio, wilson_interval

# the theme id of "other" in ronr.themes (not imported here: scikit-learn loads only on demand)
OTHER_THEME = -1
# an export's shares of one dimension adding up to this hold the whole audience (rounding aside)
COMPLETE = 0.99
OTHER_TOPICS = "Other topics"  # the client-facing label of the content gap's catch-all row
# Least cosine similarity of a text to its theme for the content gap (see content_themes).
# Measured on the three demo clients (FAQ themes fitted with the brand terms as stop words):
# the audience's own questions have a median similarity of 0.50-0.66 to their theme, 3-9 %
# of them below 0.2; the client's posts a median of 0.18-0.23, and below 0.2 a post shares
# only a stray word with its theme ("Three ways to enjoy a banana bread at home": 0.18 to
# "latte · does · decaf"), where from about 0.2 it names the theme's subject ("Meet the
# baristas behind your morning oat latte": 0.22).
MIN_THEME_SIMILARITY = 0.2


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
    of their buckets. A bucket the target has but the export does not report is 0 only when
    the export's shares already add up to 1 (at least ``COMPLETE``); otherwise its share is
    unknown, not 0: ``audience_share`` and ``index`` are missing there, and so is the fit of
    that channel and dimension (:func:`audience_fit`). A bucket the target does not name has
    target share 0.

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
        ).fillna({"target_share": 0.0})
        if group["share"].sum() >= COMPLETE:  # the export's buckets hold everyone
            merged["audience_share"] = merged["audience_share"].fillna(0.0)
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
        exactly like the target market and 0 when they share no bucket, and missing when the
        export leaves a target bucket unknown (see :func:`audience_index`).
    """
    index = audience_index(audience, target_market)
    if index.empty:
        return pd.DataFrame(columns=["channel", "dimension", "fit", "buckets", "as_of"])
    index["gap"] = (index["audience_share"] - index["target_share"]).abs()
    fit = index.groupby(["channel", "dimension"]).agg(
        tvd=("gap", lambda gap: gap.sum(min_count=len(gap))),  # an unknown bucket: unknown fit
        buckets=("bucket", "size"),
        as_of=("as_of", "max"),
    )
    fit["fit"] = 1 - fit["tvd"] / 2
    return fit.reset_index()[["channel", "dimension", "fit", "buckets", "as_of"]]


def channel_fit(
    audience: pd.DataFrame, target_market: Mapping[str, Mapping[str, float]]
) -> pd.DataFrame:
    """Mean audience fit over the dimensions each channel reports, best first.

    A dimension whose fit is unknown (a target bucket the export leaves out) is not counted:
    ``dimensions`` is how many dimensions the mean is over.
    """
    fit = audience_fit(audience, target_market).dropna(subset=["fit"])
    if fit.empty:
        return pd.DataFrame(columns=["channel", "fit", "dimensions"])
    table = fit.groupby("channel").agg(fit=("fit", "mean"), dimensions=("dimension", "size"))
    return table.sort_values("fit", ascending=False).reset_index()


def _latest_followers(followers: pd.DataFrame) -> pd.DataFrame:
    """Per channel, the last known follower count and its date (missing counts skipped)."""
    known = followers.loc[followers["followers"].notna() & followers["date"].notna()]
    if known.empty:
        return pd.DataFrame(
            {
                "channel": pd.Series(dtype=object),
                "followers": pd.Series(dtype="Int64"),
                "followers_date": pd.Series(dtype=object),
            }
        )
    last = known.loc[known.groupby("channel")["date"].idxmax()]
    return pd.DataFrame(
        {
            "channel": last["channel"].to_numpy(),
            "followers": pd.array(last["followers"], dtype="Int64"),
            "followers_date": last["date"].to_numpy(),
        }
    )


def target_mix_followers(
    audience: pd.DataFrame,
    followers: pd.DataFrame,
    target_market: Mapping[str, Mapping[str, float]],
) -> pd.DataFrame:
    """How many of each channel's followers match the target market's mix (an estimate).

    Not a count of followers in targeted buckets (exports give shares, not people): it is the
    follower count times how far the channel's audience mix overlaps the target mix.

    The audience fit of a dimension (1 − total variation distance, see :func:`audience_fit`) is
    also the overlap Σ_b min(audience share, target share) of the two distributions: the share
    of the followers that matches the target market's mix on that dimension (e.g. audience 60 %
    18–24 / 40 % 25–34 against a 50/50 target: 90 % match, the extra 10 % of 18–24s are more
    than the target mix calls for). ``mix_match`` is the product of the fits over the
    dimensions the channel reports, which **assumes the dimensions are independent**: matching
    on age says nothing about matching on gender. (Were audience and target each the product
    of their marginals, this product would be a lower bound on their joint overlap.)

    A target dimension the channel does not report does not lower its target share: it is
    listed in ``missing_dimensions``, so channels that report fewer dimensions are not directly
    comparable.

    Parameters
    ----------
    audience
        Canonical audience table (the latest snapshot per channel and dimension is used).
    followers
        Canonical followers table; the count on the last date of each channel is used,
        in whatever order the rows come.
    target_market
        Per dimension, the target share of each bucket (the config's ``target_market``).

    Returns
    -------
    DataFrame
        ``channel followers followers_date fit_<dimension>... mix_match target_mix_followers
        target_mix_followers_rounded dimensions missing_dimensions as_of``, one row per channel
        found in either table, most target followers first. ``target_mix_followers`` = followers ×
        mix_match (unrounded; ``target_mix_followers_rounded`` is in whole people).
        ``dimensions`` and ``missing_dimensions`` are comma-separated names. A channel with
        followers but no audience data has a missing target share; a channel with audience
        data but no follower count has missing followers; both have missing target followers.
    """
    fit_columns = [f"fit_{d}" for d in target_market]
    latest = _latest_followers(followers)
    fit = audience_fit(audience, target_market)
    channels = sorted(set(latest["channel"]) | set(fit["channel"]))
    table = pd.DataFrame({"channel": pd.Series(channels, dtype=object)})
    table = table.merge(latest, on="channel", how="left")
    table["followers"] = table["followers"].astype("Int64")
    wide = fit.pivot(index="channel", columns="dimension", values="fit") if len(fit) else None
    for dimension, column in zip(target_market, fit_columns, strict=True):
        if wide is not None and dimension in wide:
            table[column] = table["channel"].map(wide[dimension]).astype(float)
        else:
            table[column] = float("nan")
    by_channel = {channel: group for channel, group in fit.groupby("channel")}
    share, used, missing, as_of = [], [], [], []
    for channel in table["channel"]:
        group = by_channel.get(channel)
        if group is None:
            share.append(float("nan"))
            used.append(pd.NA)
            missing.append(", ".join(target_market) if target_market else pd.NA)
            as_of.append(pd.NaT)
            continue
        reported = [d for d in target_market if d in set(group["dimension"])]
        share.append(float(group["fit"].astype(float).prod()))
        used.append(", ".join(reported))
        missing.append(", ".join(d for d in target_market if d not in reported) or pd.NA)
        as_of.append(group["as_of"].max())
    table["mix_match"] = pd.Series(share, index=table.index, dtype=float)
    table["target_mix_followers"] = table["followers"].astype(float) * table["mix_match"]
    table["target_mix_followers_rounded"] = table["target_mix_followers"].round().astype("Int64")
    table["dimensions"] = pd.Series(used, index=table.index, dtype=object)
    table["missing_dimensions"] = pd.Series(missing, index=table.index, dtype=object)
    table["as_of"] = pd.Series(as_of, index=table.index)
    table = table.sort_values(
        ["target_mix_followers", "channel"], ascending=[False, True], na_position="last"
    )
    return table[
        [
            "channel",
            "followers",
            "followers_date",
            *fit_columns,
            "mix_match",
            "target_mix_followers",
            "target_mix_followers_rounded",
            "dimensions",
            "missing_dimensions",
            "as_of",
        ]
    ].reset_index(drop=True)


def engagement_by_theme(
    posts: pd.DataFrame,
    theme_of_post: pd.Series,
    *,
    labels: Mapping[int, str],
    basis: str = "auto",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean engagement rate per post for each content theme, with a Student-t interval.

    A thin wrapper over :func:`ronr.engagement.engagement_by` grouping by theme id.

    Parameters
    ----------
    posts
        Canonical posts: filter to the client's own posts first.
    theme_of_post
        The theme id of each post, aligned with ``posts`` on the index.
    labels
        Theme id → label. Posts whose theme is missing or has no label are left out (give
        the catch-all theme a label, e.g. ``{-1: "Other topics"}`` as :func:`content_themes`
        does, to keep its posts).
    basis
        ``auto``, ``reach`` or ``impressions`` (see :func:`ronr.engagement.engagement_by`).

    Returns
    -------
    DataFrame
        ``theme_id theme n mean_rate ci_low ci_high small_sample measure``, best first; ``n`` counts
        the posts with a known rate, ``small_sample`` flags n < 10.
    """
    ids = theme_of_post.reindex(posts.index)
    keep = ids.notna() & ids.isin(list(labels))
    known = {key: key for key in labels}
    frame = posts.loc[keep].assign(theme_id=ids[keep].map(known).astype(object))
    table = engagement_by(frame, by="theme_id", basis=basis, confidence=confidence)
    table.insert(1, "theme", table["theme_id"].map(dict(labels)).astype(object))
    return table


def content_gap(
    question_theme_counts: pd.Series,
    post_theme_counts: pd.Series,
    *,
    labels: Mapping[int, str],
    confidence: float = 0.95,
    other_label: str = OTHER_TOPICS,
) -> pd.DataFrame:
    """What the audience asks about against what the client posts about, per theme.

    Parameters
    ----------
    question_theme_counts
        Number of the audience's questions and complaints per theme id (index: theme id).
    post_theme_counts
        Number of the client's posts per theme id.
    labels
        Theme id → label: the themes to compare, one row each. Every count of another id
        (-1, the catch-all "other" of :meth:`ronr.themes.ThemeModel.assign`, or an id without
        a label) goes to one last row, ``other_label`` (theme id -1), so nothing is dropped:
        each side's shares are over all its counts and add up to 1.
    confidence
        Coverage of the gap's interval.
    other_label
        Label of the catch-all row (``labels[-1]`` when given).

    Returns
    -------
    DataFrame
        ``theme_id theme questions posts question_share post_share gap gap_low gap_high
        small_sample``, one row per labelled theme, largest gap first, then the catch-all row
        (also when it is empty, so the table always shows it). question_share = the theme's
        questions / all questions, post_share = its posts / all posts (0–1); gap = question
        share − post share (−1..1): positive means the audience asks about it more than the
        client posts about it (content to make), negative means the client posts more about it
        than it is asked about. ``gap_low``/``gap_high`` is Newcombe's hybrid score interval
        for a difference of two proportions (Newcombe 1998, method 10, from the Wilson
        intervals of both shares; questions and posts taken as independent samples), clipped
        to [−1, 1]. Shares are missing when a side has no counts at all; ``small_sample``
        flags fewer than 10 questions or 10 posts in all.

    Raises
    ------
    ValueError
        ``confidence`` is not in (0, 1).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    ids = [i for i in labels if i != OTHER_THEME]
    names = [labels[i] for i in ids] + [labels.get(OTHER_THEME, other_label)]

    def counts(series: pd.Series) -> pd.Series:
        series = pd.to_numeric(series, errors="coerce")
        series = series[series.index.notna() & series.notna()].groupby(level=0).sum()
        own = series.reindex(ids).fillna(0)
        rest = series.sum() - own.sum()  # unlabelled ids and "other": the catch-all row
        return pd.Series([*own.to_numpy(), rest], dtype="int64")

    questions, posts = counts(question_theme_counts), counts(post_theme_counts)
    n_questions, n_posts = int(questions.sum()), int(posts.sum())
    q_total = pd.Series(n_questions, index=questions.index)
    p_total = pd.Series(n_posts, index=posts.index)
    question_share = safe_ratio(questions, q_total)
    post_share = safe_ratio(posts, p_total)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    q_low, q_high = wilson_interval(questions, q_total, z)
    p_low, p_high = wilson_interval(posts, p_total, z)
    gap = question_share - post_share
    low = gap - np.sqrt((question_share - q_low) ** 2 + (p_high - post_share) ** 2)
    high = gap + np.sqrt((q_high - question_share) ** 2 + (post_share - p_low) ** 2)
    table = pd.DataFrame(
        {
            "theme_id": pd.Series([*ids, OTHER_THEME], dtype=object),
            "theme": pd.Series(names, dtype=object),
            "questions": questions,
            "posts": posts,
            "question_share": question_share,
            "post_share": post_share,
            "gap": gap,
            "gap_low": low.clip(-1.0, 1.0),
            "gap_high": high.clip(-1.0, 1.0),
            "small_sample": min(n_questions, n_posts) < SMALL_SAMPLE,
        }
    )
    themes = table.iloc[:-1].sort_values("gap", ascending=False, kind="stable", na_position="last")
    return pd.concat([themes, table.iloc[-1:]]).reset_index(drop=True)


def _has_text(texts: pd.Series) -> pd.Series:
    """True where a text is given (not missing, not blank): a blank text has no known topic."""
    return texts.astype("string").str.strip().fillna("").ne("")


def content_themes(
    mentions: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    brand: str,
    stop_words=(),
    seed: int = 0,
    model=None,
    min_similarity: float = MIN_THEME_SIMILARITY,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the audience asks about against what the brand posts about, on shared themes.

    The themes are those of the audience's questions and complaints about ``brand``
    (:func:`ronr.themes.question_themes`; pass its fitted ``model`` to reuse it, else it is
    fitted here with ``stop_words`` and ``seed``). The brand's posts and the questions are
    placed in their nearest theme by their text, but only when their cosine similarity to it
    (:meth:`ronr.themes.ThemeModel.similarity`) is at least ``min_similarity``; the rest, and
    texts with no term the themes know, are "Other topics" (:data:`OTHER_TOPICS`), a row of
    their own in both tables. Without that minimum every post would be forced into a question
    theme it may barely touch (on the demo clients, half the posts are at a similarity below
    0.18–0.23 to their nearest theme). Posts and questions without a text have no known topic:
    they are left out of both tables and counted in ``attrs`` (missing is not "other").

    Parameters
    ----------
    mentions, posts
        Canonical mentions and posts (all brands; the client's are selected here).
    brand
        The client's brand.
    stop_words, seed, model
        As above.
    min_similarity
        Least cosine similarity (0–1) to a theme for a text to count in it; default
        :data:`MIN_THEME_SIMILARITY` (0.2, measured on the demo clients); 0 places every text
        with a known term in its nearest theme.

    Returns
    -------
    by_theme, gap
        :func:`engagement_by_theme` of the brand's posts with a text (an "Other topics" row
        included), and :func:`content_gap` (shares over all questions and all posts with a
        text, "Other topics" last). ``gap.attrs`` holds ``min_similarity``,
        ``questions_without_text`` and ``posts_without_text``.
    """
    from .themes import question_themes  # scikit-learn loads only when themes are asked for

    own = posts[posts["brand"] == brand]
    if model is None:
        model, _ = question_themes(mentions, brand=brand, stop_words=stop_words, seed=seed)
    asked_texts = mentions.loc[needs_answer_of(mentions, brand=brand), "text"]
    written = _has_text(own["text"])
    asked_written = _has_text(asked_texts)
    post_theme = model.assign(own.loc[written, "text"], min_similarity=min_similarity)
    asked = model.assign(asked_texts[asked_written], min_similarity=min_similarity)
    labels = {**model.labels, OTHER_THEME: OTHER_TOPICS}
    by_theme = engagement_by_theme(own[written], post_theme, labels=labels)
    gap = content_gap(asked.value_counts(), post_theme.value_counts(), labels=model.labels)
    gap.attrs.update(
        min_similarity=min_similarity,
        questions_without_text=int((~asked_written).sum()),
        posts_without_text=int((~written).sum()),
    )
    return by_theme, gap


def missing_content_input(mentions: pd.DataFrame, posts: pd.DataFrame, *, brand: str) -> str | None:
    """Why the content themes cannot be compared, or None when they can.

    They set what the audience asks against what the brand posts, so they need mention texts
    and texts of the brand's posts (a blank text counts as none).
    """
    own = posts[posts["brand"] == brand]
    for what, known in (
        ("mentions", _has_text(mentions["text"]).any() if len(mentions) else False),
        ("posts of the client", len(own) > 0),
        ("post texts", _has_text(own["text"]).any() if len(own) else False),
    ):
        if not known:
            return (
                "Themes compare what the audience asks with what the client posts, so they need "
                f"mention texts and post texts; the exports have no {what}."
            )
    return None
