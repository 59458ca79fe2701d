import pandas as pd

from ronr import plots

HOSTILE = "<script>alert(1)</script>"


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
    assert list(fig.data[0].x) == ["business hours", "outside hours", "closed day"]
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
    assert list(fig.data[0].y) == ["reel", "photo (n < 10)"]
    assert list(fig.data[0].error_x.array) == [0.12 - 0.1, 0.09 - 0.05]


def test_time_charts_name_the_zone_their_periods_are_cut_in():
    weekly = pd.DataFrame(
        {"period": pd.to_datetime(["2025-03-31"]), "brand": ["Acme"], "mentions": [3]}
    )
    fig = plots.plot_mention_volume(weekly, brand="Acme", timezone="Europe/London")
    assert fig.layout.xaxis.title.text == "week starting (Europe/London time)"
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
