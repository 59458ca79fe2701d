"""Blocks of the measure section: Kaushik's rates and engagement rates."""

from __future__ import annotations

from .. import engagement, measure, plots
from ..derive import feed_posts
from ..show import Chart, Table, context_note, missing_notes
from ..store import Workspace
from .channel_mix import POSTS_HINT
from .order import client_first
from .tweak import stories_note

KAUSHIK_LINES = {
    "conversation_rate": "comments per post",
    "amplification_rate": "shares per post",
    "applause_rate": "likes per post",
}


def intro(ws: Workspace) -> list:
    """The section's context line, and which export supplies posts when there are none."""
    return [
        context_note(ws),
        *missing_notes(
            ws,
            "posts",
            needed_for="conversation, amplification, applause and engagement rates",
            export_hint=POSTS_HINT,
        ),
        *stories_note(len(ws.posts) - len(feed_posts(ws.posts)), what="these rates"),
    ]


def kaushik_table(ws: Workspace) -> list:
    """Conversation, amplification and applause rates per brand and channel."""
    if not len(ws.posts):
        return []
    rates = measure.kaushik_rates(feed_posts(ws.posts), by=("brand", "channel"))
    return [Table(client_first(rates, ws))]


def kaushik_monthly(ws: Workspace) -> list:
    """The client's rates month by month."""
    if not len(ws.posts):
        return []
    monthly = measure.kaushik_rates(
        feed_posts(ws.own_posts), by=(), freq="MS", timezone=ws.timezone
    )
    figure = plots.plot_rates_over_time(
        monthly,
        columns=KAUSHIK_LINES,
        title="Kaushik's rates per month",
        timezone=ws.timezone,
        span=ws.covered_span("posts"),
    )
    return [Chart(figure, empty="The client has no posts in this period.")]


def engagement_table(ws: Workspace) -> list:
    """Engagement rate per brand and channel, each row naming its basis."""
    if not len(ws.posts):
        return []
    return [
        Table(
            client_first(
                measure.engagement_rate(feed_posts(ws.posts), by=("brand", "channel")), ws
            ),
            empty="No post has reach or impressions, so no engagement rate can be computed; "
            "compare the per-post rates above.",
        )
    ]


def engagement_monthly(ws: Workspace) -> list:
    """The client's engagement rate month by month, on the basis its posts support."""
    feed = feed_posts(ws.own_posts)
    basis = engagement.choose_basis(feed)
    if not basis:
        return []
    monthly = measure.engagement_rate(feed, by=(), freq="MS", basis=basis, timezone=ws.timezone)
    figure = plots.plot_rates_over_time(
        monthly,
        columns={"engagement_rate": f"engagement rate by {basis}"},
        title=f"Engagement rate by {basis} per month",
        percent=True,
        timezone=ws.timezone,
        span=ws.covered_span("posts"),
    )
    return [Chart(figure)]
