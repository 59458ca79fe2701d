"""Benchmark of the stage explorers: update time over 50 random filter changes.

Each explorer's update (``ronr.explore.update``, from the cube) is timed against a naive
recompute in the same run: the raw tables filtered, then the stage functions called on them.
Run by ``make bench`` (bench/run.py) on the full-size demo coffee client, or alone:
``.venv/bin/python bench/explorers.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time

import numpy as np
import pandas as pd

from ronr import channels, engagement, growth, listen, measure
from ronr.derive import feed_posts
from ronr.explore import UPDATES, Filters, build_cube, filter_tables
from ronr.explore.view import Explorer, draw_stage
from ronr.store import Workspace

CHANGES = 50
TARGET_P95 = 0.150  # seconds


def _chosen(values, rng: random.Random):
    """None (everything) a third of the time, else a random non-empty subset."""
    if rng.random() < 1 / 3 or len(values) < 2:
        return None
    return tuple(rng.sample(values, rng.randint(1, len(values) - 1)))


def random_filters(ws: Workspace, cube, *, n: int = CHANGES, seed: int = 0) -> list[Filters]:
    """``n`` random filter states: days within the period, subsets of the other filters."""
    rng = random.Random(seed)
    first, last = ws.start.date(), ws.end.date()
    days = (last - first).days
    states = []
    for _ in range(n):
        start = end = None
        if rng.random() < 2 / 3:
            a, b = sorted(rng.sample(range(days + 1), 2))
            start, end = first + dt.timedelta(days=a), first + dt.timedelta(days=b)
        states.append(
            Filters(
                start=start,
                end=end,
                channels=_chosen(cube.channels, rng),
                brands=_chosen(cube.brand_order, rng),
                post_types=_chosen(cube.post_types, rng),
            )
        )
    return states


def _days(ws: Workspace, filters: Filters) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (
        pd.Timestamp(filters.start or ws.start.date(), tz="UTC"),
        pd.Timestamp(filters.end or ws.end.date(), tz="UTC"),
    )


def naive_listen(ws: Workspace, filters: Filters) -> None:
    mentions = filter_tables(ws, filters)["mentions"]
    brands = [b for b in ws.config.brand_names if filters.brands is None or b in filters.brands]
    listen.count_mentions(mentions, freq="W", timezone=ws.timezone)
    listen.share_of_voice(mentions, brands=brands, n_boot=0)
    listen.share_of_voice(mentions, brands=brands, n_boot=0, freq="W", timezone=ws.timezone)
    listen.net_sentiment(mentions, by="brand")
    listen.net_sentiment(mentions, freq="W", timezone=ws.timezone)


def naive_audience(ws: Workspace, filters: Filters) -> None:
    posts = filter_tables(ws, filters)["posts"]
    followers = ws.followers
    if filters.channels is not None:
        followers = followers[followers["channel"].isin(filters.channels)]
    start, end = _days(ws, filters)
    growth.follower_growth(followers, start=start, end=end)
    engagement.engagement_by(posts[posts["brand"] == ws.brand], by="post_type")


def naive_channels(ws: Workspace, filters: Filters) -> None:
    tables = filter_tables(ws, filters)
    start, end = _days(ws, filters)
    effort = {
        c: v
        for c, v in ws.config.effort_shares().items()
        if filters.channels is None or c in filters.channels
    }
    channels.summarise_channels(
        tables["posts"], brand=ws.brand, start=start, end=end, effort=effort
    )
    channels.response_times(
        tables["mentions"],
        ws.responses,
        brand=ws.brand,
        hours=ws.config.business_hours,
        by="channel",
    )


def naive_measure(ws: Workspace, filters: Filters) -> None:
    posts = filter_tables(ws, filters)["posts"]
    measure.kaushik_rates(feed_posts(posts), by=("brand", "channel"))


def naive_tweak(ws: Workspace, filters: Filters) -> None:
    posts = filter_tables(ws, filters)["posts"]
    engagement.compare_within_channel(posts[posts["brand"] == ws.brand], by="post_type")


NAIVE = {
    "listen": naive_listen,
    "audience": naive_audience,
    "channels": naive_channels,
    "measure": naive_measure,
    "tweak": naive_tweak,
}


def _seconds(action, states) -> np.ndarray:
    times = []
    for filters in states:
        start = time.perf_counter()
        action(filters)
        times.append(time.perf_counter() - start)
    return np.array(times)


def bench_explorers(ws: Workspace) -> dict[str, dict[str, float]]:
    """Print and return each explorer's update time (median, p95) and the naive recompute's.

    Parameters
    ----------
    ws
        The workspace (the full-size demo coffee client in ``make bench``).

    Returns
    -------
    dict
        Per stage: ``median``, ``p95`` (seconds, from the cube), ``naive_median``,
        ``naive_p95``, ``ratio`` (naive median / cube median), ``drawn_median``,
        ``drawn_p95`` (the update with its plotly figures) and ``live_median``, ``live_p95``
        (the live explorer's whole refresh: update, figures, its FigureWidgets updated in place
        and its tables redrawn).
    """
    start = time.perf_counter()
    cube = build_cube(ws)
    print(
        f"explorers: cube of {len(ws.mentions):,} mentions and {len(ws.posts):,} posts built in "
        f"{time.perf_counter() - start:.2f} s ({len(cube.mentions.count):,} mention cells)"
    )
    states = random_filters(ws, cube)
    results = {}
    for stage, update in UPDATES.items():
        update(cube, Filters())  # warm up: the first call imports and caches
        fast = _seconds(lambda f, update=update: update(cube, f), states)
        slow = _seconds(lambda f, stage=stage: NAIVE[stage](ws, f), states)
        drawn = _seconds(lambda f, stage=stage: draw_stage(cube, stage, f), states)
        explorer = Explorer(ws, stage)
        live = _seconds(explorer.refresh, states)
        row = {
            "median": float(np.median(fast)),
            "p95": float(np.percentile(fast, 95)),
            "naive_median": float(np.median(slow)),
            "naive_p95": float(np.percentile(slow, 95)),
            "drawn_median": float(np.median(drawn)),
            "drawn_p95": float(np.percentile(drawn, 95)),
            "live_median": float(np.median(live)),
            "live_p95": float(np.percentile(live, 95)),
        }
        row["ratio"] = row["naive_median"] / row["median"]
        results[stage] = row
        verdict = (
            "ok" if row["p95"] <= TARGET_P95 else f"above the {TARGET_P95 * 1000:.0f} ms target"
        )
        print(
            f"explore {stage:<9} {CHANGES} filter changes: median {row['median'] * 1000:6.1f} ms, "
            f"p95 {row['p95'] * 1000:6.1f} ms ({verdict}); naive recompute median "
            f"{row['naive_median'] * 1000:7.1f} ms, p95 {row['naive_p95'] * 1000:7.1f} ms "
            f"(ratio {row['ratio']:.1f}x); with the figures drawn median "
            f"{row['drawn_median'] * 1000:.1f} ms, p95 {row['drawn_p95'] * 1000:.1f} ms; "
            f"live {type(explorer.views[0]).__name__} refresh median "
            f"{row['live_median'] * 1000:.1f} ms, p95 {row['live_p95'] * 1000:.1f} ms"
            f"{'' if row['live_p95'] <= TARGET_P95 else ' (above the target)'}"
        )
    return results


def main() -> None:
    from ronr.demo import generate_client
    from ronr.store import load_workspace

    with tempfile.TemporaryDirectory(prefix="ronr-bench-") as folder:
        generate_client("demo-coffee", folder)
        bench_explorers(load_workspace("demo-coffee", data_dir=folder))


if __name__ == "__main__":
    main()
