"""Generic CSVs whose columns are the canonical ones (see README, "Bring your own data").

One file holds one table: posts, mentions, responses, audience or followers. Unknown extra
columns are kept; a missing required column is one clear error naming the file and the column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..schema import MENTION_KINDS, TABLES
from .base import (
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    finish_table,
    is_missing,
    parse_bool,
    parse_channel,
    parse_choice,
    parse_count,
    parse_share,
    parse_text,
    parse_timestamp,
    row_numbers,
)
from .readers import read_csv_text

# column -> (parser, required); derived and provenance columns are never read from input
COLUMNS: dict[str, dict[str, tuple[str, bool]]] = {
    "posts": {
        "brand": ("text", True),
        "channel": ("channel", True),
        "post_id": ("text", True),
        "published_at": ("timestamp", True),
        "text": ("text", False),
        "post_type": ("lower", False),
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
        "mention_id": ("text", True),
        "channel": ("channel", True),
        "created_at": ("timestamp", True),
        "author": ("text", False),
        "author_followers": ("count", False),
        "text": ("text", False),
        "brand": ("text", True),
        "kind": ("kind", True),
        "in_reply_to": ("text", False),
        "url": ("text", False),
    },
    "responses": {
        "response_id": ("text", True),
        "mention_id": ("text", True),
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


def _parse_column(
    raw: pd.Series, column: str, kind: str, required: bool, problems: ColumnProblems, now=None
):
    if kind == "timestamp":
        return parse_timestamp(raw, column, problems, required=required, now=now)
    if kind == "count":
        values = parse_count(raw, column, problems)
        if required:
            problems.add(is_missing(raw), column, raw, "missing value")
        return values
    if kind == "share":
        return parse_share(raw, column, problems)
    if kind == "bool":
        return parse_bool(raw, column, problems)
    if kind == "channel":
        return parse_channel(raw, column, problems)
    if kind == "kind":
        return parse_choice(raw, column, problems, MENTION_KINDS)
    text = parse_text(raw, column, problems, required=required)
    return text.str.strip().str.lower() if kind == "lower" else text


def read_table_csv(
    raw: pd.DataFrame, *, table: str, file: str, now: pd.Timestamp | None = None
) -> ImportResult:
    """Parse an all-text frame whose columns are canonical names into table ``table``.

    Parameters
    ----------
    raw
        The file's cells as strings (header already applied).
    table
        posts, mentions, responses, audience or followers.
    file
        The file name, used in errors and rejects.
    """
    spec = COLUMNS[table]
    missing = [c for c, (_, required) in spec.items() if required and c not in raw.columns]
    if missing:
        raise InputError(
            f"{file}: missing required column {', '.join(repr(c) for c in missing)} "
            f"for a {table} table (expected columns: {', '.join(spec)})"
        )
    rows = row_numbers(len(raw))
    problems = ColumnProblems(file, rows)
    parsed = pd.DataFrame(index=raw.index)
    for column, (kind, required) in spec.items():
        if column in raw.columns:
            parsed[column] = _parse_column(raw[column], column, kind, required, problems, now)
    extra = [c for c in raw.columns if c not in spec]
    for column in extra:
        parsed[column] = raw[column]
    parsed["source_file"] = file
    parsed["source_row"] = rows.astype("Int64").to_numpy()

    accepted = finish_table(parsed, raw, problems, id_columns=ID_COLUMNS[table])
    for column in TABLES[table].columns:
        if column not in accepted.columns and column in spec:
            accepted[column] = pd.NA
    return ImportResult(
        file=file,
        format=f"generic-{table}",
        rows_read=len(raw),
        tables={table: accepted},
        rejects=problems.frame(),
    )


def _sniffer(table: str):
    signature = set(SIGNATURES[table])
    return lambda sample: signature <= set(sample.header)


def _reader(table: str):
    def read(path: Path, context: ImportContext) -> ImportResult:
        raw = read_csv_text(path)
        raw.columns = [c.lower() for c in raw.columns]
        return read_table_csv(raw, table=table, file=path.name, now=context.now)

    return read


# the columns that identify each generic table in a header
SIGNATURES = {
    "posts": ("post_id", "published_at", "brand", "channel"),
    "mentions": ("mention_id", "created_at", "brand", "kind"),
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
