"""Importers for the LinkedIn page exports (.xls and .xlsx workbooks).

LinkedIn's page analytics export workbooks whose sheets start with a title row (for example
"Content metrics for Ledgerly from 01/01/2025 to 12/31/2025") or a short note, then the header
row. The header row is found among a sheet's first rows by its column names, so any number of
title rows works.

Rows are numbered per sheet: row ``n`` is the ``n``-th row below the header (so the Excel row
is the header's row + ``n``); blank rows are not data rows and are not counted in
``rows_read``. Rejects and ``source_file`` name the sheet as ``"<file name> [<sheet name>]"``,
so each (file, row) pair is unique.

``linkedin-content`` reads the posts ("All posts" / "Update engagement" sheet); the "Metrics"
sheet of daily totals is ignored. ``linkedin-followers`` reads the "New followers" sheet and
the demographic sheets (Location, Job function, Seniority, Industry, Company size). The
visitors export is not supported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, quote_content
from .base import (
    POST_ID,
    ColumnProblems,
    Columns,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    coalesce,
    complete_table,
    concat_rejects,
    finish_table,
    latest_date,
    parse_count,
    parse_lower,
    parse_rate,
    parse_text,
    parse_timestamp,
    reject_repeated_ids,
    sorted_rejects,
)
from .readers import dedupe_names, read_excel_sheets

CONTENT_COLUMNS = (
    "Post title",
    "Post link",
    "Post type",
    "Campaign name",
    "Posted by",
    "Created date",
    "Campaign start date",
    "Campaign end date",
    "Audience",
    "Impressions",
    "Views (excluding off-site video views)",
    "Offsite Views",
    "Clicks",
    "Click through rate (CTR)",
    "Likes",
    "Comments",
    "Reposts",
    "Follows",
    "Engagement rate",
    "Content Type",
)
CONTENT_REQUIRED = ("Post link", "Created date")
CONTENT_KNOWN = frozenset(c.lower() for c in CONTENT_COLUMNS)
# canonical count -> LinkedIn column
CONTENT_COUNTS = {
    "impressions": "Impressions",
    "clicks": "Clicks",
    "likes": "Likes",
    "comments": "Comments",
    "shares": "Reposts",
}
CONTENT_RATES = {"ctr": "Click through rate (CTR)", "engagement_rate": "Engagement rate"}
NEW_FOLLOWER_COLUMNS = (
    "Date",
    "Sponsored followers",
    "Organic followers",
    "Auto-invited followers",
    "Total followers",
)
NEW_FOLLOWER_REQUIRED = ("Date", "Total followers")
# LinkedIn column -> extra count column of the followers table
FOLLOWER_PARTS = {
    "Sponsored followers": "sponsored_followers",
    "Organic followers": "organic_followers",
    "Auto-invited followers": "auto_invited_followers",
}
# demographic sheet -> audience dimension
DIMENSIONS = {
    "location": "location",
    "job function": "job_function",
    "seniority": "seniority",
    "industry": "industry",
    "company size": "company_size",
}
# Excel cells hold either LinkedIn's text date or a real date cell (read as "2025-12-31 00:00:00")
DAY_FORMATS = ("%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
DAY_EXPECTED = "a date like '12/31/2025'"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # as the store writes them
TITLE_EARLIEST = pd.Timestamp("1900-01-01", tz="UTC")  # title dates outside these are no dates
TITLE_LATEST = pd.Timestamp("2200-01-01", tz="UTC")
HEADER_SCAN = 10  # rows searched for the header row
ACTIVITY_ID = r"(?i)urn(?::|%3a)li(?::|%3a)activity(?::|%3a)([0-9]+)"
TITLE_DATE = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\b")
GAINS_REASON = (
    "daily new followers, not a follower count: this 'Total followers' is each day's "
    "sponsored + organic + auto-invited gain, and the followers table needs a running total"
)


def _cells(row) -> set[str]:
    return {str(cell).strip().lower() for cell in row}


def _find_header(frame: pd.DataFrame, test: Callable[[set[str]], bool]) -> int | None:
    """Index of the first of the sheet's first rows whose cells pass ``test``."""
    for index in range(min(HEADER_SCAN, len(frame))):
        if test(_cells(frame.iloc[index])):
            return index
    return None


def _is_content_header(cells: set[str]) -> bool:
    return bool({"post title", "post link"} & cells) and len(CONTENT_KNOWN & cells) >= 3


