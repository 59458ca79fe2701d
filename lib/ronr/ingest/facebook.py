"""Importer for the Facebook page post export (the Insights "Post" export, CSV).

The export has TWO header rows: the first holds the column names, the second a definition
sentence per column ("Lifetime: The number of people who saw your Page post. (Unique Users)").
The second row is a header line, not data: it is neither counted among the rows read nor
rejected, and ``source_row`` 1 is the first real post. It is recognised by its content (its
``Posted`` cell is not a date, its metric cells hold words and no numbers), so a file saved
without it loses no post.

Column mapping (names are matched case-insensitively):

==========================  ===================================================================
posts column                export column
==========================  ===================================================================
brand                       ``context.brand`` (a page export has no brand column)
channel                     ``facebook``
post_id                     ``Post ID`` (text)
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

Every other column is kept under its own name, as text, except ``Lifetime Post Paid Reach``
(kept as a count). The columns that become post_id, published_at, text, post_type, reach,
impressions, likes, comments, shares and clicks are not repeated.

The helpers above the importer (``read_cells``, ``parse_counts``, ``parse_times``,
``find_columns``, ``require_columns``, ``dedupe_names``, ``flag_rounded_ids``, ``assemble_posts``,
``now_utc``, ``sorted_rejects``) are shared with the X and Instagram importers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import COUNT, DERIVED_COLUMNS, POSTS, PROVENANCE_COLUMNS
from .base import (
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    finish_table,
    is_missing,
    parse_count,
    parse_text,
    row_numbers,
)
from .readers import read_csv_text

# ---------------------------------------------------------------------------------------------
# helpers shared with x_activity.py and instagram.py (candidates for base.py)
# ---------------------------------------------------------------------------------------------

POST_COUNTS = (
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


def now_utc(context: ImportContext) -> pd.Timestamp:
    """``context.now`` as a UTC timestamp (a naive one is read as UTC); the current time if unset."""
    now = context.now if context.now is not None else pd.Timestamp.now(tz="UTC")
    now = pd.Timestamp(now)
    return now.tz_localize("UTC") if now.tzinfo is None else now.tz_convert("UTC")


def normalise_name(name: object) -> str:
    """A column name for matching: lower-case, single spaces, no BOM."""
    return " ".join(str(name).replace("\ufeff", "").lower().split())


def find_columns(columns: Iterable[object]) -> dict[str, str]:
    """Map each normalised column name to the file's own spelling (first occurrence wins)."""
    found: dict[str, str] = {}
    for name in columns:
        found.setdefault(normalise_name(name), str(name))
    return found


def require_columns(
    found: Mapping[str, str],
    required: Iterable[str],
    *,
    file: str,
    what: str,
    expected: Iterable[str],
) -> None:
    """Raise one :class:`InputError` naming the file, the missing columns and the expected ones.

    Parameters
    ----------
    found
        The file's columns, from :func:`find_columns`.
    required
        The required column names as the export spells them.
    what
        The format, for the message (e.g. ``"Facebook post export"``).
    expected
        All the columns the format knows, for the message.
    """
    missing = [name for name in required if normalise_name(name) not in found]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise InputError(
            f"{file}: missing required column{plural} {', '.join(repr(c) for c in missing)} "
            f"for a {what} (expected columns: {', '.join(expected)})"
        )


