"""Results that a report section computes and the cover reuses, once per workspace.

The cover's headlines and recommendations come first in a report, the sections after; both
need the channel mix, the negative spikes and the FAQ themes. Each is computed here once per
:class:`ronr.store.Workspace` (a kernel keeps one workspace per client and period) and the
same table is shown in its section and used on the cover.
"""

from __future__ import annotations

import pandas as pd

from . import audience, channels, engagement, themes, tweak
from .store import Workspace


def channel_fit(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.audience.channel_fit` of the client's audience against its target market."""
    return ws.memo(
        "channel_fit", lambda: audience.channel_fit(ws.audience, ws.config.target_market)
    )


def channel_mix(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.channels.summarise_channels` of the client, with each channel's audience fit."""
    return ws.memo(
        "channel_mix",
        lambda: channels.summarise_channels(
            ws.posts,
            brand=ws.brand,
            start=ws.start,
            end=ws.end,
            effort=ws.config.effort_shares(),
            fit=channel_fit(ws),
        ),
    )


def negative_spikes(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.tweak.detect_spikes` on the covered local days of the period, or None.

    The baseline also reads the mentions of the weeks before the period, where the exports
    cover them (:attr:`ronr.store.Workspace.mentions_before`), so a one-month report judges
    its first days too; only the period's days are returned.
    """

    def compute():
        covered = ws.covered_span("mentions")
        if not len(ws.mentions) or covered is None:
            return None
        first, last = covered
        before = ws.mentions_before if ws.mentions_before is not None else ws.mentions.iloc[0:0]
        lookback = max(ws.spans["mentions"][0], first - pd.Timedelta(days=tweak.WINDOW))
        daily = tweak.daily_negative(
            pd.concat([before, ws.mentions], ignore_index=True),
            brand=ws.brand,
            start=lookback,
            end=last,
            timezone=ws.timezone,
        )
        spikes = tweak.detect_spikes(daily)
        in_period = spikes[spikes["date"] >= first.tz_localize(None)].reset_index(drop=True)
        in_period.attrs.update(spikes.attrs)
        return in_period

    return ws.memo("negative_spikes", compute)


def negative_incidents(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.tweak.group_incidents` of :func:`negative_spikes`, or None."""

    def compute():
        spikes = negative_spikes(ws)
        return None if spikes is None else tweak.group_incidents(spikes)

    return ws.memo("negative_incidents", compute)


def faq_themes(ws: Workspace):
    """:func:`ronr.themes.question_themes` of the client: the fitted model and the FAQ table."""
    return ws.memo(
        "faq_themes",
        lambda: themes.question_themes(
            ws.mentions,
            brand=ws.brand,
            stop_words=themes.collect_brand_terms(ws.config),
            timezone=ws.timezone,
        ),
    )


def content_themes(ws: Workspace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`ronr.audience.content_themes` on the FAQ themes fitted once for the report."""
    model, _ = faq_themes(ws)
    return ws.memo(
        "content_themes",
        lambda: audience.content_themes(ws.mentions, ws.posts, brand=ws.brand, model=model),
    )


def within_channel(ws: Workspace, column: str) -> pd.DataFrame:
    """:func:`ronr.engagement.compare_within_channel` of the client's posts by ``column``."""
    return ws.memo(
        f"within_channel:{column}",
        lambda: engagement.compare_within_channel(ws.own_posts, by=column),
    )
