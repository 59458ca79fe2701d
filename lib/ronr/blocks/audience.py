"""Blocks of the audience section: fit, index, followers matching the target mix, growth, who engages, content."""

from __future__ import annotations

from .. import audience, growth, plots, sections, themes
from ..names import channel_name
from ..show import Chart, Note, Table, context_note, missing_notes
from ..store import Workspace

TARGET_COLUMNS = ["channel", "followers", "mix_match", "target_mix_followers_rounded", "dimensions"]
# the change over the period; coverage counts (days_covered, ...) stay out of the table
SHOWN_GROWTH = growth.GROWTH_COLUMNS[: growth.GROWTH_COLUMNS.index("growth_rate") + 1]


def intro(ws: Workspace) -> list:
    """The section's context line."""
    return [context_note(ws)]


def fit_chart(ws: Workspace) -> list:
    """Audience fit per channel and dimension (or which export supplies the audience)."""
    missing = missing_notes(
        ws,
        "audience",
        needed_for="audience fit",
        export_hint="Add the audience demographics export of each channel (audience.csv).",
    )
    if missing:
        return missing
    fit = audience.audience_fit(ws.audience, ws.config.target_market)
    return [Chart(plots.plot_audience_fit(fit)), *_unknown_buckets(ws)]


def _unknown_buckets(ws: Workspace) -> list:
    """A note per channel and dimension whose export leaves a target bucket unknown."""
    index = audience.audience_index(ws.audience, ws.config.target_market)
    unknown = index[index["audience_share"].isna()]
    return [
        Note(
            f"The {channel_name(channel)} export does not report the {dimension} "
            f"bucket{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows['bucket']))} and its "
            "shares add up to less than 100%, so its fit on this dimension is unknown, not "
            "counted as 0.",
            kind="warning",
        )
        for (channel, dimension), rows in unknown.groupby(["channel", "dimension"])
    ]


def fit_table(ws: Workspace) -> list:
    """Mean audience fit per channel."""
    return [Table(sections.channel_fit(ws))] if len(ws.audience) else []


def index_charts(ws: Workspace) -> list:
    """Index per bucket, one chart per dimension of the target market."""
    if not len(ws.audience):
        return []
    index = audience.audience_index(ws.audience, ws.config.target_market)
    return [
        Chart(plots.plot_audience_index(index, dimension=dimension))
        for dimension in ws.config.target_market
    ]


def target_mix_followers(ws: Workspace) -> list:
    """Followers in the target market per channel."""
    if not len(ws.audience):
        return []
    target = audience.target_mix_followers(ws.audience, ws.followers, ws.config.target_market)
    return [Chart(plots.plot_target_mix_followers(target)), Table(target[TARGET_COLUMNS])]


def follower_growth(ws: Workspace) -> list:
    """Net change and growth rate per channel, and month by month."""
    missing = missing_notes(
        ws,
        "followers",
        needed_for="follower growth",
        export_hint="Add each channel's follower counts (followers.csv or a profile export).",
    )
    if missing:
        return missing
    table = growth.follower_growth(ws.followers, start=ws.start, end=ws.end)
    monthly = growth.monthly_followers(ws.followers)
    return [
        Table(table[SHOWN_GROWTH]),
        Chart(plots.plot_follower_growth(monthly, span=ws.covered_span("followers"))),
    ]


def who_engages(ws: Workspace) -> list:
    """Repeat authors, and month by month the share of returning authors."""
    missing = missing_notes(
        ws, "mentions", needed_for="who engages", export_hint="Add a mentions export."
    )
    if missing:
        return missing
    staff = ws.config.brand.handles
    repeat = growth.repeat_engagement(ws.mentions, brand=ws.brand, exclude_authors=staff)
    monthly = sections.returning_authors(ws, exclude_authors=staff)
    return [
        Table(repeat),
        Chart(
            plots.plot_returning_authors(
                monthly, timezone=ws.timezone, span=ws.covered_span("mentions")
            )
        ),
    ]


def content(ws: Workspace) -> list:
    """Engagement by content theme, and what the audience asks against what the client posts."""
    missing = audience.missing_content_input(ws.mentions, ws.posts, brand=ws.brand)
    if missing:
        return [Note(missing, kind="missing")]
    by_theme, gap = sections.content_themes(ws)
    shown = by_theme.drop(columns=["theme_id"], errors="ignore")  # an internal key
    model, _ = sections.faq_themes(ws)  # the content themes are the FAQ's
    sampled = themes.sample_note(model.n_texts, model.n_distinct)
    return [
        *([Note(sampled)] if sampled else []),
        Table(shown, empty="No post matches a theme."),
        Chart(plots.plot_content_gap(gap)),
    ]
