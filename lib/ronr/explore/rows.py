"""The mentions or posts behind a point of an explorer's chart, as an escaped, paged table."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..names import channel_name, post_type_name
from .cube import (
    LABELS,
    Cube,
    Filters,
    cell_rows,
    day_number,
    select_answers,
    select_cells,
    select_posts,
)

PAGE_SIZE = 20
SAFE_LINK = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def mention_rows(
    cube: Cube,
    filters: Filters,
    *,
    first=None,
    last=None,
    brand: str | None = None,
    channel: str | None = None,
    label: str | None = None,
) -> pd.DataFrame:
    """The mentions (rows of the workspace's table) behind a cell of the listen explorer.

    Parameters
    ----------
    cube, filters
        The cube and the explorer's filters.
    first, last
        Local days (dates), both included, narrowing the filters' (e.g. one week).
    brand, channel, label
        One brand, channel or sentiment label (None: all the filters keep).

    Returns
    -------
    DataFrame
        The rows in their table's order, found through the cube's cell index.
    """
    cells = cube.mentions
    keep = select_cells(cube, filters)
    if first is not None:
        keep &= cells.day >= day_number(first)
    if last is not None:
        keep &= cells.day <= day_number(last)
    for values, names, value in (
        (cells.brand, cube.brands, brand),
        (cells.channel, cube.channels, channel),
    ):
        if value is not None:
            keep &= values == (names.index(value) if value in names else -1)
    if label is not None:
        keep &= cells.label == (LABELS.index(label) if label in LABELS else -1)
    return cube.ws.mentions.iloc[cell_rows(cube, keep)]


def post_rows(
    cube: Cube,
    filters: Filters,
    *,
    own: bool = False,
    brand: str | None = None,
    channel: str | None = None,
    post_type: str | None = None,
    feed: bool = False,
) -> pd.DataFrame:
    """The posts (rows of the workspace's table) behind a point: the filters' posts of
    ``brand``, ``channel`` and ``post_type`` (``own``: the client's; ``feed``: no Stories)."""
    posts = select_posts(cube, filters, own=own)
    keep = np.ones(len(posts), dtype=bool)
    for column, value in (("brand", brand), ("channel", channel), ("post_type", post_type)):
        if value is not None:
            keep &= (posts[column] == value).to_numpy(dtype=bool)
    if feed:
        keep &= posts["feed"].to_numpy(dtype=bool)
    return cube.ws.posts.iloc[posts["row"].to_numpy()[keep]]


def answer_rows(cube: Cube, filters: Filters, *, channel: str | None = None) -> pd.DataFrame:
    """The client's mentions needing an answer behind a point of the channel-mix explorer."""
    answers = select_answers(cube, filters)
    if channel is not None:
        answers = answers[answers["channel"] == channel]
    rows = answers["row"].to_numpy()
    return cube.ws.mentions.iloc[np.sort(rows[rows >= 0])]


def rows_for(cube: Cube, filters: Filters, key: Mapping) -> pd.DataFrame:
    """The rows behind a chart point's ``key`` (``what``: mentions, posts or answers)."""
    options = {k: v for k, v in key.items() if k not in ("what", "label_text")}
    if key["what"] == "mentions":
        return mention_rows(cube, filters, **options)
    if key["what"] == "answers":
        return answer_rows(cube, filters, **options)
    return post_rows(cube, filters, **options)


def _cell(value) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "–"
    return html.escape(re.sub(r"\s+", " ", str(value)).strip(), quote=True)


def _link(url) -> str:
    """A link that opens the post or mention, only for an http(s) address; escaped."""
    if not isinstance(url, str) or not SAFE_LINK.match(url.strip()):
        return "–"
    href = html.escape(url.strip(), quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer nofollow">open</a>'


def _time(stamp, timezone: str) -> str:
    if pd.isna(stamp):
        return "–"
    return html.escape(f"{pd.Timestamp(stamp).tz_convert(timezone):%d %b %Y %H:%M %Z}")


def _sentiment(label, score) -> str:
    if not isinstance(label, str):
        return "not scored"
    return f"{label} ({score:+.2f})".replace("-", "−") if pd.notna(score) else label


def format_rows(
    rows: pd.DataFrame, *, timezone: str, page: int = 0, page_size: int = PAGE_SIZE
) -> str:
    """One page of mentions or posts as an HTML table, every cell escaped.

    Parameters
    ----------
    rows
        Mentions (with ``created_at``) or posts (with ``published_at``), as the workspace holds
        them; shown oldest first.
    timezone
        The client's zone: every time is written in it, with its abbreviation.
    page
        The page to show, from 0 (clipped to the pages there are).
    page_size
        Rows per page.

    Returns
    -------
    str
        A count line (``41 mentions · page 2 of 3``) and the table: time, author, text, sentiment
        and link for mentions; time, brand, channel, post type, text and counts for posts. A link
        is shown only for an ``http(s)`` address.
    """
    is_post = "published_at" in rows
    noun = "post" if is_post else "mention"
    if not len(rows):
        return f"<p class='ronr-note'>No {noun}s behind this point.</p>"
    time_column = "published_at" if is_post else "created_at"
    pages = max(1, -(-len(rows) // page_size))
    page = min(max(page, 0), pages - 1)
    shown = rows.sort_values(time_column, kind="stable").iloc[
        page * page_size : (page + 1) * page_size
    ]
    if is_post:
        header = ["Time", "Brand", "Channel", "Post type", "Text", "Likes", "Comments", "Shares"]
        body = [
            [
                _time(r.published_at, timezone),
                _cell(r.brand),
                _cell(channel_name(r.channel)),
                _cell(post_type_name(r.post_type) if isinstance(r.post_type, str) else None),
                _cell(r.text),
                *(_cell(getattr(r, c, None)) for c in ("likes", "comments", "shares")),
            ]
            for r in shown.itertuples()
        ]
    else:
        header = ["Time", "Brand", "Channel", "Author", "Text", "Sentiment", "Link"]
        body = [
            [
                _time(r.created_at, timezone),
                _cell(r.brand),
                _cell(channel_name(r.channel)),
                _cell(r.author),
                _cell(r.text),
                _cell(
                    _sentiment(getattr(r, "sentiment_label", None), getattr(r, "sentiment", None))
                ),
                _link(getattr(r, "url", None)),
            ]
            for r in shown.itertuples()
        ]
    head = "".join(f"<th>{h}</th>" for h in header)
    lines = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in body)
    count = f"{len(rows):,} {noun}{'' if len(rows) == 1 else 's'} · page {page + 1} of {pages}"
    return (
        f"<p class='ronr-note'>{count}</p>"
        f"<table class='ronr-table'><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>"
    )
