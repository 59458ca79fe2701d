import functools
import json
import re
import warnings

import pandas as pd
import plotly.graph_objects as go
import pytest

from ronr import plots

HOSTILE = "<script>alert(1)</script>"
WEEKS = pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"])  # Mondays
MONTHS = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
# from a Wednesday to a Friday: the first and the last week hold only part of their days
SPAN = (pd.Timestamp("2025-01-08", tz="UTC"), pd.Timestamp("2025-01-31", tz="UTC"))


def _weekly(column: str, values) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": list(WEEKS) * 2,
            "brand": ["Acme"] * 4 + ["Beta"] * 4,
            column: values,
            "n": [10, 12, 11, 9, 5, 6, 7, 8],
        }
    )


def _group_table(by: str, groups, value: str = "mean_index") -> pd.DataFrame:
    k = len(groups)
    return pd.DataFrame(
        {
            by: groups,
            "n": [12] * k,
            value: [1.0 + i / 10 for i in range(k)],
            "ci_low": [0.8 + i / 10 for i in range(k)],
            "ci_high": [1.2 + i / 10 for i in range(k)],
            "small_sample": [False] * k,
        }
    )


def _index_table(buckets: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """``{bucket: (audience share, target share)}`` for two channels, one dimension."""
    rows = [
        {
            "channel": channel,
            "dimension": "age",
            "bucket": bucket,
            "audience_share": audience,
            "target_share": target,
            "index": audience / target * 100 if target else float("nan"),
        }
        for channel in ("facebook", "x")
        for bucket, (audience, target) in buckets.items()
    ]
    return pd.DataFrame(rows)


@functools.cache
def every_figure() -> dict[str, go.Figure]:
    """One figure from every builder of :mod:`ronr.plots`, on small tables (built once: the
    tests only read them)."""
    monthly = pd.DataFrame(
        {"period": MONTHS, "rate": [0.02, 0.03, 0.025], "count": [40.0, 45.0, 50.0]}
    )
    lifts = pd.DataFrame(
        {
            "dimension": ["Post type"] * 3,
            "group": ["Reel", "Photo", "<b>Status</b>"],
            "n": [12, 30, 3],
            "median_lift": [0.4, -0.1, 0.2],
            "lift_low": [0.2, -0.2, -0.3],
            "lift_high": [0.6, 0.05, 0.5],
            "needs_more": [0, 0, 7],
            "ranked": [True, True, False],
            "resonates": [True, False, False],
            "falls_flat": [False, False, False],
        }
    )
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    cells = pd.DataFrame(
        {
            "channel": "facebook",
            "weekday": [d for d in days for _ in range(24)],
            "hour": list(range(24)) * 7,
            "n": [5] + [1] * 167,
            "median_index": [1.3] + [float("nan")] * 167,
            "shown": [True] + [False] * 167,
        }
    )
    return {
        "mention_volume": plots.plot_mention_volume(
            _weekly("mentions", [5, 9, 8, 3, 2, 4, 4, 1]), brand="Acme", span=SPAN
        ),
        "share_of_voice": plots.plot_share_of_voice(
            _weekly("share_of_voice", [0.6, 0.5, 0.7, 0.6, 0.4, 0.5, 0.3, 0.4]),
            brand="Acme",
            span=SPAN,
        ),
        "net_sentiment": plots.plot_net_sentiment(
            _weekly("net_sentiment", [0.2, 0.1, -0.3, 0.0, 0.5, 0.4, 0.1, -0.2]),
            brand="Acme",
            span=SPAN,
        ),
        "audience_fit": plots.plot_audience_fit(
            pd.DataFrame(
                {
                    "channel": ["facebook", "facebook", "x", "x"],
                    "dimension": ["age", "gender"] * 2,
                    "fit": [0.9, 0.8, 0.6, 0.7],
                }
            )
        ),
        "audience_index": plots.plot_audience_index(
            _index_table({"18-34": (0.5, 0.6), "35+": (0.3, 0.39), "65+": (0.2, 0.01)}),
            dimension="age",
        ),
        "channel_mix": plots.plot_channel_mix(
            pd.DataFrame(
                {
                    "channel": ["facebook", "x"],
                    "effort_share": [0.7, 0.3],
                    "share_of_posts": [0.6, 0.4],
                    "fit": [0.9, 0.5],
                }
            )
        ),
        "response_times": plots.plot_response_times(
            pd.DataFrame(
                {
                    "window": ["business hours", "outside hours"],
                    "median_hours": [1.5, 8.0],
                    "p90_hours": [3.0, 12.0],
                }
            ),
            by="window",
            target_hours=2,
            timezone="Europe/London",
        ),
        "rates_over_time": plots.plot_rates_over_time(
            monthly,
            columns={"rate": "engagement rate"},
            title="Engagement rate per month",
            percent=True,
            span=(pd.Timestamp("2025-01-15"), pd.Timestamp("2025-03-31")),
        ),
        "engagement_by": plots.plot_engagement_by(
            _group_table("published_weekday", ["Sun", "Wed", "Mon"], value="mean_rate"),
            by="published_weekday",
            title="Engagement by weekday",
            timezone="Europe/London",
        ),
        "engagement_index": plots.plot_engagement_index(
            _group_table("published_hour", [15, 9, 23, 0]),
            by="published_hour",
            title="Engagement by hour",
            timezone="Europe/London",
        ),
        "negative_spikes": plots.plot_negative_spikes(
            pd.DataFrame(
                {
                    "date": pd.date_range("2025-01-01", periods=4),
                    "negative": [1, 2, 9, 1],
                    "threshold": [5.0, 5.0, 5.0, 5.0],
                    "is_spike": [False, False, True, False],
                }
            )
        ),
        "target_mix_followers": plots.plot_target_mix_followers(
            pd.DataFrame(
                {
                    "channel": ["facebook", "x"],
                    "followers": [1000, 500],
                    "mix_match": [0.8, None],
                    "target_mix_followers": [800.0, None],
                    "dimensions": ["age", None],
                }
            )
        ),
        "follower_growth": plots.plot_follower_growth(
            pd.DataFrame(
                {
                    "period": list(MONTHS) * 2,
                    "channel": ["facebook"] * 3 + ["x"] * 3,
                    "followers": pd.array([1000, 1050, 1100, 500, 490, 480], dtype="Int64"),
                    "net_change": pd.array([20, 50, 50, -5, -10, -10], dtype="Int64"),
                    "growth_rate": [0.02, 0.05, 0.048, -0.01, -0.02, -0.02],
                }
            ),
            span=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-20")),
        ),
        "returning_authors": plots.plot_returning_authors(
            pd.DataFrame(
                {
                    "period": MONTHS,
                    "mentions": [100, 120, 90],
                    "returning_mentions": [None, 30.0, 40.0],
                    "returning_share": [None, 0.25, 0.44],
                }
            ),
            span=(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31")),
        ),
        "ror_index": plots.plot_ror_index(
            pd.DataFrame(
                {"ror_index": [35.0, 47.0, 41.0], "components_used": [4, 5, 6]},
                index=pd.Index(MONTHS, name="period"),
            ),
            timezone="Europe/London",
        ),
        "ror_contributions": plots.plot_ror_contributions(
            pd.DataFrame(
                {
                    "ror_index": [40.0, 50.0, None],
                    "weight_advocacy": [0.5, 0.5, None],
                    "weight_loyalty": [0.5, 0.5, None],
                    "contribution_advocacy": [10.0, 20.0, None],
                    "contribution_loyalty": [30.0, 30.0, None],
                },
                index=pd.Index(MONTHS, name="period"),
            ),
            names={"advocacy": "Advocacy", "loyalty": "Loyalty"},
        ),
        "level_movement": plots.plot_level_movement(
            pd.DataFrame(
                {
                    "period": MONTHS,
                    "members": [10, 14, 12],
                    "moved_up": [0, 3, 1],
                    "moved_down": [0, 1, 2],
                    "new": [10, 5, 2],
                    "returned": [0, 0, 1],
                    "left": [0, 1, 4],
                    "gravity": [None, 2.5, -1.2],
                }
            )
        ),
        "cohort_returns": plots.plot_cohort_returns(
            pd.DataFrame(
                {
                    "cohort": MONTHS,
                    "size": [10, 8, 5],
                    0: [1.0, 1.0, 1.0],
                    1: [0.3, 0.25, None],
                    2: [0.2, None, None],
                }
            )
        ),
        "lifts": plots.plot_lifts(lifts, title="What resonates"),
        "timing_heatmap": plots.plot_timing_heatmap(
            cells, channel="facebook", timezone="Europe/London"
        ),
        "content_gap": plots.plot_content_gap(
            pd.DataFrame(
                {
                    "theme": ["delivery", "app"],
                    "question_share": [0.5, 0.3],
                    "post_share": [0.1, 0.4],
                    "questions": [10, 6],
                    "gap": [0.4, -0.1],
                    "gap_low": [0.2, -0.3],
                    "gap_high": [0.6, 0.1],
                    "posts": [2, 8],
                }
            )
        ),
    }


BUILDERS = sorted(name.removeprefix("plot_") for name in dir(plots) if name.startswith("plot_"))


def test_every_builder_has_a_figure_here():
    assert sorted(every_figure()) == BUILDERS


def _axes(fig: go.Figure) -> list:
    axes = []
    fig.for_each_xaxis(axes.append)
    fig.for_each_yaxis(axes.append)
    return axes


@pytest.mark.parametrize("name", BUILDERS)
def test_every_figure_has_the_shared_layout(name):
    fig = every_figure()[name]
    assert fig.layout.template.layout.title.yref == "container"  # the "ronr" template
    title = fig.layout.title
    lines = title.text.count("<br>") + 1
    notes = title.subtitle.text.count("<br>") + 1 if title.subtitle.text else 0
    # title at top left, below the band the toolbar shows in, with room under it
    placed = fig.layout.template.layout.title
    assert (placed.x, placed.xanchor, placed.y, placed.yanchor) == (0, "left", 1, "top")
    assert placed.automargin and (title.x, title.y) == (None, None)  # the figure keeps them
    # below the toolbar's band (several lines: plotly.js draws them higher, so more padding)
    assert title.pad.t == plots.TOOLBAR_BAND + (plots.MULTILINE_SHIFT if lines > 1 else 0)
    assert fig.layout.margin.t >= title.pad.t + plots.TITLE_LINE * lines + plots.NOTE_LINE * notes
    # the legend sits in its own margin under the plot: the figure never moves it
    legend = fig.layout.template.layout.legend
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == (
        "h",
        "container",
        0,
        "bottom",
    )
    assert fig.layout.legend.y is None and fig.layout.legend.yref is None
    for axis in _axes(fig):
        assert axis.title.text is None or all(
            len(line) <= plots.AXIS_CHARS for line in axis.title.text.split("<br>")
        )
    template_axis = fig.layout.template.layout.xaxis
    assert template_axis.automargin and template_axis.title.standoff > 0


@pytest.mark.parametrize("name", BUILDERS)
def test_rate_and_percent_axes_start_at_zero(name):
    for axis in _axes(every_figure()[name]):
        if (axis.tickformat or "").endswith("%"):  # a share (d3 ".1%"), not a date format
            assert axis.rangemode == "tozero" or (axis.range and axis.range[0] == 0), name


def test_rates_and_counts_start_at_zero():
    figures = every_figure()
    assert figures["rates_over_time"].layout.yaxis.rangemode == "tozero"
    assert figures["rates_over_time"].layout.yaxis.tickformat == ".1%"
    assert figures["engagement_by"].layout.xaxis.rangemode == "tozero"
    assert figures["mention_volume"].layout.yaxis.rangemode == "tozero"
    assert figures["response_times"].layout.yaxis.rangemode == "tozero"
    assert figures["audience_index"].layout.xaxis.range[0] == 0


def test_one_config_without_share_or_links_and_a_small_toolbar():
    config = plots.PLOTLY_CONFIG
    assert config["displaylogo"] is False and config["showSendToCloud"] is False
    assert config["plotlyServerURL"] == "" and config["displayModeBar"] == "hover"
    assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert config["responsive"] is True and config["toImageButtonOptions"]["format"] == "png"
    # keys of plotly.js 4 only (showLink, linkText, showEditInChartStudio are gone there)
    assert not {"showLink", "linkText", "showEditInChartStudio", "sendData"} & set(config)


def _newplot(page: str) -> tuple[list, dict, dict]:
    """The data, layout and config of the Plotly.newPlot call in a figure's HTML."""
    text = page[page.index("Plotly.newPlot(") + len("Plotly.newPlot(") :]
    decoder, values, at = json.JSONDecoder(), [], 0
    while len(values) < 4:  # the div's id, then data, layout and config
        while text[at] in " \n\t,":
            at += 1
        value, at = decoder.raw_decode(text, at)
        values.append(value)
    return values[1], values[2], values[3]


@pytest.mark.parametrize("name", BUILDERS)
def test_rendered_figures_carry_the_config_and_no_link(name):
    fig = every_figure()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # plotly warns about a config key plotly.js lacks
        page = fig.to_html(full_html=False, include_plotlyjs=False, config=plots.plotly_config(fig))
    _, _, config = _newplot(page)
    assert config["showSendToCloud"] is False and config["displaylogo"] is False
    assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]
    assert "http" not in json.dumps(config)
    assert not re.search(r"""(href|src)=["']?https?:""", page)
    assert config["toImageButtonOptions"]["filename"] == plots._file_name(fig.layout.title.text)


def test_download_names_come_from_the_title():
    fig = every_figure()["net_sentiment"]
    name = plots.plotly_config(fig)["toImageButtonOptions"]["filename"]
    assert name == "net-sentiment-per-week-positive-negative-positive-negative"
    assert plots._file_name("Kaushik&#x27;s rates<br>per month") == "kaushik-s-rates-per-month"
    assert (
        plots.plotly_config({"layout": {"title": {"text": "Mentions"}}})["toImageButtonOptions"][
            "filename"
        ]
        == "mentions"
    )
    assert plots.plotly_config()["toImageButtonOptions"]["filename"] == "ronr-chart"
    # every call gets its own copy: one figure's name never leaks into another's
    assert plots.PLOTLY_CONFIG["toImageButtonOptions"]["filename"] == "ronr-chart"


def test_partial_weeks_at_both_ends_are_dotted_and_explained():
    fig = every_figure()["mention_volume"]
    solid, dotted = fig.data[0], fig.data[1]  # the client's brand: whole weeks, partial ones
    assert solid.name == dotted.name == "Acme" and dotted.showlegend is False
    # the span runs Wednesday 8 Jan to Friday 31 Jan: the weeks of 6 and 27 Jan are partial
    assert list(solid.y) == [None, 9, 8, None]
    assert dotted.line.dash == "dot"
    assert list(dotted.y) == [5, 9, 8, 3]  # joined to the whole weeks next to them
    assert list(dotted.marker.symbol) == ["circle-open", "circle", "circle", "circle-open"]
    assert list(dotted.marker.size) == [9, 0, 0, 9]
    assert "part of the week only: 08 Jan – 12 Jan" in dotted.hovertemplate[0]
    assert "part of the week only: 27 Jan – 31 Jan" in dotted.hovertemplate[3]
    note = fig.layout.title.subtitle.text
    assert note.startswith("Dotted, open points: weeks only partly inside the data")
    assert "(08\u00a0Jan\u00a02025 –" in note and "31\u00a0Jan\u00a02025)" in note  # dates whole


def test_whole_weeks_are_not_marked():
    weekly = _weekly("mentions", [5, 9, 8, 3, 2, 4, 4, 1])
    whole = (pd.Timestamp("2025-01-06"), pd.Timestamp("2025-02-02"))  # Monday to Sunday
    for span in (whole, None):
        fig = plots.plot_mention_volume(weekly, brand="Acme", span=span)
        assert [trace.name for trace in fig.data] == ["Acme", "Beta"]
        assert list(fig.data[0].y) == [5, 9, 8, 3]
        assert not fig.layout.title.subtitle.text


def test_partial_periods_in_every_time_chart():
    figures = every_figure()
    sov = figures["share_of_voice"]
    faded = [(s.x0, s.x1) for s in sov.layout.shapes]
    assert faded == [(WEEKS[0], WEEKS[1]), (WEEKS[2], WEEKS[3])]
    assert sov.layout.title.subtitle.text.startswith("Faded: weeks only partly")
    # months: the rates from 15 January, the follower counts to 20 March
    rates = figures["rates_over_time"].data
    assert list(rates[0].y) == [None, 0.03, 0.025] and list(rates[1].y) == [0.02, 0.03, None]
    growth = figures["follower_growth"]
    bars = [trace for trace in growth.data if trace.type == "bar"]
    assert [list(bar.marker.pattern.shape) for bar in bars] == [["", "", "/"]] * 2
    assert all(trace.line.dash == "dot" for trace in growth.data[1::3])
    # whole months of the mentions: nothing marked, and the share's unknown first month a gap
    returning = figures["returning_authors"]
    assert list(returning.data[0].marker.pattern.shape) == ["", "", ""]
    assert not returning.layout.title.subtitle.text


def test_period_notes_name_the_covered_days():
    notes = plots.period_notes(
        pd.Series(pd.to_datetime(["2024-12-30", "2025-01-06", "2025-12-29"])),
        freq="W",
        span=(pd.Timestamp("2025-01-01", tz="UTC"), pd.Timestamp("2025-12-31", tz="UTC")),
    )
    assert list(notes) == [
        " (part of the week only: 01 Jan – 05 Jan)",
        "",
        " (part of the week only: 29 Dec – 31 Dec)",
    ]
    months = plots.period_notes(MONTHS, freq="MS", span=(MONTHS[0], pd.Timestamp("2025-03-31")))
    assert list(months) == ["", "", ""]


def test_weekdays_and_hours_in_calendar_order():
    figures = every_figure()
    weekdays = figures["engagement_by"]
    assert list(weekdays.data[0].y) == ["Mon", "Wed", "Sun"]
    assert list(weekdays.data[0].x) == [1.2, 1.1, 1.0]  # each value kept with its day
    assert weekdays.layout.yaxis.type == "category"
    assert list(weekdays.layout.yaxis.categoryarray) == ["Mon", "Wed", "Sun"]
    hours = figures["engagement_index"]
    assert list(hours.data[0].y) == ["00:00", "09:00", "15:00", "23:00"]
    assert list(hours.data[0].x) == [1.3, 1.1, 1.0, 1.2]
    # full weekday names too, and the sample flag stays on its own day
    table = _group_table("published_weekday", ["Friday", "Tuesday"]).assign(
        small_sample=[True, False]
    )
    fig = plots.plot_engagement_index(table, by="published_weekday", title="t")
    assert list(fig.data[0].y) == ["Tuesday", "Friday (few posts)"]


def test_a_tiny_target_bucket_is_flagged_and_does_not_set_the_axis():
    fig = every_figure()["audience_index"]
    facebook = fig.data[0]
    # 65+ is 1% of the target market: 20% of the audience gives an index of 2,000
    assert list(facebook.y) == ["18-34", "35+", "65+"]
    assert list(facebook.marker.pattern.shape) == ["", "", "/"]
    end = fig.layout.xaxis.range[1]
    assert end == pytest.approx(100 * 1.1)  # from the reliable buckets (83 and 77), and 100
    assert facebook.base + facebook.x[2] < end  # cut at the axis end ...
    assert facebook.text[2] == "2,000 ▸" and facebook.customdata[2][2] == 2000  # ... and labelled
    assert "Hatched: under 5% of the target market" in fig.layout.title.subtitle.text


def test_small_target_buckets_are_merged():
    index = _index_table(
        {"18-34": (0.5, 0.6), "35-54": (0.3, 0.36), "55-64": (0.1, 0.03), "65+": (0.1, 0.01)}
    )
    fig = plots.plot_audience_index(index, dimension="age")
    facebook = fig.data[0]
    assert list(facebook.y) == ["18-34", "35-54", "55-64 + 65+"]
    assert facebook.customdata[2][2] == pytest.approx(0.2 / 0.04 * 100)
    assert list(facebook.marker.pattern.shape) == ["", "", "/"]  # 4% together: still small
    assert fig.layout.title.subtitle.text.startswith("55-64 + 65+: the buckets under 5%")
    # merged to 5% or more, the group is an ordinary bar (0.04 + 0.01 is not under 0.05)
    index = _index_table({"18-54": (0.8, 0.95), "55-64": (0.1, 0.04), "65+": (0.1, 0.01)})
    fig = plots.plot_audience_index(index, dimension="age")
    assert list(fig.data[0].y) == ["18-54", "55-64 + 65+"]
    assert list(fig.data[0].marker.pattern.shape) == ["", ""]
    # many small buckets: counted on the axis, named in the note
    countries = {"GB": (0.7, 0.8), **{c: (0.075, 0.05 - 1e-3) for c in ("DE", "FR", "IT", "ES")}}
    fig = plots.plot_audience_index(_index_table(countries), dimension="age")
    assert list(fig.data[0].y) == ["GB", "4 small buckets"]
    assert "4 small buckets (DE, FR, IT, ES): the buckets" in fig.layout.title.subtitle.text


def test_nothing_to_draw_gives_none():
    empty = _group_table("post_type", ["reel", "photo"]).assign(mean_index=float("nan"))
    assert plots.plot_engagement_index(empty, by="post_type", title="t") is None
    weekly = _weekly("mentions", [None] * 8)
    assert plots.plot_mention_volume(weekly, brand="Acme") is None
    assert plots.plot_audience_fit(pd.DataFrame(columns=["channel", "dimension", "fit"])) is None
    assert not plots.has_points(None)
    assert not plots.has_points(go.Figure(go.Bar(x=["a", "b"], y=[None, float("nan")])))
    assert plots.has_points(go.Figure(go.Bar(x=["a", "b"], y=[None, 1])))
    assert plots.has_points(go.Figure(go.Heatmap(z=[[None, 0.5]])))


def test_long_titles_wrap_and_stay_escaped():
    fig = plots.plot_engagement_index(
        _group_table("post_type", ["reel"]),
        by="post_type",
        title=f"Engagement by post type for {HOSTILE} " + "and a very long tail " * 3,
    )
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= plots.TITLE_CHARS + 30 for line in lines)
    assert "<script>" not in fig.layout.title.text and "&lt;script&gt;" in fig.layout.title.text


