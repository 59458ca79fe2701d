"""Best time to post: the weekday-and-hour map and the history it needs, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ronr import plots, timing
from tests.factories import make_posts


def _posts() -> tuple[pd.DataFrame, pd.Series]:
    """Facebook: 17 weeks of posts, 5 on Monday 09:xx London time; X: two weeks, 3 in one hour."""
    rows = [
        # Mondays in June 2025, 08:10 UTC = 09:10 BST; indexes 1, 2, 3, 4, 10 → median 3
        {"channel": "facebook", "published_at": f"2025-06-{d:02d} 08:10"}
        for d in (2, 9, 16, 23, 30)
    ]
    rows += [
        {"channel": "facebook", "published_at": "2025-03-03 12:00"},  # first post: Mon 3 Mar
        {"channel": "facebook", "published_at": "2025-06-30 12:00"},  # 119 days later
        {"channel": "x", "published_at": "2025-06-02 08:10"},
        {"channel": "x", "published_at": "2025-06-09 08:20"},
        {"channel": "x", "published_at": "2025-06-16 08:30"},
    ]
    posts = make_posts(rows)
    index = pd.Series([1.0, 2.0, 3.0, 4.0, 10.0, 1.0, 1.0, 1.0, 1.0, 1.0], index=posts.index)
    return posts, index


def test_readiness_counts_the_weeks_and_the_posts_still_missing():
    posts, index = _posts()
    table = timing.timing_readiness(posts, index=index, timezone="Europe/London")
    facebook, x = (row for _, row in table.iterrows())
    assert facebook.channel == "facebook"
    assert facebook.weeks == pytest.approx(17.0)  # 3 Mar 12:00 to 30 Jun 12:00 = 119 days
    assert (facebook.weeks_needed, facebook.cells_shown, facebook.busiest_cell) == (0, 1, 5)
    assert (facebook.posts_needed, facebook.ready) == (0, True)
    assert x.weeks == pytest.approx(2 + 20 / (7 * 24 * 60))  # 2 Jun 08:10 to 16 Jun 08:30
    assert (x.weeks_needed, x.busiest_cell, x.posts_needed, x.ready) == (14, 3, 2, False)


def test_the_map_shows_only_cells_with_enough_posts_in_local_time():
    posts, index = _posts()
    cells = timing.timing_heatmap(posts, index=index, timezone="Europe/London")
    assert set(cells["channel"]) == {"facebook"}  # X is not ready
    assert len(cells) == 7 * 24
    shown = cells[cells["shown"]]
    assert shown[["weekday", "hour", "n", "median_index"]].to_dict("records") == [
        {"weekday": "Mon", "hour": 9, "n": 5, "median_index": 3.0}
    ]
    # 3 Mar 12:00 UTC is 12:00 GMT, 30 Jun 12:00 UTC is 13:00 BST: one post each, too few to
    # show (blank, not 0)
    for hour in (12, 13):
        cell = cells[(cells["weekday"] == "Mon") & (cells["hour"] == hour)].iloc[0]
        assert cell["n"] == 1 and np.isnan(cell["median_index"])
    assert cells.attrs["readiness"]["ready"].tolist() == [True, False]


def test_in_utc_the_same_posts_fall_an_hour_earlier():
    posts, index = _posts()
    cells = timing.timing_heatmap(posts, index=index, timezone="UTC")
    assert cells.loc[cells["shown"], "hour"].tolist() == [8]


def test_a_missing_index_or_time_is_left_out():
    posts, index = _posts()
    index.iloc[0] = np.nan  # one Monday post without engagement: 4 left, no cell shown
    table = timing.timing_readiness(posts, index=index)
    facebook = table.iloc[0]
    assert (facebook.busiest_cell, facebook.posts_needed, facebook.ready) == (4, 1, False)
    assert timing.timing_heatmap(posts, index=index).empty


def test_the_heatmap_figure_blanks_small_cells_and_says_why():
    posts, index = _posts()
    cells = timing.timing_heatmap(posts, index=index, timezone="Europe/London")
    fig = plots.plot_timing_heatmap(cells, channel="facebook", timezone="Europe/London")
    trace = fig.data[0]
    assert trace.z[0][9] == 3.0 and trace.z[0][13] is None
    assert trace.customdata[0][9] == "Mon 09:00: 3.00× a typical post of the channel (5 posts)"
    assert trace.customdata[0][13] == "Mon 13:00: 1 post, too few to show (needs 5)"
    assert trace.customdata[1][0] == "Tue 00:00: 0 posts, too few to show (needs 5)"
    assert plots.plot_timing_heatmap(cells, channel="x") is None
