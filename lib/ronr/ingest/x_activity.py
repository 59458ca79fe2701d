"""Importer for the X/Twitter tweet activity export (analytics.twitter.com, CSV).

One row per tweet of the client's own account: ``Tweet id, Tweet permalink, Tweet text, time,
impressions, engagements, engagement rate, retweets, replies, likes, user profile clicks,
url clicks, hashtag clicks, detail expands, permalink clicks, app opens, app installs, follows,
email tweet, dial phone, media views, media engagements`` and the same metrics again prefixed
``promoted `` (``promoted impressions``, ...), whose cells hold ``-`` for organic tweets.
Older exports say ``favorites`` instead of ``likes``. Names are matched case-insensitively.

Column mapping:

=============  ================================================================================
posts column   export column
=============  ================================================================================
brand          ``context.brand`` (the export has no brand column)
channel        ``x``
post_id        ``Tweet id``, kept as text (ids have 18-19 digits and do not survive a float;
               a float's ``.0`` is dropped, see :func:`ronr.ingest.base.read_ids`).
               An id a spreadsheet rounded to ``1.05E+18`` is taken from the permalink
               (``.../status/<id>``) when there is one, otherwise the row is rejected.
published_at   ``time``: ``2015-09-30 18:42 +0000``; a time without an offset is read in
               ``context.timezone``
text           ``Tweet text``
post_type      ``media`` when media views > 0 (photo and video cannot be told apart), else
               ``link`` when the text holds a link (``http://``, ``https://``, ``www.``), else
               ``status``
impressions    ``impressions``
reach          missing: the export has no reach (it is not 0)
likes          ``likes`` (``favorites`` in older exports)
comments       ``replies``
shares         ``retweets``
clicks         ``url clicks + user profile clicks + hashtag clicks + detail expands +
               permalink clicks``, over those of these columns the file has: every click on
               the tweet except app opens and installs (which leave for an app store) and
               media engagements (counted as video_views). A row where one of the present
               columns is missing gets a missing clicks (a partial sum would understate it).
video_views    ``media views``
paid           ``promoted impressions`` > 0; False for organic tweets (``-``); missing when
               the export has no promoted columns
=============  ================================================================================

Every other column is kept under its own name (``_file`` appended to a name the posts table
uses): the known metrics (including the click components, ``engagements``, ``app opens``, ... and
every ``promoted ...`` column) parsed as counts (``engagement rate`` as a fraction), the rest
(``Tweet permalink``, unknown columns) as text.
``-`` is missing, never 0; a negative or non-numeric count rejects the row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .base import (
    POST_ID,
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    finish_import,
    is_missing,
    normalise_name,
    parse_count,
    parse_rate,
    parse_text,
    parse_timestamp,
    read_ids,
)
from .readers import read_export

FORMAT = "x-tweet-activity"
WHAT = "an X tweet activity export"
TIME_FORMATS = (
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)
TIME_EXAMPLE = "a time like 2015-09-30 18:42 +0000"
REQUIRED = ("Tweet id", "time")
METRICS = (
    "impressions",
    "engagements",
    "engagement rate",
    "retweets",
    "replies",
    "likes",
    "user profile clicks",
    "url clicks",
    "hashtag clicks",
    "detail expands",
    "permalink clicks",
    "app opens",
    "app installs",
    "follows",
    "email tweet",
    "dial phone",
    "media views",
    "media engagements",
)
RATES = {"engagement rate", "promoted engagement rate"}
COUNTS = {
    name
    for metric in (*METRICS, "favorites")
    for name in (metric, f"promoted {metric}")
    if name not in RATES
}
CLICK_PARTS = (
    "url clicks",
    "user profile clicks",
    "hashtag clicks",
    "detail expands",
    "permalink clicks",
)
EXPECTED = ("Tweet id", "Tweet permalink", "Tweet text", "time", *METRICS, "promoted ...")
# posts column -> export columns tried in order; these are not repeated as extra columns
DIRECT = {
    "impressions": ("impressions",),
    "likes": ("likes", "favorites"),
    "comments": ("replies",),
    "shares": ("retweets",),
    "video_views": ("media views",),
}
LINK = r"https?://|www\."
STATUS_ID = r"/status(?:es)?/(\d+)"


def _tweet_ids(
    raw: pd.Series, permalinks: pd.Series | None, column: str, problems: ColumnProblems
) -> pd.Series:
    """Digit-only ids as text; a missing or rounded id is taken from the permalink if possible.

    Ids are read as every importer reads them (:func:`~ronr.ingest.base.read_ids`): a
    spreadsheet's ``1050118621198921729.0`` is ``1050118621198921729``, and an id whose digits
    a number type lost (``1.05E+18``) is no id.
    """
    found = read_ids(raw)
    digits = found.text.str.fullmatch(r"\d+").fillna(False).astype(bool)
    ids = found.text.where(digits)
    if permalinks is not None:
        from_link = permalinks.astype(str).str.extract(STATUS_ID, expand=False)
        ids = ids.where(digits, from_link)
    missing = is_missing(raw)
    bad = ids.isna()
    problems.add(bad & missing, column, raw, "missing value")
    problems.add(
        bad & ~missing,
        column,
        raw,
        "not a tweet id (expected digits only; a spreadsheet may have rounded it to 1.05E+18)",
    )
    return ids.astype("str")


def read_tweet_activity(path: Path, context: ImportContext) -> ImportResult:
    """Import an X/Twitter tweet activity export (see the module docstring for the mapping).

    Raises
    ------
    InputError
        When the file cannot be read or lacks ``Tweet id`` or ``time``.
    """
    frame, columns, problems = read_export(path, required=REQUIRED, what=WHAT, expected=EXPECTED)
    found = columns.lookup

    # every known metric is parsed once, under its normalised name
    metrics: dict[str, pd.Series] = {}
    for key, name in found.items():
        if key in COUNTS:
            metrics[key] = parse_count(frame[name], name, problems)
        elif key in RATES:
            metrics[key] = parse_rate(frame[name], name, problems)

    permalinks = frame[found["tweet permalink"]] if "tweet permalink" in found else None
    text = (
        parse_text(frame[found["tweet text"]], found["tweet text"], problems, required=False)
        if "tweet text" in found
        else pd.Series(pd.NA, index=frame.index, dtype="str")
    )
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "x",
        "post_id": _tweet_ids(frame[found["tweet id"]], permalinks, found["tweet id"], problems),
        "published_at": parse_timestamp(
            frame[found["time"]],
            found["time"],
            problems,
            formats=TIME_FORMATS,
            expected=TIME_EXAMPLE,
            timezone=context.timezone,
            now=context.now,
        ),
        "text": text,
    }
    used = {"tweet id", "tweet text", "time"}
    for target, sources in DIRECT.items():
        key = next((k for k in sources if k in metrics), None)
        if key is not None:
            values[target] = metrics[key]
            used.add(key)
    parts = [metrics[k] for k in CLICK_PARTS if k in metrics]
    if parts:
        values["clicks"] = sum(parts[1:], parts[0])
    if "promoted impressions" in metrics:
        values["paid"] = (metrics["promoted impressions"] > 0).fillna(False).astype("boolean")
    media = (
        (metrics["media views"] > 0).fillna(False).astype(bool)
        if "media views" in metrics
        else pd.Series(False, index=frame.index)
    )
    link = text.str.contains(LINK, case=False, regex=True, na=False).astype(bool)
    values["post_type"] = pd.Series(
        np.select([media.to_numpy(), link.to_numpy()], ["media", "link"], "status"),
        index=frame.index,
        dtype="str",
    )

    extras = {name: metrics.get(key, frame[name]) for key, name in found.items() if key not in used}
    # a column repeated under the same name (case aside) is kept too, as text
    extras.update({name: frame[name] for name in frame.columns if name not in found.values()})
    parsed = assemble_table(
        "posts", frame.index, values, extras, file=problems.file, rows=problems.rows
    )
    return finish_import(parsed, frame, problems, table="posts", format=FORMAT, id_columns=POST_ID)


def sniff_tweet_activity(sample: Sample) -> bool:
    """``Tweet id`` with ``Tweet permalink`` or ``Tweet text`` in the header."""
    header = {normalise_name(c) for c in sample.header}
    return "tweet id" in header and bool({"tweet permalink", "tweet text"} & header)


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=FORMAT,
        description="X/Twitter tweet activity export (analytics.twitter.com CSV)",
        sniff=sniff_tweet_activity,
        read=read_tweet_activity,
        tables=("posts",),
    ),
)