def test_brand_names_are_escaped_in_figures():
    weekly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2025-01-06", "2025-01-06"]),
            "brand": ["Acme", HOSTILE],
            "share_of_voice": [0.6, 0.4],
        }
    )
    fig = plots.plot_share_of_voice(weekly, brand="Acme")
    assert [trace.name for trace in fig.data] == ["Acme", "&lt;script&gt;alert(1)&lt;/script&gt;"]
    assert fig.data[0].line.color == plots.CLIENT_COLOR


def test_response_windows_follow_the_day():
    table = pd.DataFrame(
        {
            "window": ["closed day", "business hours", "outside hours"],
            "median_hours": [20.0, 1.5, 8.0],
            "p90_hours": [30.0, 3.0, 12.0],
        }
    )
    fig = plots.plot_response_times(table, by="window", target_hours=2)
    # two-word labels on two lines: a phone screen would run them together
    assert list(fig.data[0].x) == ["business<br>hours", "outside<br>hours", "closed<br>day"]
    assert list(fig.data[0].y) == [1.5, 8.0, 20.0]


def test_rates_get_one_panel_each():
    monthly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2025-01-01", "2025-02-01"]),
            "a": [1.0, 2.0],
            "b": [100.0, 200.0],
        }
    )
    fig = plots.plot_rates_over_time(monthly, columns={"a": "A", "b": "B"}, title="t")
    assert len(fig.data) == 2
    assert fig.data[1].yaxis == "y2"
    assert fig.layout.yaxis.rangemode == fig.layout.yaxis2.rangemode == "tozero"
    assert fig.layout.xaxis.dtick == "M1"  # one tick per month, on the months' first days


