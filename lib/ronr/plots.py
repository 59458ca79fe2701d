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
NEGATIVE = "#b03a48"  # negative mentions, spikes and missed targets

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
        xaxis={"gridcolor": "#eee", "zeroline": False, "automargin": True},
        yaxis={"gridcolor": "#eee", "zeroline": False, "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"namelength": -1},
    )
)


def _figure(title: str, *, height: int = 420) -> go.Figure:
    return go.Figure(
        layout={"template": "ronr", "title": {"text": html.escape(title)}, "height": height}
    )


def _escaped(values) -> list[str]:
    """Category labels made safe: plotly renders <a>, <b> and <span style> in axis text."""
    return [html.escape(str(v)) for v in values]


def zone_label(unit: str, timezone: str) -> str:
    """An axis title naming the zone periods are cut in, e.g. ``week starting (Europe/London time)``."""
    return f"{unit} ({html.escape(timezone)} time)"


def brand_colors(brands: list[str], *, brand: str) -> dict[str, str]:
    """The client's ``brand`` in the house colour, competitors in the rest of the palette."""
    others = [b for b in brands if b != brand]
    return {
        brand: CLIENT_COLOR,
        **{b: PALETTE[1 + i % (len(PALETTE) - 1)] for i, b in enumerate(others)},
    }


def _brand_lines(
    fig: go.Figure, table: pd.DataFrame, *, column: str, brand: str, hover: str, **trace
) -> go.Figure:
    """One line per brand of ``table[column]`` over ``period``, the client's ``brand`` first
    and bold."""
    brands = list(dict.fromkeys([brand, *table["brand"]]))
    colors = brand_colors(brands, brand=brand)
    for name in brands:
        rows = table[table["brand"] == name]
        style = {"color": colors[name], "width": 3 if name == brand else 1.5}
        fig.add_scatter(
            x=rows["period"],
            y=rows[column],
            name=html.escape(name),
            mode="lines" if len(rows) > 1 else "markers",  # one point draws no line
            line=style,
            customdata=rows[["n"]] if "n" in rows else None,
            hovertemplate=hover + "<extra>%{fullData.name}</extra>",
            **trace,
        )
    return fig


def plot_mention_volume(weekly: pd.DataFrame, *, brand: str, timezone: str = "UTC") -> go.Figure:
    """Mentions per brand per period (output of ``listen.count_mentions(freq=...)``)."""
    fig = _brand_lines(
        _figure("Mentions per week"),
        weekly,
        column="mentions",
        brand=brand,
        hover="%{x|%d %b %Y}: %{y:,} mentions",
    )
    fig.update_yaxes(title="mentions", rangemode="tozero")
    fig.update_xaxes(title=zone_label("week starting", timezone))
    return fig


def plot_share_of_voice(
    weekly: pd.DataFrame, *, brand: str, column: str = "share_of_voice", timezone: str = "UTC"
) -> go.Figure:
    """Stacked area of share of voice over time (output of ``listen.share_of_voice(freq=...)``)."""
    fig = _brand_lines(
        _figure("Share of voice per week"),
        weekly,
        column=column,
        brand=brand,
        hover="%{x|%d %b %Y}: %{y:.1%}",
        stackgroup="sov",
    )
    fig.update_traces(line_width=0.5)
    fig.update_yaxes(tickformat=".0%", range=[0, 1], title="share of mentions")
    fig.update_xaxes(title=zone_label("week starting", timezone))
    return fig


