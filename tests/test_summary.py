"""The cover's recommendations find the demo clients' planted signals (read from the specs)."""

import dataclasses
import shutil

import pytest

from ronr import engagement, metrics, recommend, summary
from ronr.config import RecommendationSettings
from ronr.demo import DEMO_CLIENTS, DEMO_SPECS
from ronr.names import channel_name
from ronr.recommend import RULES
from ronr.store import load_workspace
from tests.cases import case_path
from tests.factories import make_posts


@pytest.fixture(scope="module", params=DEMO_CLIENTS)
def case(request):
    return DEMO_SPECS[request.param], load_workspace(request.param)


def test_recommendations_find_the_planted_signals(case):
    spec, ws = case
    found = {r.metric: r for r in summary.recommendations(ws, limit=10)}
    signals = spec.signals
    assert (
        f"effort into {channel_name(signals.underserved_channel)}"
        in found["channel_audience_fit"].title
    )
    own = ws.posts[ws.posts["brand"] == ws.brand]
    compared = engagement.compare_within_channel(own, by="post_type")
    assert compared.iloc[0]["post_type"] == signals.resonant_post_type  # largest effect
    best = engagement.select_best_group(compared, min_posts=10)
    if best is None:  # too few posts to claim anything, for it or another type
        assert "engagement_index_effect" not in found
    else:
        assert found["engagement_index_effect"].title == f"Make more {best['post_type']} posts"
    assert "hashtag_effect" in found
    assert "first_response_time" in found
    assert f"{signals.incident.start:%d %b %Y}" in found["negative_spike"].evidence or any(
        f"{day:%d %b %Y}" in found["negative_spike"].evidence for day in signals.incident.dates
    )


def test_headlines_and_recommendations_use_registered_metrics(case):
    _, ws = case
    keys = [h.metric for h in summary.headline_numbers(ws)] + [
        r.metric for r in summary.recommendations(ws)
    ]
    assert keys
    assert set(keys) <= set(metrics.METRICS)


def test_recommendations_follow_the_rules_table_and_its_switches(case):
    _, ws = case
    found = summary.recommendations(ws, limit=10)
    # one recommendation per rule here (one under-served channel each), strongest first
    fired = [r.metric for r in found]
    assert sorted(fired) == sorted(rule.metric for rule in RULES if rule.metric in fired)
    assert found == recommend.rank_recommendations(recommend.apply_rules(ws))
    assert len(fired) >= 4
    assert summary.recommendations(ws, limit=2) == found[:2]
    off = RecommendationSettings(negative_spike={"enabled": False}, post_type={"enabled": False})
    quiet = dataclasses.replace(ws, config=ws.config.model_copy(update={"recommendations": off}))
    assert summary.recommendations(quiet, limit=10) == [
        r for r in found if r.metric not in {"negative_spike", "engagement_index_effect"}
    ]


def test_cover_rates_leave_stories_out_but_count_them_as_posts():
    feed = {"channel": "instagram", "reach": 100, "likes": 10, "comments": 2, "shares": 1}
    story = {"channel": "instagram", "post_type": "story", "reach": 1000, "likes": 0}
    posts = make_posts(
        [
            {**feed, "published_at": "2025-03-03T10:00Z"},
            {**feed, "published_at": "2025-03-04T10:00Z"},
            {**story, "comments": 0, "shares": 0, "published_at": "2025-03-05T10:00Z"},
        ]
    )
    heads = {h.label: h for h in summary._post_headlines(posts)}
    assert (heads["Posts"].value, heads["Posts"].n) == ("3", 3)
    # feed only: likes (10 + 10) / 2; with the Story it would be 6.7
    assert (heads["Likes per post"].value, heads["Likes per post"].n) == ("10.0", 2)
    # (10 + 2 + 1) × 2 / (100 + 100) = 13.0%; with the Story 26 / 1,200 = 2.2%
    assert heads["Engagement rate by reach"].value == "13.0%"


def test_the_cover_says_how_many_stories_the_rates_leave_out(tmp_path):
    # the sprout-stories case: 6 posts of Acme, 3 of them Stories
    exports = tmp_path / "clients" / "acme" / "exports"
    exports.mkdir(parents=True)
    (source,) = case_path("sprout-stories").glob("*.csv")
    shutil.copyfile(source, exports / source.name)
    (exports.parent / "client.yaml").write_text(
        "client: acme\ndisplay_name: Acme\nbrand: {name: Acme, handles: ['@acme']}\n"
        "business_hours: {timezone: America/New_York}\n"
        "period: {start: 2026-03-01, end: 2026-03-31}\n"
    )
    ws = load_workspace("acme", data_dir=tmp_path)
    assert len(ws.own_posts) == 6
    stories = [limit for limit in summary.data_limits(ws) if "Stories" in limit]
    assert stories and stories[0].startswith("3 of the client's posts are Stories")