def _is_new_followers_header(cells: set[str]) -> bool:
    return "date" in cells and len({c.lower() for c in NEW_FOLLOWER_COLUMNS} & cells) >= 2


def _body(frame: pd.DataFrame, header_at: int) -> tuple[pd.DataFrame, pd.Series]:
    """The data rows below the header with named columns, and their row numbers.

    Columns without a header name are dropped when empty and named ``column N`` otherwise;
    repeated names get a ``.1``, ``.2`` suffix. Blank rows are left out (their numbers too).
    """
    header = [str(cell).strip() for cell in frame.iloc[header_at]]
    body = frame.iloc[header_at + 1 :].astype(str)
    filled = pd.DataFrame(
        {position: body.iloc[:, position].str.strip().ne("") for position in range(len(header))},
        index=body.index,
    )
    names, keep = [], []
    for position, name in enumerate(header):  # a loop over columns, not rows
        if not name:
            if not filled.iloc[:, position].any():
                continue
            name = f"column {position + 1}"
        names.append(name)
        keep.append(position)
    body = body.iloc[:, keep]
    body.columns = dedupe_names(names)
    numbers = pd.Series(np.arange(1, len(body) + 1), dtype="int64")
    present = filled.iloc[:, keep].any(axis=1).to_numpy()
    return body[present].reset_index(drop=True), numbers[present].reset_index(drop=True)


def _label(path: Path, sheet: str) -> str:
    return f"{path.name} [{quote_content(sheet)}]"


def _title_date(title_rows: pd.DataFrame) -> str | None:
    """The last date written in a sheet's title rows (the end of "from ... to ...")."""
    text = " ".join(" ".join(str(c) for c in row) for row in title_rows.to_numpy().tolist())
    dates = TITLE_DATE.findall(text)
    return dates[-1] if dates else None


def sniff_content(sample: Sample) -> bool:
    """A workbook with a sheet whose header names the LinkedIn post columns."""
    return any(_is_content_header(_cells(row)) for rows in sample.sheets.values() for row in rows)


def sniff_followers(sample: Sample) -> bool:
    """A workbook with "New followers" or follower demographic sheets ("Total followers")."""
    for name, rows in sample.sheets.items():
        for row in rows:
            cells = _cells(row)
            if "total followers" in cells and (
                name.strip().lower() in ("new followers", *DIMENSIONS)
                or _is_new_followers_header(cells)
                or bool(set(DIMENSIONS) & cells)
            ):
                return True
    return False


def _content_sheet(
    body: pd.DataFrame, rows: pd.Series, *, label: str, context: ImportContext
) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = Columns(body)
    columns.require(CONTENT_REQUIRED, file=label, what="LinkedIn posts", expected=CONTENT_COLUMNS)
    problems = ColumnProblems(label, rows)
    link = parse_text(*columns.cells("Post link", keep=True), problems, required=True).str.strip()
    # the day is LinkedIn's own (local) day: stored at UTC midnight whatever the time zone
    day = parse_timestamp(
        *columns.cells("Created date"),
        problems,
        formats=DAY_FORMATS,
        expected=DAY_EXPECTED,
        now=context.now,
    )
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": "linkedin",
        "post_id": link.str.extract(ACTIVITY_ID, expand=False).fillna(link),
        "published_at": day,
        # give the day's month and weekday so the store does not derive them from UTC midnight
        # in the client's zone (which can fall on the day before)
        "published_month": day.dt.strftime("%Y-%m").astype("str"),
        "published_weekday": day.dt.day_of_week.map(dict(enumerate(WEEKDAYS))).astype("str"),
    }
    if "Post title" in columns:
        values["text"] = parse_text(*columns.cells("Post title"), problems, required=False)
    kinds = [
        parse_lower(*columns.cells(name, keep=name == "Post type"), problems)
        for name in ("Content Type", "Post type")
        if name in columns
    ]
    values["post_type"] = coalesce(kinds)
    if "Post type" in columns:
        post_type = kinds[-1]
        values["paid"] = (post_type == "sponsored").astype("boolean").where(post_type.notna())
    values.update(columns.parse(CONTENT_COUNTS, problems))
    values.update(columns.parse(CONTENT_RATES, problems, parse_rate))
    parsed = assemble_table("posts", body.index, values, columns.others(), file=label, rows=rows)
    accepted = finish_table(parsed, body, problems, id_columns=POST_ID)
    return accepted, sorted_rejects(problems)


