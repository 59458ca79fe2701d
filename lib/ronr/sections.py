"""Results that a report section computes and the cover reuses, once per workspace.

The cover's headlines and recommendations come first in a report, the sections after; both
need the channel mix, the negative spikes and the FAQ themes. Each is computed here once per
:class:`ronr.store.Workspace` (a kernel keeps one workspace per client and period) and the
same table is shown in its section and used on the cover.
"""

from __future__ import annotations

import pandas as pd

from . import audience, channels, themes, tweak
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
    """:func:`ronr.tweak.detect_spikes` over the days the mention exports cover, or None."""

    def compute():
        covered = ws.covered_span("mentions")
        if not len(ws.mentions) or covered is None:
            return None
        first, last = covered
        daily = tweak.daily_negative(ws.mentions, brand=ws.brand, start=first, end=last)
        return tweak.detect_spikes(daily)

    return ws.memo("negative_spikes", compute)


def faq_themes(ws: Workspace):
    """:func:`ronr.themes.question_themes` of the client: the fitted model and the FAQ table."""
    return ws.memo(
        "faq_themes",
        lambda: themes.question_themes(
            ws.mentions, brand=ws.brand, stop_words=themes.collect_brand_terms(ws.config)
        ),
    )


def content_themes(ws: Workspace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`ronr.audience.content_themes` on the FAQ themes fitted once for the report."""
    model, _ = faq_themes(ws)
    return ws.memo(
        "content_themes",
        lambda: audience.content_themes(ws.mentions, ws.posts, brand=ws.brand, model=model),
    )
