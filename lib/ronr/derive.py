"""Derived columns that several stages read, defined once and computed once at load.

:func:`ronr.store.load_workspace` adds them to the canonical tables, so a stage reads a column
instead of calling another stage: ``is_question`` and ``needs_answer`` on mentions,
``total_engagements`` on posts (the mentions' own ``engagements`` column, read from an
export, is what a mention received, not a derived column). The ``*_of`` readers take the column when a table has it and derive it
otherwise, so a stage function also works on a table built by hand.
"""

from __future__ import annotations

import re

import pandas as pd

ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves", "clicks")
_QUESTION = re.compile(
    r"\?|^\s*(?:how|what|when|where|why|who|which|can|could|does|do|is|are|will|would|should)\b",
    re.IGNORECASE,
)


def detect_questions(texts: pd.Series) -> pd.Series:
    """True where a text asks something (a question mark or a leading question word)."""
    return texts.fillna("").str.contains(_QUESTION)


def needs_answer(mentions: pd.DataFrame) -> pd.Series:
    """Mentions that need an answer: questions and negative mentions, shares excluded.

    Parameters
    ----------
    mentions
        Canonical mentions with ``kind``, ``is_question`` and ``sentiment_label``.

    Returns
    -------
    Series of bool
        On the index of ``mentions``; a brand's own are ``needs_answer & (brand == it)``.
    """
    return (mentions["kind"] != "share") & (
        mentions["is_question"].fillna(False).astype(bool)
        | (mentions["sentiment_label"] == "negative")
    )


def engagements(posts: pd.DataFrame) -> pd.Series:
    """likes + comments + shares + saves + clicks of each post, over the counts present.

    Missing where none of them is known (missing is not 0).
    """
    present = [c for c in ENGAGEMENT_COLUMNS if c in posts]
    return posts[present].astype("Float64").sum(axis=1, min_count=1)


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
