"""Importers for the Sprout Social post and profile performance exports (CSV).

``sprout-posts`` reads the *Post Performance* export: one row per published post of the
client's own profiles, on any network Sprout manages. Numbers come with thousands commas
("12,400") and rates as percentages ("2.5%"); ``Date`` is a local wall-clock time such as
``12/31/2025 2:05 pm`` in the client's time zone (``ImportContext.timezone``).

``sprout-profiles`` reads the *Profile Performance* export: one row per profile per day with its
follower count; it fills the ``followers`` table.

Sprout exports the client's own profiles, so every post gets ``brand = context.brand``.

The first part of this module holds column helpers that the LinkedIn importer uses too
(several-format timestamps, uncapped rates, canonical table completion); they are candidates
for :mod:`ronr.ingest.base`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import TABLES, empty_table
from .base import (
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    finish_table,
    is_missing,
    parse_text,
    row_numbers,
)
from .readers import EXCEL_SUFFIXES, read_csv_text

# --- helpers shared with linkedin.py (candidates for base.py) ---------------------------------

EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")  # older dates are typos (and overflow ns)
CANONICAL_NAMES = frozenset(c for schema in TABLES.values() for c in schema.columns)
MAX_COUNT = 10**15  # larger "counts" are junk (and would overflow base.parse_count's Int64 cast)
# thousands separators, as literal characters (no regex escapes) so that pyarrow runs the pattern
SEPARATORS = "[,\t\n\r\x0b\x0c \xa0\u202f']"


def column_lookup(raw: pd.DataFrame) -> dict[str, str]:
    """Map each lower-cased, stripped header name to the frame's column (the first one wins)."""
    lookup: dict[str, str] = {}
    for column in raw.columns:
        lookup.setdefault(str(column).strip().lower(), column)
    return lookup


def require_columns(
    lookup: dict[str, str],
    required: tuple[str, ...],
    *,
    file: str,
    what: str,
    expected: tuple[str, ...],
) -> None:
    """Raise one :class:`InputError` naming every required column missing from ``lookup``.

    Parameters
    ----------
    lookup
        From :func:`column_lookup`.
    required
        The header names that must be present (any case).
    file
        The file name (and sheet) for the message.
    what
        What the file was read as, e.g. ``"a Sprout Social post performance export"``.
    expected
        The export's documented columns, listed in the message.
    """
    missing = [name for name in required if name.lower() not in lookup]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise InputError(
            f"{file}: missing required column{plural} {', '.join(repr(c) for c in missing)} "
            f"for {what} (expected columns: {', '.join(expected)})"
        )


def parse_times(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    formats: tuple[str, ...],
    expected: str,
    timezone: str = "UTC",
    now: pd.Timestamp | None = None,
    required: bool = True,
) -> pd.Series:
    """UTC timestamps from text written in any of several ``strptime`` formats.

    Like :func:`ronr.ingest.base.parse_timestamp` (same reasons: "missing date",
    "unparseable date (expected ...)", "date in the future"), but each cell may match any of
    ``formats``, tried in order on the cells still unparsed; dates before 1900 are rejected.

    Parameters
    ----------
    formats
        ``strptime`` formats without a UTC offset, e.g. ``("%m/%d/%Y %I:%M %p",)``.
    expected
        How the expected form is described in reject reasons, e.g. ``"a date like '12/31/2025'"``.
    timezone
        The zone of the wall-clock times. In a repeated hour (end of summer time) the first,
        summer-time reading is taken; a time skipped by the clock change moves forward.
    now
        Times more than a day after this are "in the future" (default: the current time).
    required
        Whether a missing cell rejects the row.
    """
    missing = is_missing(raw)
    text = raw.astype(str).str.strip().where(~missing)
    # microseconds: year 2999 parses (and is rejected below) instead of overflowing
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    for fmt in formats:
        todo = parsed.isna() & ~missing
        if not todo.any():
            break
        attempt = pd.to_datetime(text[todo].astype("object"), format=fmt, errors="coerce")
        parsed = parsed.fillna(attempt.astype("datetime64[us]"))
    if timezone == "UTC":
        stamps = parsed.dt.tz_localize("UTC")
    else:
        summer = np.ones(len(parsed), dtype=bool)
        stamps = parsed.dt.tz_localize(
            timezone, ambiguous=summer, nonexistent="shift_forward"
        ).dt.tz_convert("UTC")
    if required:
        problems.add(missing, column, raw, "missing date")
    problems.add(~missing & stamps.isna(), column, raw, f"unparseable date (expected {expected})")
    latest = (now or pd.Timestamp.now(tz="UTC")) + pd.Timedelta(days=1)
    problems.add(stamps > latest, column, raw, "date in the future")
    problems.add(stamps < EARLIEST, column, raw, "date before 1900")
    return stamps.where((stamps <= latest) & (stamps >= EARLIEST)).astype("datetime64[ns, UTC]")


