"""Derived columns that several stages read, defined once and computed once at load.

:func:`ronr.store.load_workspace` adds them to the canonical tables, so a stage reads a column
instead of calling another stage: ``is_question``, ``answer_need`` and ``needs_answer`` on mentions,
``total_engagements`` on posts (the mentions' own ``engagements`` column, read from an
export, is what a mention received, not a derived column). The ``*_of`` readers take the column when a table has it and derive it
otherwise, so a stage function also works on a table built by hand.
"""

from __future__ import annotations

import re

import pandas as pd

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves", "clicks")
CHANNEL_COMPONENTS: dict[str, tuple[str, ...]] = {
    # what each platform's post export reports as an engagement (Meta Business Suite,
    # X analytics, LinkedIn page analytics, TikTok and YouTube studio exports)
    "facebook": ("likes", "comments", "shares", "clicks"),
    "instagram": ("likes", "comments", "shares", "saves"),
    "x": ("likes", "comments", "shares", "clicks"),
    "linkedin": ("likes", "comments", "shares", "clicks"),
    "tiktok": ("likes", "comments", "shares", "saves"),
    "youtube": ("likes", "comments", "shares"),
}
"""Engagement components per channel; a channel not listed may report any of ENGAGEMENT_COLUMNS."""

# Questions by form, in any language: a question mark of Latin, Spanish, full-width (CJK) or
# Arabic script, or a leading English question word.
NOT_FEED = frozenset({"story"})
"""Post types outside the feed: a Story is full-screen, gone in a day and reached apart, so it
is compared with nothing in the feed (Sprout and Meta report it as its own post type)."""


def feed_posts(posts: pd.DataFrame) -> pd.DataFrame:
    """The feed posts of ``posts``: every post whose type is not in :data:`NOT_FEED`.

    Comparisons of posts (by type, hashtags, weekday, hour) and the per-channel rates
    (Kaushik's, engagement rate) read only these; the report says how many were set aside.
    """
    if "post_type" not in posts:
        return posts
    return posts[~posts["post_type"].isin(NOT_FEED).fillna(False).astype(bool)]


_QUESTION = re.compile(
    r"[?¿？؟]|^\s*(?:how|what|when|where|why|who|which|can|could|does|do|is|are|will|would|should)\b",
    re.IGNORECASE,
)
ANSWER_NEEDS = ("yes", "no", "unknown")


def detect_questions(texts: pd.Series) -> pd.Series:
    """True where a text asks something: a question mark of any script or a leading question word."""
    return texts.fillna("").str.contains(_QUESTION)


def answer_need(mentions: pd.DataFrame) -> pd.Series:
    """Whether each mention needs an answer: ``yes``, ``no`` or ``unknown``.

    A share never needs one. A question (by form, :func:`detect_questions`, any language) or a
    negative mention does (``yes``). A mention that is neither and has no sentiment label (a
    language VADER cannot score, or no text) may be a complaint nobody could read: ``unknown``,
    counted and shown, never dropped. The rest (positive or neutral statements) need none.
    Definition: :data:`ronr.metrics.METRICS` ``["needs_answer"]``.

    Parameters
    ----------
    mentions
        Canonical mentions with ``kind``, ``is_question`` and ``sentiment_label``.

    Returns
    -------
    Series of str
        On the index of ``mentions``; one of :data:`ANSWER_NEEDS`.
    """
    share = mentions["kind"] == "share"
    question = mentions["is_question"].fillna(False).astype(bool)
    label = mentions["sentiment_label"]
    need = pd.Series("no", index=mentions.index, dtype=object)
    need[label.isna().to_numpy()] = "unknown"
    need[(question | (label == "negative")).to_numpy()] = "yes"
    need[share.to_numpy()] = "no"
    return need


def needs_answer(mentions: pd.DataFrame) -> pd.Series:
    """Mentions that surely need an answer (:func:`answer_need` is ``yes``), as bools."""
    need = mentions["answer_need"] if "answer_need" in mentions else answer_need(mentions)
    return need == "yes"


def _required_components(posts: pd.DataFrame, present: list[str]) -> pd.DataFrame:
    """Per post, the components its engagements need: those its channel reports.

    A component counts as reported for a post when the channel declares it
    (:data:`CHANNEL_COMPONENTS`; all for an undeclared channel) and the post's export (its
    ``source_file``, else the whole table) has a value for it on some post of that channel: an
    export without a clicks column does not make every post's engagements unknown.
    """
    channel = posts["channel"] if "channel" in posts else pd.Series(pd.NA, index=posts.index)
    source = posts["source_file"] if "source_file" in posts else pd.Series("", index=posts.index)
    keys = [channel.fillna("").astype(str), source.fillna("").astype(str)]
    reported = posts[present].notna().groupby(keys).transform("any")
    for column in present:
        declared = channel.map(
            lambda c, column=column: column in CHANNEL_COMPONENTS.get(c, ENGAGEMENT_COLUMNS)
        )
        reported[column] &= declared.fillna(True).astype(bool)
    return reported


def engagements(posts: pd.DataFrame) -> pd.Series:
    """The engagements of each post: the sum of the components its channel reports.

    Components are likes, comments, shares, saves and clicks, as the channel reports them
    (:data:`CHANNEL_COMPONENTS`). Missing when a component the channel reports is missing on
    the post (a blank like count is not 0 likes), and when no component is known at all.
    Definition: :data:`ronr.metrics.METRICS` ``["total_engagements"]``.

    Returns
    -------
    Series of Float64
        On the index of ``posts``.
    """
    present = [c for c in ENGAGEMENT_COLUMNS if c in posts]
    if not present or posts.empty:
        return pd.Series(pd.NA, index=posts.index, dtype="Float64")
    counts = posts[present].astype("Float64")
    required = _required_components(posts, present)
    incomplete = (counts.isna() & required).any(axis=1)
    total = counts.sum(axis=1, min_count=1)
    return total.mask(incomplete)


def needs_answer_of(mentions: pd.DataFrame, *, brand: str | None = None) -> pd.Series:
    """The ``needs_answer`` column (derived when absent), limited to ``brand`` if given."""
    needed = (
        mentions["needs_answer"].fillna(False).astype(bool)
        if "needs_answer" in mentions
        else needs_answer(mentions)
    )
    return needed & (mentions["brand"] == brand) if brand is not None else needed


def engagements_of(posts: pd.DataFrame) -> pd.Series:
    """The ``total_engagements`` column (derived when absent), as nullable floats."""
    if "total_engagements" in posts:
        return posts["total_engagements"].astype("Float64")
    return engagements(posts)