def read_content(path: Path, context: ImportContext) -> ImportResult:
    """Import a LinkedIn content (posts) export into the ``posts`` table.

    Every sheet whose header names the post columns is read (usually "All posts"); other
    sheets, such as the daily totals of "Metrics", are ignored and not counted. A post id seen
    in an earlier sheet is a duplicate.

    Mapping: post_id = the activity id of ``Post link`` (``urn:li:activity:NNN``, also
    URL-encoded) or the link itself; ``Created date`` → published_at; ``Post title`` → text;
    ``Content Type`` (else ``Post type``) lower-cased → post_type; paid = ``Post type`` is
    "Sponsored"; ``Impressions``, ``Clicks``, ``Likes``, ``Comments`` → the same counts;
    ``Reposts`` → shares; ``Click through rate (CTR)`` and ``Engagement rate`` ("2.5%" or
    0.025) → extra float columns ``ctr`` and ``engagement_rate``. Reach, saves and video views
    are not in the export (missing). Every other column, ``Post link`` and ``Post type``
    included, is kept as text under its header name (``_file`` appended to a name the posts
    table uses); brand = ``context.brand``.

    ``Created date`` is a day without a time: it is stored at UTC midnight of that day, whatever
    ``context.timezone`` is (no time of day is invented). ``published_month`` and
    ``published_weekday`` are given from that day itself; the hour of day is unknown, so
    hour-of-day analyses should leave LinkedIn posts out.

    Raises
    ------
    InputError
        When the workbook cannot be read, has no posts sheet, or a posts sheet lacks
        ``Post link`` or ``Created date``.
    """
    sheets = read_excel_sheets(path)
    frames, rejects, rows_read = [], [], 0
    for name, frame in sheets.items():
        header_at = _find_header(frame, _is_content_header)
        if header_at is None:
            continue
        body, rows = _body(frame, header_at)
        accepted, problems = _content_sheet(body, rows, label=_label(path, name), context=context)
        frames.append(accepted)
        rejects.append(problems)
        rows_read += len(body)
    if not rejects:
        raise InputError(
            f"{path.name}: no sheet of LinkedIn posts found (sheets: {', '.join(map(quote_content, sheets))}); "
            f"expected a header row with the columns {', '.join(CONTENT_COLUMNS)}"
        )
    table, repeated = reject_repeated_ids(frames, id_columns=POST_ID)
    if not len(table):
        table = frames[0]
    return ImportResult(
        file=path.name,
        format="linkedin-content",
        rows_read=rows_read,
        tables={"posts": complete_table(table, "posts")},
        rejects=concat_rejects([*rejects, repeated]),
    )


def _holds_daily_gains(accepted: pd.DataFrame) -> bool:
    """Whether ``followers`` holds each day's new followers rather than a running total.

    Decided from the data: with the three parts given, it is the daily gain when it equals
    their sum on every row that has all three; without them, when it ever decreases over time.
    """
    parts = list(FOLLOWER_PARTS.values())
    if set(parts) <= set(accepted.columns):
        complete = accepted[parts].notna().all(axis=1)
        if complete.any():
            sums = accepted.loc[complete, parts].sum(axis=1)
            return bool((sums == accepted.loc[complete, "followers"]).all())
    return not accepted.sort_values("date")["followers"].is_monotonic_increasing


def _new_followers_sheet(
    body: pd.DataFrame, rows: pd.Series, *, label: str, context: ImportContext
) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = Columns(body)
    columns.require(
        NEW_FOLLOWER_REQUIRED,
        file=label,
        what="LinkedIn new followers",
        expected=NEW_FOLLOWER_COLUMNS,
    )
    problems = ColumnProblems(label, rows)
    total, total_name = columns.cells("Total followers")
    values: dict[str, object] = {
        "channel": "linkedin",
        "date": parse_timestamp(
            *columns.cells("Date"),
            problems,
            formats=DAY_FORMATS,
            expected=DAY_EXPECTED,
            now=context.now,
        ),
        "followers": parse_count(total, total_name, problems, required=True),
    }
    values.update(
        columns.parse({column: name for name, column in FOLLOWER_PARTS.items()}, problems)
    )
    parsed = assemble_table(
        "followers", body.index, values, columns.others(), file=label, rows=rows
    )
    accepted = finish_table(parsed, body, problems, id_columns=["date", "channel"])
    if len(accepted) and _holds_daily_gains(accepted):
        kept = parsed["source_row"].isin(accepted["source_row"])
        problems.add(kept, total_name, total, GAINS_REASON)
        accepted = accepted.iloc[0:0]
    return accepted, sorted_rejects(problems)


