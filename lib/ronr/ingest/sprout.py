"""Importers for the Sprout Social post, profile and competitor exports (CSV).

``sprout-posts`` reads the *Post Performance* export: one row per published post of the
client's own profiles, on any network Sprout manages. Numbers come with thousands commas
("12,400") and rates as percentages ("2.5%"); ``Date`` is a local wall-clock time such as
``12/31/2025 2:05 pm`` in the client's time zone (``ImportContext.timezone``). These are the
client's own profiles, so every post gets ``brand = context.brand``.

``sprout-competitor-posts`` reads the *Competitor Posts* export (the posts of the competitors'
profiles, with public metrics only): the same columns without the client-only ones, and
``Profile`` names the competitor's account. A post belongs to the tracked brand that has that
handle (``ImportContext.brands``, i.e. the brands and handles of client.yaml); a profile no
tracked brand has is rejected, naming the profile, never given to the client.

``sprout-profiles`` reads the *Profile Performance* export: one row per profile per day with its
follower count (``Followers``, or ``Audience`` since Sprout renamed it); it fills the
``followers`` table. ``sprout-competitor-profiles`` reads the competitor performance export of
the same shape: the client's own profile (when the report includes it) fills ``followers``; a
competitor's rows are rejected with that reason, because the followers table holds the client's
own counts only.

A competitor export is told from the client's own by its columns (``Public Engagements`` and
none of ``Impressions``, ``Reach``, ``Sent by``, which Sprout shows for the client's own
profiles only) or by its file name (``Competitor Posts (Acme) ....csv``; see
:func:`ronr.ingest.aliases.is_competitor_file`).

Post types. ``Post Type`` says Story, Reel or Post; ``Content Type`` says Photo, Video, Carousel,
Link, ... A Story is ``story`` and a Reel ``reel`` whatever their content; a feed post takes its
Content Type (``photo``, ``carousel``, ``video``), else its Post Type (``tweet``). Stories thus
stay apart from the feed (see :data:`ronr.derive.NOT_FEED`).

Dates are month-first (``12/31/2025`` or ``12-31-2025``; or day.month.year, ``31.12.2025``).
Column names are matched in any case, in German, French, Spanish, Portuguese and Italian as
well as English, and in renamed copies (``post_id``): see
:data:`ronr.ingest.aliases.SPROUT_POSTS` and :data:`~ronr.ingest.aliases.SPROUT_PROFILES`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import quoted
from ..schema import TABLES
from .aliases import (
    SPROUT_POSTS,
    SPROUT_PROFILES,
    AliasColumns,
    canonical_header,
    is_competitor_file,
    post_types,
    read_aliased,
)
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
    parse_id,
    parse_lower,
    parse_rate,
    parse_text,
    parse_timestamp,
    sorted_rejects,
    text_lookup,
)

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
# the competitor reports: public metrics only, and Profile says whose row it is
COMPETITOR_POST_COLUMNS = (
    "Date",
    "Post ID",
    "Network",
    "Post Type",
    "Content Type",
    "Profile",
    "Link",
    "Post",
    "Linked Content",
    "Public Engagements",
    "Reactions",
    "Likes",
    "Comments",
    "Shares",
)
COMPETITOR_POST_REQUIRED = (*POST_REQUIRED, "Profile")
COMPETITOR_PROFILE_COLUMNS = (
    "Date",
    "Network",
    "Profile",
    "Audience",
    "Net Audience Growth",
    "Public Engagements",
    "Published Posts",
)
COMPETITOR_PROFILE_REQUIRED = (*PROFILE_REQUIRED, "Profile")
POST_TIME_FORMATS = (
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m-%d-%Y %I:%M %p",
    "%m-%d-%Y %H:%M",
    "%m-%d-%Y %I:%M:%S %p",
    "%d.%m.%Y %H:%M",  # a dotted date is day-first wherever it is written
    "%Y-%m-%d %H:%M:%S",  # a workbook's date cell, as ronr.ingest.readers.cell_text writes it
)
DAY_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")
MAX_NAMED_NETWORKS = 20  # distinct unknown networks named one by one in reject reasons
MAX_NAMED_PROFILES = 20  # the same for unknown profiles
POSTS_WHAT = "a Sprout Social post performance export"
COMPETITOR_POSTS_WHAT = "a Sprout Social competitor posts export"
PROFILES_WHAT = "a Sprout Social profile performance export"
COMPETITOR_PROFILES_WHAT = "a Sprout Social competitor performance export"
# Post Types that are the post's type whatever its Content Type (a Story or Reel of a video)
OWN_POST_TYPES = ("story", "reel")
# what Sprout shows for the client's own profiles only: a header with Public Engagements and
# none of these is a competitor report
OWN_METRICS = ("impressions", "reach", "sent by")
AUDIENCE_COLUMNS = ("followers", "net follower growth", "followers gained")


def _reject_by_value(
    problems: ColumnProblems,
    mask: pd.Series,
    column: str,
    raw: pd.Series,
    reason,
    rest: str,
    *,
    limit: int,
) -> None:
    """Reject the rows of ``mask`` with ``reason(value)``, named per distinct value (the first
    ``limit`` of them; further values get ``rest``), looping over values rather than rows."""
    text = raw.astype(str).str.strip()
    names = text[mask].unique()
    for name in names[:limit]:
        problems.add(mask & (text == name), column, raw, reason(name))
    problems.add(mask & ~text.isin(names[:limit]), column, raw, rest)


def parse_network(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Sprout's network names as canonical channels; an unknown network rejects the row.

    The reason names the network (for the first :data:`MAX_NAMED_NETWORKS` distinct ones).
    """
    missing = is_missing(raw)
    channel = raw.astype(str).str.strip().str.lower().map(NETWORKS)
    problems.add(missing, column, raw, f"missing network (expected one of {NETWORK_NAMES})")
    _reject_by_value(
        problems,
        ~missing & channel.isna(),
        column,
        raw,
        lambda name: f"unknown network {quoted(name)} (expected one of {NETWORK_NAMES})",
        f"unknown network (expected one of {NETWORK_NAMES})",
        limit=MAX_NAMED_NETWORKS,
    )
    return channel.astype("object")


