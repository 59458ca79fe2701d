"""Plotly figure builders, the one report theme and the one plotly config.

Each builder takes the table a stage function returns and gives a figure, or None when the
table holds nothing to draw (:func:`ronr.show.show_figure` then writes one sentence instead).
Every figure gets the same layout (:func:`_finish`): the title at top left below a band kept
free for the toolbar, the legend in its own margin below the plot. Text that came from social
media is escaped before it reaches a label or a hover text.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .names import channel_name, dimension_name, post_type_name
from .stats import SMALL_SAMPLE

PALETTE = ["#1f4e79", "#e07a1f", "#3a9d5d", "#b03a48", "#7b5ea7", "#6c757d", "#c9a227"]
CLIENT_COLOR = PALETTE[0]
NEGATIVE = "#b03a48"  # negative mentions, spikes and missed targets
MUTED = "#ced4da"

# The config of every figure that becomes HTML (plotly.js 4 keys; showLink, linkText and
# showEditInChartStudio no longer exist there). Treat as read-only: use plotly_config().
PLOTLY_CONFIG = {
    "displaylogo": False,  # the logo is a link to plotly.com
    "showSendToCloud": False,  # the "Share chart" button uploads the chart to Plotly Cloud
    "plotlyServerURL": "",  # and no server to upload to, should a button ask
    "displayModeBar": "hover",
    # the only buttons: download as PNG, and reset after a drag-zoom (a whitelist, so a
    # button a later plotly.js adds never appears unasked)
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "showTips": False,  # plotly's own "double-click to zoom back out" pop-ups
    "toImageButtonOptions": {"format": "png", "filename": "ronr-chart", "scale": 2},
    "responsive": True,
}

TOOLBAR_BAND = 34  # px kept free at the top for the toolbar; the title starts below it
# Characters per line (plotly never wraps): sized so that every line fits a chart 340 px
# wide, as a 420 px phone screen draws it (measured: about 8.5 px per title character at
# 17 px, up to 9.5 with wide letters; 5.5 px per note character at 12 px; and an axis title
# centred on the plot area)
TITLE_CHARS = 36
NOTE_CHARS = 56
AXIS_CHARS = 32
TITLE_LINE, NOTE_LINE, SUBPLOT_TITLE_LINE = 22, 16, 24  # px per line
# plotly.js draws a title of several lines 12 px higher than one of one line (measured in
# Chromium): that much more padding keeps it below the toolbar
MULTILINE_SHIFT = 12
LEGEND_ROW = 30  # px a one-row legend takes below the plot
SMALL_BUCKET = 0.05  # target share under which an audience index is mostly noise
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIOD_UNITS = {"W": "week", "MS": "month"}
DAY_MS = 86_400_000
# dates on a time axis as the tables write them (03 Jan 2025), months as Jan 2025: plotly's
# own labels ("Oct 30" with the year on a second line) read as US dates
DATE_TICKS = [
    {"dtickrange": [None, DAY_MS], "value": "%d %b %Y %H:%M"},
    {"dtickrange": [DAY_MS, "M1"], "value": "%d %b %Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]

# both axes: standoffs keep an axis title off its tick labels, and the first x label (centred
# on the plot's left edge) off the lowest y label at the origin
AXIS = {
    "gridcolor": "#eee",
    "zeroline": False,
    "automargin": True,
    "ticklabelstandoff": 6,
    "title": {"standoff": 12},
    "separatethousands": True,  # 3,500 as the tables write it, not 3500
}
pio.templates["ronr"] = go.layout.Template(
    layout=go.Layout(
        font={
            "family": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
            "size": 13,
            "color": "#222",
        },
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        # minimums: automargin widens them for tick labels, axis titles and the legend
        margin={"l": 16, "r": 24, "t": 60, "b": 16},
        title={
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": TOOLBAR_BAND, "l": 12},
            "automargin": True,
            "font": {"size": 17},
            "subtitle": {"font": {"size": 12, "color": "#555"}},
        },
        xaxis=AXIS,
        yaxis=AXIS,
        # below the plot, anchored to the figure's bottom edge: plotly reserves its height as
        # margin, so it never meets the title, the toolbar, the plot or the axis titles
        legend={
            "orientation": "h",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
        },
        hoverlabel={"namelength": -1},
    )
)


def plotly_config(figure: go.Figure | Mapping | None = None) -> dict:
    """A copy of :data:`PLOTLY_CONFIG` whose PNG download is named after ``figure``'s title.

    ``figure`` is a figure or its plotly JSON (a dict), as a notebook output holds it.
    """
    config = {**PLOTLY_CONFIG, "modeBarButtons": [list(PLOTLY_CONFIG["modeBarButtons"][0])]}
    config["toImageButtonOptions"] = {
        **PLOTLY_CONFIG["toImageButtonOptions"],
        "filename": _file_name(_title_of(figure)),
    }
    return config


def _title_of(figure) -> str:
    if isinstance(figure, go.Figure):
        return figure.layout.title.text or ""
    title = ((figure or {}).get("layout") or {}).get("title")
    return str((title.get("text") if isinstance(title, Mapping) else title) or "")


def _file_name(title: str) -> str:
    """``'Mentions per week'`` → ``'mentions-per-week'`` (ASCII, no markup or entities)."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", title))  # the <br> of a wrapped title
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or PLOTLY_CONFIG["toImageButtonOptions"]["filename"]


def has_points(fig: go.Figure | None) -> bool:
    """True if ``fig`` has a point to draw: every coordinate of some point known.

    A line of missing values over known dates, or labels whose values are all missing,
    draws nothing: plotly would show empty axes (−1 to 6) instead.
    """
    return fig is not None and any(_trace_has_points(trace) for trace in fig.data)


def _known(values) -> np.ndarray:
    return pd.Series(list(values), dtype=object).notna().to_numpy()


