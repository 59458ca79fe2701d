"""The explorers (ronr.explore, ronr.widgets): their numbers are the stage functions' on the
filtered raw tables, a point's rows are exactly the rows behind it, every text is escaped, and
a rendered run shows plain figures, never a widget."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.basewidget import BaseFigureWidget

from ronr import channels, engagement, growth, listen, measure, widgets
from ronr.config import parse_config
from ronr.derive import answer_need, detect_questions, engagements, feed_posts
from ronr.explore import Filters, build_cube, filter_tables
from ronr.explore.cube import cell_rows, select_cells
from ronr.explore.rows import format_rows, mention_rows, post_rows, rows_for
from ronr.explore.update import (
    update_audience,
    update_channels,
    update_listen,
    update_measure,
    update_tweak,
)
from ronr.explore.view import Explorer, draw_stage, render_static
from ronr.schema import empty_table
from ronr.store import Workspace, data_spans, load_workspace
from tests.factories import make_mentions, make_posts, ts

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"
CONFIG = {
    "client": "acme",
    "display_name": "Acme",
    "brand": {"name": "Acme", "handles": ["@acme"]},
    "competitors": [{"name": "Beta", "handles": ["@beta"]}, {"name": "Gamma"}],
    "period": {"start": "2025-03-01", "end": "2025-03-31"},
    "effort": {"facebook": 2, "x": 1, "linkedin": 1},
    "business_hours": {
        "timezone": "America/New_York",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "09:00",
        "end": "17:00",
    },
}


def _mentions() -> pd.DataFrame:
    rows = [
        # one mention naming Acme and Beta (two rows, one id): half to each brand
        {"mention_id": "a", "brand": "Acme", "created_at": "2025-03-03T15:00Z"},
        {"mention_id": "a", "brand": "Beta", "created_at": "2025-03-03T15:00Z"},
        # naming all three brands
        *(
            {"mention_id": "b", "brand": b, "created_at": "2025-03-10T12:00Z", "channel": "facebook"}
            for b in ("Acme", "Beta", "Gamma")
        ),
        # 02:00 UTC on 10 March is still 9 March (a Sunday) in New York: the week before
        {"mention_id": "c", "brand": "Acme", "created_at": "2025-03-10T02:00Z",
         "sentiment": -0.6, "sentiment_label": "negative", "text": HOSTILE,
         "url": "javascript:alert(1)"},
        {"mention_id": "d", "brand": "Acme", "created_at": "2025-03-11T14:00Z",
         "sentiment": 0.7, "sentiment_label": "positive", "text": "love it?",
         "url": "https://example.com/d?x=1&y=2", "channel": "facebook"},
        {"mention_id": "e", "brand": "Beta", "created_at": "2025-03-12T14:00Z",
         "sentiment": None, "sentiment_label": None, "language": "de", "text": "wo ist das?"},
        {"mention_id": "f", "brand": "Gamma", "created_at": "2025-03-20T14:00Z",
         "sentiment": -0.3, "sentiment_label": "negative", "author": "@grumpy"},
        {"mention_id": "g", "brand": "Acme", "created_at": "2025-03-21T22:00Z",
         "sentiment": -0.4, "sentiment_label": "negative", "channel": "facebook"},
        {"mention_id": "h", "brand": "Acme", "created_at": "2025-03-25T10:00Z",
         "sentiment": 0.2, "sentiment_label": "positive", "text": "why so slow?"},
    ]  # fmt: skip
    mentions = make_mentions(rows)
    mentions["engagements"] = pd.array([1, 1, 0, 0, 0, 3, None, 2, 0, 5, 1], dtype="Int64")
    mentions["is_question"] = detect_questions(mentions["text"])
    mentions["answer_need"] = answer_need(mentions)
    mentions["needs_answer"] = mentions["answer_need"] == "yes"
    return mentions


def _posts() -> pd.DataFrame:
    rows = []
    kinds = ["photo", "video", "photo", "link", "story", "photo", "video", "link"]
    for i in range(24):
        rows.append(
            {
                "brand": "Acme" if i % 3 else "Beta",
                "channel": ("facebook", "x", "linkedin")[i % 3],
                "post_type": kinds[i % len(kinds)],
                "published_at": ts("2025-03-01T12:00") + pd.Timedelta(hours=29 * i),
                "reach": None if i % 3 == 1 else 100 + 10 * i,
                "impressions": 300 + 7 * i,
                "likes": 5 + i % 7,
                "comments": None if i == 5 else i % 4,
                "shares": i % 3,
                "clicks": 1 + i % 2,
                "followers_at_post": None if i == 7 else 1000 + i,
                "text": HOSTILE if i == 4 else f"post {i}",
            }
        )
    posts = make_posts(rows)
    posts["total_engagements"] = engagements(posts)
    return posts


def _responses(mentions: pd.DataFrame) -> pd.DataFrame:
    rows = [("c", "2025-03-10T15:00Z"), ("d", "2025-03-11T15:30Z"), ("h", "2025-03-27T10:00Z")]
    return pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(rows))],
            "mention_id": [m for m, _ in rows],
            "channel": [
                mentions.loc[mentions["mention_id"] == m, "channel"].iloc[0] for m, _ in rows
            ],
            "created_at": pd.to_datetime([t for _, t in rows], utc=True),
            "author": "@acme",
            "source_file": "responses.csv",
            "source_row": pd.array(range(1, len(rows) + 1), dtype="Int64"),
        }
    )


def _followers() -> pd.DataFrame:
    days = pd.date_range("2025-03-01", "2025-03-31", freq="D", tz="UTC")
    frames = [
        pd.DataFrame({"channel": channel, "date": days, "followers": base + np.arange(len(days))})
        for channel, base in (("facebook", 1000), ("x", 500))
    ]
    table = pd.concat(frames, ignore_index=True)
    table["followers"] = table["followers"].astype("Int64")
    return table


@pytest.fixture(scope="module")
def small() -> Workspace:
    mentions = _mentions()
    tables = {
        "posts": _posts(),
        "mentions": mentions,
        "responses": _responses(mentions),
        "audience": empty_table("audience"),
        "followers": _followers(),
    }
    return Workspace(
        config=parse_config(CONFIG),
        **tables,
        provenance=pd.DataFrame(),
        rejects=pd.DataFrame(),
        start=ts("2025-03-01"),
        end=ts("2025-03-31"),
        spans=data_spans(tables, timezone="America/New_York"),
    )


@pytest.fixture(scope="module")
def demo() -> Workspace:
    return load_workspace("demo-coffee")


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal tables on the explorer's columns (floats to 1e-9), rows in the same order."""
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True),
        expected[list(got.columns)].reset_index(drop=True),
        check_dtype=False,
        check_exact=False,
        rtol=1e-9,
        atol=1e-12,
    )


