"""Blocks of the tweak section: what resonates, and the negative spikes."""

from __future__ import annotations

from .. import engagement, measure, plots, sections, tweak
from ..show import Chart, Note, Table, context_note, coverage_notes, missing_notes
from ..store import Workspace
from .channel_mix import POSTS_HINT

NO_TYPE = "No post of the client has a known post type and engagement."


def intro(ws: Workspace) -> list:
    """The section's context line, and which export supplies posts when there are none."""
    return [
        context_note(ws),
        *missing_notes(
            ws,
            "posts",
            needed_for="what resonates (post types, hashtags, timing)",
            export_hint=POSTS_HINT,
        ),
    ]


def _by(ws: Workspace, column: str, title: str, empty: str) -> list:
    if not len(ws.posts):
        return []
    table = engagement.engagement_by(ws.own_posts, by=column)
    return [Chart(plots.plot_engagement_by(table, by=column, title=title), empty=empty)]


def post_type_chart(ws: Workspace) -> list:
    """Engagement per post by post type, with intervals."""
    return _by(ws, "post_type", "Engagement per post, by post type", NO_TYPE)


def post_type_tables(ws: Workspace) -> list:
    """The post-type comparison as a table, and Kaushik's rates per post type."""
    if not len(ws.posts):
        return []
    return [
        Table(engagement.engagement_by(ws.own_posts, by="post_type"), empty=NO_TYPE),
        Note(
            "Comments, shares and likes per post of each post type (Kaushik's conversation, "
            "amplification and applause rates):"
        ),
        Table(measure.kaushik_rates(ws.own_posts, by=("post_type",))),
    ]


def hashtags(ws: Workspace) -> list:
    """Facebook posts with and without hashtags."""
    if not len(ws.posts):
        return []
    return [Table(engagement.hashtag_effect(ws.own_posts, channel="facebook"))]


def weekday_chart(ws: Workspace) -> list:
    """Engagement per post by weekday of publication (local time)."""
    return _by(
        ws,
        "published_weekday",
        "Engagement per post, by weekday",
        "No post with a known weekday and engagement.",
    )


def hour_chart(ws: Workspace) -> list:
    """Engagement per post by hour of publication (local time)."""
    return _by(
        ws,
        "published_hour",
        "Engagement per post, by hour of publication",
        "No post with a known hour and engagement.",
    )


def spikes_chart(ws: Workspace) -> list:
    """Daily negative mentions over the covered days, with the spike threshold."""
    missing = missing_notes(
        ws,
        "mentions",
        needed_for="negative spikes",
        export_hint="Add a mentions export or a conversation export.",
    )
    if missing:
        return missing
    return [
        *coverage_notes(ws, "mentions"),
        Chart(plots.plot_negative_spikes(sections.negative_spikes(ws), timezone=ws.timezone)),
    ]


def incidents(ws: Workspace) -> list:
    """The negative incidents (neighbouring spike days), largest first, or why none was judged."""
    found = sections.negative_incidents(ws)
    if found is None:
        return []
    return [Table(found, empty="No negative incident in this period.")]


def spike_mentions(ws: Workspace) -> list:
    """What people said on the spike days."""
    spikes = sections.negative_spikes(ws)
    if spikes is None:
        return []
    if not spikes["is_spike"].any():
        return [Note("No spike day, so no mention to show here.")]
    return [
        Table(
            tweak.spike_mentions(ws.mentions, spikes, brand=ws.brand, n=8, timezone=ws.timezone)
        )
    ]
