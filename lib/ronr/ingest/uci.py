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
say which day is 1); ``Post Hour`` → published_hour. Every other column is kept as it is
(``_file`` appended to a name the posts table uses). Names are matched in any case. Posts have
no id in the source: ``post_id`` is ``uci-<data row>``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import (
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    finish_import,
    parse_count,
    parse_lower,
)
from .readers import read_export

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


def read(path: Path, context: ImportContext) -> ImportResult:
    """Import the UCI Facebook metrics CSV as posts of ``context.brand``."""
    if context.year is None:
        raise InputError(
            f"{path.name}: the UCI dataset has months but no year; set the client's period "
            "in client.yaml (e.g. period: {start: 2014-01-01, end: 2014-12-31})"
        )
    raw, columns, problems = read_export(
        path, required=REQUIRED, what="the UCI Facebook metrics dataset", expected=REQUIRED
    )
    rows = problems.rows

    def bounded(name: str, low: int, high: int) -> pd.Series:
        cells, column = columns.cells(name)
        values = parse_count(cells, column, problems, required=True)
        outside = (values < low) | (values > high)
        problems.add(outside, column, cells, f"expected a whole number {low}–{high}")
        return values.where(~outside)

    month = bounded("Post Month", 1, 12)
    weekday = bounded("Post Weekday", 1, 7)
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "facebook",
        "post_id": "uci-" + rows.astype(str),
        "published_at": pd.NaT,
        "published_month": (f"{context.year}-" + month.astype("string").str.zfill(2)).astype("str"),
        "published_weekday": ("weekday " + weekday.astype("string")).astype("str"),
        "published_hour": bounded("Post Hour", 0, 23),
        "text": pd.NA,
        "post_type": parse_lower(*columns.cells("Type"), problems, required=True),
    }
    paid_cells, paid_name = columns.cells("Paid")
    paid = parse_count(paid_cells, paid_name, problems)
    problems.add(paid > 1, paid_name, paid_cells, "expected 0 or 1")
    values["paid"] = paid.map({0: False, 1: True}).astype("boolean")
    values.update(columns.parse({column: source for source, column in COUNTS.items()}, problems))
    parsed = assemble_table("posts", raw.index, values, columns.others(), file=path.name, rows=rows)
    # no id in the source: an exact repeat of a row is the only duplicate there can be
    return finish_import(parsed, raw, problems, table="posts", format=NAME, id_columns=["post_id"])


IMPORTERS = (
    Importer(
        name=NAME,
        description="UCI Facebook metrics dataset (Moro et al., 2016)",
        sniff=sniff,
        read=read,
        tables=("posts",),
    ),
)