def _chosen_brands(ws: Workspace, filters: Filters) -> list[str]:
    names = ws.config.brand_names
    return names if filters.brands is None else [b for b in names if b in filters.brands]


def assert_matches_stages(ws: Workspace, filters: Filters) -> None:
    """Every explorer table equals its stage function on the filtered raw tables."""
    cube = build_cube(ws)
    raw = filter_tables(ws, filters)
    mentions, posts = raw["mentions"], raw["posts"]
    own = posts[posts["brand"] == ws.brand]
    zone = ws.timezone
    first = pd.Timestamp(filters.start or ws.start.date(), tz="UTC")
    last = pd.Timestamp(filters.end or ws.end.date(), tz="UTC")

    got = update_listen(cube, filters)
    assert len(mentions), "a filter combination worth testing keeps some mentions"
    _same(got["volume"], listen.count_mentions(mentions, freq="W", timezone=zone))
    brands = _chosen_brands(ws, filters)
    _same(got["share_of_voice"], listen.share_of_voice(mentions, brands=brands, n_boot=0))
    _same(
        got["share_of_voice_weekly"],
        listen.share_of_voice(mentions, brands=brands, n_boot=0, freq="W", timezone=zone),
    )
    _same(got["sentiment"], listen.net_sentiment(mentions, by="brand"))
    _same(got["sentiment_weekly"], listen.net_sentiment(mentions, freq="W", timezone=zone))

    got = update_audience(cube, filters)
    followers = ws.followers
    if filters.channels is not None:
        followers = followers[followers["channel"].isin(filters.channels)]
    _same(got["follower_growth"], growth.follower_growth(followers, start=first, end=last))
    _same(got["engagement"], engagement.engagement_by(own, by="post_type"))

    got = update_channels(cube, filters)
    effort = {
        c: v
        for c, v in ws.config.effort_shares().items()
        if filters.channels is None or c in filters.channels
    }
    expected = channels.summarise_channels(
        posts, brand=ws.brand, start=first, end=last, effort=effort
    )
    key = ["channel"]
    _same(got["posts"].sort_values(key), expected.sort_values(key))
    times = channels.response_times(
        mentions, ws.responses, brand=ws.brand, hours=ws.config.business_hours, by="channel"
    )
    _same(got["responses"], times)

    got = update_measure(cube, filters)
    _same(got["kaushik"], measure.kaushik_rates(feed_posts(posts), by=("brand", "channel")))

    got = update_tweak(cube, filters)
    within = engagement.compare_within_channel(own, by="post_type").sort_values("post_type")
    _same(got["post_types"], within)