def dedupe_names(names: Iterable[object]) -> list[str]:
    """Stripped names, repeats suffixed ``.1``, ``.2``, ... in order (as pandas does)."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    result = []
    for raw in names:
        name = str(raw).strip()
        candidate = name
        while candidate in taken:
            seen[name] = seen.get(name, 0) + 1
            candidate = f"{name}.{seen[name]}"
        taken.add(candidate)
        result.append(candidate)
    return result


def read_cells(path: Path) -> pd.DataFrame:
    """Every cell of a CSV as text (:func:`~ronr.ingest.readers.read_csv_text`), names deduplicated.

    When the first data row has more cells than the header (a trailing delimiter), pandas
    silently takes the first column(s) as the index and shifts every name one column to the
    right. This puts the names back on their own columns; the surplus cells become
    ``(unnamed column N)`` columns, dropped when they are empty on every row.
    """
    frame = read_csv_text(path)
    if not isinstance(frame.index, pd.RangeIndex):
        names = list(frame.columns)
        surplus = frame.index.nlevels
        frame = frame.reset_index(drop=False)
        frame.columns = [*names, *(f"(unnamed column {i + 1})" for i in range(surplus))]
        empty = [n for n in frame.columns[len(names) :] if is_missing(frame[n]).all()]
        frame = frame.drop(columns=empty)
    frame.columns = dedupe_names(frame.columns)
    return frame


def parse_counts(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """:func:`~ronr.ingest.base.parse_count` with a fast path for clean columns.

    A column of plain non-negative digits (and missing cells) is converted in one cast, about
    15 times faster than ``parse_count``'s per-cell clean-up; any other column ("12,400", bad
    cells, negatives) goes through ``parse_count`` itself, so values and reject reasons are the
    same.
    """
    missing = is_missing(raw)
    try:
        values = raw.where(~missing).astype(COUNT)
    except (TypeError, ValueError, OverflowError):  # pyarrow's ArrowInvalid is a ValueError
        return parse_count(raw, column, problems)
    if (values < 0).any():
        return parse_count(raw, column, problems)
    return values


def parse_times(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    formats: tuple[str, ...],
    expected: str,
    timezone: str = "UTC",
    now: pd.Timestamp,
    required: bool = True,
) -> pd.Series:
    """UTC timestamps from text written in one of several ``strptime`` formats.

    Like :func:`ronr.ingest.base.parse_timestamp`, but tries ``formats`` in turn. A format with
    ``%z`` reads the offset written in the cell; the others are wall-clock times in
    ``timezone``. A wall-clock time that occurs twice (the hour the clocks go back) is read as
    the first of the two; one that does not exist (the hour skipped) is moved forward.

    Parameters
    ----------
    expected
        How the date should look, for the reject reason (e.g. ``"12/31/2024 14:05:00"``).
    now
        Times more than a day after this are rejected as "date in the future".
    """
    missing = is_missing(raw)
    text = raw.astype(str).str.strip().where(~missing).astype("object")
    result = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    for fmt in formats:
        todo = result.isna() & ~missing
        if not todo.any():
            break
        cells = text[todo]
        if "%z" in fmt:
            parsed = pd.to_datetime(cells, format=fmt, errors="coerce", utc=True)
        else:
            local = pd.to_datetime(cells, format=fmt, errors="coerce")
            parsed = local.dt.tz_localize(
                timezone, ambiguous=np.ones(len(local), dtype=bool), nonexistent="shift_forward"
            ).dt.tz_convert("UTC")
        result = result.where(result.notna(), parsed.astype("datetime64[ns, UTC]"))
    if required:
        problems.add(missing, column, raw, "missing date")
    problems.add(~missing & result.isna(), column, raw, f"unparseable date (expected {expected})")
    latest = now + pd.Timedelta(days=1)
    future = result > latest
    problems.add(future, column, raw, "date in the future")
    return result.where(~future)


ROUNDED_ID = r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+"


def flag_rounded_ids(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Reject ids a spreadsheet turned into numbers (``1.05E+18``: the digits are lost).

    Returns True where the id is such a rounded number.
    """
    rounded = raw.astype(str).str.strip().str.fullmatch(ROUNDED_ID).fillna(False).astype(bool)
    problems.add(
        rounded,
        column,
        raw,
        "id rounded to a number by a spreadsheet (digits lost; use the original export)",
    )
    return rounded