def _trace_has_points(trace) -> bool:
    for grid in ("z", "values"):  # heatmaps and pies: any known cell
        cells = getattr(trace, grid, None)
        if cells is not None:
            return bool(len(cells)) and bool(pd.DataFrame(list(cells)).notna().to_numpy().any())
    coords = [c for c in (trace.x, trace.y) if c is not None]
    if not coords:
        return False
    n = min(len(c) for c in coords)
    return bool(np.logical_and.reduce([_known(c)[:n] for c in coords]).any()) if n else False


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in escaped lines of at most ``width`` characters (plotly never wraps)."""
    lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    return [escape_text(line) for line in lines] or [""]


def _wrap_axis_title(axis) -> None:
    """Break a long axis title into lines (it is already escaped: split at spaces only)."""
    text = axis.title.text
    if text and len(text) > AXIS_CHARS and "<br>" not in text:
        axis.title.text = "<br>".join(textwrap.wrap(text, AXIS_CHARS, break_long_words=False))


def _period_ticks(fig: go.Figure, periods, *, freq: str) -> None:
    """One tick per period when there are few, on the periods' own days (Mondays, 1sts).

    Plotly's own ticks for a few weeks fall on Sundays, and for a few months on every other
    week; a point would then sit between two labels.
    """
    starts = sorted(set(pd.to_datetime(pd.Series(periods)).dropna()))
    if not starts or len(starts) > 12:
        if freq == "MS":  # plotly's own month ticks, written as months
            fig.update_xaxes(tickformat="%b %Y")
        else:
            fig.update_xaxes(tickformatstops=DATE_TICKS)
        return
    if freq == "MS":
        fig.update_xaxes(dtick="M1", tick0=starts[0], tickformat="%b %Y")
    else:
        fig.update_xaxes(dtick=7 * DAY_MS, tick0=starts[0], tickformat="%d %b %Y")


def _legend_shown(fig: go.Figure) -> bool:
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend)
    return sum(trace.showlegend is not False for trace in fig.data) > 1


def _finish(
    fig: go.Figure, *, title: str, notes: Sequence[str] = (), height: int = 420
) -> go.Figure | None:
    """``fig`` in the report's layout, or None when it has no point to draw.

    Parameters
    ----------
    fig
        A built figure (traces and axes).
    title
        Its title, unescaped; wrapped at :data:`TITLE_CHARS` and placed at top left below the
        band the toolbar shows in.
    notes
        Sentences shown under the title (what a dotted line or a hatched bar means).
    height
        The height the figure would have with a one-line title and no legend; the space the
        title, notes and legend take is added to it, so the plot area keeps its size.
    """
    if not has_points(fig):
        return None
    lines = _wrap(title, TITLE_CHARS)
    note_lines = [line for note in notes for line in _wrap(note, NOTE_CHARS)]
    # a subplot title sits above its panel: the top one needs room under the main title
    panel_title = any(
        a.yref == "paper" and a.yanchor == "bottom" and (a.y or 0) >= 0.999
        for a in fig.layout.annotations
    )
    shift = MULTILINE_SHIFT if len(lines) > 1 else 0
    top = (
        TOOLBAR_BAND
        + shift
        + TITLE_LINE * len(lines)
        + (NOTE_LINE * len(note_lines) + 6 if note_lines else 0)
        + (SUBPLOT_TITLE_LINE if panel_title else 0)
        + 14
    )
    legend = LEGEND_ROW if _legend_shown(fig) else 0
    fig.for_each_xaxis(_wrap_axis_title)
    fig.for_each_yaxis(_wrap_axis_title)
    fig.update_layout(
        template="ronr",
        title={
            "text": "<br>".join(lines),
            "subtitle": {"text": "<br>".join(note_lines)},
            "pad": {"t": TOOLBAR_BAND + shift, "l": 12},
        },
        margin={"t": top},
        height=height + top - 60 + legend,
    )
    return fig


def escape_text(value) -> str:
    """Text from data or config as a chart shows it: ``<``, ``>`` and ``&`` escaped, once.

    Plotly renders ``<a>``, ``<b>`` and ``<span style>`` in chart text, so every label, tick,
    legend, hover and title from data goes through here. Quotes stay as they are: plotly
    writes an entity such as ``&quot;`` literally.
    """
    return html.escape(str(value), quote=False)


def _escaped(values) -> list[str]:
    """Category labels made safe: plotly renders <a>, <b> and <span style> in axis text."""
    return [escape_text(str(v)) for v in values]


LABEL_CHARS = 24  # a category label longer than this squeezes the plot off a phone screen


def short_labels(values, *, width: int = LABEL_CHARS) -> dict[str, str]:
    """Each distinct category of ``values`` → its axis label: escaped, at most ``width``
    characters (a longer one cut with "…"; the hover shows it whole), and distinct (a cut
    that repeats another gets " (2)")."""
    labels: dict[str, str] = {}
    used: set[str] = set()
    for value in dict.fromkeys(str(v) for v in values):
        cut = value if len(value) <= width else value[: width - 1].rstrip() + "…"
        label, k = cut, 2
        while label in used:
            label, k = f"{cut} ({k})", k + 1
        used.add(label)
        labels[value] = escape_text(label)  # cut first: an entity is never split
    return labels


def _channels(values) -> list[str]:
    """Channel keys as the names a client reads (``tiktok`` → ``TikTok``), escaped."""
    return [escape_text(channel_name(v)) for v in values]


def _bucket(value) -> str:
    """A bucket of the target market as a label (unescaped): ``other`` → ``Other``,
    ``vp`` → ``VP``; ``18-24`` and ``GB`` as written."""
    text = str(value)
    if re.fullmatch(r"[a-z]{2}", text):  # an abbreviation: vp, hr, it
        return text.upper()
    return text[:1].upper() + text[1:]


def zone_label(unit: str, timezone: str) -> str:
    """An axis title naming the zone periods are cut in, e.g. ``week starting (Europe/London time)``."""
    return f"{unit} ({escape_text(timezone)} time)"


def brand_order(brands, *, brand: str) -> list[str]:
    """The client's ``brand`` first, then the competitors alphabetically: one order, and so
    one colour per brand, in every chart whatever order a table lists them in."""
    return [brand, *sorted({str(b) for b in brands} - {brand}, key=str.casefold)]


def brand_colors(brands: list[str], *, brand: str) -> dict[str, str]:
    """The client's ``brand`` in the house colour, competitors in the rest of the palette
    (each competitor the same colour in every chart: see :func:`brand_order`)."""
    others = brand_order(brands, brand=brand)[1:]
    return {
        brand: CLIENT_COLOR,
        **{b: PALETTE[1 + i % (len(PALETTE) - 1)] for i, b in enumerate(others)},
    }


def _day(value) -> pd.Timestamp:
    """A day label (naive, or a UTC midnight standing for a local day) as a naive day."""
    stamp = pd.Timestamp(value)
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()


def period_notes(periods, *, freq: str, span) -> pd.Series:
    """Per period start, a hover remark if the period is only partly inside ``span``, else "".

    Parameters
    ----------
    periods
        Period starts (naive local days), as the stage functions' ``period`` column.
    freq
        ``'W'`` (weeks from Monday) or ``'MS'`` (months).
    span
        ``(first, last)`` day the data covers (:meth:`ronr.store.Workspace.covered_span`), or
        None: no period is marked.

    Returns
    -------
    Series
        Aligned with ``periods``: e.g. ``' (part of the week only: 01 Jan – 05 Jan)'``. A
        week of which some days lie outside the data counts fewer days, so its count is not
        a drop.
    """
    starts = pd.to_datetime(pd.Series(periods))
    if starts.dt.tz is not None:
        starts = starts.dt.tz_localize(None)
    if span is None or not len(starts):
        return pd.Series("", index=starts.index, dtype=object)
    first, last = (_day(d) for d in span)
    ends = starts + (pd.Timedelta(days=6) if freq == "W" else pd.offsets.MonthEnd(0))
    unit = PERIOD_UNITS[freq]
    return pd.Series(
        [
            f" (part of the {unit} only: {max(s, first):%d %b} – {min(e, last):%d %b})"
            if s < first or e > last
            else ""
            for s, e in zip(starts, ends, strict=True)
        ],
        index=starts.index,
        dtype=object,
    )


def _partial_note(notes: pd.Series, *, freq: str, span, how: str) -> list[str]:
    """The sentence under the title saying what marks a partial period (none if none is)."""
    if span is None or not (notes != "").any():
        return []
    # no-break spaces: a wrapped note never splits a date
    first, last = (f"{_day(d):%d\u00a0%b\u00a0%Y}" for d in span)
    return [
        f"{how}: {PERIOD_UNITS[freq]}s only partly inside the data ({first} – {last}), so they "
        "cover fewer days than the others."
    ]


def _values(series) -> list:
    """Plain values with None for missing (plotly writes None as a gap)."""
    return [None if pd.isna(v) else v for v in series]


def _line(
    fig: go.Figure,
    x,
    y,
    *,
    notes: Sequence[str],
    name: str,
    color: str,
    hover: str,
    extra: str | None = None,
    width: float = 2,
    markers: bool = False,
    customdata=None,
    showlegend: bool = True,
    **where,
) -> None:
    """A line of ``y`` over ``x``, solid over whole periods and dotted into partial ones.

    ``notes`` has one hover remark per point, non-empty for a partial period
    (:func:`period_notes`): those points get open markers on a dotted stretch, so a week with
    fewer days never reads as a drop. ``extra`` is the hover box's side label (``name``).
    ``where`` places the traces (``row``, ``col``, ``secondary_y``).
    """
    x, y = list(x), _values(y)
    partial = np.array([bool(n) for n in notes], dtype=bool)
    side = f"<extra>{name if extra is None else extra}</extra>"
    solid = [None if p else v for v, p in zip(y, partial, strict=True)]
    drawn = sum(v is not None for v in solid)
    fig.add_scatter(
        x=x,
        y=solid,
        name=name,
        legendgroup=name,
        showlegend=showlegend,
        mode="lines+markers" if markers or drawn == 1 else "lines",  # one point draws no line
        line={"color": color, "width": width},
        marker={"color": color},
        customdata=customdata,
        hovertemplate=hover + side,
        cliponaxis=False,  # a point on the axis's edge (net sentiment +1) drawn whole
        **where,
    )
    if not partial.any():
        return
    near = partial.copy()
    near[1:] |= partial[:-1]
    near[:-1] |= partial[1:]
    fig.add_scatter(
        x=x,
        y=[v if n else None for v, n in zip(y, near, strict=True)],
        name=name,
        legendgroup=name,
        showlegend=False,
        mode="lines+markers",
        line={"color": color, "width": width, "dash": "dot"},
        # an open marker on each partial point; the whole neighbour it joins keeps its own
        marker={
            "color": color,
            "symbol": ["circle-open" if p else "circle" for p in partial],
            "size": [9 if p else 0 for p in partial],
            "line": {"width": 2},
        },
        customdata=customdata,
        hovertemplate=[hover + note + side for note in notes],
        cliponaxis=False,
        **where,
    )


def _brand_lines(
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    column: str,
    brand: str,
    hover: str,
    notes: pd.Series,
) -> go.Figure:
    """One line per brand of ``table[column]`` over ``period``, the client's ``brand`` first
    and bold; partial periods (``notes``) dotted."""
    brands = brand_order(table["brand"], brand=brand)
    colors = brand_colors(brands, brand=brand)
    for name in brands:
        mine = (table["brand"] == name).to_numpy()
        rows = table[mine]
        _line(
            fig,
            rows["period"],
            rows[column],
            notes=list(notes.to_numpy()[mine]),
            name=escape_text(name),
            color=colors[name],
            width=3 if name == brand else 1.5,
            hover=hover,
            customdata=rows[["n"]] if "n" in rows else None,
        )
    return fig


def plot_mention_volume(
    weekly: pd.DataFrame, *, brand: str, timezone: str = "UTC", span=None
) -> go.Figure | None:
    """Mentions per brand per week (output of ``listen.count_mentions(freq="W")``).

    ``span`` is the first and last day the mentions cover: weeks only partly inside it are
    dotted. None when there is nothing to draw.
    """
    notes = period_notes(weekly["period"], freq="W", span=span)
    fig = _brand_lines(
        go.Figure(),
        weekly,
        column="mentions",
        brand=brand,
        hover="%{x|%d %b %Y}: %{y:,} mentions",
        notes=notes,
    )
    fig.update_yaxes(title="mentions", rangemode="tozero")
    fig.update_xaxes(title=zone_label("week starting", timezone))
    _period_ticks(fig, weekly["period"], freq="W")
    return _finish(
        fig,
        title="Mentions per week",
        notes=_partial_note(notes, freq="W", span=span, how="Dotted, open points"),
    )


def plot_share_of_voice(
    weekly: pd.DataFrame,
    *,
    brand: str,
    column: str = "share_of_voice",
    timezone: str = "UTC",
    span=None,
) -> go.Figure | None:
    """Stacked area of share of voice per week (output of ``listen.share_of_voice(freq="W")``).

    A stacked area cannot be dotted, so the stretch into a week only partly inside ``span`` is
    faded. None when there is nothing to draw.
    """
    notes = period_notes(weekly["period"], freq="W", span=span)
    brands = brand_order(weekly["brand"], brand=brand)
    colors = brand_colors(brands, brand=brand)
    fig = go.Figure()
    for name in brands:
        mine = (weekly["brand"] == name).to_numpy()
        rows = weekly[mine]
        fig.add_scatter(
            x=rows["period"],
            y=rows[column],
            name=escape_text(name),
            mode="lines" if len(rows) > 1 else "markers",
            line={"color": colors[name], "width": 0.5},
            stackgroup="sov",
            cliponaxis=False,
            hovertemplate=[
                "%{x|%d %b %Y}: %{y:.1%}" + note + "<extra>%{fullData.name}</extra>"
                for note in notes.to_numpy()[mine]
            ],
        )
    periods = sorted(set(weekly["period"]))
    partial = {p for p, note in zip(weekly["period"], notes, strict=True) if note}
    for i, period in enumerate(periods):
        if period in partial and len(periods) > 1:
            # the stretch between the partial week and the week next to it
            neighbour = periods[1] if i == 0 else periods[i - 1]
            fig.add_vrect(
                x0=min(period, neighbour),
                x1=max(period, neighbour),
                fillcolor="white",
                opacity=0.6,
                line_width=0,
                layer="above",
            )
    # plotly lists stacked traces last-first; the client's brand leads the legend as elsewhere
    fig.update_layout(legend_traceorder="normal")
    fig.update_yaxes(tickformat=".0%", range=[0, 1], title="share of mentions")
    fig.update_xaxes(title=zone_label("week starting", timezone))
    _period_ticks(fig, weekly["period"], freq="W")
    return _finish(
        fig,
        title="Share of voice per week",
        notes=_partial_note(notes, freq="W", span=span, how="Faded"),
    )


def plot_net_sentiment(
    weekly: pd.DataFrame, *, brand: str, timezone: str = "UTC", span=None
) -> go.Figure | None:
    """Net sentiment per brand per week (output of ``listen.net_sentiment(freq="W")``).

    Weeks only partly inside ``span`` are dotted. None when there is nothing to draw.
    """
    notes = period_notes(weekly["period"], freq="W", span=span)
    fig = _brand_lines(
        go.Figure(),
        weekly,
        column="net_sentiment",
        brand=brand,
        hover="%{x|%d %b %Y}: %{y:+.2f} (from %{customdata[0]:,} positive or negative mentions)",
        notes=notes,
    )
    fig.update_yaxes(range=[-1, 1], title="net sentiment", zeroline=True, zerolinecolor="#999")
    fig.update_xaxes(title=zone_label("week starting", timezone))
    _period_ticks(fig, weekly["period"], freq="W")
    return _finish(
        fig,
        title="Net sentiment per week: (positive − negative) / (positive + negative)",
        notes=_partial_note(notes, freq="W", span=span, how="Dotted, open points"),
    )


def plot_audience_fit(fit: pd.DataFrame) -> go.Figure | None:
    """Heatmap of audience fit per channel × dimension (output of ``audience.audience_fit``)."""
    if not len(fit):
        return None
    grid = fit.pivot(index="channel", columns="dimension", values="fit")
    fig = go.Figure()
    fig.add_heatmap(
        z=grid.to_numpy(),
        x=_escaped(dimension_name(d) for d in grid.columns),
        y=_channels(grid.index),
        zmin=0,
        zmax=1,
        colorscale="Blues",
        text=grid.map(lambda v: "" if pd.isna(v) else f"{v:.2f}").to_numpy(),
        texttemplate="%{text}",
        hovertemplate="%{y} · %{x}: fit %{z:.2f}<extra></extra>",
    )
    return _finish(
        fig,
        title="Audience fit: 1 − total variation distance to the target market",
        height=120 + 45 * len(grid),
    )


def _small_buckets(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Buckets under :data:`SMALL_BUCKET` of the target market, merged per channel.

    A bucket with a tiny target share gets a huge index from a few followers; together the
    small buckets are a share worth comparing. Returns ``channel bucket audience_share
    target_share index unreliable`` (``unreliable``: under the threshold even merged) and a
    note naming the merged buckets ("" when fewer than two are small).
    """
    rows = rows.assign(bucket=rows["bucket"].map(_bucket))
    small = rows["target_share"] < SMALL_BUCKET - 1e-9  # 0.04 + 0.01 is not under 0.05
    names = list(dict.fromkeys(rows.loc[small, "bucket"]))
    note = ""
    if len(names) > 1:
        few = len(names) <= 3
        label = " + ".join(names) if few else f"{len(names)} small buckets"
        named = label if few else f"{label} ({', '.join(names)})"
        note = (
            f"{named}: the buckets under {SMALL_BUCKET:.0%} of the target market, together (a "
            "small target share makes an index swing)."
        )
        merged = (
            rows[small]
            .groupby("channel", sort=False)[["audience_share", "target_share"]]
            .sum()
            .reset_index()
            .assign(bucket=label)
        )
        merged["index"] = (
            merged["audience_share"] / merged["target_share"].where(merged["target_share"] > 0)
        ) * 100
        rows = pd.concat([rows[~small], merged], ignore_index=True)
    rows = rows[["channel", "bucket", "audience_share", "target_share", "index"]]
    return rows.assign(unreliable=rows["target_share"] < SMALL_BUCKET - 1e-9), note