SMALL_FILTERS = [
    Filters(),
    Filters(start=dt.date(2025, 3, 10), end=dt.date(2025, 3, 24)),
    Filters(channels=("facebook",)),
    Filters(brands=("Acme", "Beta")),  # the three-brand mention now counts half to each
    Filters(brands=("Acme", "Gamma"), post_types=("photo", "video", "story")),
    Filters(start=dt.date(2025, 3, 9), end=dt.date(2025, 3, 9)),  # the local Sunday only
]


@pytest.mark.parametrize("filters", SMALL_FILTERS, ids=range(len(SMALL_FILTERS)))
def test_small_workspace_numbers_are_the_stage_functions(small, filters):
    assert_matches_stages(small, filters)


def test_small_workspace_values_computed_by_hand(small):
    cube = build_cube(small)
    voice = update_listen(cube, Filters(brands=("Acme", "Beta")))["share_of_voice"]
    # Acme: a/2 + b/2 + c + d + g + h = 5 of 7.5 mentions; Beta: a/2 + b/2 + e = 2
    assert voice["brand"].tolist() == ["Acme", "Beta"]
    assert voice["mentions_fractional"].tolist() == [5.0, 2.0]
    assert voice["share_of_voice"].tolist() == pytest.approx([5 / 7, 2 / 7])
    volume = update_listen(cube, Filters(brands=("Acme",)))["volume"]
    # c (Sunday 9 March in New York) falls in the week of 3 March, with a
    assert volume["period"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-03-03",
        "2025-03-10",
        "2025-03-17",
        "2025-03-24",
    ]
    assert volume["mentions"].tolist() == [2, 2, 1, 1]
    net = update_listen(cube, Filters())["sentiment"].set_index("brand")["net_sentiment"]
    assert net["Acme"] == pytest.approx((2 - 2) / 4)
    assert net["Gamma"] == -1.0


DEMO_FILTERS = [
    Filters(),
    Filters(start=dt.date(2025, 3, 30), end=dt.date(2025, 6, 14), channels=("x", "instagram")),
    Filters(brands=("Northbean", "Kaffa House"), post_types=("photo", "reel", "video")),
    Filters(start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31), channels=("facebook",)),
]


@pytest.mark.parametrize("filters", DEMO_FILTERS, ids=range(len(DEMO_FILTERS)))
def test_demo_numbers_are_the_stage_functions(demo, filters):
    assert_matches_stages(demo, filters)


