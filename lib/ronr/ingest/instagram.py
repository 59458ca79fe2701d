"""Importer for the Instagram post export from Meta Business Suite (CSV).

Columns: ``Post ID, Account ID, Account username, Account name, Description, Duration (sec),
Publish time, Permalink, Post type, Data comment, Date, Views, Reach, Likes, Shares, Follows,
Comments, Saves``. Numbers may be written with thousands separators (``12,400``). The ``Date``
column holds the reporting period (``Lifetime``), not a date: it is not read as one, only kept.
Names are matched case-insensitively.

Column mapping:

=============  ================================================================================
posts column   export column
=============  ================================================================================
brand          ``context.brand`` (the account username is kept as an extra column)
channel        ``instagram``
post_id        ``Post ID`` (text)
published_at   ``Publish time``: local time ``03/15/2024 10:02`` (month/day/year, seconds and
               AM/PM optional) in ``context.timezone``, stored as UTC
text           ``Description``
post_type      ``Post type`` without its ``IG`` prefix, lower-cased: ``IG reel`` -> reel,
               ``IG image`` -> photo, ``IG carousel`` -> carousel (others, e.g. ``IG video``,
               become ``video``)
impressions    ``Views``: Meta replaced impressions by views (every time the post was shown or
               played, repeats included). Older exports with ``Impressions`` are read from it.
reach          ``Reach``
likes          ``Likes``
comments       ``Comments``
shares         ``Shares``
saves          ``Saves``
=============  ================================================================================

Every other column is kept under its own name: ``Follows`` as a count, the rest as text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .base import (
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    finish_table,
    parse_text,
    row_numbers,
)
from .facebook import (
    assemble_posts,
    find_columns,
    flag_rounded_ids,
    normalise_name,
    now_utc,
    parse_counts,
    parse_times,
    read_cells,
    require_columns,
    sorted_rejects,
)

FORMAT = "instagram-posts"
WHAT = "Instagram post export (Meta Business Suite)"
TIME_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
TIME_EXAMPLE = "month/day/year and time, like 03/15/2024 10:02"
REQUIRED = ("Post ID", "Publish time")
EXPECTED = (
    "Post ID",
    "Account ID",
    "Account username",
    "Account name",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Likes",
    "Shares",
    "Follows",
    "Comments",
    "Saves",
)
# posts column -> export columns tried in order (normalised); these are not repeated as extras
COUNT_SOURCES = {
    "impressions": ("views", "impressions"),
    "reach": ("reach",),
    "likes": ("likes",),
    "comments": ("comments",),
    "shares": ("shares",),
    "saves": ("saves",),
}
KEPT_COUNTS = ("follows",)
POST_TYPES = {"image": "photo", "photo": "photo"}


def _post_type(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    text = parse_text(raw, column, problems, required=False)
    kind = text.str.strip().str.lower().str.replace(r"^ig\s+", "", regex=True)
    return kind.replace(POST_TYPES)


def read_instagram_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import an Instagram post export (see the module docstring for the mapping).

    Raises
    ------
    InputError
        When the file cannot be read or lacks ``Post ID`` or ``Publish time``.
    """
    path = Path(path)
    file = path.name
    frame = read_cells(path)
    found = find_columns(frame.columns)
    require_columns(found, REQUIRED, file=file, what=WHAT, expected=EXPECTED)
    rows = row_numbers(len(frame))
    problems = ColumnProblems(file, rows)
    used = {"post id", "publish time"}

    ids = frame[found["post id"]]
    flag_rounded_ids(ids, found["post id"], problems)
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "instagram",
        "post_id": parse_text(ids, found["post id"], problems, required=True).str.strip(),
        "published_at": parse_times(
            frame[found["publish time"]],
            found["publish time"],
            problems,
            formats=TIME_FORMATS,
            expected=TIME_EXAMPLE,
            timezone=context.timezone,
            now=now_utc(context),
        ),
    }
    if "description" in found:
        values["text"] = parse_text(
            frame[found["description"]], found["description"], problems, required=False
        )
        used.add("description")
    if "post type" in found:
        values["post_type"] = _post_type(frame[found["post type"]], found["post type"], problems)
        used.add("post type")
    for target, sources in COUNT_SOURCES.items():
        key = next((k for k in sources if k in found), None)
        if key is not None:
            values[target] = parse_counts(frame[found[key]], found[key], problems)
            used.add(key)
    extras: dict[str, pd.Series] = {}
    for name in frame.columns:
        key = normalise_name(name)
        if found.get(key) == name and key in used:
            continue
        if key in KEPT_COUNTS and found.get(key) == name:
            extras[name] = parse_counts(frame[name], name, problems)
        else:
            extras[name] = frame[name]

    parsed = assemble_posts(frame.index, values, extras, file=file, rows=rows)
    accepted = finish_table(parsed, frame, problems, id_columns=["post_id", "brand", "channel"])
    return ImportResult(
        file=file,
        format=FORMAT,
        rows_read=len(frame),
        tables={"posts": accepted},
        rejects=sorted_rejects(problems),
    )


def sniff_instagram_posts(sample: Sample) -> bool:
    """``Post ID`` with ``Account username`` or ``Account ID`` in the header."""
    header = {normalise_name(c) for c in sample.header}
    return "post id" in header and bool({"account username", "account id"} & header)


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=FORMAT,
        description="Instagram post export from Meta Business Suite (CSV)",
        sniff=sniff_instagram_posts,
        read=read_instagram_posts,
        tables=("posts",),
    ),
)