def plot_audience_index(index: pd.DataFrame, *, dimension: str) -> go.Figure | None:
    """Diverging bars of the audience index around 100 per bucket and channel, one dimension.

    Buckets under 5% of the target market are merged (:func:`_small_buckets`); a bar still
    under 5% is hatched and does not set the axis: cut at its end, it is labelled with its
    value. None when there is nothing to draw.
    """
    table, merged = _small_buckets(index[index["dimension"] == dimension])
    notes = [merged] if merged else []
    known = table["index"].dropna()
    reliable = table.loc[~table["unreliable"], "index"].dropna()
    top = max(100.0, (reliable if len(reliable) else known).max() if len(known) else 100.0)
    end = top * 1.1
    labels = list(dict.fromkeys(table["bucket"]))
    short = short_labels(labels)
    fig = go.Figure()
    for i, (channel, group) in enumerate(table.groupby("channel", sort=True)):
        name = _channels([channel])[0]
        cut = group["index"] > end
        fig.add_bar(
            y=[short[str(bucket)] for bucket in group["bucket"]],
            x=group["index"].clip(upper=end * 0.98) - 100,
            base=100,
            orientation="h",
            name=name,
            marker={
                "color": PALETTE[i % len(PALETTE)],
                "pattern": _hatched(group["unreliable"]),
            },
            text=[f"{v:,.0f} ▸" if c else "" for v, c in zip(group["index"], cut, strict=True)],
            textposition="inside",
            insidetextanchor="end",
            customdata=group[["audience_share", "target_share", "index"]].assign(
                label=_escaped(group["bucket"])  # the whole label, where the axis shortens it
            ),
            hovertemplate="%{customdata[3]}: index %{customdata[2]:.0f}<br>audience "
            f"%{{customdata[0]:.1%}} vs target %{{customdata[1]:.1%}}<extra>{name}</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[short[str(label)] for label in labels],
        autorange="reversed",
    )
    fig.update_xaxes(title="index", range=[0, end])  # defined in the title
    fig.add_vline(x=100, line_color="#999")
    if table["unreliable"].any():
        notes.append(
            f"Hatched: under {SMALL_BUCKET:.0%} of the target market, so a few followers swing "
            "its index; a bar cut at the axis end is labelled with its value."
        )
    return _finish(
        fig,
        title=f"Audience index by {dimension_name(dimension)} (100 = as in the target market)",
        notes=notes,
        height=max(420, 140 + len(labels) * (12 + 10 * table["channel"].nunique())),
    )


