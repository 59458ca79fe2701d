"""Blocks of the channel-mix section: effort, cadence and fit per channel; responsiveness."""

from __future__ import annotations

from .. import channels, plots, sections, summary
from ..show import Chart, Note, Table, context_note, missing_notes
from ..store import Workspace

POSTS_HINT = (
    "Add the post exports of the client's channels (page, tweet activity or Sprout exports)."
)


def intro(ws: Workspace) -> list:
    """The section's context line."""
    return [context_note(ws)]


def effort_table(ws: Workspace) -> list:
    """Posts, cadence, effort share and audience fit per channel (posts named if missing)."""
    return [
        *missing_notes(
            ws,
            "posts",
            needed_for="posts and cadence per channel (effort and fit are shown without them)",
            export_hint=POSTS_HINT,
        ),
        Table(sections.channel_mix(ws), empty="No channel has posts or effort in client.yaml."),
    ]


def effort_chart(ws: Workspace) -> list:
    """Effort share against share of posts and fit, per channel (from two channels)."""
    return [
        Chart(
            plots.plot_channel_mix(sections.channel_mix(ws)),
            empty="One channel only: the mix compares channels, so there is nothing to chart.",
        )
    ]


def effort_gaps(ws: Workspace) -> list:
    """Channels where the market lives but the effort does not go."""
    return [
        Table(
            channels.effort_gaps(sections.channel_mix(ws)),
            empty="No channel where the market lives is short of effort (or no audience data to "
            "tell).",
        )
    ]


def responsiveness(ws: Workspace) -> list:
    """Response rate and first-response times, and the replies no mention in the exports has."""
    missing = missing_notes(
        ws,
        "responses",
        needed_for="response times",
        export_hint="Add the brand's replies (responses.csv) or a conversation export.",
    )
    if missing:
        return missing
    times = channels.response_times(
        ws.mentions,
        ws.responses,
        brand=ws.brand,
        hours=ws.config.business_hours,
        target_hours=ws.config.responses.target_hours,
    )
    note = summary.unmatched_replies_note(ws)
    return [
        Table(times.drop(columns="group")),  # one row for all mentions: its key says nothing
        Note(note or "Every reply of the brand answers a mention in the exports."),
    ]


def response_windows(ws: Workspace) -> list:
    """First-response time by when the mention arrived (business hours, outside, closed days)."""
    if not len(ws.responses):
        return []
    by_window = channels.response_times(
        ws.mentions, ws.responses, brand=ws.brand, hours=ws.config.business_hours, by="window"
    )
    return [
        Chart(
            plots.plot_response_times(
                by_window,
                by="window",
                target_hours=ws.config.responses.target_hours,
                timezone=ws.timezone,
            )
        )
    ]