def parse_profile_brand(
    raw: pd.Series, column: str, problems: ColumnProblems, context: ImportContext
) -> pd.Series:
    """The tracked brand each profile belongs to, by handle (``@`` and case aside), else by
    brand name; a missing or unknown profile rejects the row.

    The brands and handles are ``context.brands`` (the client's first, then the competitors of
    client.yaml). A profile no tracked brand has is never given to the client: its row is
    rejected naming the profile (the first :data:`MAX_NAMED_PROFILES` distinct ones) and the
    handles that are tracked.
    """
    owners = context.tracked_handles()
    brands = context.brands or ((context.brand, context.handles),)
    names = {name.strip().lower(): name for name, _ in reversed(brands)}  # the first one wins
    text = raw.astype(str).str.strip()
    by_handle = text_lookup(text.str.lstrip("@").str.lower(), pd.Series(owners, dtype=object))
    by_name = text_lookup(text.str.lower(), pd.Series(names, dtype=object))
    brand = by_handle.where(by_handle.notna(), by_name)
    missing = is_missing(raw)
    tracked = ", ".join(f"@{h}" for h in owners) or "none"
    problems.add(missing, column, raw, "missing profile (expected the handle of a tracked brand)")
    _reject_by_value(
        problems,
        ~missing & brand.isna(),
        column,
        raw,
        lambda name: (
            f"unknown profile {quoted(name)}: no tracked brand has this handle (tracked: {tracked}); "
            "add it to the competitor's handles in client.yaml"
        ),
        f"unknown profile: no tracked brand has this handle (tracked: {tracked})",
        limit=MAX_NAMED_PROFILES,
    )
    return brand.where(~missing).astype(object)


def _is_competitor(header: set[str], path: Path) -> bool:
    """A competitor report: so named, or public metrics without the client-only ones."""
    public_only = "public engagements" in header and not any(c in header for c in OWN_METRICS)
    return public_only or is_competitor_file(path)


def _post_header(sample: Sample) -> set[str] | None:
    """The canonical header of a Sprout post CSV (Post ID, Network and Profile), else None."""
    header = canonical_header(sample.header, SPROUT_POSTS)
    if {"post id", "network", "profile"} <= header:
        return header
    return None


def _profile_header(sample: Sample) -> set[str] | None:
    """The canonical header of a Sprout profile CSV (Network, Profile and follower columns, no
    Post ID), else None."""
    header = canonical_header(sample.header, SPROUT_PROFILES)
    posts = canonical_header(sample.header, SPROUT_POSTS)
    if (
        {"network", "profile"} <= header
        and any(c in header for c in AUDIENCE_COLUMNS)
        and "post id" not in posts
    ):
        return header
    return None


def sniff_posts(sample: Sample) -> bool:
    """A Sprout post performance CSV: Post ID, Network and Profile in the header (in any of
    their names), and not a competitor report.

    ``Date`` is not needed to recognise the export, so a file without it gets the
    missing-column error rather than "unknown format".
    """
    header = _post_header(sample)
    return header is not None and not _is_competitor(header, sample.path)


