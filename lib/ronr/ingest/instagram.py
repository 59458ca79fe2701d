"""Importer for the Instagram post (and story) export from Meta Business Suite (CSV).

Columns: ``Post ID, Account ID, Account username, Account name, Description, Duration (sec),
Publish time, Permalink, Post type, Data comment, Date, Views, Reach, Likes, Shares, Follows,
Comments, Saves`` (a story export adds ``Profile visits, Replies, Link clicks, Navigation,
Sticker taps``). Numbers may be written with thousands separators (``12,400``). The ``Date``
column holds the reporting period (``Lifetime``), not a date: it is not read as one, only kept.
Names are matched in any case, in German, French, Spanish, Portuguese and Italian as well as
English, and in renamed copies (``publish_time``, ``PostID``): see
:data:`ronr.ingest.aliases.INSTAGRAM`. ``Account ID``/``Account username`` tell this export
from Facebook's (which has ``Page ID``/``Page name``).

Column mapping:

=============  ================================================================================
posts column   export column
=============  ================================================================================
brand          ``context.brand`` (the account username is kept as an extra column)
channel        ``instagram``
post_id        ``Post ID`` (text; ``123.0`` is ``123``; an id a spreadsheet rounded to
               ``1.79E+16`` rejects the row)
published_at   ``Publish time``: local time ``03/15/2024 10:02`` (month/day/year, seconds and
               AM/PM optional; or day.month.year) in ``context.timezone``, stored as UTC
text           ``Description``
post_type      ``Post type`` without its ``IG`` marker, in ronr's words: ``IG reel`` -> reel,
               ``IG image`` -> photo, ``IG carousel`` -> carousel, ``IG story`` -> story
               (``Imagen de IG`` and ``IG-Bild`` are photos too; see
               :func:`~ronr.ingest.aliases.post_types`; an unknown type is kept lower-cased)
impressions    ``Views``: Meta replaced impressions by views (every time the post was shown or
               played, repeats included). Older exports with ``Impressions`` are read from it.
reach          ``Reach``
likes          ``Likes``
comments       ``Comments``
shares         ``Shares``
saves          ``Saves``
clicks         ``Link clicks`` (a story's link sticker) when the export has it
=============  ================================================================================

Every other column is kept under its own name (``_file`` appended to a name the posts table
uses): ``Follows`` as a count, the rest as text.
"""

from __future__ import annotations

from pathlib import Path

from .aliases import (
    FACEBOOK,
    INSTAGRAM,
    META_TIME_FORMATS,
    canonical_header,
    post_types,
    read_aliased,
)
from .base import (
    POST_ID,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    finish_import,
    parse_count,
    parse_id,
    parse_lower,
    parse_text,
    parse_timestamp,
)

FORMAT = "instagram-posts"
WHAT = "an Instagram post export (Meta Business Suite)"
TIME_FORMATS = META_TIME_FORMATS
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
    "clicks": ("link clicks",),
}
KEPT_COUNTS = ("follows",)
# what only an Instagram export has, besides Post ID and Publish time
ACCOUNT_COLUMNS = ("account username", "account id")
INSTAGRAM_METRICS = ("likes", "saves", "follows")
FACEBOOK_COLUMNS = ("page id", "page name", "total clicks", "reactions")


def read_instagram_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import an Instagram post export (see the module docstring for the mapping).

    Raises
    ------
    InputError
        When the file cannot be read or lacks ``Post ID`` or ``Publish time``.
    """
    frame, columns, problems = read_aliased(
        path, INSTAGRAM, required=REQUIRED, what=WHAT, expected=EXPECTED
    )

    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "instagram",
        "post_id": parse_id(*columns.cells("Post ID"), problems),
        "published_at": parse_timestamp(
            *columns.cells("Publish time"),
            problems,
            formats=TIME_FORMATS,
            expected=TIME_EXAMPLE,
            timezone=context.timezone,
            now=context.now,
        ),
    }
    if "Description" in columns:
        values["text"] = parse_text(*columns.cells("Description"), problems, required=False)
    if "Post type" in columns:
        values["post_type"] = post_types(parse_lower(*columns.cells("Post type"), problems))
    values.update(columns.parse(COUNT_SOURCES, problems))
    extras = columns.others()
    for key in KEPT_COUNTS:
        if key in columns:
            name = columns.name(key)
            extras[name] = parse_count(extras[name], name, problems)
    parsed = assemble_table(
        "posts", frame.index, values, extras, file=problems.file, rows=problems.rows
    )
    return finish_import(parsed, frame, problems, table="posts", format=FORMAT, id_columns=POST_ID)


def sniff_instagram_posts(sample: Sample) -> bool:
    """An Instagram export, in any language or renamed copy.

    ``Post ID`` with ``Account username`` or ``Account ID``; or, when both were dropped,
    ``Post ID`` and ``Publish time`` with an Instagram-only metric (``Likes``, ``Saves``,
    ``Follows``) and none of the Facebook export's columns (``Page ID``, ``Total clicks``, ...).
    """
    header = canonical_header(sample.header, INSTAGRAM)
    if "post id" not in header:
        return False
    if any(c in header for c in ACCOUNT_COLUMNS):
        return True
    facebook = canonical_header(sample.header, FACEBOOK)
    return (
        "publish time" in header
        and any(c in header for c in INSTAGRAM_METRICS)
        and not any(c in facebook for c in FACEBOOK_COLUMNS)
    )


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=FORMAT,
        description="Instagram post export from Meta Business Suite (CSV)",
        sniff=sniff_instagram_posts,
        read=read_instagram_posts,
        tables=("posts",),
    ),
)