def test_a_cells_rows_are_exactly_the_rows_behind_it(small, demo):
    for ws, brand, first, last in (
        (small, "Acme", dt.date(2025, 3, 3), dt.date(2025, 3, 9)),
        (demo, "Daily Grind", dt.date(2025, 5, 5), dt.date(2025, 5, 11)),
    ):
        cube = build_cube(ws)
        filters = Filters(channels=("x", "facebook"))
        got = mention_rows(cube, filters, first=first, last=last, brand=brand)
        day = ws.mentions["created_at"].dt.tz_convert(ws.timezone).dt.date
        expected = ws.mentions[
            (day >= first)
            & (day <= last)
            & (ws.mentions["brand"] == brand)
            & ws.mentions["channel"].isin(filters.channels)
        ]
        assert len(got) > 0
        assert sorted(got.index) == sorted(expected.index)
        volume = update_listen(cube, filters)["volume"]
        week = volume[(volume["period"] == pd.Timestamp(first)) & (volume["brand"] == brand)]
        assert week["mentions"].item() == len(got)  # the point's number is its rows' count


def test_a_bars_posts_are_exactly_the_posts_behind_it(small):
    cube = build_cube(small)
    filters = Filters(channels=("facebook", "linkedin"))
    got = post_rows(cube, filters, own=True, post_type="photo")
    expected = small.posts[
        (small.posts["brand"] == "Acme")
        & (small.posts["post_type"] == "photo")
        & small.posts["channel"].isin(filters.channels)
    ]
    assert sorted(got.index) == sorted(expected.index) and len(got)
    state = draw_stage(cube, "tweak", filters)
    photo = next(k for k in state["keys"] if k.get("post_type") == "photo")
    n = state["result"]["post_types"].set_index("post_type").loc["photo", "n"]
    behind = rows_for(cube, filters, photo)
    # every photo is listed; those with known engagements are the ones the bar averages
    assert sorted(behind.index) == sorted(expected.index)
    assert behind["total_engagements"].notna().sum() == n < len(behind)


def test_answers_behind_a_channel_are_its_mentions_needing_an_answer(small):
    cube = build_cube(small)
    state = draw_stage(cube, "channels", Filters())
    key = next(k for k in state["keys"] if k["what"] == "answers" and k["channel"] == "x")
    rows = rows_for(cube, Filters(), key)
    assert sorted(rows["mention_id"]) == ["c", "h"]
    needing = state["result"]["responses"].set_index("channel").loc["x", "needing_answer"]
    assert needing == len(rows)


def test_drill_down_html_escapes_hostile_text_and_links(small):
    cube = build_cube(small)
    rows = mention_rows(cube, Filters(), brand="Acme")
    page = format_rows(rows, timezone=small.timezone, page_size=50)
    assert "<script>" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "javascript:" not in page  # not a link: only http(s) addresses are
    assert 'href="https://example.com/d?x=1&amp;y=2"' in page
    assert "09 Mar 2025 22:00 EDT" in page  # 02:00 UTC, in the client's zone
    posts = format_rows(post_rows(cube, Filters()), timezone=small.timezone)
    assert "<script>" not in posts and "&lt;script&gt;" in posts


def test_drill_down_pages(small):
    cube = build_cube(small)
    rows = mention_rows(cube, Filters())
    first = format_rows(rows, timezone=small.timezone, page=0, page_size=4)
    last = format_rows(rows, timezone=small.timezone, page=9, page_size=4)
    assert f"{len(rows)} mentions · page 1 of 3" in first
    assert f"{len(rows)} mentions · page 3 of 3" in last  # clipped to the last page
    assert first.count("<tr>") == 5 and last.count("<tr>") == 1 + len(rows) - 8


def test_chart_labels_are_escaped(small):
    ws = small
    config = parse_config({**CONFIG, "competitors": [{"name": "<b>Beta</b>"}]})
    mentions = ws.mentions.replace({"brand": {"Beta": "<b>Beta</b>"}})
    hostile = Workspace(**{**ws.__dict__, "config": config, "mentions": mentions, "_memo": {}})
    state = draw_stage(build_cube(hostile), "listen", Filters())
    labels = [
        str(value)
        for fig in state["figures"]
        for trace in fig.data
        for value in [trace.name, *(trace.x if trace.type == "bar" else [])]
        if value is not None
    ]
    assert "&lt;b&gt;Beta&lt;/b&gt;" in labels
    assert not any("<b>" in label for label in labels)
    keys = [k["label_text"] for k in state["keys"]]  # shown by ipywidgets as plain text
    assert "<b>Beta</b>, all mentions" in keys