def sniff_competitor_posts(sample: Sample) -> bool:
    """A Sprout Competitor Posts CSV: a post export that is a competitor report."""
    header = _post_header(sample)
    return header is not None and _is_competitor(header, sample.path)


def sniff_profiles(sample: Sample) -> bool:
    """A Sprout profile performance CSV: Network, Profile and follower (or audience) columns,
    no Post ID, and not a competitor report."""
    header = _profile_header(sample)
    return header is not None and not _is_competitor(header, sample.path)


def sniff_competitor_profiles(sample: Sample) -> bool:
    """A Sprout competitor performance CSV: a profile export that is a competitor report."""
    header = _profile_header(sample)
    return header is not None and _is_competitor(header, sample.path)


def _post_type(columns: AliasColumns, problems: ColumnProblems) -> pd.Series | None:
    """Story and Reel from ``Post Type``; otherwise ``Content Type``, else ``Post Type``.

    ``Post Type`` is read but kept as an extra column too (it says Post for a feed post).
    """
    kind = content = None
    if "Post Type" in columns:
        kind = post_types(parse_lower(*columns.cells("Post Type", keep=True), problems))
    if "Content Type" in columns:
        content = post_types(parse_lower(*columns.cells("Content Type"), problems))
    if kind is None or content is None:
        return coalesce([c for c in (content, kind) if c is not None])
    own = kind.isin(OWN_POST_TYPES).fillna(False).astype(bool)
    return kind.where(own, content.where(content.notna(), kind))


def _post_values(
    columns: AliasColumns, problems: ColumnProblems, context: ImportContext
) -> dict[str, object]:
    """The canonical columns of a Sprout post export but the brand (see :func:`read_posts`)."""
    values: dict[str, object] = {
        "channel": parse_network(*columns.cells("Network"), problems),
        "post_id": parse_id(*columns.cells("Post ID"), problems),
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
    values["post_type"] = _post_type(columns, problems)
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
    return values


def _read_post_export(path: Path, context: ImportContext, *, competitor: bool) -> ImportResult:
    raw, columns, problems = read_aliased(
        path,
        SPROUT_POSTS,
        required=COMPETITOR_POST_REQUIRED if competitor else POST_REQUIRED,
        what=COMPETITOR_POSTS_WHAT if competitor else POSTS_WHAT,
        expected=COMPETITOR_POST_COLUMNS if competitor else POST_COLUMNS,
    )
    values = _post_values(columns, problems, context)
    if competitor:  # the profile (kept as a column) says whose post it is
        cells, name = columns.cells("Profile", keep=True)
        values["brand"] = parse_profile_brand(cells, name, problems, context)
    else:
        values["brand"] = context.brand
    parsed = assemble_table(
        "posts", raw.index, values, columns.others(), file=problems.file, rows=problems.rows
    )
    return finish_import(
        parsed,
        raw,
        problems,
        table="posts",
        format="sprout-competitor-posts" if competitor else "sprout-posts",
        id_columns=POST_ID,
    )


def read_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social *Post Performance* export into the ``posts`` table.

    Mapping: ``Post ID`` → post_id (exact text: a spreadsheet's ``18100000000000001.0`` is
    ``18100000000000001``, an id it rounded to ``1.81E+16`` rejects the row; see
    :func:`~ronr.ingest.base.parse_id`); ``Network`` → channel (Twitter/X → x; other networks are
    rejected naming the network); ``Date`` (local time in ``context.timezone``) → published_at
    in UTC; ``Post`` → text; ``Post Type`` and ``Content Type`` → post_type (story and reel
    from Post Type, else the Content Type: photo, carousel, video, link, ...; see the module
    docstring); ``Impressions``, ``Reach``, ``Comments``, ``Shares``, ``Saves``, ``Video Views``
    → the counts of the same name; ``Post Clicks (All)`` → clicks; likes = ``Reactions`` where
    given, else ``Likes``; paid = ``Paid Impressions`` > 0 (missing where that is missing);
    ``Click-Through Rate``, ``Engagement Rate (per Impression)`` and ``(per Reach)`` → extra
    float columns ``ctr``, ``engagement_rate``, ``engagement_rate_per_reach``. Every other
    column is kept as text under its header name (``_file`` appended to a name the posts
    table uses); brand = ``context.brand``. Columns may have any of their names in
    :data:`ronr.ingest.aliases.SPROUT_POSTS`.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Post ID or Network.
    """
    return _read_post_export(path, context, competitor=False)


def read_competitor_posts(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social *Competitor Posts* export into the ``posts`` table.

    The columns are read as in :func:`read_posts` (a competitor report has public metrics only:
    ``Reactions``, ``Comments``, ``Shares``; ``Public Engagements`` is kept as a column). The
    brand is the tracked brand whose handle (or name) is the row's ``Profile``
    (:func:`parse_profile_brand`): a profile no tracked brand has rejects the row, so a
    competitor's post is never counted as the client's.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Post ID, Network or Profile.
    """
    return _read_post_export(path, context, competitor=True)


def _day_example(raw: pd.Series) -> str:
    """How a reject describes the expected day: as the column writes it (``-`` or ``/``)."""
    dashed = raw.astype(str).str.match(r"\s*\d{1,2}-\d{1,2}-\d{4}").mean() > 0.5
    return "a date like '12-31-2025'" if dashed else "a date like '12/31/2025'"


def _read_profile_export(path: Path, context: ImportContext, *, competitor: bool) -> ImportResult:
    raw, columns, problems = read_aliased(
        path,
        SPROUT_PROFILES,
        required=COMPETITOR_PROFILE_REQUIRED if competitor else PROFILE_REQUIRED,
        what=COMPETITOR_PROFILES_WHAT if competitor else PROFILES_WHAT,
        expected=COMPETITOR_PROFILE_COLUMNS if competitor else PROFILE_COLUMNS,
    )
    file, rows = problems.file, problems.rows
    dates, date_name = columns.cells("Date")
    values = {
        "channel": parse_network(*columns.cells("Network"), problems),
        "date": parse_timestamp(
            dates,
            date_name,
            problems,
            formats=DAY_FORMATS,
            expected=_day_example(dates),
            now=context.now,
        ),
        "followers": parse_count(*columns.cells("Followers"), problems, required=True),
    }
    if competitor:
        # the client's own profile, when the report includes it, fills followers; a tracked
        # competitor's rows cannot (the table has no brand: it is the client's audience)
        cells, name = columns.cells("Profile", keep=True)
        brand = parse_profile_brand(cells, name, problems, context)
        other = brand.notna() & (brand != context.brand)
        for owner in brand[other].unique():  # one reason per competitor (a few brands)
            problems.add(
                other & (brand == owner),
                name,
                cells,
                f"the audience of competitor {quoted(owner)}: the followers table holds the "
                "client's own follower counts only",
            )
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
        format="sprout-competitor-profiles" if competitor else "sprout-profiles",
        rows_read=len(raw),
        tables={"followers": complete_table(accepted, "followers")},
        rejects=sorted_rejects(problems),
    )


