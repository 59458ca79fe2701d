"""Generic CSVs whose columns are the canonical ones (see README, "Bring your own data").

One file holds one table: posts, mentions, responses, audience or followers. Names are matched
in any case. Unknown extra columns are kept (lower-cased; one named like a canonical column,
such as ``sentiment``, gets a ``_file`` suffix); a missing required column is one clear error
naming the file and the column. Times are ISO 8601; those written without an offset are in
``context.timezone``, except the days of ``date`` and ``as_of``, which are UTC midnight.

A column map (:mod:`ronr.ingest.mapped`) renames a file's columns and then reads them here,
with the ``date_format`` its entry gives.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..schema import MENTION_KINDS
from .aliases import post_types
from .base import (
    ISO8601,
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    assemble_table,
    column_lookup,
    finish_import,
    normalise_name,
    parse_bool,
    parse_channel,
    parse_choice,
    parse_count,
    parse_id,
    parse_lower,
    parse_share,
    parse_text,
    parse_timestamp,
    require_columns,
    row_numbers,
)
from .readers import dedupe_names, read_csv_text

# column -> (parser, required); derived and provenance columns are never read from input.
# Every id ("id") is read by parse_id: a spreadsheet's "1893001.0" is the id 1893001, and an id
# it rounded ("1.05E+18") rejects the row
COLUMNS: dict[str, dict[str, tuple[str, bool]]] = {
    "posts": {
        "brand": ("text", True),
        "channel": ("channel", True),
        "post_id": ("id", True),
        "published_at": ("timestamp", True),
        "text": ("text", False),
        "post_type": ("post_type", False),
        "paid": ("bool", False),
        **{
            c: ("count", False)
            for c in (
                "impressions",
                "reach",
                "likes",
                "comments",
                "shares",
                "saves",
                "clicks",
                "video_views",
                "followers_at_post",
            )
        },
    },
    "mentions": {
        "mention_id": ("id", True),
        "channel": ("channel", True),
        "created_at": ("timestamp", True),
        "author": ("text", False),
        "author_followers": ("count", False),
        "text": ("text", False),
        "engagements": ("count", False),
        # without a brand the store names it from the text (handles and keywords of client.yaml)
        "brand": ("text", False),
        "kind": ("kind", True),
        "in_reply_to": ("id", False),
        "url": ("text", False),
    },
    "responses": {
        "response_id": ("id", True),
        "mention_id": ("id", True),
        "channel": ("channel", True),
        "created_at": ("timestamp", True),
        "author": ("text", False),
    },
    "audience": {
        "channel": ("channel", True),
        "dimension": ("lower", True),
        "bucket": ("text", True),
        "share": ("share", True),
        "as_of": ("timestamp", True),
    },
    "followers": {
        "channel": ("channel", True),
        "date": ("timestamp", True),
        "followers": ("count", True),
    },
}
ID_COLUMNS = {
    "posts": ["brand", "channel", "post_id"],
    "mentions": ["mention_id", "brand"],
    "responses": ["response_id"],
    "audience": ["channel", "dimension", "bucket", "as_of"],
    "followers": ["channel", "date"],
}


# days, read at UTC midnight whatever the client's time zone (as the tables document them)
DAY_COLUMNS = frozenset({"date", "as_of"})


def _parse_column(
    raw: pd.Series,
    column: str,
    kind: str,
    required: bool,
    problems: ColumnProblems,
    context: ImportContext,
    date_formats: tuple[str, ...] | None = None,
):
    if kind == "timestamp":
        timezone = "UTC" if column in DAY_COLUMNS else context.timezone
        return parse_timestamp(
            raw,
            column,
            problems,
            formats=date_formats or ISO8601,
            required=required,
            timezone=timezone,
            now=context.now,
        )
    if kind == "count":
        return parse_count(raw, column, problems, required=required)
    if kind == "share":
        return parse_share(raw, column, problems)
    if kind == "bool":
        return parse_bool(raw, column, problems)
    if kind == "channel":
        return parse_channel(raw, column, problems)
    if kind == "kind":
        return parse_choice(raw, column, problems, MENTION_KINDS)
    if kind == "lower":
        return parse_lower(raw, column, problems, required=required)
    if kind == "post_type":  # "Stories", "IG story", "Historia": one name per type, as Meta's
        return post_types(parse_lower(raw, column, problems, required=required))
    if kind == "id":
        return parse_id(raw, column, problems, required=required)
    return parse_text(raw, column, problems, required=required)


def read_table_csv(
    raw: pd.DataFrame,
    *,
    table: str,
    file: str,
    context: ImportContext | None = None,
    date_formats: tuple[str, ...] | None = None,
    format: str | None = None,
) -> ImportResult:
    """Parse an all-text frame whose columns are canonical names into table ``table``.

    Parameters
    ----------
    raw
        The file's cells as strings (header already applied; names in any case).
    table
        posts, mentions, responses, audience or followers.
    file
        The file name, used in errors and rejects.
    context
        The client's time zone (of times without an offset) and ``now``. Its ``date_order``
        and ``number_format`` reach the parsers through the file being read
        (:func:`~ronr.ingest.base.reading_file`), as :func:`~ronr.ingest.detect.import_file`
        and :func:`~ronr.ingest.mapped.read_mapped` set it.
    date_formats
        ``strptime`` formats of every time column, tried in order (default: ISO 8601).
    format
        The format name the result reports (default ``generic-<table>``).
    """
    context = context or ImportContext()
    raw = raw.set_axis(dedupe_names(normalise_name(c) for c in raw.columns), axis=1)
    spec = COLUMNS[table]
    require_columns(
        column_lookup(raw.columns),
        [c for c, (_, required) in spec.items() if required],
        file=file,
        what=f"a {table} table",
        expected=spec,
    )
    rows = row_numbers(len(raw))
    problems = ColumnProblems(file, rows)
    values = {
        column: _parse_column(raw[column], column, kind, required, problems, context, date_formats)
        for column, (kind, required) in spec.items()
        if column in raw.columns
    }
    extras = {c: raw[c] for c in raw.columns if c not in spec}
    parsed = assemble_table(table, raw.index, values, extras, file=file, rows=rows)
    return finish_import(
        parsed,
        raw,
        problems,
        table=table,
        format=format or f"generic-{table}",
        id_columns=ID_COLUMNS[table],
    )


def _sniffer(table: str):
    signature = set(SIGNATURES[table])
    return lambda sample: signature <= set(sample.header)


def _reader(table: str):
    def read(path: Path, context: ImportContext) -> ImportResult:
        return read_table_csv(read_csv_text(path), table=table, file=path.name, context=context)

    return read


# the columns that identify each generic table in a header
SIGNATURES = {
    "posts": ("post_id", "published_at", "brand", "channel"),
    "mentions": ("mention_id", "created_at", "kind"),
    "responses": ("response_id", "mention_id", "created_at"),
    "audience": ("dimension", "bucket", "share"),
    "followers": ("followers", "date", "channel"),
}
IMPORTERS = tuple(
    Importer(
        name=f"generic-{table}",
        description=f"generic {table} CSV with canonical columns",
        sniff=_sniffer(table),
        read=_reader(table),
        tables=(table,),
    )
    for table in SIGNATURES
)