def test_the_static_render_returns_figures_and_no_widget(small, monkeypatch):
    shown = []
    monkeypatch.setattr("ronr.show.display", lambda *a, **k: shown.extend(a))
    for stage in ("listen", "audience", "channels", "measure", "tweak"):
        shown.clear()
        figures = getattr(widgets, f"explore_{stage}")(small, interactive=False)
        assert figures and all(type(f) is go.Figure for f in figures)
        assert not any(type(o).__module__.startswith("ipywidgets") for o in shown)
        assert shown  # the figures and tables were displayed
    assert render_static(small, "measure", filters=Filters(channels=("x",)))


def test_the_live_explorer_updates_its_tables_and_lists_rows(small):
    explorer = Explorer(small, "listen", page_size=3)
    before = explorer.tables.value
    explorer.controls["brands"].value = ("Acme", "Beta")
    assert explorer.filters == Filters(brands=("Acme", "Beta"))
    assert explorer.tables.value != before
    key = next(
        i for i, k in enumerate(explorer.keys) if k.get("brand") == "Acme" and "first" not in k
    )
    explorer.point.value = key
    assert "6 mentions · page 1 of 2" in explorer.listing.value
    explorer.turn(1)
    assert "page 2 of 2" in explorer.listing.value


def test_the_mention_filter_still_filters_by_text_and_brand(small):
    found = widgets.filter_mentions(small.mentions, brand="Acme", contains="WHY")
    assert found["mention_id"].tolist() == ["h"]
    assert len(widgets.filter_mentions(small.mentions, channel="facebook")) == 5


def _points_message(event: str, points: list[tuple[int, object]], **extra) -> dict:
    """What plotly's FigureWidget front end sends for a click or selection of ``points``
    (``(trace index, point index)``; a heatmap's point index is ``[row, column]``)."""
    return {
        "event_type": event,
        "points": {
            "trace_indexes": [t for t, _ in points],
            "point_indexes": [p for _, p in points],
            "xs": [None] * len(points),
            "ys": [None] * len(points),
        },
        **extra,
    }


def _click(view, trace_index: int, point) -> None:
    """Simulate a click on one point, as plotly's front end reports it to the kernel."""
    device = {"alt": False, "ctrl": False, "meta": False, "shift": False, "button": 0}
    view._js2py_pointsCallback = _points_message(
        "plotly_click", [(trace_index, point)], device_state={**device, "buttons": 1}
    )


def _select(view, points: list[tuple[int, int]]) -> None:
    """Simulate a box selection of ``points``, as plotly's front end reports it."""
    box = {"type": "box", "selector_state": {"xrange": [0, 1], "yrange": [0, 1]}}
    view._js2py_pointsCallback = _points_message("plotly_selected", points, selector=box)


def _trace(view, name):
    return next(t for t in view.data if t.name == name)


def _days_of(ws: Workspace, rows: pd.DataFrame) -> pd.Series:
    return rows["created_at"].dt.tz_convert(ws.timezone).dt.date


@pytest.mark.parametrize("stage", ["listen", "audience", "channels", "measure", "tweak"])
def test_the_live_explorer_draws_figure_widgets_that_listen_for_points(small, stage):
    explorer = Explorer(small, stage)
    assert explorer.views
    # plotly's widget (with anywidget), not its stand-in nor an Output area
    assert all(isinstance(v, go.FigureWidget | BaseFigureWidget) for v in explorer.views)
    assert all(isinstance(v, BaseFigureWidget) for v in explorer.views)
    assert all(v in explorer.box.children for v in explorer.views)
    for view in explorer.views:
        for trace in view.data:
            assert len(trace._click_callbacks) == 1 and len(trace._select_callbacks) == 1


def _plain(value):
    """Nested lists with NaN as None (NaN is never equal to itself)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if isinstance(value, float) and np.isnan(value) else value


def _drawn(view) -> list[dict]:
    """The visible traces' data, as comparable plain lists."""
    return [
        {
            name: _plain(np.asarray(trace[name], dtype=object).tolist())
            for name in ("x", "y", "z", "customdata")
            if name in trace and trace[name] is not None
        }
        for trace in view.data
        if trace.visible is not False
    ]