def test_engagement_by_marks_small_samples_and_draws_intervals():
    table = pd.DataFrame(
        {
            "post_type": ["reel", "photo"],
            "n": [40, 4],
            "mean_rate": [0.1, 0.05],
            "ci_low": [0.08, 0.01],
            "ci_high": [0.12, 0.09],
            "small_sample": [False, True],
        }
    )
    fig = plots.plot_engagement_by(table, by="post_type", title="t")
    assert list(fig.data[0].y) == ["Reel", "Photo (few posts)"]
    assert "fewer than 10 posts" in fig.layout.title.subtitle.text
    assert list(fig.data[0].error_x.array) == [0.12 - 0.1, 0.09 - 0.05]


def test_time_charts_name_the_zone_their_periods_are_cut_in():
    weekly = pd.DataFrame(
        {"period": pd.to_datetime(["2025-03-31"]), "brand": ["Acme"], "mentions": [3]}
    )
    fig = plots.plot_mention_volume(weekly, brand="Acme", timezone="Europe/London")
    # wrapped to fit a phone screen
    assert fig.layout.xaxis.title.text == "week starting (Europe/London<br>time)"
    daily = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-31"]),
            "negative": [1],
            "threshold": [5.0],
            "is_spike": [False],
        }
    )
    spikes = plots.plot_negative_spikes(daily, timezone="America/New_York")
    assert spikes.layout.xaxis.title.text == "day (America/New_York time)"
    hours = pd.DataFrame(
        {
            "published_hour": [9],
            "mean_index": [1.2],
            "ci_low": [1.0],
            "ci_high": [1.4],
            "n": [12],
            "small_sample": [False],
        }
    )
    fig = plots.plot_engagement_index(hours, by="published_hour", title="t", timezone="Asia/Tokyo")
    assert fig.layout.yaxis.title.text == "hour (Asia/Tokyo time)"


