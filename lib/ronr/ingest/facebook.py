"""Importer for the Facebook page post export (CSV), in both of Meta's layouts.

**The current layout** (Meta Business Suite, "Content" export, since 2023): one header row,
``Post ID, Page ID, Page name, Title, Description, Duration (sec), Publish time, Caption type,
Permalink, Is crosspost, Is share, Post type, Languages, Custom labels, Funded content status,
Data comment, Date, Views, Reach, Reactions, Comments and Shares, Reactions, Comments, Shares,
Total clicks, Other Clicks, ...``. Its names may come in German, French, Spanish, Portuguese
or Italian, or renamed (``publish_time``): see :data:`ronr.ingest.aliases.FACEBOOK`.

==========================  ===================================================================
posts column                export column (current layout)
==========================  ===================================================================
brand                       ``context.brand`` (a page export has no brand column)
channel                     ``facebook`` (``Page ID``/``Page name`` tell it from Instagram's
                            export, which has ``Account ID``/``Account username``)
post_id                     ``Post ID`` (as in the classic layout, below)
published_at                ``Publish time``: local time ``09/28/2025 18:12`` (month/day/year;
                            or day.month.year), in ``context.timezone``, stored as UTC
text                        ``Title`` (the post's message), else ``Description`` (a video's or
                            reel's text); ``Description`` is also kept as an extra column
post_type                   ``Post type`` in ronr's words: Photos -> photo, Reels -> reel,
                            Videos -> video, Links -> link (see :func:`~ronr.ingest.aliases.post_types`)
impressions                 ``Views``. Meta replaced impressions by views in 2024-25: a view is
                            every time the post was on screen or started playing, repeats
                            included -- what impressions counted. It is not a video view in the
                            old sense (3 seconds watched) nor a count of people (that is
                            ``Reach``). An older export with ``Impressions`` is read from it.
video_views                 ``3-second video views`` when the export has it (else missing)
reach                       ``Reach``
likes                       ``Reactions`` (every reaction, like included: the posts table's likes
                            are all reactions)
comments, shares            ``Comments``, ``Shares``
clicks                      ``Total clicks`` (``Link clicks`` and ``Other Clicks`` are kept)
paid                        missing (the export does not say; ``Funded content status`` is kept)
==========================  ===================================================================

``Reactions, Comments and Shares`` is kept as an extra column: the posts table adds up its own
total from the parts.

**The classic layout** (the Insights "Post" export) has TWO header rows: the first holds the
column names, the second a definition sentence per column ("Lifetime: The number of people who
saw your Page post. (Unique Users)"). The second row is a header line, not data: it is neither
counted among the rows read nor rejected, and ``source_row`` 1 is the first real post. It is
recognised by its content (its ``Posted`` cell is not a date, its metric cells hold words and no
numbers), so a file saved without it loses no post.

==========================  ===================================================================
posts column                export column (classic layout)
==========================  ===================================================================
brand                       ``context.brand`` (a page export has no brand column)
channel                     ``facebook``
post_id                     ``Post ID`` (text; ``123.0`` is ``123``; an id a spreadsheet rounded
                            to ``1.05E+18`` rejects the row)
published_at                ``Posted``: local time ``12/31/2024 14:05:00`` (month/day/year,
                            seconds and AM/PM optional) in ``context.timezone``, stored as UTC
text                        ``Post Message``
post_type                   ``Type`` lower-cased (photo, video, link, status, ...)
reach                       ``Lifetime Post Total Reach``
impressions                 ``Lifetime Post Total Impressions``
likes, comments, shares     ``Lifetime Post Stories by action type - like / comment / share``
                            (a count of actions); when the file has no Stories columns, the
                            ``Lifetime Talking About This (Post) by action type`` ones (a count of
                            people) are read instead
clicks                      ``Lifetime Post Consumers``: people who clicked anywhere in the post
                            (the total count of clicks, ``Lifetime Post Consumptions``, is kept
                            as an extra column)
paid                        ``Lifetime Post Paid Reach`` > 0 (missing when that cell is missing)
==========================  ===================================================================

Repeated names. A name that occurs more than once is disambiguated the way pandas does: the first
occurrence keeps the name, later ones become ``name.1``, ``name.2`` in file order. The mapping
above always reads the FIRST occurrence; the others are kept as extra columns. Breakdown columns
("... by action type") come either with their sub-column in the name
(``Lifetime Post Stories by action type - like``) or as the bare name repeated with the
sub-column (``like``, ``comment``, ``share``) written in the second header row; both become
``<name> - <sub-column>``.

The layout is told by the time column: ``Publish time`` (in any of its names) is the current
layout, ``Posted`` the classic one. Names are matched in any case, and renamed copies of either
layout (``post_id``, ``Lifetime_Post_Total_Reach``) are read like the original.

Every other column is kept under its own name (``_file`` appended to a name the posts table
uses), as text, except ``Lifetime Post Paid Reach`` (kept as a count). The columns that become
canonical columns are not repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .aliases import (
    FACEBOOK,
    INSTAGRAM,
    META_TIME_FORMATS,
    AliasColumns,
    canonical_header,
    post_types,
)
from .base import (
    POST_ID,
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    coalesce,
    finish_import,
    is_missing,
    normalise_name,
    parse_count,
    parse_id,
    parse_lower,
    parse_text,
    parse_timestamp,
    row_numbers,
)
from .readers import dedupe_names, read_csv_text

# ---------------------------------------------------------------------------------------------
# the Facebook post export
# ---------------------------------------------------------------------------------------------

FORMAT = "facebook-posts"
WHAT = "a Facebook post export"
DATE_FORMATS = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
)
DATE_EXAMPLE = "month/day/year and time, like 12/31/2024 14:05:00"
REQUIRED = ("Post ID", "Posted")
STORIES = "Lifetime Post Stories by action type"
TALKING = "Lifetime Talking About This (Post) by action type"
EXPECTED = (
    "Post ID",
    "Permalink",
    "Post Message",
    "Type",
    "Countries",
    "Languages",
    "Posted",
    "Audience Targeting",
    "Lifetime Post Total Reach",
    "Lifetime Post organic reach",
    "Lifetime Post Paid Reach",
    "Lifetime Post Total Impressions",
    "Lifetime Post Organic Impressions",
    "Lifetime Post Paid Impressions",
    "Lifetime Engaged Users",
    "Lifetime Post Consumers",
    "Lifetime Post Consumptions",
    "Lifetime Negative Feedback",
    f"{STORIES} - like / comment / share",
    f"{TALKING} - like / comment / share",
)
# posts column -> export columns tried in order (normalised names)
COUNT_SOURCES = {
    "reach": ("lifetime post total reach",),
    "impressions": ("lifetime post total impressions",),
    "clicks": ("lifetime post consumers",),
    **{
        column: (f"{normalise_name(STORIES)} - {action}", f"{normalise_name(TALKING)} - {action}")
        for column, action in (("likes", "like"), ("comments", "comment"), ("shares", "share"))
    },
}
PAID_REACH = "lifetime post paid reach"
WORDS = re.compile(r"[^\W\d_]{2,}")

# the current (Meta Business Suite) layout; names in any language of aliases.FACEBOOK
CURRENT_TIME_FORMATS = META_TIME_FORMATS
CURRENT_TIME_EXAMPLE = "month/day/year and time, like 09/28/2025 18:12"
CURRENT_REQUIRED = ("Post ID", "Publish time")
CURRENT_EXPECTED = (
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Funded content status",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Other Clicks",
)
# posts column -> current-layout columns tried in order (see the module docstring for views)
CURRENT_COUNTS = {
    "impressions": ("Views", "Impressions"),
    "video_views": ("3-second video views",),
    "reach": ("Reach",),
    "likes": ("Reactions",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "clicks": ("Total clicks",),
}
# what only a Facebook page export has (Instagram's has Account ID / Account username)
PAGE_COLUMNS = ("page id", "page name")
FACEBOOK_METRICS = ("total clicks", "reactions", "reactions, comments and shares")
INSTAGRAM_COLUMNS = ("account id", "account username", "account name", "likes", "saves")


def _is_header_line(first: pd.Series, names: list[str]) -> bool:
    """Whether the first line under the column names is the definition (second header) row."""
    cells = first.astype(str).str.strip()
    keys = [normalise_name(n) for n in names]
    metric = pd.Series([k.startswith("lifetime") for k in keys], index=first.index)
    if (
        pd.to_numeric(cells[metric].str.replace(",", "", regex=False), errors="coerce")
        .notna()
        .any()
    ):
        return False
    posted = cells[[k == "posted" for k in keys]]
    for fmt in DATE_FORMATS:
        if pd.to_datetime(posted, format=fmt, errors="coerce").notna().any():
            return False
    # definitions under the metrics (or sub-column labels), or a sentence under Posted
    metric_cells = cells[metric]
    wordy_metric = (~is_missing(metric_cells) & metric_cells.str.contains(WORDS)).any()
    sentence = posted.str.split().str.len().fillna(0).ge(3).any()
    return bool(wordy_metric or sentence)


def _label_breakdowns(names: list[str], labels: pd.Series | None) -> list[str]:
    """``<name> - <sub-column>`` for repeated breakdown names whose label is in the second row."""
    if labels is None:
        return names
    counts = pd.Series([re.sub(r"\.\d+$", "", n) for n in names]).value_counts()
    result = []
    for name, label in zip(names, labels.astype(str).str.strip(), strict=True):
        base = re.sub(r"\.\d+$", "", name)
        repeated = counts[base] > 1 and base in names  # name is base itself or base.N
        is_label = bool(label) and len(label.split()) <= 3 and not re.search(r"[.:()]", label)
        result.append(f"{base} - {label}" if repeated and is_label else name)
    return dedupe_names(result)


def _is_current_layout(columns: AliasColumns) -> bool:
    """The Meta Business Suite layout: ``Publish time`` rather than ``Posted``.

    A file with neither is classic unless it has a column only the current layout has (so a
    current export without its time column is told that ``Publish time`` is missing).
    """
    if "Posted" in columns:
        return False
    if "Publish time" in columns:
        return True
    return any(name in columns for name in (*PAGE_COLUMNS, *FACEBOOK_METRICS, "views"))


@dataclass(frozen=True)
class _Layout:
    """What differs between the two layouts once the header is read."""

    required: tuple[str, ...]
    expected: tuple[str, ...]
    time: str
    time_formats: tuple[str, ...]
    time_example: str
    texts: tuple[str, ...]  # the message first; later ones also kept as extra columns
    post_type: str
    counts: dict[str, tuple[str, ...] | str]


CURRENT = _Layout(
    CURRENT_REQUIRED,
    CURRENT_EXPECTED,
    "Publish time",
    CURRENT_TIME_FORMATS,
    CURRENT_TIME_EXAMPLE,
    ("Title", "Description"),
    "Post type",
    CURRENT_COUNTS,
)
CLASSIC = _Layout(
    REQUIRED,
    EXPECTED,
    "Posted",
    DATE_FORMATS,
    DATE_EXAMPLE,
    ("Post Message",),
    "Type",
    COUNT_SOURCES,
)


def read_facebook_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import a Facebook page post export, either layout (see the module docstring).

    Raises
    ------
    InputError
        When the file cannot be read, or lacks ``Post ID`` or its time column (``Posted`` in
        the classic layout, ``Publish time`` in the current one).
    """
    path = Path(path)
    file = path.name
    frame = read_csv_text(path)
    columns = AliasColumns(frame, FACEBOOK)
    layout = CURRENT if _is_current_layout(columns) else CLASSIC
    if layout is CLASSIC:
        names = list(frame.columns)
        labels = None
        if len(frame) and _is_header_line(frame.iloc[0], names):
            labels = frame.iloc[0]
            frame = frame.iloc[1:].reset_index(drop=True)
        frame.columns = _label_breakdowns(names, labels)
        columns = AliasColumns(frame, FACEBOOK)
    columns.require(layout.required, file=file, what=WHAT, expected=layout.expected)
    rows = row_numbers(len(frame))
    problems = ColumnProblems(file, rows)
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "facebook",
        "post_id": parse_id(*columns.cells("Post ID"), problems),
        "published_at": parse_timestamp(
            *columns.cells(layout.time),
            problems,
            formats=layout.time_formats,
            expected=layout.time_example,
            timezone=context.timezone,
            now=context.now,
        ),
    }
    # a video or reel has its text in Description, not Title: kept as well, so a post with
    # both loses neither
    texts = [
        parse_text(*columns.cells(name, keep=i > 0), problems, required=False)
        for i, name in enumerate(layout.texts)
        if name in columns
    ]
    if texts:
        values["text"] = coalesce(texts)
    if layout.post_type in columns:
        values["post_type"] = post_types(parse_lower(*columns.cells(layout.post_type), problems))
    values.update(columns.parse(layout.counts, problems))
    extras: dict[str, pd.Series] = {}
    if PAID_REACH in columns:  # classic only: the current layout does not say what was paid
        paid_reach = parse_count(*columns.cells(PAID_REACH), problems)
        values["paid"] = (paid_reach > 0).astype("boolean")
        extras[columns.name(PAID_REACH)] = paid_reach
    extras.update(columns.others())
    parsed = assemble_table("posts", frame.index, values, extras, file=file, rows=rows)
    return finish_import(parsed, frame, problems, table="posts", format=FORMAT, id_columns=POST_ID)