@pytest.mark.parametrize("filters", SMALL_FILTERS[1:], ids=range(1, len(SMALL_FILTERS)))
def test_a_filter_change_updates_the_same_figure_widgets_in_place(small, filters):
    cube = build_cube(small)
    for stage in ("listen", "audience", "channels", "measure", "tweak"):
        explorer = Explorer(small, stage)
        views = list(explorer.views)
        traces = [list(view.data) for view in views]
        before = [_drawn(view) for view in views]
        state = explorer.refresh(filters)  # as if the controls were set so
        assert explorer.filters == filters
        assert len(explorer.views) == len(views)
        assert all(a is b for a, b in zip(explorer.views, views, strict=True))
        for view, kept in zip(views, traces, strict=True):  # the same trace objects
            assert all(a is b for a, b in zip(view.data[: len(kept)], kept, strict=True))
        expected = draw_stage(cube, stage, filters)
        assert [_drawn(view) for view in views] == [
            _drawn(go.FigureWidget(fig)) for fig in expected["figures"]
        ]
        assert state["keys"] == expected["keys"] == explorer.keys
        if stage == "listen" or filters.channels or filters.start:
            assert [_drawn(view) for view in views] != before, stage


def test_filtering_brands_hides_a_line_and_updates_the_bars(small):
    explorer = Explorer(small, "listen")
    volume, voice, net = explorer.views
    gamma = _trace(volume, "Gamma")
    explorer.controls["brands"].value = ("Acme", "Beta")
    filters = Filters(brands=("Acme", "Beta"))
    result = update_listen(build_cube(small), filters)
    assert voice.data[0].x == ("Acme", "Beta")
    assert list(voice.data[0].y) == pytest.approx([5 / 7, 2 / 7])
    assert list(voice.data[0].y) == result["share_of_voice"]["share_of_voice"].tolist()
    np.testing.assert_array_equal(net.data[0].y, result["sentiment"]["net_sentiment"])
    assert net.data[0].y[0] == 0.0 and np.isnan(net.data[0].y[1])  # Beta: no scored mention
    acme = result["volume"][result["volume"]["brand"] == "Acme"]
    assert list(_trace(volume, "Acme").y) == acme["mentions"].tolist() == [2, 2, 1, 1]
    assert _trace(volume, "Gamma") is gamma and gamma.visible is False and not len(gamma.x)
    explorer.controls["brands"].value = ("Acme", "Beta", "Gamma")
    assert gamma.visible is None and len(gamma.x) and len(volume.data) == 3


def test_clicking_a_bar_lists_exactly_the_mentions_behind_it(small):
    explorer = Explorer(small, "listen", page_size=20)
    explorer.controls["brands"].value = ("Acme", "Beta")
    voice = explorer.views[1]
    _click(voice, 0, list(voice.data[0].x).index("Acme"))
    expected = small.mentions[small.mentions["brand"] == "Acme"]
    assert sorted(explorer.rows.index) == sorted(expected.index) and len(expected) == 6
    assert "6 mentions · page 1 of 1" in explorer.listing.value
    assert explorer.keys[explorer.point.value]["label_text"] == "Acme, all mentions"
    # the hostile mention is listed, escaped
    assert "<script>" not in explorer.listing.value and "&lt;script&gt;" in explorer.listing.value
    # the net sentiment bar lists the brand's negative mentions
    _click(explorer.views[2], 0, list(explorer.views[2].data[0].x).index("Acme"))
    assert sorted(explorer.rows["mention_id"]) == ["c", "g"]
    # a filter change makes the points' keys stale: the listing is cleared
    explorer.controls["brands"].value = ("Acme", "Gamma")
    assert explorer.rows is None and explorer.listing.value == "" and explorer.point.value == -1


def test_clicking_a_heatmap_cell_lists_exactly_its_posts(small):
    explorer = Explorer(small, "tweak")
    grid = explorer.views[1]
    cells = grid.data[0]
    row, column = list(cells.y).index("X"), list(cells.x).index("Photo")
    _click(grid, 0, [row, column])
    posts = small.posts
    expected = posts[
        (posts["brand"] == "Acme") & (posts["channel"] == "x") & (posts["post_type"] == "photo")
    ]
    assert sorted(explorer.rows.index) == sorted(expected.index) and len(expected) == 3
    assert "3 posts · page 1 of 1" in explorer.listing.value


