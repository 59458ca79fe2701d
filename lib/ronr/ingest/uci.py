"""Importer for the UCI "Facebook metrics" dataset (Moro, Rita & Vala, 2016).

500 posts of a cosmetics brand's Facebook page in 2014, ``;``-separated. The source gives the
month, a weekday code (1–7) and an hour for each post, but no day of the month and no text, so
``published_at`` stays missing: ronr never invents a day. The year is not in the file either; it
comes from the client's configured period (``ImportContext.year``).

Mapping to posts: ``Type`` → post_type; ``Paid`` → paid; ``Page total likes`` →
followers_at_post; ``Lifetime Post Total Reach`` → reach; ``Lifetime Post Total Impressions``
→ impressions; ``like``/``comment``/``share`` → likes/comments/shares; ``Lifetime Post
Consumers`` (people who clicked anywhere in the post) → clicks; ``Post Month`` →
published_month; ``Post Weekday`` → published_weekday as ``"weekday N"`` (the dataset does not
say which day is 1); ``Post Hour`` → published_hour. Every other column is kept as it is.
Posts have no id in the source: ``post_id`` is ``uci-<data row>``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import (
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    finish_table,
    is_missing,
    parse_count,
    row_numbers,
)
from .readers import read_csv_text

NAME = "uci-facebook-metrics"
COUNTS = {
    "Page total likes": "followers_at_post",
    "Lifetime Post Total Reach": "reach",
    "Lifetime Post Total Impressions": "impressions",
    "like": "likes",
    "comment": "comments",
    "share": "shares",
    "Lifetime Post Consumers": "clicks",
}
TIMING = ("Post Month", "Post Weekday", "Post Hour")
REQUIRED = ("Type", "Paid", *TIMING, *COUNTS)


def sniff(sample: Sample) -> bool:
    return {"page total likes", "post month", "post weekday", "post hour", "type"} <= set(
        sample.header
    )


def _bounded(raw: pd.Series, column: str, problems: ColumnProblems, low: int, high: int):
    values = parse_count(raw, column, problems)
    problems.add(is_missing(raw), column, raw, "missing value")
    problems.add(
        (values < low) | (values > high), column, raw, f"expected a whole number {low}–{high}"
    )
    return values.where((values >= low) & (values <= high))


def read(path: Path, context: ImportContext) -> ImportResult:
    """Import the UCI Facebook metrics CSV as posts of ``context.brand``."""
    if context.year is None:
        raise InputError(
            f"{path.name}: the UCI dataset has months but no year; set the client's period "
            "in client.yaml (e.g. period: {start: 2014-01-01, end: 2014-12-31})"
        )
    raw = read_csv_text(path)
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise InputError(
            f"{path.name}: missing required column {', '.join(repr(c) for c in missing)} "
            f"for the UCI Facebook metrics dataset (expected: {', '.join(REQUIRED)})"
        )
    rows = row_numbers(len(raw))
    problems = ColumnProblems(path.name, rows)
    parsed = pd.DataFrame(index=raw.index)
    parsed["brand"] = context.brand
    parsed["channel"] = "facebook"
    parsed["post_id"] = "uci-" + rows.astype(str)
    parsed["published_at"] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    month = _bounded(raw["Post Month"], "Post Month", problems, 1, 12)
    parsed["published_month"] = (f"{context.year}-" + month.astype("string").str.zfill(2)).astype(
        "str"
    )
    weekday = _bounded(raw["Post Weekday"], "Post Weekday", problems, 1, 7)
    parsed["published_weekday"] = ("weekday " + weekday.astype("string")).astype("str")
    parsed["published_hour"] = _bounded(raw["Post Hour"], "Post Hour", problems, 0, 23)
    parsed["text"] = pd.Series(pd.NA, index=raw.index, dtype="str")
    post_type = raw["Type"].str.strip().str.lower()
    problems.add(is_missing(raw["Type"]), "Type", raw["Type"], "missing value")
    parsed["post_type"] = post_type.where(~is_missing(raw["Type"]))
    paid = parse_count(raw["Paid"], "Paid", problems)
    problems.add(paid > 1, "Paid", raw["Paid"], "expected 0 or 1")
    parsed["paid"] = paid.map({0: False, 1: True}).astype("boolean")
    for source, column in COUNTS.items():
        parsed[column] = parse_count(raw[source], source, problems)
    for column in raw.columns:
        if column not in REQUIRED:
            parsed[column] = raw[column]
    parsed["source_file"] = path.name
    parsed["source_row"] = rows.astype("Int64").to_numpy()
    # no id in the source: an exact repeat of a row is the only duplicate there can be
    accepted = finish_table(parsed, raw, problems, id_columns=["post_id"])
    return ImportResult(
        file=path.name,
        format=NAME,
        rows_read=len(raw),
        tables={"posts": accepted},
        rejects=problems.frame(),
    )


IMPORTERS = (
    Importer(
        name=NAME,
        description="UCI Facebook metrics dataset (Moro et al., 2016)",
        sniff=sniff,
        read=read,
        tables=("posts",),
    ),
)