def plot_net_sentiment(weekly: pd.DataFrame, *, brand: str, timezone: str = "UTC") -> go.Figure:
    """Net sentiment per brand over time (output of ``listen.net_sentiment(freq=...)``)."""
    fig = _brand_lines(
        _figure("Net sentiment per week: (positive − negative) / (positive + negative)"),
        weekly,
        column="net_sentiment",
        brand=brand,
        hover="%{x|%d %b %Y}: %{y:.2f} (n = %{customdata[0]})",
    )
    fig.update_yaxes(range=[-1, 1], title="net sentiment", zeroline=True, zerolinecolor="#999")
    fig.update_xaxes(title=zone_label("week starting", timezone))
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
        x=_escaped(grid.columns),
        y=_escaped(grid.index),
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
    fig = _figure(
        f"Audience index by {str(dimension).replace('_', ' ')} (100 = as in the target market)"
    )
    for i, (channel, group) in enumerate(rows.groupby("channel", sort=True)):
        fig.add_bar(
            y=_escaped(group["bucket"]),
            x=group["index"] - 100,
            base=100,
            orientation="h",
            name=html.escape(str(channel)),
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=group[["audience_share", "target_share"]],
            hovertemplate="%{y}: index %{x:.0f}<br>audience %{customdata[0]:.1%} vs target %{customdata[1]:.1%}"
            f"<extra>{html.escape(str(channel))}</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="index (audience share / target share × 100)")
    fig.add_vline(x=100, line_color="#999")
    return fig


def plot_channel_mix(channels: pd.DataFrame) -> go.Figure:
    """Effort share, share of posts and audience fit side by side per channel."""
    fig = _figure("Channel mix: effort, posts and where the market lives")
    names = _escaped(channels["channel"])
    fig.add_bar(
        x=names,
        y=channels["effort_share"],
        name="effort share",
        marker_color=PALETTE[0],
    )
    fig.add_bar(
        x=names,
        y=channels["share_of_posts"],
        name="share of posts",
        marker_color=PALETTE[5],
    )
    if "fit" in channels:
        fig.add_scatter(
            x=names,
            y=channels["fit"],
            name="audience fit",
            mode="markers",
            marker={"size": 14, "symbol": "diamond", "color": PALETTE[1]},
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


def plot_response_times(
    table: pd.DataFrame,
    *,
    by: str,
    target_hours: float | None = None,
    timezone: str | None = None,
) -> go.Figure:
    """Median and 90th-percentile first-response hours per group (output of ``response_times``).

    Arrival windows are the client's hours: ``timezone`` names the zone on the axis.
    """
    fig = _figure("First-response time (clock hours)")
    order = {"business hours": 0, "outside hours": 1, "closed day": 2}
    # arrival windows in the order of a day; other groupings keep their order
    table = table.sort_values(
        by, key=lambda s: s.astype(str).map(order).fillna(len(order)), kind="stable"
    )
    labels = _escaped(table[by])
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
    fig.update_yaxes(title="clock hours")
    if timezone:
        fig.update_xaxes(title=zone_label("when the mention arrived", timezone))
    return fig


def plot_rates_over_time(
    monthly: pd.DataFrame,
    *,
    columns: dict[str, str],
    title: str,
    percent: bool = False,
    timezone: str = "UTC",
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
    fig.update_xaxes(title=zone_label("month", timezone), row=len(columns), col=1)
    return fig


def _group_means(
    table: pd.DataFrame, *, by: str, value: str, title: str, hover: str, name: str, timezone
) -> go.Figure:
    """One dot per group at its mean ``value`` with the interval ``ci_low``..``ci_high``.

    Groups with n < 10 say so; groups that are times of publication (weekday, hour) name the
    ``timezone`` they are read in. ``hover`` follows the group label in the hover text.
    """
    fig = _figure(title)
    labels = table[by].astype(str).map(html.escape) + table["small_sample"].map(
        {True: " (n < 10)", False: ""}
    )
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
        hovertemplate="%{y}: " + hover + " (n = %{customdata[0]})<extra></extra>",
        name=name,
    )
    fig.update_yaxes(autorange="reversed")
    if timezone:
        unit = {"published_weekday": "weekday", "published_hour": "hour"}.get(by, by)
        fig.update_yaxes(title=zone_label(unit, timezone))
    return fig


def plot_engagement_by(
    table: pd.DataFrame, *, by: str, title: str, timezone: str | None = None
) -> go.Figure:
    """Mean engagement per post with its interval per group (output of ``engagement.engagement_by``).

    The axis names the measure the table carries: a rate by reach or impressions (in %), or
    engagements per post (a count) where the posts have neither. Groups that are times of
    publication (weekday, hour) name the ``timezone`` they are read in.
    """
    measure = table.attrs.get("measure", "engagement rate by reach")
    percent = measure.startswith("engagement rate")
    fig = _group_means(
        table,
        by=by,
        value="mean_rate",
        title=title,
        hover="%{x:" + (".2%" if percent else ",.1f") + "}",
        name=f"mean {measure}",
        timezone=timezone,
    )
    fig.update_xaxes(
        tickformat=".1%" if percent else ",", title=f"{measure}, mean with 95% interval"
    )
    return fig


def plot_engagement_index(
    table: pd.DataFrame, *, by: str, title: str, timezone: str | None = None
) -> go.Figure:
    """Mean engagement index per group with its interval (``engagement.compare_within_channel``).

    Each post is indexed to its channel's median post (1 = typical there), so groups are
    compared within channel; the dashed line marks a typical post. Groups that are times of
    publication name the ``timezone`` they are read in.
    """
    fig = _group_means(
        table,
        by=by,
        value="mean_index",
        title=title,
        hover="%{x:.2f}× a typical post of its channel",
        name="mean engagement index",
        timezone=timezone,
    )
    fig.add_vline(x=1, line_dash="dash", line_color="#999")
    # what each channel's index divides (rate by reach, by impressions, or per post)
    measures = sorted(set(table.attrs.get("measures", {}).values())) or ["engagement"]
    fig.update_xaxes(
        title=f"{html.escape(' / '.join(measures))}, × the channel's typical post "
        "(mean with 95% interval)",
        rangemode="tozero",
    )
    return fig


def plot_negative_spikes(daily: pd.DataFrame, *, timezone: str = "UTC") -> go.Figure:
    """Daily negative mentions, the spike threshold and the spike days (output of ``detect_spikes``).

    A day above the line is a spike only with at least the rule's minimum count (5 by default).
    """
    fig = _figure("Negative mentions per day, with spikes")
    fig.add_scatter(
        x=daily["date"],
        y=daily["negative"],
        name="negative mentions",
        mode="lines" if len(daily) > 1 else "markers",
        line={"color": NEGATIVE},
    )
    fig.add_scatter(
        x=daily["date"],
        y=daily["threshold"],
        name="spike threshold (usual for the weekday + 4 robust σ)",
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
    fig.update_xaxes(title=zone_label("day", timezone))
    return fig


def plot_target_mix_followers(table: pd.DataFrame) -> go.Figure:
    """All followers and those in the target market per channel (``audience.target_mix_followers``)."""
    rows = table[table["followers"].notna()].iloc[::-1]  # biggest target audience on top
    fig = _figure(
        "Followers matching the target mix (an estimate: followers × mix match)",
        height=140 + 50 * max(len(rows), 1),
    )
    labels = rows["channel"].map(html.escape)
    share = rows["mix_match"].map(lambda v: "no audience data" if pd.isna(v) else f"{v:.0%}")
    fig.add_bar(
        y=labels,
        x=rows["followers"].astype(float),
        orientation="h",
        name="all followers",
        marker_color="#ced4da",
        hovertemplate="%{y}: %{x:,.0f} followers<extra></extra>",
    )
    fig.add_bar(
        y=labels,
        x=rows["target_mix_followers"],
        orientation="h",
        name="matching the target mix",
        marker_color=CLIENT_COLOR,
        customdata=pd.DataFrame(
            {"share": share, "dims": rows["dimensions"].fillna("").map(html.escape)}
        ),
        hovertemplate="%{y}: about %{x:,.0f} matching the target mix (%{customdata[0]}"
        " of followers; %{customdata[1]})<extra></extra>",
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title="followers (latest count)", tickformat=",d")
    return fig


def plot_follower_growth(monthly: pd.DataFrame) -> go.Figure:
    """Followers at month end and net change per month, per channel (``growth.monthly_followers``).

    Months without a count show as gaps, never as 0.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.08,
        subplot_titles=["Followers at month end", "Net change in the month"],
    )
    fig.update_layout(
        template="ronr",
        title={"text": "Follower growth month by month"},
        height=560,
        barmode="group",
    )
    for i, (channel, rows) in enumerate(monthly.groupby("channel", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        name = html.escape(str(channel))
        fig.add_scatter(
            x=rows["period"],
            y=rows["followers"].astype(float),
            name=name,
            legendgroup=name,
            mode="lines+markers",
            line={"color": color},
            connectgaps=False,
            hovertemplate="%{x|%b %Y}: %{y:,.0f}<extra>" + name + "</extra>",
            row=1,
            col=1,
        )
        fig.add_bar(
            x=rows["period"],
            y=rows["net_change"].astype(float),
            name=name,
            legendgroup=name,
            showlegend=False,
            marker_color=color,
            customdata=rows[["growth_rate"]],
            hovertemplate="%{x|%b %Y}: %{y:+,.0f} (%{customdata[0]:+.1%})<extra>"
            + name
            + "</extra>",
            row=2,
            col=1,
        )
    fig.update_yaxes(tickformat=",d", row=1, col=1)
    fig.update_yaxes(tickformat="+,d", zeroline=True, zerolinecolor="#999", row=2, col=1)
    # follower counts carry the platform's own day, not an instant: no zone to convert
    fig.update_xaxes(title="month (of each count's date, as exported)", row=2, col=1)
    return fig


def plot_returning_authors(monthly: pd.DataFrame, *, timezone: str = "UTC") -> go.Figure:
    """Mentions by returning and other authors per month, and the returning share
    (``growth.monthly_repeat_engagement``)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.update_layout(
        template="ronr",
        title={"text": "Who engages: mentions by authors who came back from an earlier month"},
        height=440,
        barmode="stack",
    )
    returning = monthly["returning_mentions"].astype(float)
    fig.add_bar(
        x=monthly["period"],
        y=returning,
        name="by returning authors",
        marker_color=CLIENT_COLOR,
        hovertemplate="%{x|%b %Y}: %{y:.0f}<extra>returning</extra>",
    )
    fig.add_bar(
        x=monthly["period"],
        y=monthly["mentions"].astype(float) - returning.fillna(0),
        name="by new authors (or not judged)",
        marker_color="#ced4da",
        hovertemplate="%{x|%b %Y}: %{y:.0f}<extra>other</extra>",
    )
    fig.add_scatter(
        x=monthly["period"],
        y=monthly["returning_share"],
        name="returning share",
        mode="lines+markers",
        line={"color": PALETTE[1]},
        customdata=monthly[["mentions"]],
        hovertemplate="%{x|%b %Y}: %{y:.0%} of %{customdata[0]} mentions<extra></extra>",
        secondary_y=True,
    )
    fig.update_yaxes(title="mentions", secondary_y=False)
    fig.update_yaxes(
        title="returning share", tickformat=".0%", range=[0, 1], secondary_y=True, showgrid=False
    )
    fig.update_xaxes(title=zone_label("month", timezone))
    return fig


def plot_content_gap(gap: pd.DataFrame) -> go.Figure:
    """What the audience asks about against what the client posts about (``audience.content_gap``)."""
    rows = gap.iloc[::-1]  # largest gap on top
    labels = rows["theme"].astype(str).map(html.escape)
    fig = _figure(
        "Content gap: share of questions and complaints vs share of posts, per theme",
        height=140 + 40 * max(len(rows), 1),
    )
    for y, q, p in zip(labels, rows["question_share"], rows["post_share"], strict=True):
        fig.add_scatter(
            x=[q, p],
            y=[y, y],
            mode="lines",
            line={"color": "#ced4da", "width": 3},
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
    return fig