def parse_count_checked(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Non-negative whole counts, as :func:`ronr.ingest.base.parse_count`, safe and fast.

    The same reasons ("not a number", "negative count", "count is not a whole number"), plus
    "count too large" for a number beyond :data:`MAX_COUNT` or infinite, where ``parse_count``
    raises a ``TypeError`` (``1e20`` does not fit an Int64). The separators ("12,400",
    "12 400", "12'400") are removed with a pattern of literal characters, which pandas runs in
    pyarrow; ``parse_count``'s ``\\s`` and ``\\u00a0`` make it fall back to Python per cell.
    """
    missing = is_missing(raw)
    cleaned = raw.astype(str).str.strip().str.replace(SEPARATORS, "", regex=True)
    numbers = pd.to_numeric(cleaned.where(~missing), errors="coerce").astype(float)
    huge = numbers.abs() > MAX_COUNT
    sane = numbers.notna() & ~huge
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add(huge, column, raw, "count too large")
    problems.add(sane & (numbers < 0), column, raw, "negative count")
    problems.add(sane & (numbers % 1 != 0), column, raw, "count is not a whole number")
    good = sane & (numbers >= 0) & (numbers % 1 == 0)
    return numbers.where(good).astype("Int64")


def parse_rate(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Rates such as a click-through or engagement rate: "2.5%" and 0.025 are both 0.025.

    Unlike :func:`ronr.ingest.base.parse_share` a rate may be missing and may exceed 1 (an
    engagement rate counts several actions per impression); a negative or non-numeric rate
    rejects the row.
    """
    missing = is_missing(raw)
    text = raw.astype(str).str.strip()
    percent = text.str.endswith("%")
    numbers = pd.to_numeric(
        text.str.rstrip("%").str.strip().str.replace(",", ".", regex=False).where(~missing),
        errors="coerce",
    )
    numbers = numbers.where(~percent, numbers / 100).astype(float)
    finite = np.isfinite(numbers)
    problems.add(~missing & ~finite, column, raw, "not a number")
    problems.add(finite & (numbers < 0), column, raw, "negative rate")
    return numbers.where(finite & (numbers >= 0)).astype("Float64")


def lower_text(raw: pd.Series | None, column: str, problems: ColumnProblems) -> pd.Series | None:
    """Optional text, stripped and lower-cased (None when the column is absent)."""
    if raw is None:
        return None
    return parse_text(raw, column, problems, required=False).str.strip().str.lower()


def complete_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with every canonical column of ``table`` (typed missing values where absent).

    Canonical columns come first in schema order, then the extra columns kept from the file.
    """
    empty = empty_table(table)
    canonical = list(TABLES[table].columns)
    for column in canonical:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index).astype(empty[column].dtype)
    extras = [c for c in frame.columns if c not in canonical]
    return frame[canonical + extras]


def keep_extras(
    parsed: pd.DataFrame, raw: pd.DataFrame, *, consumed: set[str], lookup: dict[str, str]
) -> None:
    """Copy the raw columns not in ``consumed`` (lower-case names) into ``parsed`` as text.

    They keep the file's header name, with `` (export)`` appended when that name is already a
    column of ``parsed`` or a canonical column of any table (a file's own ``source_row`` or
    ``published_month`` must not pass for ronr's).
    """
    used = {lookup[name] for name in consumed if name in lookup}
    reserved = {str(c) for c in parsed.columns} | CANONICAL_NAMES
    for column in raw.columns:
        if column in used:
            continue
        name = str(column)
        while name in reserved:
            name += " (export)"
        reserved.add(name)
        parsed[name] = raw[column]


def reject_repeated_ids(
    frames: list[pd.DataFrame], *, id_columns: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accepted rows of several sheets as one table, ids already seen in an earlier sheet left out.

    Returns
    -------
    table, rejects
        The combined table and one reject per repeated id (file is the row's ``source_file``).
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(), pd.DataFrame(columns=["file", "row", "column", "value", "reason"])
    table = pd.concat(frames, ignore_index=True)
    repeat = table.duplicated(subset=id_columns, keep="first")
    rejects = pd.DataFrame(
        {
            "file": table.loc[repeat, "source_file"].to_numpy(),
            "row": table.loc[repeat, "source_row"].astype("int64").to_numpy(),
            "column": "+".join(id_columns),
            "value": table.loc[repeat, id_columns[0]].astype(str).to_numpy(),
            "reason": "duplicate id (the first row with it, in an earlier sheet, is kept)",
        }
    )
    return table[~repeat].reset_index(drop=True), rejects


# --- Sprout Social ----------------------------------------------------------------------------

NETWORKS = {
    "facebook": "facebook",
    "instagram": "instagram",
    "twitter/x": "x",
    "x/twitter": "x",
    "x (twitter)": "x",
    "twitter": "x",
    "x": "x",
    "linkedin": "linkedin",
    "tiktok": "tiktok",
    "youtube": "youtube",
}
NETWORK_NAMES = "Facebook, Instagram, Twitter/X, LinkedIn, TikTok, YouTube"
POST_COLUMNS = (
    "Date",
    "Post ID",
    "Network",
    "Post Type",
    "Content Type",
    "Profile",
    "Sent by",
    "Link",
    "Post",
    "Linked Content",
    "Impressions",
    "Organic Impressions",
    "Viral Impressions",
    "Non-viral Impressions",
    "Paid Impressions",
    "Fan Impressions",
    "Fan Organic Impressions",
    "Fan Paid Impressions",
    "Non-fan Impressions",
    "Reach",
    "Organic Reach",
    "Paid Reach",
    "Engagements",
    "Reactions",
    "Likes",
    "Comments",
    "Shares",
    "Saves",
    "Click-Through Rate",
    "Post Link Clicks",
    "Other Post Clicks",
    "Post Clicks (All)",
    "Video Views",
    "Engagement Rate (per Impression)",
    "Engagement Rate (per Reach)",
    "Tags",
)
POST_REQUIRED = ("Date", "Post ID", "Network")
# canonical count -> Sprout column
POST_COUNTS = {
    "impressions": "Impressions",
    "reach": "Reach",
    "comments": "Comments",
    "shares": "Shares",
    "saves": "Saves",
    "clicks": "Post Clicks (All)",
    "video_views": "Video Views",
}
# extra rate column -> Sprout column
POST_RATES = {
    "ctr": "Click-Through Rate",
    "engagement_rate": "Engagement Rate (per Impression)",
    "engagement_rate_per_reach": "Engagement Rate (per Reach)",
}
PROFILE_COLUMNS = (
    "Date",
    "Network",
    "Profile",
    "Followers",
    "Net Follower Growth",
    "Followers Gained",
    "Followers Lost",
    "Impressions",
)
PROFILE_REQUIRED = ("Date", "Network", "Followers")
POST_TIME_FORMATS = ("%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p")
DAY_FORMATS = ("%m/%d/%Y", "%Y-%m-%d")
MAX_NAMED_NETWORKS = 20  # distinct unknown networks named one by one in reject reasons


def parse_network(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Sprout's network names as canonical channels; an unknown network rejects the row.

    The reason names the network (for the first :data:`MAX_NAMED_NETWORKS` distinct ones).
    """
    missing = is_missing(raw)
    text = raw.astype(str).str.strip()
    channel = text.str.lower().map(NETWORKS)
    problems.add(missing, column, raw, f"missing network (expected one of {NETWORK_NAMES})")
    unknown = ~missing & channel.isna()
    names = text[unknown].unique()
    for name in names[:MAX_NAMED_NETWORKS]:  # a loop over distinct names, not rows
        problems.add(
            unknown & (text == name),
            column,
            raw,
            f"unknown network {name!r} (expected one of {NETWORK_NAMES})",
        )
    problems.add(
        unknown & ~text.isin(names[:MAX_NAMED_NETWORKS]),
        column,
        raw,
        f"unknown network (expected one of {NETWORK_NAMES})",
    )
    return channel.astype("object")


def _is_text_file(sample: Sample) -> bool:
    return sample.path.suffix.lower() not in EXCEL_SUFFIXES


def sniff_posts(sample: Sample) -> bool:
    """A Sprout post performance CSV: Post ID, Network and Profile in the header.

    ``Date`` is not needed to recognise the export, so a file without it gets the
    missing-column error rather than "unknown format".
    """
    header = set(sample.header)
    return _is_text_file(sample) and {"post id", "network", "profile"} <= header


def sniff_profiles(sample: Sample) -> bool:
    """A Sprout profile performance CSV: Network, Profile and follower columns, no Post ID."""
    header = set(sample.header)
    return (
        _is_text_file(sample)
        and {"network", "profile"} <= header
        and bool({"followers", "net follower growth", "followers gained"} & header)
        and "post id" not in header
    )


def read_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social *Post Performance* export into the ``posts`` table.

    Mapping: ``Post ID`` → post_id; ``Network`` → channel (Twitter/X → x; other networks are
    rejected naming the network); ``Date`` (local time in ``context.timezone``) → published_at
    in UTC; ``Post`` → text; ``Content Type`` (else ``Post Type``) lower-cased → post_type;
    ``Impressions``, ``Reach``, ``Comments``, ``Shares``, ``Saves``, ``Video Views`` → the
    counts of the same name; ``Post Clicks (All)`` → clicks; likes = ``Reactions`` where given,
    else ``Likes``; paid = ``Paid Impressions`` > 0 (missing where that is missing);
    ``Click-Through Rate``, ``Engagement Rate (per Impression)`` and ``(per Reach)`` → extra
    float columns ``ctr``, ``engagement_rate``, ``engagement_rate_per_reach``. Every other
    column is kept as text under its header name; brand = ``context.brand``.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Post ID or Network.
    """
    file = path.name
    raw = read_csv_text(path)
    lookup = column_lookup(raw)
    require_columns(
        lookup,
        POST_REQUIRED,
        file=file,
        what="a Sprout Social post performance export",
        expected=POST_COLUMNS,
    )

    def col(name: str) -> pd.Series | None:
        key = name.lower()
        return raw[lookup[key]] if key in lookup else None

    rows = row_numbers(len(raw))
    problems = ColumnProblems(file, rows)
    parsed = pd.DataFrame(index=raw.index)
    parsed["brand"] = context.brand
    parsed["channel"] = parse_network(col("Network"), "Network", problems)
    parsed["post_id"] = parse_text(col("Post ID"), "Post ID", problems, required=True).str.strip()
    parsed["published_at"] = parse_times(
        col("Date"),
        "Date",
        problems,
        formats=POST_TIME_FORMATS,
        expected="a date like '12/31/2025 2:05 pm'",
        timezone=context.timezone,
        now=context.now,
    )
    if col("Post") is not None:
        parsed["text"] = parse_text(col("Post"), "Post", problems, required=False)
    content_type = lower_text(col("Content Type"), "Content Type", problems)
    post_type = lower_text(col("Post Type"), "Post Type", problems)
    if content_type is not None or post_type is not None:
        parsed["post_type"] = (
            content_type.fillna(post_type)
            if content_type is not None and post_type is not None
            else content_type
            if content_type is not None
            else post_type
        )
    for canonical, name in POST_COUNTS.items():
        if col(name) is not None:
            parsed[canonical] = parse_count_checked(col(name), name, problems)
    likes = [
        parse_count_checked(col(n), n, problems)
        for n in ("Reactions", "Likes")
        if col(n) is not None
    ]
    if likes:
        parsed["likes"] = likes[0].fillna(likes[1]) if len(likes) == 2 else likes[0]
    if col("Paid Impressions") is not None:
        paid = parse_count_checked(col("Paid Impressions"), "Paid Impressions", problems)
        parsed["paid"] = (paid > 0).astype("boolean")
    for extra, name in POST_RATES.items():
        if col(name) is not None:
            parsed[extra] = parse_rate(col(name), name, problems)
    consumed = {"date", "post id", "network", "post", "content type", "reactions"}
    consumed |= {n.lower() for n in (*POST_COUNTS.values(), *POST_RATES.values())}
    if "reactions" not in lookup:
        consumed.add("likes")
    keep_extras(parsed, raw, consumed=consumed, lookup=lookup)
    parsed["source_file"] = file
    parsed["source_row"] = rows.astype("Int64").to_numpy()

    accepted = finish_table(parsed, raw, problems, id_columns=["post_id", "brand", "channel"])
    return ImportResult(
        file=file,
        format="sprout-posts",
        rows_read=len(raw),
        tables={"posts": complete_table(accepted, "posts")},
        rejects=problems.frame(),
    )


def read_profiles(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social *Profile Performance* export into the ``followers`` table.

    ``Network`` → channel, ``Date`` (a day, ``12/31/2025``) → date at UTC midnight,
    ``Followers`` → followers. When one file holds several profiles of the same network, the
    followers of that (channel, date) are summed into one row: its ``source_row`` is the first
    of the summed rows, and each other column (``Profile``, ``Impressions``, ...) joins the
    profiles' values with ``"; "`` in file order. A profile repeated on the same day is a
    duplicate (the first row is kept). A row rejected for a bad cell is left out of the sum.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Network or Followers.
    """
    file = path.name
    raw = read_csv_text(path)
    lookup = column_lookup(raw)
    require_columns(
        lookup,
        PROFILE_REQUIRED,
        file=file,
        what="a Sprout Social profile performance export",
        expected=PROFILE_COLUMNS,
    )
    rows = row_numbers(len(raw))
    problems = ColumnProblems(file, rows)
    parsed = pd.DataFrame(index=raw.index)
    parsed["channel"] = parse_network(raw[lookup["network"]], "Network", problems)
    parsed["date"] = parse_times(
        raw[lookup["date"]],
        "Date",
        problems,
        formats=DAY_FORMATS,
        expected="a date like '12/31/2025'",
        now=context.now,
    )
    followers = raw[lookup["followers"]]
    parsed["followers"] = parse_count_checked(followers, "Followers", problems)
    problems.add(is_missing(followers), "Followers", followers, "missing value")
    keep_extras(parsed, raw, consumed={"date", "network", "followers"}, lookup=lookup)
    extras = [c for c in parsed.columns if c not in ("channel", "date", "followers")]
    parsed["source_file"] = file
    parsed["source_row"] = rows.astype("Int64").to_numpy()

    profile = [lookup["profile"]] if "profile" in lookup else []
    accepted = finish_table(parsed, raw, problems, id_columns=[*profile, "channel", "date"])
    if accepted.duplicated(subset=["channel", "date"]).any():
        grouped = accepted.groupby(["channel", "date"], sort=False)
        summed = grouped.agg(followers=("followers", "sum"), source_row=("source_row", "first"))
        # few groups (one per network per day): join each kept column's values per group
        joined = (
            accepted[extras]
            .astype(str)
            .groupby([accepted["channel"], accepted["date"]], sort=False)
            .agg("; ".join)
        )
        accepted = summed.join(joined).reset_index()
        accepted["source_file"] = file
    return ImportResult(
        file=file,
        format="sprout-profiles",
        rows_read=len(raw),
        tables={"followers": complete_table(accepted, "followers")},
        rejects=problems.frame(),
    )


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name="sprout-posts",
        description="Sprout Social post performance CSV",
        sniff=sniff_posts,
        read=read_posts,
        tables=("posts",),
    ),
    Importer(
        name="sprout-profiles",
        description="Sprout Social profile performance CSV",
        sniff=sniff_profiles,
        read=read_profiles,
        tables=("followers",),
    ),
)
