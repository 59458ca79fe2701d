"""Plotly figure builders and the one report theme.

Each builder takes the table a stage function returns and gives a figure; text that came from
social media is escaped before it reaches a hover label.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

PALETTE = ["#1f4e79", "#e07a1f", "#3a9d5d", "#b03a48", "#7b5ea7", "#6c757d", "#c9a227"]
CLIENT_COLOR = PALETTE[0]
POSITIVE, NEUTRAL, NEGATIVE = "#3a9d5d", "#adb5bd", "#b03a48"

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
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        xaxis={"gridcolor": "#eee", "zeroline": False},
        yaxis={"gridcolor": "#eee", "zeroline": False},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"namelength": -1},
    )
)


def _figure(title: str, *, height: int = 420) -> go.Figure:
    return go.Figure(
        layout={"template": "ronr", "title": {"text": html.escape(title)}, "height": height}
    )


def brand_colors(brands: list[str], *, client: str) -> dict[str, str]:
    """The client in the house colour, competitors in the rest of the palette."""
    others = [b for b in brands if b != client]
    return {
        client: CLIENT_COLOR,
        **{b: PALETTE[1 + i % (len(PALETTE) - 1)] for i, b in enumerate(others)},
    }


def plot_share_of_voice(
    weekly: pd.DataFrame, *, client: str, column: str = "share_of_voice"
) -> go.Figure:
    """Stacked area of share of voice over time (output of ``listen.share_of_voice(freq=...)``)."""
    fig = _figure("Share of voice per week")
    brands = list(dict.fromkeys([client, *weekly["brand"]]))
    colors = brand_colors(brands, client=client)
    for brand in brands:
        rows = weekly[weekly["brand"] == brand]
        fig.add_scatter(
            x=rows["period"],
            y=rows[column],
            name=html.escape(brand),
            stackgroup="sov",
            mode="lines",
            line={"width": 0.5, "color": colors[brand]},
            hovertemplate="%{x|%d %b %Y}: %{y:.1%}<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(tickformat=".0%", range=[0, 1], title="share of mentions")
    return fig


def plot_net_sentiment(weekly: pd.DataFrame, *, client: str) -> go.Figure:
    """Net sentiment per brand over time (output of ``listen.net_sentiment(freq=...)``)."""
    fig = _figure("Net sentiment per week: (positive − negative) / (positive + negative)")
    brands = list(dict.fromkeys([client, *weekly["brand"]]))
    colors = brand_colors(brands, client=client)
    for brand in brands:
        rows = weekly[weekly["brand"] == brand]
        fig.add_scatter(
            x=rows["period"],
            y=rows["net_sentiment"],
            name=html.escape(brand),
            mode="lines",
            line={"color": colors[brand], "width": 3 if brand == client else 1.5},
            customdata=rows[["n"]],
            hovertemplate="%{x|%d %b %Y}: %{y:.2f} (n = %{customdata[0]})<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(range=[-1, 1], title="net sentiment", zeroline=True, zerolinecolor="#999")
    return fig


def plot_audience_fit(fit: pd.DataFrame) -> go.Figure:
    """Heatmap of audience fit per channel × dimension (output of ``audience.audience_fit``)."""
    grid = fit.pivot(index="channel", columns="dimension", values="fit")
    fig = _figure(
        "Audience fit: 1 − total variation distance to the target market",
        height=120 + 45 * len(grid),
    )
    fig.add_heatmap(
        z=grid.to_numpy(),
        x=list(grid.columns),
        y=list(grid.index),
        zmin=0,
        zmax=1,
        colorscale="Blues",
        text=grid.map(lambda v: "" if pd.isna(v) else f"{v:.2f}").to_numpy(),
        texttemplate="%{text}",
        hovertemplate="%{y} · %{x}: fit %{z:.2f}<extra></extra>",
    )
    return fig


def plot_audience_index(index: pd.DataFrame, *, dimension: str) -> go.Figure:
    """Diverging bars of the audience index − 100 per bucket and channel for one dimension."""
    rows = index[index["dimension"] == dimension]
    fig = _figure(f"Audience index by {dimension} (100 = as in the target market)")
    for i, (channel, group) in enumerate(rows.groupby("channel", sort=True)):
        fig.add_bar(
            y=group["bucket"],
            x=group["index"] - 100,
            base=100,
            orientation="h",
            name=channel,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=group[["audience_share", "target_share"]],
            hovertemplate="%{y}: index %{x:.0f}<br>audience %{customdata[0]:.1%} vs target %{customdata[1]:.1%}"
            f"<extra>{html.escape(channel)}</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="index (audience share / target share × 100)")
    fig.add_vline(x=100, line_color="#999")
    return fig


def plot_channel_mix(channels: pd.DataFrame) -> go.Figure:
    """Effort share, share of posts and audience fit side by side per channel."""
    fig = _figure("Channel mix: effort, posts and where the market lives")
    fig.add_bar(
        x=channels["channel"],
        y=channels["effort_share"],
        name="effort share",
        marker_color=PALETTE[0],
    )
    fig.add_bar(
        x=channels["channel"],
        y=channels["share_of_posts"],
        name="share of posts",
        marker_color=PALETTE[5],
    )
    if "fit" in channels:
        fig.add_scatter(
            x=channels["channel"],
            y=channels["fit"],
            name="audience fit",
            mode="markers",
            marker={"size": 14, "symbol": "diamond", "color": PALETTE[1]},
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


def plot_response_times(
    table: pd.DataFrame, *, by: str, target_hours: float | None = None
) -> go.Figure:
    """Median and 90th-percentile first-response hours per group (output of ``response_times``)."""
    fig = _figure("First-response time (hours)")
    order = {"business hours": 0, "outside hours": 1, "closed day": 2}
    # arrival windows in the order of a day; other groupings keep their order
    table = table.sort_values(
        by, key=lambda s: s.astype(str).map(order).fillna(len(order)), kind="stable"
    )
    labels = table[by].astype(str)
    fig.add_bar(x=labels, y=table["median_hours"], name="median", marker_color=PALETTE[0])
    fig.add_bar(x=labels, y=table["p90_hours"], name="90th percentile", marker_color=PALETTE[5])
    if target_hours:
        fig.add_hline(
            y=target_hours,
            line_dash="dash",
            line_color=NEGATIVE,
            annotation_text=f"target {target_hours:g} h",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="hours")
    return fig


def plot_rates_over_time(
    monthly: pd.DataFrame, *, columns: dict[str, str], title: str, percent: bool = False
) -> go.Figure:
    """One panel per rate column over ``period`` (rates of different sizes stay readable).

    ``percent`` formats the axes as percentages (for rates that are shares).
    """
    fig = make_subplots(
        rows=len(columns), cols=1, shared_xaxes=True, subplot_titles=list(columns.values())
    )
    fig.update_layout(
        template="ronr",
        title={"text": html.escape(title)},
        height=180 + 170 * len(columns),
        showlegend=False,
    )
    for row, (column, label) in enumerate(columns.items(), start=1):
        fig.add_scatter(
            x=monthly["period"],
            y=monthly[column],
            name=label,
            mode="lines+markers",
            row=row,
            col=1,
            line={"color": PALETTE[row - 1]},
            hovertemplate="%{x|%b %Y}: %{y:"
            + (".2%" if percent else ".3~g")
            + "}<extra>"
            + html.escape(label)
            + "</extra>",
        )
    if percent:
        fig.update_yaxes(tickformat=".1%")
    return fig


def plot_engagement_by(table: pd.DataFrame, *, by: str, title: str) -> go.Figure:
    """Mean engagement rate with its interval per group (output of ``tweak.engagement_by``)."""
    fig = _figure(title)
    labels = table[by].astype(str).map(html.escape) + table["small_sample"].map(
        {True: " (n < 10)", False: ""}
    )
    fig.add_scatter(
        x=table["mean_rate"],
        y=labels,
        mode="markers",
        marker={"size": 12, "color": PALETTE[0]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": table["ci_high"] - table["mean_rate"],
            "arrayminus": table["mean_rate"] - table["ci_low"],
        },
        customdata=table[["n"]],
        hovertemplate="%{y}: %{x:.2%} (n = %{customdata[0]})<extra></extra>",
        name="mean engagement rate",
    )
    fig.update_xaxes(tickformat=".1%", title="engagement rate per post (by reach), 95% interval")
    fig.update_yaxes(autorange="reversed")
    return fig


def plot_negative_spikes(daily: pd.DataFrame) -> go.Figure:
    """Daily negative mentions, the spike threshold and the spike days (output of ``detect_spikes``)."""
    fig = _figure("Negative mentions per day, with spikes")
    fig.add_scatter(
        x=daily["date"],
        y=daily["negative"],
        name="negative mentions",
        mode="lines",
        line={"color": NEGATIVE},
    )
    fig.add_scatter(
        x=daily["date"],
        y=daily["threshold"],
        name="trailing mean + k·σ",
        mode="lines",
        line={"color": "#999", "dash": "dot"},
    )
    spikes = daily[daily["is_spike"]]
    fig.add_scatter(
        x=spikes["date"],
        y=spikes["negative"],
        name="spike",
        mode="markers",
        marker={"size": 10, "color": NEGATIVE, "symbol": "x"},
    )
    fig.update_yaxes(title="mentions")
    return fig