def test_every_chart_appears_once_in_a_report(tmp_path, monkeypatch):
    from tests.report_runner import run_report
    from tests.test_report_shapes import TABLES, write_client

    write_client(tmp_path, "charts", TABLES)
    outputs = run_report("charts", data_dir=tmp_path, monkeypatch=monkeypatch)
    charts = [h for shown in outputs.values() for h in shown if "Plotly.newPlot(" in h]
    figures = {_newplot(h)[2]["toImageButtonOptions"]["filename"]: _newplot(h) for h in charts}
    assert len(charts) >= 10 and len(figures) == len(charts), sorted(figures)
    assert "engagement-by-post-type-within-channel" in figures
    # the period starts on a Saturday: its first week is dotted in the weekly charts
    data, layout, _ = figures["mentions-per-week"]
    assert any(trace.get("line", {}).get("dash") == "dot" for trace in data)
    assert "weeks only partly inside the data" in layout["title"]["subtitle"]["text"]


def test_charts_write_the_names_a_client_reads():
    figures = every_figure()
    assert [trace.name for trace in figures["audience_index"].data] == ["Facebook", "X"]
    assert list(figures["audience_fit"].data[0].y) == ["Facebook", "X"]
    assert list(figures["channel_mix"].data[0].x) == ["Facebook", "X"]
    assert list(figures["target_mix_followers"].data[0].y) == ["X", "Facebook"]
    assert [t.name for t in figures["follower_growth"].data if t.showlegend is not False] == [
        "Facebook",
        "X",
    ]
    index = _index_table({"female": (0.5, 0.5), "vp": (0.3, 0.3), "other": (0.2, 0.2)})
    fig = plots.plot_audience_index(
        index.assign(dimension="job_function"), dimension="job_function"
    )
    assert list(fig.data[0].y) == ["Female", "VP", "Other"]
    assert fig.layout.title.text.startswith("Audience index by job function")