def test_a_box_selection_lists_the_rows_behind_all_its_points(small):
    explorer = Explorer(small, "listen", page_size=20)
    volume = explorer.views[0]
    chosen = []
    for index, trace in enumerate(volume.data):
        if trace.name in ("Acme", "Beta"):
            weeks = pd.to_datetime(list(trace.x))
            chosen.append((index, int(np.flatnonzero(weeks == pd.Timestamp("2025-03-10"))[0])))
    _select(volume, chosen)
    mentions = small.mentions
    day = _days_of(small, mentions)
    expected = mentions[
        mentions["brand"].isin(["Acme", "Beta"])
        & (day >= dt.date(2025, 3, 10))
        & (day <= dt.date(2025, 3, 16))
    ]
    assert sorted(expected["mention_id"]) == ["b", "b", "d", "e"]
    assert sorted(explorer.rows.index) == sorted(expected.index)
    assert "2 points selected" in explorer.listing.value
    assert "4 mentions · page 1 of 1" in explorer.listing.value
    assert explorer.point.value == -1  # several points: the dropdown names none
    # plotly marks the selected points; a double click clears the selection and the listing
    marked = {t.name: list(t.selectedpoints) for t in volume.data}
    assert marked == {
        t.name: [p for i, p in chosen if i == index] for index, t in enumerate(volume.data)
    }
    assert marked["Gamma"] == [] and len(marked["Acme"]) == 1
    volume._js2py_pointsCallback = _points_message("plotly_deselect", [])
    assert explorer.rows is None and explorer.listing.value == ""


def _with_themes(ws: Workspace, mention_themes: list[str], post_themes: list[str]) -> Workspace:
    """``ws`` with each mention's and post's theme given (as sections.text_themes places them)."""
    themed = dataclasses.replace(ws, _memo={})
    themed._memo["text_themes"] = (
        pd.Series(mention_themes, index=ws.mentions.index, dtype=object),
        pd.Series(post_themes, index=ws.posts.index, dtype=object),
    )
    return themed


def test_a_theme_filter_keeps_the_mentions_and_posts_of_its_themes(small):
    # mention ids a (two rows) and b (three rows) are about delivery, the rest other topics;
    # every other post is about delivery
    ids = small.mentions["mention_id"]
    ws = _with_themes(
        small,
        ["Delivery" if i in ("a", "b") else "Other topics" for i in ids],
        ["Delivery" if n % 2 == 0 else "Other topics" for n in range(len(small.posts))],
    )
    cube = build_cube(ws)
    assert set(cube.themes) == {"Delivery", "Other topics"}
    filters = Filters(themes=("Delivery",))
    assert_matches_stages(ws, filters)
    # Acme: a/2 + b/3; Beta: a/2 + b/3; Gamma: b/3 of the 2 delivery mentions
    voice = update_listen(cube, filters)["share_of_voice"].set_index("brand")
    assert voice["mentions_fractional"].to_dict() == pytest.approx(
        {"Acme": 1 / 2 + 1 / 3, "Beta": 1 / 2 + 1 / 3, "Gamma": 1 / 3}
    )
    kept = filter_tables(ws, filters)
    assert set(kept["mentions"]["mention_id"]) == {"a", "b"}
    assert len(kept["posts"]) == (len(small.posts) + 1) // 2
    rows = cell_rows(cube, select_cells(cube, filters))
    assert sorted(ws.mentions.iloc[rows]["mention_id"]) == ["a", "a", "b", "b", "b"]


def test_the_demos_themes_filter_as_the_stage_functions_count(demo):
    cube = build_cube(demo)
    themes = tuple(cube.themes[:2])  # the two themes with the most mentions and posts
    assert_matches_stages(demo, Filters(themes=themes))
    assert_matches_stages(demo, Filters(themes=themes, channels=("instagram",)))