def _sheet_name(dimension: str) -> str:
    """The sheet name of an audience dimension: job_function is "Job function"."""
    return dimension.replace("_", " ").capitalize()


def _demographic_sheet(
    body: pd.DataFrame,
    rows: pd.Series,
    *,
    label: str,
    dimension: str,
    as_of: pd.Timestamp,
    as_of_text: str | None,
    context: ImportContext,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = Columns(body)
    counts, count_column = columns.cells("Total followers")
    others = [c for c in body.columns if c != count_column]
    if not others:
        raise InputError(
            f"{label}: no bucket column before 'Total followers' "
            f"(expected columns: {_sheet_name(dimension)}, Total followers)"
        )
    bucket_column = others[0]
    problems = ColumnProblems(label, rows)
    values = {
        "channel": "linkedin",
        "dimension": dimension,
        "bucket": parse_text(
            columns.get(bucket_column), bucket_column, problems, required=True
        ).str.strip(),
        "count": parse_count(counts, count_column, problems, required=True),
        "as_of": as_of,
    }
    if as_of_text is not None and as_of > latest_date(context.now):
        problems.add(
            pd.Series(True, index=body.index),
            "as_of (title row)",
            pd.Series(as_of_text, index=body.index),
            "date in the future",
        )
    parsed = assemble_table("audience", body.index, values, columns.others(), file=label, rows=rows)
    accepted = finish_table(parsed, body, problems, id_columns=["bucket", "dimension", "channel"])
    total = accepted["count"].sum()
    if len(accepted) and total == 0:
        kept = parsed["source_row"].isin(accepted["source_row"])
        problems.add(
            kept,
            count_column,
            counts,
            "no share can be computed: the counts of this sheet sum to 0",
        )
        accepted = accepted.iloc[0:0]
    accepted["share"] = (accepted["count"] / total).astype(float) if total else np.nan
    return accepted, sorted_rejects(problems)


def _day(text: str) -> pd.Timestamp | None:
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        stamp = pd.to_datetime(text, format=fmt, errors="coerce")
        if not pd.isna(stamp):
            return stamp.tz_localize("UTC")
    return None


def _as_of(
    path: Path, title_rows: list[pd.DataFrame], context: ImportContext
) -> tuple[pd.Timestamp, str | None]:
    """The snapshot date of the demographics, at UTC midnight, and the title text it came from.

    The last date written in the title rows (above the header) of the first sheet that has one
    — the end of "from 01/01/2025 to 12/31/2025" — else the file's modification day in
    ``context.timezone`` (then no title text). A title date before 1900 or after 2200 is taken
    for no date.
    """
    for rows in title_rows:
        text = _title_date(rows)
        stamp = _day(text) if text else None
        if stamp is not None and TITLE_EARLIEST <= stamp < TITLE_LATEST:
            return stamp, text
    modified = pd.Timestamp(path.stat().st_mtime, unit="s", tz="UTC").tz_convert(context.timezone)
    return pd.Timestamp(modified.date(), tz="UTC"), None


def _follower_sheet(frame: pd.DataFrame, *, name: str, label: str) -> tuple[str | None, int] | None:
    """(dimension or None for new followers, header row) of a followers sheet; None to ignore.

    Demographic sheets are known by their name or by the dimension heading their first column.
    """
    key = name.strip().lower()
    if key in DIMENSIONS:
        header_at = _find_header(frame, lambda cells: "total followers" in cells)
        if header_at is None:
            raise InputError(
                f"{label}: missing required column 'Total followers' for LinkedIn follower "
                f"demographics (expected columns: {quote_content(name.strip())}, Total followers)"
            )
        return DIMENSIONS[key], header_at
    header_at = _find_header(frame, _is_new_followers_header)
    if header_at is not None:
        return None, header_at
    if key == "new followers":
        raise InputError(
            f"{label}: no header row with the columns {', '.join(NEW_FOLLOWER_REQUIRED)} in the "
            f"first {HEADER_SCAN} rows (expected columns: {', '.join(NEW_FOLLOWER_COLUMNS)})"
        )
    header_at = _find_header(
        frame, lambda cells: "total followers" in cells and bool(set(DIMENSIONS) & cells)
    )
    if header_at is None:
        return None
    heading = next(
        str(cell).strip().lower()
        for cell in frame.iloc[header_at]
        if str(cell).strip().lower() in DIMENSIONS
    )
    return DIMENSIONS[heading], header_at


def read_followers(path: Path, context: ImportContext) -> ImportResult:
    """Import a LinkedIn followers export into the ``followers`` and ``audience`` tables.

    **New followers.** LinkedIn's ``Total followers`` in this sheet is the day's *new*
    followers (sponsored + organic + auto-invited), not the page's follower count, and the
    export holds no running total; the followers table needs follower counts. So the column is
    read as a running total (channel linkedin, ``Date`` at UTC midnight, followers = ``Total
    followers``) only when the data show it is one: when it differs from the sum of the three
    parts on some row where all parts are given — or, without the parts, when it never
    decreases over time. Otherwise every valid row is rejected with a reason saying it holds
    daily gains, so the rows are accounted for and nothing is invented.

    **Demographics.** Each of the sheets Location, Job function, Seniority, Industry and
    Company size (bucket name, ``Total followers``) becomes audience rows: dimension
    location / job_function / seniority / industry / company_size, share = count / the sum of
    the sheet's accepted counts (LinkedIn may list only the top buckets: shares are of the
    listed followers). The count is kept in an extra ``count`` column. ``as_of`` is the end
    date of the title row ("... from 01/01/2025 to 12/31/2025"), else the file's modification
    day (in ``context.timezone``), at UTC midnight.

    Other sheets are ignored and not counted.

    Raises
    ------
    InputError
        When the workbook cannot be read, has none of these sheets, or one lacks a required
        column (``Date``, ``Total followers``).
    """
    sheets = read_excel_sheets(path)
    new_followers: dict[str, int] = {}
    demographics: dict[str, tuple[str, int]] = {}
    for name, frame in sheets.items():
        kind = _follower_sheet(frame, name=name, label=_label(path, name))
        if kind is None:
            continue
        dimension, header_at = kind
        if dimension is None:
            new_followers[name] = header_at
        else:
            demographics[name] = (dimension, header_at)
    if not new_followers and not demographics:
        raise InputError(
            f"{path.name}: no LinkedIn follower sheet found (sheets: {', '.join(map(quote_content, sheets))}); "
            "expected 'New followers' (Date, Total followers) or the demographic sheets "
            "Location, Job function, Seniority, Industry, Company size (with Total followers)"
        )
    headers = {**new_followers, **{n: h for n, (_, h) in demographics.items()}}
    as_of, as_of_text = _as_of(
        path, [sheets[name].iloc[:at] for name, at in headers.items()], context
    )
    followers, audience, rejects, rows_read = [], [], [], 0
    for name, header_at in new_followers.items():
        body, rows = _body(sheets[name], header_at)
        accepted, problems = _new_followers_sheet(
            body, rows, label=_label(path, name), context=context
        )
        followers.append(accepted)
        rejects.append(problems)
        rows_read += len(body)
    for name, (dimension, header_at) in demographics.items():
        body, rows = _body(sheets[name], header_at)
        accepted, problems = _demographic_sheet(
            body,
            rows,
            label=_label(path, name),
            dimension=dimension,
            as_of=as_of,
            as_of_text=as_of_text,
            context=context,
        )
        audience.append(accepted)
        rejects.append(problems)
        rows_read += len(body)
    follower_table, repeated = reject_repeated_ids(followers, id_columns=["date", "channel"])
    audience_table = pd.concat([a for a in audience if len(a)] or [pd.DataFrame()])
    return ImportResult(
        file=path.name,
        format="linkedin-followers",
        rows_read=rows_read,
        tables={
            "followers": complete_table(follower_table.reset_index(drop=True), "followers"),
            "audience": complete_table(audience_table.reset_index(drop=True), "audience"),
        },
        rejects=concat_rejects([*rejects, repeated]),
    )


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name="linkedin-content",
        description="LinkedIn page content (posts) export, .xls/.xlsx",
        sniff=sniff_content,
        read=read_content,
        tables=("posts",),
    ),
    Importer(
        name="linkedin-followers",
        description="LinkedIn page followers export (new followers, demographics), .xls/.xlsx",
        sniff=sniff_followers,
        read=read_followers,
        tables=("followers", "audience"),
    ),
)