def test_date_axes_write_days_as_the_tables_do():
    # four weeks: one tick per Monday, written "06 Jan 2025" (never plotly's "Jan 6" with the
    # year on a second line); longer spans and the daily chart switch format by tick spacing
    fig = every_figure()["mention_volume"]
    assert fig.layout.xaxis.tickformat == "%d %b %Y"
    spikes = every_figure()["negative_spikes"]
    stops = {tuple(s.dtickrange): s.value for s in spikes.layout.xaxis.tickformatstops}
    assert stops[(plots.DAY_MS, "M1")] == "%d %b %Y" and stops[("M1", "M12")] == "%b %Y"
    weeks = pd.date_range("2025-01-06", periods=20, freq="7D")
    long = pd.DataFrame({"period": weeks, "brand": "Acme", "mentions": range(20)})
    fig = plots.plot_mention_volume(long, brand="Acme")
    assert fig.layout.xaxis.tickformat is None and fig.layout.xaxis.tickformatstops


def test_share_of_voice_legend_lists_the_client_first():
    # a stacked area's legend runs bottom-up by default, which put the client last
    fig = every_figure()["share_of_voice"]
    assert fig.data[0].name == "Acme" and fig.layout.legend.traceorder == "normal"


def test_channel_mix_needs_two_channels_and_draws_fit_only_where_known():
    one = pd.DataFrame(
        {"channel": ["x"], "effort_share": [1.0], "share_of_posts": [1.0], "fit": [0.7]}
    )
    assert plots.plot_channel_mix(one) is None
    two = pd.DataFrame(
        {
            "channel": ["facebook", "x"],
            "effort_share": [0.7, 0.3],
            "share_of_posts": [0.6, 0.4],
            "fit": [None, None],
        }
    )
    fig = plots.plot_channel_mix(two)
    assert [t.name for t in fig.data] == ["share of effort", "share of posts"]
    assert all("%{y:.0%}" in t.hovertemplate for t in fig.data)