def assemble_posts(
    index: pd.Index,
    values: Mapping[str, object],
    extras: Mapping[str, pd.Series],
    *,
    file: str,
    rows: pd.Series,
) -> pd.DataFrame:
    """A posts frame: the canonical columns (missing ones as typed NA), extras, provenance.

    The columns the store derives (``published_month``, ...) are left to it.

    Parameters
    ----------
    values
        Canonical column -> parsed series or scalar.
    extras
        Extra columns kept from the export, under their own names; a name that clashes with a
        canonical column (ignoring case) gets the suffix `` (export)``.
    """
    dtypes = {"published_at": "datetime64[ns, UTC]", "paid": "boolean"}
    dtypes.update({c: COUNT for c in POST_COUNTS})
    columns: dict[str, object] = {}
    for name in POSTS.columns:
        if name in PROVENANCE_COLUMNS or name in DERIVED_COLUMNS:  # the store derives these
            continue
        value = values.get(name, pd.NA)
        if isinstance(value, pd.Series):
            columns[name] = value
        else:
            columns[name] = pd.Series(value, index=index, dtype=dtypes.get(name, "str"))
    reserved = {c.lower() for c in POSTS.columns}
    for name, series in extras.items():
        key = f"{name} (export)" if name.lower() in reserved else name
        columns[key] = series
    frame = pd.DataFrame(columns, index=index)
    frame["source_file"] = file
    frame["source_row"] = rows.astype(COUNT).to_numpy()
    return frame


def sorted_rejects(problems: ColumnProblems) -> pd.DataFrame:
    """The rejects in file order (by row; a row's problems in the order they were found)."""
    return problems.frame().sort_values("row", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the Facebook post export
# ---------------------------------------------------------------------------------------------

FORMAT = "facebook-posts"
WHAT = "Facebook post export"
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


def read_facebook_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import a Facebook page post export (see the module docstring for the mapping).

    Raises
    ------
    InputError
        When the file cannot be read or lacks ``Post ID`` or ``Posted``.
    """
    path = Path(path)
    file = path.name
    frame = read_cells(path)
    names = list(frame.columns)
    labels = None
    if len(frame) and _is_header_line(frame.iloc[0], names):
        labels = frame.iloc[0]
        frame = frame.iloc[1:].reset_index(drop=True)
    names = _label_breakdowns(names, labels)
    frame.columns = names
    found = find_columns(names)
    require_columns(found, REQUIRED, file=file, what=WHAT, expected=EXPECTED)

    rows = row_numbers(len(frame))
    problems = ColumnProblems(file, rows)
    now = now_utc(context)
    used: set[str] = set()

    def column(key: str) -> pd.Series | None:
        name = found.get(key)
        if name is not None:
            used.add(name)
            return frame[name]
        return None

    ids = column("post id")
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "facebook",
        "post_id": parse_text(ids, found["post id"], problems, required=True).str.strip(),
        "published_at": parse_times(
            column("posted"),
            found["posted"],
            problems,
            formats=DATE_FORMATS,
            expected=DATE_EXAMPLE,
            timezone=context.timezone,
            now=now,
        ),
    }
    flag_rounded_ids(ids, found["post id"], problems)
    message = column("post message")
    if message is not None:
        values["text"] = parse_text(message, found["post message"], problems, required=False)
    kind = column("type")
    if kind is not None:
        kinds = parse_text(kind, found["type"], problems, required=False)
        values["post_type"] = kinds.str.strip().str.lower()
    for target, sources in COUNT_SOURCES.items():
        key = next((k for k in sources if k in found), None)
        if key is not None:
            values[target] = parse_counts(column(key), found[key], problems)
    extras: dict[str, pd.Series] = {}
    if PAID_REACH in found:
        name = found[PAID_REACH]
        paid_reach = parse_counts(column(PAID_REACH), name, problems)
        values["paid"] = (paid_reach > 0).astype("boolean")
        extras[name] = paid_reach
    for name in names:
        if name not in used:
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


def sniff_facebook_posts(sample: Sample) -> bool:
    """A ``Post ID`` column with ``Post Message`` or a ``Lifetime ...`` metric column."""
    header = {normalise_name(c) for c in sample.header}
    lifetime = any(c.startswith("lifetime ") for c in header)
    return "post id" in header and ("post message" in header or lifetime)


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=FORMAT,
        description="Facebook page post export (Insights, CSV with a definition row)",
        sniff=sniff_facebook_posts,
        read=read_facebook_posts,
        tables=("posts",),
    ),
)
