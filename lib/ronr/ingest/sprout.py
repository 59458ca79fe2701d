"""Importers for the Sprout Social post and profile performance exports (CSV).

``sprout-posts`` reads the *Post Performance* export: one row per published post of the
client's own profiles, on any network Sprout manages. Numbers come with thousands commas
("12,400") and rates as percentages ("2.5%"); ``Date`` is a local wall-clock time such as
``12/31/2025 2:05 pm`` in the client's time zone (``ImportContext.timezone``).

``sprout-profiles`` reads the *Profile Performance* export: one row per profile per day with its
follower count; it fills the ``followers`` table.

Sprout exports the client's own profiles, so every post gets ``brand = context.brand``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..schema import TABLES
from .base import (
    POST_ID,
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    assemble_table,
    coalesce,
    complete_table,
    finish_import,
    finish_table,
    is_missing,
    parse_count,
    parse_lower,
    parse_rate,
    parse_text,
    parse_timestamp,
    sorted_rejects,
)
from .readers import EXCEL_SUFFIXES, read_export

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
    column is kept as text under its header name (``_file`` appended to a name the posts
    table uses); brand = ``context.brand``.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Post ID or Network.
    """
    raw, columns, problems = read_export(
        path,
        required=POST_REQUIRED,
        what="a Sprout Social post performance export",
        expected=POST_COLUMNS,
    )
    file, rows = problems.file, problems.rows
    values: dict[str, object] = {
        "brand": context.brand,
        "channel": parse_network(*columns.cells("Network"), problems),
        "post_id": parse_text(*columns.cells("Post ID"), problems, required=True).str.strip(),
        "published_at": parse_timestamp(
            *columns.cells("Date"),
            problems,
            formats=POST_TIME_FORMATS,
            expected="a date like '12/31/2025 2:05 pm'",
            timezone=context.timezone,
            now=context.now,
        ),
    }
    if "Post" in columns:
        values["text"] = parse_text(*columns.cells("Post"), problems, required=False)
    kinds = [
        parse_lower(*columns.cells(name, keep=name == "Post Type"), problems)
        for name in ("Content Type", "Post Type")
        if name in columns
    ]
    values["post_type"] = coalesce(kinds)
    values.update(columns.parse(POST_COUNTS, problems))
    # likes = Reactions where given, else Likes (then kept as an extra column too)
    reactions = "Reactions" in columns
    likes = [
        parse_count(*columns.cells(name, keep=reactions and name == "Likes"), problems)
        for name in ("Reactions", "Likes")
        if name in columns
    ]
    values["likes"] = coalesce(likes)
    if "Paid Impressions" in columns:
        paid = parse_count(*columns.cells("Paid Impressions", keep=True), problems)
        values["paid"] = (paid > 0).astype("boolean")
    values.update(columns.parse(POST_RATES, problems, parse_rate))

    parsed = assemble_table("posts", raw.index, values, columns.others(), file=file, rows=rows)
    return finish_import(
        parsed, raw, problems, table="posts", format="sprout-posts", id_columns=POST_ID
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
    raw, columns, problems = read_export(
        path,
        required=PROFILE_REQUIRED,
        what="a Sprout Social profile performance export",
        expected=PROFILE_COLUMNS,
    )
    file, rows = problems.file, problems.rows
    values = {
        "channel": parse_network(*columns.cells("Network"), problems),
        "date": parse_timestamp(
            *columns.cells("Date"),
            problems,
            formats=DAY_FORMATS,
            expected="a date like '12/31/2025'",
            now=context.now,
        ),
        "followers": parse_count(*columns.cells("Followers"), problems, required=True),
    }
    parsed = assemble_table("followers", raw.index, values, columns.others(), file=file, rows=rows)
    extras = [c for c in parsed.columns if c not in TABLES["followers"].columns]

    profile = [columns.name("Profile")] if "Profile" in columns else []
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
        rejects=sorted_rejects(problems),
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