def plot_channel_mix(channels: pd.DataFrame) -> go.Figure | None:
    """Effort share, share of posts and audience fit side by side per channel.

    None with fewer than two channels: one channel holds 100 % of everything, which compares
    nothing.
    """
    if channels["channel"].nunique() < 2:
        return None
    fig = go.Figure()
    names = _channels(channels["channel"])
    for column, name, color in (
        ("effort_share", "share of effort", PALETTE[0]),
        ("share_of_posts", "share of posts", PALETTE[5]),
    ):
        fig.add_bar(
            x=names,
            y=_values(channels[column]),
            name=name,
            marker_color=color,
            hovertemplate=f"%{{x}}: %{{y:.0%}} {name}<extra></extra>",
        )
    if "fit" in channels and channels["fit"].notna().any():
        fig.add_scatter(
            x=names,
            y=_values(channels["fit"]),
            name="audience fit",
            mode="markers",
            marker={"size": 14, "symbol": "diamond", "color": PALETTE[1]},
            hovertemplate="%{x}: audience fit %{y:.2f} (1 = the target market)<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return _finish(fig, title="Channel mix: effort, posts and where the market lives")


def plot_response_times(
    table: pd.DataFrame,
    *,
    by: str,
    target_hours: float | None = None,
    timezone: str | None = None,
) -> go.Figure | None:
    """Median and 90th-percentile first-response hours per group (output of ``response_times``).

    Arrival windows are the client's hours: ``timezone`` names the zone on the axis.
    """
    fig = go.Figure()
    order = {"business hours": 0, "outside hours": 1, "closed day": 2}
    # arrival windows in the order of a day; other groupings keep their order
    table = table.sort_values(
        by, key=lambda s: s.astype(str).map(order).fillna(len(order)), kind="stable"
    )
    # two-word windows on two lines, so a phone's narrow axis never runs them together
    labels = [label.replace(" ", "<br>", 1) for label in _escaped(table[by])]
    for column, name, color in (("median_hours", "median", 0), ("p90_hours", "90th percentile", 5)):
        fig.add_bar(
            x=labels,
            y=table[column],
            name=name,
            marker_color=PALETTE[color],
            hovertemplate=f"%{{x}}: %{{y:,.1f}} hours ({name})<extra></extra>",
        )
    if target_hours:
        fig.add_hline(
            y=target_hours,
            line_dash="dash",
            line_color=NEGATIVE,
            annotation_text=f"target {target_hours:g} h",
            annotation_position="top left",  # over the first group, clear of the tall bars
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="clock hours", rangemode="tozero")
    if timezone:
        fig.update_xaxes(title=zone_label("when the mention arrived", timezone))
    return _finish(fig, title="First-response time (clock hours)")


def plot_rates_over_time(
    monthly: pd.DataFrame,
    *,
    columns: dict[str, str],
    title: str,
    percent: bool = False,
    timezone: str = "UTC",
    span=None,
) -> go.Figure | None:
    """One panel per rate column over ``period`` (rates of different sizes stay readable).

    ``percent`` formats the axes as percentages (for rates that are shares); every axis starts
    at 0. Months only partly inside ``span`` (the days the posts cover) are dotted. None when
    there is nothing to draw, or fewer than two months to draw: one point is no trend (the
    tables give the period's rates).
    """
    if monthly[list(columns)].notna().any(axis=1).sum() < 2:
        return None
    fig = make_subplots(
        rows=len(columns), cols=1, shared_xaxes=True, subplot_titles=list(columns.values())
    )
    fig.update_layout(showlegend=False)
    notes = period_notes(monthly["period"], freq="MS", span=span)
    for row, (column, label) in enumerate(columns.items(), start=1):
        _line(
            fig,
            monthly["period"],
            monthly[column],
            notes=list(notes),
            name=escape_text(label),
            color=PALETTE[row - 1],
            markers=True,
            hover="%{x|%b %Y}: %{y:" + (".2%" if percent else ".3~g") + "}",
            row=row,
            col=1,
        )
    fig.update_yaxes(rangemode="tozero", tickformat=".1%" if percent else None)
    fig.update_xaxes(title=zone_label("month", timezone), row=len(columns), col=1)
    _period_ticks(fig, monthly["period"], freq="MS")
    return _finish(
        fig,
        title=title,
        notes=_partial_note(notes, freq="MS", span=span, how="Dotted, open points"),
        height=120 + 170 * len(columns),
    )


def _calendar_order(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Weekdays Monday to Sunday and hours 0 to 23, whatever order ``table`` is in."""
    if by == "published_weekday":
        days = {day: i for i, day in enumerate(WEEKDAYS)}
        key = table[by].astype(str).str[:3].str.lower().map(days)
    elif by == "published_hour":
        key = pd.to_numeric(table[by], errors="coerce")
    else:
        return table
    return table.iloc[np.argsort(key.to_numpy(dtype=float), kind="stable")]


def _group_label(value, by: str) -> str:
    if by == "published_hour" and pd.notna(value):
        return f"{int(value):02d}:00"  # a time, never read as a number on the axis
    if by == "channel":
        return escape_text(channel_name(value))
    if by == "post_type":
        return escape_text(post_type_name(value))
    return escape_text(str(value))


def _group_means(
    table: pd.DataFrame, *, by: str, value: str, hover: str, name: str, timezone
) -> go.Figure:
    """One dot per group at its mean ``value`` with the interval ``ci_low``..``ci_high``.

    Groups with fewer than 10 posts say "few posts"; weekdays and hours are in calendar order, and name the
    ``timezone`` they are read in. ``hover`` follows the group label in the hover text.
    """
    table = _calendar_order(table, by)
    labels = [
        _group_label(v, by) + (" (few posts)" if small else "")
        for v, small in zip(table[by], table["small_sample"], strict=True)
    ]
    fig = go.Figure()
    fig.add_scatter(
        x=table[value],
        y=labels,
        mode="markers",
        marker={"size": 12, "color": PALETTE[0]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": table["ci_high"] - table[value],
            "arrayminus": table[value] - table["ci_low"],
        },
        customdata=table[["n"]],
        hovertemplate="%{y}: " + hover + " (%{customdata[0]:,} posts)<extra></extra>",
        name=name,
    )
    # categories top to bottom in the table's (calendar) order
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=labels, autorange="reversed"
    )
    if timezone:
        unit = {"published_weekday": "weekday", "published_hour": "hour"}.get(by, by)
        fig.update_yaxes(title=zone_label(unit, timezone))
    return fig


def _few_note(table: pd.DataFrame) -> list[str]:
    """The sentence under the title explaining "few posts" (none when no group is small)."""
    if not table["small_sample"].fillna(False).astype(bool).any():
        return []
    return [f"Few posts: fewer than {SMALL_SAMPLE} posts, so the interval is wide; read with care."]


def _group_height(table: pd.DataFrame) -> int:
    return max(360, 140 + 28 * len(table))


def plot_engagement_by(
    table: pd.DataFrame, *, by: str, title: str, timezone: str | None = None
) -> go.Figure | None:
    """Mean engagement per post with its interval per group (output of ``engagement.engagement_by``).

    The axis names the measure the table carries: a rate by reach or impressions (in %, from
    0), or engagements per post (a count) where the posts have neither. Groups that are times
    of publication (weekday, hour) are in calendar order and name the ``timezone`` they are
    read in. None when there is nothing to draw.
    """
    measure = table.attrs.get("measure", "engagement rate by reach")
    percent = measure.startswith("engagement rate")
    fig = _group_means(
        table,
        by=by,
        value="mean_rate",
        hover="%{x:" + (".2%" if percent else ",.1f") + "}",
        name=f"mean {measure}",
        timezone=timezone,
    )
    fig.update_xaxes(
        tickformat=".1%" if percent else ",",
        title=f"{measure}, mean with 95% interval",
        rangemode="tozero",
    )
    return _finish(fig, title=title, notes=_few_note(table), height=_group_height(table))


def plot_engagement_index(
    table: pd.DataFrame, *, by: str, title: str, timezone: str | None = None
) -> go.Figure | None:
    """Mean engagement index per group with its interval (``engagement.compare_within_channel``).

    Each post is indexed to its channel's median post (1 = typical there), so groups are
    compared within channel; the dashed line marks a typical post. Groups that are times of
    publication are in calendar order and name the ``timezone`` they are read in. None when
    there is nothing to draw.
    """
    fig = _group_means(
        table,
        by=by,
        value="mean_index",
        hover="%{x:.2f}× a typical post of its channel",
        name="mean engagement index",
        timezone=timezone,
    )
    fig.add_vline(x=1, line_dash="dash", line_color="#999")
    # what each channel's index divides (rate by reach, by impressions, or per post)
    measures = sorted(set(table.attrs.get("measures", {}).values())) or ["engagement"]
    fig.update_xaxes(title="× the channel's typical post", rangemode="tozero")
    measured = (
        f"Each post's {' / '.join(measures)}, × the typical (median) post of its channel "
        "(dashed: 1×); dots are means, bars 95% intervals."
    )
    return _finish(
        fig, title=title, notes=[measured, *_few_note(table)], height=_group_height(table)
    )


def plot_negative_spikes(daily: pd.DataFrame, *, timezone: str = "UTC") -> go.Figure | None:
    """Daily negative mentions, the spike threshold and the spike days (output of ``detect_spikes``).

    A day above the line is a spike only with at least the rule's minimum count (5 by
    default). None when there is nothing to draw, or no day could be judged (too few days
    before any of them for a threshold): a line with no threshold shows nothing to act on.
    """
    if not daily["threshold"].notna().any():
        return None
    fig = go.Figure()
    fig.add_scatter(
        x=daily["date"],
        y=daily["negative"],
        name="negative mentions",
        mode="lines" if len(daily) > 1 else "markers",
        line={"color": NEGATIVE},
        hovertemplate="%{x|%d %b %Y}: %{y:,} negative mentions<extra></extra>",
    )
    fig.add_scatter(
        x=daily["date"],
        y=daily["threshold"],
        name="spike threshold",
        mode="lines",
        line={"color": "#999", "dash": "dot"},
        hovertemplate="%{x|%d %b %Y}: spike above %{y:,.1f}<extra></extra>",
    )
    spikes = daily[daily["is_spike"]]
    fig.add_scatter(
        x=spikes["date"],
        y=spikes["negative"],
        name="spike",
        mode="markers",
        marker={"size": 10, "color": NEGATIVE, "symbol": "x"},
        hovertemplate="%{x|%d %b %Y}: spike, %{y:,} negative mentions<extra></extra>",
    )
    fig.update_yaxes(title="mentions", rangemode="tozero")
    fig.update_xaxes(title=zone_label("day", timezone), tickformatstops=DATE_TICKS)
    return _finish(
        fig,
        title="Negative mentions per day, with spikes",
        notes=[
            "Spike threshold: the usual count for the weekday plus 4 robust standard deviations."
        ],
    )


def plot_target_mix_followers(table: pd.DataFrame) -> go.Figure | None:
    """All followers and those in the target market per channel (``audience.target_mix_followers``)."""
    rows = table[table["followers"].notna()].iloc[::-1]  # biggest target audience on top
    labels = _channels(rows["channel"])
    share = rows["mix_match"].map(lambda v: "no audience data" if pd.isna(v) else f"{v:.0%}")
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=rows["followers"].astype(float),
        orientation="h",
        name="all followers",
        marker_color=MUTED,
        hovertemplate="%{y}: %{x:,.0f} followers<extra></extra>",
    )
    fig.add_bar(
        y=labels,
        x=rows["target_mix_followers"],
        orientation="h",
        name="matching the target mix",
        marker_color=CLIENT_COLOR,
        customdata=pd.DataFrame(
            {
                "share": share,
                "dims": rows["dimensions"].fillna("").map(dimension_name).map(escape_text),
            }
        ),
        hovertemplate="%{y}: about %{x:,.0f} matching the target mix (%{customdata[0]}"
        " of followers; %{customdata[1]})<extra></extra>",
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="followers (latest count)", tickformat=",d", rangemode="tozero")
    return _finish(
        fig,
        title="Followers matching the target mix (an estimate: followers × mix match)",
        height=140 + 50 * max(len(rows), 1),
    )


def _hatched(marks: Sequence) -> dict:
    """A bar marker pattern: white hatching over the bar's own colour where ``marks`` is truthy
    (a partial period's note, a flag)."""
    return {
        "shape": ["/" if mark else "" for mark in marks],
        "fillmode": "overlay",  # the series keeps its colour, so the legend still reads
        "fgcolor": "white",
        "solidity": 0.35,
    }


def plot_follower_growth(monthly: pd.DataFrame, *, span=None) -> go.Figure | None:
    """Followers at month end and net change per month, per channel (``growth.monthly_followers``).

    Months without a count show as gaps, never as 0. Months only partly inside ``span`` (the
    days the counts cover) are dotted and hatched. None when there is nothing to draw.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.1,
        subplot_titles=["Followers at month end", "Net change in the month"],
    )
    fig.update_layout(barmode="group")
    notes = period_notes(monthly["period"], freq="MS", span=span)
    noted = monthly.assign(_note=notes.to_numpy())
    for i, (channel, rows) in enumerate(noted.groupby("channel", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        name = _channels([channel])[0]
        row_notes = list(rows["_note"])
        _line(
            fig,
            rows["period"],
            rows["followers"].astype(float),
            notes=row_notes,
            name=name,
            color=color,
            markers=True,
            hover="%{x|%b %Y}: %{y:,.0f}",
            row=1,
            col=1,
        )
        fig.add_bar(
            x=rows["period"],
            y=rows["net_change"].astype(float),
            name=name,
            legendgroup=name,
            showlegend=False,
            marker={"color": color, "pattern": _hatched(row_notes)},
            customdata=rows[["growth_rate"]],
            hovertemplate=[
                "%{x|%b %Y}: %{y:+,.0f} (%{customdata[0]:+.1%})" + note + f"<extra>{name}</extra>"
                for note in row_notes
            ],
            row=2,
            col=1,
        )
    fig.update_yaxes(tickformat=",d", row=1, col=1)
    fig.update_yaxes(tickformat="+,d", zeroline=True, zerolinecolor="#999", row=2, col=1)
    # follower counts carry the platform's own day, not an instant: no zone to convert
    fig.update_xaxes(title="month (of each count's date, as exported)", row=2, col=1)
    _period_ticks(fig, monthly["period"], freq="MS")
    return _finish(
        fig,
        title="Follower growth month by month",
        notes=_partial_note(
            notes, freq="MS", span=span, how="Dotted, open points and hatched bars"
        ),
        height=560,
    )


def plot_returning_authors(
    monthly: pd.DataFrame, *, timezone: str = "UTC", span=None
) -> go.Figure | None:
    """Mentions by returning and other authors per month, and the returning share
    (``growth.monthly_repeat_engagement``).

    Months only partly inside ``span`` (the days the mentions cover) are hatched and dotted.
    None when there is nothing to draw.
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.update_layout(barmode="stack")
    notes = list(period_notes(monthly["period"], freq="MS", span=span))
    returning = monthly["returning_mentions"].astype(float)
    fig.add_bar(
        x=monthly["period"],
        y=returning,
        name="by returning authors",
        marker={"color": CLIENT_COLOR, "pattern": _hatched(notes)},
        hovertemplate=[
            "%{x|%b %Y}: %{y:,.0f} mentions by returning authors" + note + "<extra></extra>"
            for note in notes
        ],
    )
    fig.add_bar(
        x=monthly["period"],
        y=monthly["mentions"].astype(float) - returning.fillna(0),
        name="by new authors (or not judged)",
        marker={"color": MUTED, "pattern": _hatched(notes)},
        hovertemplate=[
            "%{x|%b %Y}: %{y:,.0f} mentions by new authors" + note + "<extra></extra>"
            for note in notes
        ],
    )
    if monthly["returning_share"].notna().any():  # no month judged: no line, no legend entry
        _returning_share_line(fig, monthly, notes)
    fig.update_yaxes(title="mentions", rangemode="tozero", secondary_y=False)
    most = monthly["mentions"].max()
    if pd.notna(most) and most < 5:  # whole mentions, not ticks at 0.5
        fig.update_yaxes(dtick=1, secondary_y=False)
    fig.update_yaxes(
        title="returning share",
        tickformat=".0%",
        range=[0, 1],
        dtick=0.25,  # quarters, not ticks lined up with the counts' grid (17%, 34%, ...)
        tickmode="linear",
        secondary_y=True,
        showgrid=False,
    )
    fig.update_xaxes(title=zone_label("month", timezone))
    _period_ticks(fig, monthly["period"], freq="MS")
    return _finish(
        fig,
        title="Who engages: mentions by authors who came back from an earlier month",
        notes=_partial_note(
            pd.Series(notes, dtype=object), freq="MS", span=span, how="Hatched bars, dotted line"
        ),
        height=440,
    )


def _returning_share_line(fig: go.Figure, monthly: pd.DataFrame, notes: list[str]) -> None:
    _line(
        fig,
        monthly["period"],
        monthly["returning_share"],
        notes=notes,
        name="returning share",
        color=PALETTE[1],
        markers=True,
        customdata=monthly[["mentions"]],
        hover="%{x|%b %Y}: %{y:.0%} of %{customdata[0]:,} mentions by returning authors",
        extra="",
        secondary_y=True,
    )


def plot_content_gap(gap: pd.DataFrame) -> go.Figure | None:
    """What the audience asks about against what the client posts about (``audience.content_gap``)."""
    rows = gap.iloc[::-1]  # largest gap on top
    labels = rows["theme"].astype(str).map(escape_text)
    fig = go.Figure()
    for y, q, p in zip(labels, rows["question_share"], rows["post_share"], strict=True):
        fig.add_scatter(
            x=[q, p],
            y=[y, y],
            mode="lines",
            line={"color": MUTED, "width": 3},
            showlegend=False,
            hoverinfo="skip",
        )
    fig.add_scatter(
        x=rows["question_share"],
        y=labels,
        mode="markers",
        name="share of questions",
        marker={"size": 12, "color": PALETTE[1]},
        customdata=rows[["questions", "gap", "gap_low", "gap_high"]],
        hovertemplate="%{y}: %{x:.0%} of questions (%{customdata[0]})<br>gap %{customdata[1]:+.0%}"
        " (95%: %{customdata[2]:+.0%} to %{customdata[3]:+.0%})<extra></extra>",
    )
    fig.add_scatter(
        x=rows["post_share"],
        y=labels,
        mode="markers",
        name="share of posts",
        marker={"size": 12, "color": CLIENT_COLOR},
        customdata=rows[["posts"]],
        hovertemplate="%{y}: %{x:.0%} of posts (%{customdata[0]})<extra></extra>",
    )
    fig.update_xaxes(tickformat=".0%", rangemode="tozero", title="share")
    return _finish(
        fig,
        title="Content gap: share of questions and complaints vs share of posts, per theme",
        height=140 + 40 * max(len(rows), 1),
    )


from .config import ROR_COMPONENTS  # noqa: E402  (builders of the ROR index start here)


def plot_ror_index(index: pd.DataFrame, *, timezone: str = "UTC") -> go.Figure | None:
    """The ROR index month by month, 0–100 (``ror.compute_ror_index``, indexed by month).

    The hover names how many components carried each month's index; a month carried by fewer
    than the most has an open point (its index leaves some components out). None with fewer
    than two months of index: one point is no trend.
    """
    if index["ror_index"].notna().sum() < 2:
        return None
    table = index.reset_index()
    used = table["components_used"].astype(int)
    fewer = (used < used.max()).to_numpy()
    fig = go.Figure()
    fig.add_scatter(
        x=table["period"],
        y=_values(table["ror_index"]),
        name="ROR index",
        mode="lines+markers",
        line={"color": CLIENT_COLOR, "width": 3},
        marker={
            "color": CLIENT_COLOR,
            "symbol": ["circle-open" if f else "circle" for f in fewer],
            "size": [10 if f else 7 for f in fewer],
            "line": {"width": 2},
        },
        customdata=table[["components_used"]],
        hovertemplate="%{x|%b %Y}: index %{y:.0f} of 100, from %{customdata[0]} of "
        f"{len(ROR_COMPONENTS)} components<extra></extra>",
    )
    fig.update_yaxes(title="index (0–100)", range=[0, 100])
    fig.update_xaxes(title=zone_label("month", timezone))
    _period_ticks(fig, table["period"], freq="MS")
    notes = (
        ["Open points: months in which some components had no data and were left out."]
        if fewer.any()
        else []
    )
    return _finish(
        fig, title="Return-on-Relationship index per month (0–100)", notes=notes, height=380
    )


def plot_ror_contributions(
    index: pd.DataFrame, *, names: Mapping[str, str], timezone: str = "UTC"
) -> go.Figure | None:
    """How many index points each component adds per month: stacked bars summing to the index.

    ``index`` is ``ror.compute_ror_index``'s table (``contribution_<c>`` and ``weight_<c>``
    columns); ``names`` maps each component to the name a client reads, in stacking order.
    None with fewer than two months of index.
    """
    if index["ror_index"].notna().sum() < 2:
        return None
    table = index.reset_index()
    fig = go.Figure()
    fig.update_layout(barmode="stack")
    for i, (component, name) in enumerate(names.items()):
        column = f"contribution_{component}"
        if column not in table or not table[column].fillna(0).gt(0).any():
            continue
        label = escape_text(name)
        fig.add_bar(
            x=table["period"],
            y=_values(table[column]),
            name=label,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=table[[f"weight_{component}"]].fillna(0),
            hovertemplate=f"%{{x|%b %Y}}: {label} adds %{{y:.1f}} points "
            "(weight %{customdata[0]:.0%})<extra></extra>",
        )
    fig.update_yaxes(title="index points", rangemode="tozero")
    fig.update_xaxes(title=zone_label("month", timezone))
    _period_ticks(fig, table["period"], freq="MS")
    return _finish(
        fig,
        title="What moves the index: each component's points per month",
        notes=[
            "A component without data in a month adds nothing there; the others' weights "
            "grow to fill its share."
        ],
        height=420,
    )


MOVEMENT_LINES = {
    "moved_up": ("moved up a level", PALETTE[2]),
    "moved_down": ("moved down a level", NEGATIVE),
    "new": ("new members", PALETTE[0]),
    "returned": ("came back", PALETTE[1]),
    "left": ("left the orbit", PALETTE[5]),
}


def plot_level_movement(movement: pd.DataFrame, *, timezone: str = "UTC") -> go.Figure | None:
    """Members moving up, down, in and out per month, and the gravity (``orbit.count_movement``).

    None with fewer than two months: a first month has only newcomers, and no movement.
    """
    if len(movement) < 2:
        return None
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.12,
        # subplot titles are annotations, never wrapped: short enough for a phone
        subplot_titles=["Members who moved", "Gravity (change per member)"],
    )
    for column, (name, color) in MOVEMENT_LINES.items():
        fig.add_scatter(
            x=movement["period"],
            y=_values(movement[column].astype(float)),
            name=name,
            mode="lines+markers",
            line={"color": color, "width": 2},
            hovertemplate=f"%{{x|%b %Y}}: %{{y:,.0f}} {name}<extra></extra>",
            row=1,
            col=1,
        )
    gravity = movement["gravity"].astype(float)
    fig.add_bar(
        x=movement["period"],
        y=_values(gravity),
        name="gravity",
        showlegend=False,
        marker_color=[NEGATIVE if v < 0 else PALETTE[2] for v in gravity.fillna(0)],
        customdata=movement[["members"]],
        hovertemplate="%{x|%b %Y}: gravity %{y:+.2f} over %{customdata[0]:,} members"
        "<extra></extra>",
        row=2,
        col=1,
    )
    fig.update_yaxes(title="members", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(zeroline=True, zerolinecolor="#999", row=2, col=1)
    fig.update_xaxes(title=zone_label("month", timezone), row=2, col=1)
    _period_ticks(fig, movement["period"], freq="MS")
    return _finish(fig, title="How members move between levels, month by month", height=560)


def plot_cohort_returns(cohorts: pd.DataFrame) -> go.Figure | None:
    """Share of each first-month cohort active again k months later (``orbit.cohort_returns``).

    A heatmap: one row per cohort (oldest on top), one column per month after the first; the
    first month (100% by definition) is left out, months past the data are blank.
    """
    later = [c for c in cohorts.columns if isinstance(c, int) and c > 0]
    if not later or cohorts.empty:
        return None
    rows = [f"{pd.Timestamp(c):%b %Y}" for c in cohorts["cohort"]]
    columns = [str(k) for k in later]
    z = cohorts[later].astype(float).to_numpy()
    top = float(np.nanmax(z)) if np.isfinite(z).any() else 1.0
    fig = go.Figure(
        go.Heatmap(
            z=[[None if np.isnan(v) else v for v in row] for row in z],
            x=columns,
            y=rows,
            customdata=np.repeat(cohorts[["size"]].to_numpy(), len(later), axis=1)[..., None],
            colorscale="Blues",
            zmin=0,
            zmax=max(top, 0.01),
            colorbar={"title": {"text": "active again"}, "tickformat": ".0%"},
            texttemplate="%{z:.0%}",
            hovertemplate="first came in %{y} (%{customdata[0]:,} members): %{z:.0%} active "
            "again in month %{x} after their first<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title="month of first mention", type="category")
    fig.update_xaxes(type="category", title="months after the first")
    return _finish(
        fig,
        title="Who comes back: share of each month's new members active again",
        height=160 + 28 * len(rows),
    )


def _signed_percent(value: float) -> str:
    """A lift as the report writes it: +12%, −8% (typographic minus)."""
    return f"{value:+.0%}".replace("-", "\u2212")


def plot_lifts(
    table: pd.DataFrame, *, title: str, dimension_in_label: bool = True
) -> go.Figure | None:
    """Each group's lift against its channel's typical post, with its interval (``resonance.lift_table``).

    One dot per row at ``median_lift`` with a bar from ``lift_low`` to ``lift_high``, in the
    table's order, top to bottom; groups that beat or trail their channel's typical post
    (their widened interval clear of 0) in green or red, the others in blue, and groups too small to
    rank in grey, labelled "needs N more posts". The dashed line at 0 is a typical post.
    None when there is nothing to draw.
    """
    if table is None or not len(table):
        return None
    rows = table.reset_index(drop=True)

    def name(row) -> str:
        return f"{row.dimension}: {row.group}" if dimension_in_label else str(row.group)

    # cut to fit a phone's axis, what is missing on a line of its own
    short = short_labels([name(row) for row in rows.itertuples()], width=28)

    def label(row) -> str:
        text = short[name(row)]
        if not row.ranked:
            more = int(row.needs_more)
            text += f"<br>needs {more:,} more post{'' if more == 1 else 's'}"
        return text

    labels = [label(row) for row in rows.itertuples()]

    def hover(row) -> str:
        text = (
            f"{escape_text(row.group)}: {_signed_percent(row.median_lift)} against its channel's "
            f"typical post (95% interval {_signed_percent(row.lift_low)} to "
            f"{_signed_percent(row.lift_high)}; {int(row.n):,} post{'' if row.n == 1 else 's'})"
        )
        return text if row.ranked else text + ", too few to rank"

    hovers = [hover(row) for row in rows.itertuples()]
    fig = go.Figure()
    kinds = (
        ("beats its channel's typical post", rows["resonates"].astype(bool), PALETTE[2]),
        ("trails its channel's typical post", rows["falls_flat"].astype(bool), NEGATIVE),
        (
            "no clear difference",
            rows["ranked"].astype(bool)
            & ~rows["resonates"].astype(bool)
            & ~rows["falls_flat"].astype(bool),
            PALETTE[0],
        ),
        ("too few posts to rank", ~rows["ranked"].astype(bool), MUTED),
    )
    for name, mask, color in kinds:
        part = rows[mask.to_numpy()]
        if not len(part):
            continue
        where = np.flatnonzero(mask.to_numpy())
        # in percent of the typical post: a lift runs below 0, so no share axis from 0
        fig.add_scatter(
            x=100 * part["median_lift"],
            y=[labels[i] for i in where],
            mode="markers",
            name=name,
            marker={"size": 11, "color": color},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": 100 * (part["lift_high"] - part["median_lift"]),
                "arrayminus": 100 * (part["median_lift"] - part["lift_low"]),
                "color": color,
            },
            customdata=[[hovers[i]] for i in where],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    fig.add_vline(x=0, line_dash="dash", line_color="#999")
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=labels, autorange="reversed"
    )
    fig.update_xaxes(title="lift", tickformat="+,.0f", ticksuffix="%")
    fig.update_layout(showlegend=True)
    return _finish(
        fig,
        title=title,
        notes=[
            "Median engagement of each group's posts against the typical (median) post of the "
            "same channel (dashed: typical); bars are 95% intervals."
        ],
        height=max(360, 140 + 28 * len(rows)),
    )


def plot_timing_heatmap(
    cells: pd.DataFrame, *, channel: str, timezone: str = "UTC", min_posts: int = 5
) -> go.Figure | None:
    """One channel's weekday-and-hour map of engagement (``timing.timing_heatmap``).

    A cell's colour is the median engagement index of the posts published in it (blue above a
    typical post of the channel, red below); a cell with fewer than ``min_posts`` posts is
    blank and its hover says how many it has. None when no cell has a value.
    """
    own = cells[cells["channel"] == channel]
    if not len(own) or not own["shown"].astype(bool).any():
        return None
    days = list(dict.fromkeys(own["weekday"]))
    hours = list(range(24))
    grid = own.set_index(["weekday", "hour"])
    z, text = [], []
    for day in days:
        row_z, row_text = [], []
        for hour in hours:
            n = int(grid.at[(day, hour), "n"]) if (day, hour) in grid.index else 0
            value = grid.at[(day, hour), "median_index"] if (day, hour) in grid.index else np.nan
            when = f"{day} {hour:02d}:00"
            if pd.notna(value):
                row_z.append(float(value))
                row_text.append(f"{when}: {value:.2f}× a typical post of the channel ({n:,} posts)")
            else:
                row_z.append(None)
                row_text.append(
                    f"{when}: {n:,} post{'' if n == 1 else 's'}, too few to show (needs {min_posts})"
                )
        z.append(row_z)
        text.append(row_text)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{h:02d}:00" for h in hours],
            y=days,
            customdata=text,
            colorscale="RdBu",
            zmid=1,
            hoverongaps=True,
            colorbar={"title": {"text": "× typical post"}},
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", title=zone_label("weekday", timezone))
    fig.update_xaxes(type="category", title=zone_label("hour of publication", timezone))
    return _finish(
        fig,
        title=f"Best time to post on {channel_name(channel)}",
        notes=[
            f"Median engagement of the posts in each hour against the channel's typical post; "
            f"blank: fewer than {min_posts} posts."
        ],
        height=380,
    )