def test_spike_chart_is_left_out_when_no_day_could_be_judged():
    daily = pd.DataFrame(
        {
            "date": pd.date_range("2025-01-01", periods=3),
            "negative": [0, 0, 0],
            "threshold": [float("nan")] * 3,
            "is_spike": [False] * 3,
        }
    )
    assert plots.plot_negative_spikes(daily) is None


def test_every_trace_has_a_hover_in_client_words():
    for name, fig in every_figure().items():
        for trace in fig.data:
            if trace.hoverinfo == "skip":
                continue
            hovers = trace.hovertemplate
            assert hovers, (name, trace.name)
            for hover in [hovers] if isinstance(hovers, str) else hovers:
                # plotly's own default ("x: …, y: …") or a bare key would reach the client
                assert "<extra>returning</extra>" not in hover and "(n =" not in hover, name


def test_each_brand_keeps_its_colour_and_place_across_charts():
    # the mentions table lists Zeta before Beta, the share table Beta before Zeta: the same
    # legend order and the same colours in both charts
    mentions = pd.DataFrame(
        {"period": list(WEEKS[:2]) * 3, "brand": ["Zeta", "Zeta", "Acme", "Acme", "Beta", "Beta"]}
    ).assign(mentions=[1, 2, 3, 4, 5, 6], n=10)
    shares = mentions.iloc[[4, 5, 2, 3, 0, 1]].rename(columns={"mentions": "share_of_voice"})
    volume = plots.plot_mention_volume(mentions, brand="Acme")
    share = plots.plot_share_of_voice(shares, brand="Acme")
    names = [t.name for t in volume.data if t.showlegend is not False]
    assert names == [t.name for t in share.data] == ["Acme", "Beta", "Zeta"]
    colour = {t.name: t.line.color for t in volume.data}
    assert colour == {t.name: t.line.color for t in share.data}
    assert colour["Acme"] == plots.CLIENT_COLOR


