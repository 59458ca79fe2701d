"""ipywidgets explorers for live notebooks (reports use plotly; widgets need a kernel).

One explorer per stage (:func:`explore_listen` … :func:`explore_tweak`, built in
:mod:`ronr.explore`): filters of days, channels, brands and post types update the stage's
charts (plotly FigureWidgets) and tables in place, and a clicked or selected point lists the
mentions or posts behind it.
:func:`explore_mentions` filters the raw mentions by text too.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from .explore.view import explore
from .show import format_table

ANY = "(all)"


def filter_mentions(
    mentions: pd.DataFrame,
    *,
    brand: str = ANY,
    channel: str = ANY,
    sentiment: str = ANY,
    contains: str = "",
    start=None,
    end=None,
) -> pd.DataFrame:
    """Mentions matching every given filter (``ANY`` or empty means no filter)."""
    keep = pd.Series(True, index=mentions.index)
    for column, value in (("brand", brand), ("channel", channel), ("sentiment_label", sentiment)):
        if value != ANY:
            keep &= mentions[column] == value
    if contains:
        keep &= mentions["text"].fillna("").str.contains(contains, case=False, regex=False)
    if start is not None:
        keep &= mentions["created_at"] >= pd.Timestamp(start, tz="UTC")
    if end is not None:
        keep &= mentions["created_at"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
    return mentions[keep]


def explore_mentions(ws, *, rows: int = 20) -> None:
    """Filter the mentions behind any number by brand, channel, sentiment, text and dates."""
    data = ws.mentions

    def options(column: str) -> list[str]:
        return [ANY, *sorted(data[column].dropna().unique())]

    controls = {
        "brand": widgets.Dropdown(options=options("brand"), description="Brand"),
        "channel": widgets.Dropdown(options=options("channel"), description="Channel"),
        "sentiment": widgets.Dropdown(options=options("sentiment_label"), description="Sentiment"),
        "contains": widgets.Text(description="Text has", continuous_update=False),
        "start": widgets.DatePicker(description="From", value=ws.start.date()),
        "end": widgets.DatePicker(description="To", value=ws.end.date()),
    }
    output = widgets.Output()

    def refresh(**values) -> None:
        matched = filter_mentions(data, **values)
        shown = matched.sort_values("created_at")[
            ["created_at", "brand", "channel", "author", "text", "sentiment"]
        ]
        output.clear_output()
        with output:
            display(
                widgets.HTML(
                    f"<p>{len(matched):,} mentions match.</p>" + format_table(shown, max_rows=rows)
                )
            )

    widgets.interactive_output(refresh, controls)
    box = widgets.VBox(
        [
            widgets.HBox(list(controls.values())[:3]),
            widgets.HBox(list(controls.values())[3:]),
            output,
        ]
    )
    display(box)


def explore_listen(ws, *, interactive: bool = True):
    """Explore volume, share of voice and sentiment by days, channels and brands.

    ``interactive=False`` shows the current state as plain figures and tables (no widget).
    """
    return explore(ws, "listen", interactive=interactive)


def explore_audience(ws, *, interactive: bool = True):
    """Explore follower growth and the client's engagement by post type, by days, channels
    and post types (``interactive=False``: plain figures, no widget)."""
    return explore(ws, "audience", interactive=interactive)


def explore_channels(ws, *, interactive: bool = True):
    """Explore the client's posts and answers per channel, by days, channels and post types
    (``interactive=False``: plain figures, no widget)."""
    return explore(ws, "channels", interactive=interactive)


def explore_measure(ws, *, interactive: bool = True):
    """Explore conversation, amplification and applause per brand and channel, by days,
    channels, brands and post types (``interactive=False``: plain figures, no widget)."""
    return explore(ws, "measure", interactive=interactive)


def explore_tweak(ws, *, interactive: bool = True):
    """Explore the client's engagement index by post type within channel, by days, channels
    and post types (``interactive=False``: plain figures, no widget)."""
    return explore(ws, "tweak", interactive=interactive)