def read_profiles(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social *Profile Performance* export into the ``followers`` table.

    ``Network`` → channel, ``Date`` (a day, ``12/31/2025`` or ``12-31-2025``) → date at UTC
    midnight, ``Followers`` (or ``Audience``) → followers. When one file holds several profiles
    of the same network, the followers of that (channel, date) are summed into one row: its
    ``source_row`` is the first of the summed rows, and each other column (``Profile``,
    ``Impressions``, ...) joins the profiles' values with ``"; "`` in file order. A profile
    repeated on the same day is a duplicate (the first row is kept). A row rejected for a bad
    cell is left out of the sum. Columns may have any of their names in
    :data:`ronr.ingest.aliases.SPROUT_PROFILES`.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Network or Followers.
    """
    return _read_profile_export(path, context, competitor=False)


def read_competitor_profiles(path: Path, context: ImportContext) -> ImportResult:
    """Import a Sprout Social competitor performance export (one row per profile per day).

    Read as :func:`read_profiles`, with ``Profile`` required: the rows of the client's own
    profile (by handle or brand name, see :func:`parse_profile_brand`) fill ``followers``; the
    rows of a tracked competitor are rejected with that reason (the followers table has no
    brand: it holds the client's own audience), and so are the rows of an unknown profile.

    Raises
    ------
    InputError
        When the file cannot be read or lacks Date, Network, Followers or Profile.
    """
    return _read_profile_export(path, context, competitor=True)


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name="sprout-posts",
        description="Sprout Social post performance CSV",
        sniff=sniff_posts,
        read=read_posts,
        tables=("posts",),
    ),
    Importer(
        name="sprout-competitor-posts",
        description="Sprout Social competitor posts CSV (posts of the competitors' profiles)",
        sniff=sniff_competitor_posts,
        read=read_competitor_posts,
        tables=("posts",),
    ),
    Importer(
        name="sprout-profiles",
        description="Sprout Social profile performance CSV",
        sniff=sniff_profiles,
        read=read_profiles,
        tables=("followers",),
    ),
    Importer(
        name="sprout-competitor-profiles",
        description="Sprout Social competitor performance CSV (the client's own row only)",
        sniff=sniff_competitor_profiles,
        read=read_competitor_profiles,
        tables=("followers",),
    ),
)
