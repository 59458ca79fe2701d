"""Null demo: with every planted signal switched off, the cover recommends nothing.

Each demo client and its null client (:mod:`ronr.demo.null`) are generated at one small scale;
the demo client's cover must make exactly the recommendations its planted signals call for, and
the null client's none. A recommendation on a null client is a false finding: the report claims
something that the data were generated without.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from ronr import summary
from ronr.demo import DEMO_CLIENTS, DEMO_SPECS, NULL_DEMO_CLIENTS, generate_demo, null_name
from ronr.names import channel_name
from ronr.store import load_workspace
from tests import report_runner

SEED = 2025
# The smallest scale at which every demo client's cover finds all its signals: fashion's
# resonant carousels need 10 posts (the post-type rule's min_posts), i.e. 4 Instagram posts a
# month (22 · 0.16 = 3.5); below it the rule rightly stays silent on them.
SCALE = 0.16
NO_RECOMMENDATION = "No recommendation has strong enough evidence in this period."


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    generate_demo(root, seed=SEED, scale=SCALE, clients=(*DEMO_CLIENTS, *NULL_DEMO_CLIENTS))
    return root


def expected_titles(name: str) -> set[str]:
    """The recommendations' titles for demo client ``name``: one per planted finding."""
    signals = DEMO_SPECS[name].signals
    return {
        f"Put more effort into {channel_name(signals.underserved_channel)}",
        "Answer on closed days too",
        f"Know your {len(signals.superfans)} standout members by name",
        "Keep a disaster plan ready",
        f"Make more {signals.resonant_post_type} posts",
        "Drop hashtags on Facebook",
    }


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_a_null_client_gets_no_recommendation(name: str, data_dir: Path) -> None:
    ws = load_workspace(null_name(name), data_dir=data_dir)
    assert ws.config.display_name == f"{DEMO_SPECS[name].display_name} (no signals)"
    # title and evidence, so a failure says what fired and why
    assert [(r.title, r.evidence) for r in summary.recommendations(ws, limit=10)] == []


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_a_demo_client_gets_one_recommendation_per_signal(name: str, data_dir: Path) -> None:
    ws = load_workspace(name, data_dir=data_dir)
    found = summary.recommendations(ws, limit=10)
    assert {r.title for r in found} == expected_titles(name)
    assert summary.recommendations(ws) == found[:5]  # the cover's list
    # ranked by strength (effect over uncertainty), a finding without an interval last
    strengths = [r.strength for r in found]
    assert strengths[-1] is None and None not in strengths[:-1]
    assert strengths[:-1] == sorted(strengths[:-1], reverse=True)
    # the standout members are the planted super-fans, found without their names
    standout = next(r for r in found if r.metric == "member_love")
    members = summary.sections.members(ws).sort_values("love", ascending=False)
    assert set(members["author"].head(8)) == set(DEMO_SPECS[name].signals.superfans)
    assert standout.n == int(members["activities"].head(8).sum())
    incident = DEMO_SPECS[name].signals.incident
    spike = next(r for r in found if r.title == "Keep a disaster plan ready")
    # the largest incident starts on one of the planted days (in the client's local days)
    assert any(f"incident, from {day:%d %b} to" in spike.evidence for day in incident.dates)


@pytest.mark.parametrize("name", (*DEMO_CLIENTS, *NULL_DEMO_CLIENTS))
def test_the_cover_renders(name: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # only the cover notebook, executed here as the report would run it
    monkeypatch.setattr(report_runner, "REPORT_ORDER", ("cover",))
    outputs = report_runner.run_report(name, data_dir=data_dir, monkeypatch=monkeypatch)
    page = "\n".join(outputs["cover"])
    ws = load_workspace(name, data_dir=data_dir)
    assert html.escape(ws.config.display_name) in page
    for headline in summary.headline_numbers(ws):
        assert html.escape(headline.value) in page, headline
    if name in NULL_DEMO_CLIENTS:
        assert NO_RECOMMENDATION in page
    else:
        assert NO_RECOMMENDATION not in page
        shown = html.unescape(page)
        for advice in summary.recommendations(ws):  # the five strongest
            assert f"<strong>{advice.title}.</strong>" in shown
            assert advice.expected in shown