def sniff_facebook_posts(sample: Sample) -> bool:
    """A Facebook page post export, in any language or renamed copy.

    Classic layout: ``Post ID`` with ``Post Message`` or a ``Lifetime ...`` metric column.
    Current layout: ``Post ID`` with ``Page ID`` or ``Page name`` -- or, when both were
    dropped, ``Publish time`` with a Facebook-only metric (``Total clicks``, ``Reactions``) and
    none of Instagram's columns (``Account ID``, ``Likes``, ``Saves``, ...), so that an
    Instagram export is never read as Facebook's and a Facebook export never as Instagram's.
    The time column is not needed to recognise the export, so a file without it gets the
    missing-column error rather than "unknown format".
    """
    header = canonical_header(sample.header, FACEBOOK)
    if "post id" not in header:
        return False
    lifetime = any(c.startswith("lifetime") for c in header)
    if "post message" in header or lifetime or any(c in header for c in PAGE_COLUMNS):
        return True
    instagram = canonical_header(sample.header, INSTAGRAM)
    return (
        "publish time" in header
        and any(c in header for c in FACEBOOK_METRICS)
        and not any(c in instagram for c in INSTAGRAM_COLUMNS)
    )


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=FORMAT,
        description="Facebook page post export (Meta Business Suite, or the classic Insights "
        "CSV with a definition row)",
        sniff=sniff_facebook_posts,
        read=read_facebook_posts,
        tables=("posts",),
    ),
)