def test_long_category_labels_are_cut_for_the_axis_and_whole_in_the_hover():
    long = "<a href='https://evil.example/phish'>Verify your account</a>"
    labels = plots.short_labels([long, long + " again", "18-24"])
    assert labels["18-24"] == "18-24"
    # 23 characters and "…", escaped after the cut; a repeat of the same cut is told apart
    assert labels[long] == "&lt;a href='https://evil.e…"
    assert labels[long + " again"] == "&lt;a href='https://evil.e… (2)"
    fig = plots.plot_audience_index(
        _index_table({long: (0.5, 0.4), "18-24": (0.5, 0.6)}), dimension="age"
    )
    assert list(fig.data[0].y) == [labels[long], "18-24"]
    assert list(fig.data[0].customdata[:, 3]) == [plots.escape_text(long), "18-24"]


def test_a_single_month_is_no_trend_and_no_chart():
    one = pd.DataFrame({"period": MONTHS[:1], "rate": [0.02]})
    assert plots.plot_rates_over_time(one, columns={"rate": "rate"}, title="t") is None
    two = pd.DataFrame({"period": MONTHS[:2], "rate": [0.02, None]})
    assert plots.plot_rates_over_time(two, columns={"rate": "rate"}, title="t") is None


def test_returning_share_without_a_judged_month_has_no_line_and_counts_are_whole():
    monthly = pd.DataFrame(
        {
            "period": MONTHS[:2],
            "mentions": [3, 2],
            "returning_mentions": [None, None],
            "returning_share": [None, None],
        }
    )
    fig = plots.plot_returning_authors(monthly)
    assert [t.name for t in fig.data] == ["by returning authors", "by new authors (or not judged)"]
    assert fig.layout.yaxis.dtick == 1


def test_returning_authors_with_an_unknown_count_draws_without_failing():
    # a client with one usable mention: the other month's count is unknown (pd.NA), which
    # once failed the whole report ("boolean value of NA is ambiguous")
    monthly = pd.DataFrame(
        {
            "period": MONTHS[:2],
            "mentions": pd.array([1, pd.NA], dtype="Int64"),
            "returning_mentions": [None, None],
            "returning_share": [None, None],
        }
    )
    fig = plots.plot_returning_authors(monthly)
    assert fig is not None and fig.layout.yaxis.dtick == 1
    unknown = monthly.assign(mentions=pd.array([pd.NA, pd.NA], dtype="Int64"))
    plots.plot_returning_authors(unknown)  # no count known: nothing to draw, and no failure
