"""The relationship in the measure section and on the cover: members, levels, the ROR index.

Small hand-made clients go through ``ronr.sections`` and ``ronr.blocks.measure`` as a report
does; the demo client is rendered once in this process (``tests/report_runner.py``).
"""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
import pytest

from ronr import blocks, sections, summary
from ronr.config import parse_config
from ronr.errors import ConfigError
from ronr.paths import resolve_data_dir
from ronr.schema import empty_table
from ronr.show import Chart, Note, Table, format_table
from ronr.store import Workspace, data_spans, load_workspace
from tests.factories import make_mentions, ts
from tests.report_runner import run_report
from tests.visible import raw_words, visible_texts

CONFIG = {
    "client": "acme",
    "display_name": "Acme",
    "brand": {"name": "Acme", "handles": ["@acme"]},
    "period": {"start": "2025-01-01", "end": "2025-04-30"},
    "responses": {"target_hours": 2},
}


def _rows() -> list[dict]:
    """Four members, one staff account, one bot; weights share 3, mention 2, comment 1.

    - @ann: a share in Feb and Mar, two in Apr: love 12 over Feb–Apr, 3 months → advocate;
    - @bob: a mention in Mar; a question (mention) and two comments in Apr: 6 over 2 months
      → fan;
    - @dan: a comment in Jan, Mar and Apr: 2 over Feb–Apr in 2 months → participant;
    - @cat: a question (comment) in Apr: 1 → observer;
    - @acme: the brand's own account, 3 mentions → staff;
    - @spam: 10 mentions with the same text in Jan → bot.
    """
    rows = [
        ("@ann", "2025-02-10T10:00Z", "share", {}),
        ("@ann", "2025-03-10T10:00Z", "share", {}),
        ("@ann", "2025-04-08T10:00Z", "share", {}),
        ("@ann", "2025-04-09T10:00Z", "share", {}),
        ("@bob", "2025-03-12T10:00Z", "mention", {}),
        ("@bob", "2025-04-01T10:00Z", "mention", {"is_question": True, "text": "open sunday?"}),
        ("@bob", "2025-04-15T10:00Z", "comment", {}),
        ("@bob", "2025-04-16T10:00Z", "comment", {}),
        ("@dan", "2025-01-15T10:00Z", "comment", {}),
        ("@dan", "2025-03-15T10:00Z", "comment", {}),
        ("@dan", "2025-04-15T11:00Z", "comment", {}),
        ("@cat", "2025-04-02T10:00Z", "comment", {"is_question": True, "text": "vegan milk?"}),
        *[("@acme", f"2025-0{m}-20T10:00Z", "mention", {}) for m in (1, 2, 3)],
        *[
            ("@spam", f"2025-01-{d:02d}T10:00Z", "mention", {"text": "buy cheap followers now"})
            for d in range(3, 13)
        ],
    ]
    return [
        {
            "mention_id": f"m{i}",
            "author": author,
            "created_at": at,
            "kind": kind,
            "brand": "Acme",
            "text": f"text {i}",
            **extra,
        }
        for i, (author, at, kind, extra) in enumerate(rows)
    ]


def _responses() -> pd.DataFrame:
    """The brand answers @bob's question after 30 minutes (Tuesday, in business hours)."""
    table = empty_table("responses")
    row = {
        "response_id": "r1",
        "mention_id": "m5",
        "channel": "x",
        "created_at": ts("2025-04-01T10:30Z"),
        "author": "@acme",
    }
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True).astype(
        {"created_at": "datetime64[ns, UTC]"}
    )


def make_workspace(*, config: dict | None = None, responses: bool = True) -> Workspace:
    tables = {name: empty_table(name) for name in ("posts", "audience", "followers")}
    tables["mentions"] = make_mentions(_rows())
    tables["responses"] = _responses() if responses else empty_table("responses")
    return Workspace(
        config=parse_config({**CONFIG, **(config or {})}),
        **tables,
        provenance=pd.DataFrame(),
        rejects=pd.DataFrame(),
        start=ts("2025-01-01"),
        end=ts("2025-04-30"),
        spans=data_spans(tables),
    )


def _text(blocks_shown: list) -> str:
    parts = []
    for block in blocks_shown:
        if isinstance(block, Note):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.append(format_table(block.data, formats=block.formats, max_rows=block.max_rows))
    return "\n".join(parts)


@pytest.fixture
def ws() -> Workspace:
    return make_workspace()


def test_members_get_their_levels_and_staff_and_bots_are_counted_apart(ws):
    members = sections.members(ws).set_index("author")
    assert members["level"].astype(str).to_dict() == {
        "@ann": "advocate",
        "@bob": "fan",
        "@dan": "participant",
        "@cat": "observer",
    }
    assert members.loc["@ann", "love"] == 12 and members.loc["@bob", "love"] == 6
    excluded = sections.excluded_authors(ws).set_index("author")
    assert excluded.loc["@acme", "reason"] == "staff" and excluded.loc["@acme", "mentions"] == 3
    assert (
        excluded.loc["@spam", "reason"].startswith("bot")
        and excluded.loc["@spam", "mentions"] == 10
    )
    intro = _text(blocks.measure.relationship_intro(ws))
    assert "4 members." in intro
    assert "the brand's own accounts (1, with 3 mentions)" in intro
    assert "accounts that post like bots (1, with 10 mentions" in intro
    shown = next(b for b in blocks.measure.member_levels(ws) if isinstance(b, Table)).data
    assert shown.set_index("level")["members"].astype(int).to_dict() == {
        "advocate": 1,
        "fan": 1,
        "participant": 1,
        "observer": 1,
    }


def test_the_last_month_of_the_period_is_judged_and_no_month_after_it_shown(ws):
    levels = sections.member_levels(ws)
    assert levels["period"].max() == pd.Timestamp("2025-04-01")
    movement = sections.level_movement(ws).set_index("period")
    april = movement.loc[pd.Timestamp("2025-04-01")]
    # ann (participant → advocate), bob (participant → fan), dan (participant, held); cat new
    assert (april["members"], april["new"], april["moved_up"], april["held"]) == (4, 1, 2, 1)
    # weighted commitment: 10² + 7² + 4² + 1²
    assert april["weighted_commitment"] == 166


def _april_only() -> Workspace:
    """The client of :func:`make_workspace` reported for April alone: January to March are
    history (``mentions_before``), as ``load_workspace`` gives it."""
    whole = make_workspace()
    april = whole.mentions["created_at"] >= ts("2025-04-01")
    return dataclasses.replace(
        whole,
        mentions=whole.mentions[april].reset_index(drop=True),
        mentions_before=whole.mentions[~april].reset_index(drop=True),
        start=ts("2025-04-01"),
        _memo={},
    )


def test_a_months_levels_and_index_do_not_depend_on_the_period_reported(ws):
    april = _april_only()
    shown = sections.member_levels(april)
    assert set(shown["period"]) == {pd.Timestamp("2025-04-01")}
    whole = sections.member_levels(ws)
    whole = whole[whole["period"] == pd.Timestamp("2025-04-01")].reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, whole)
    # loyalty needs the months before April: judged from the history, not missing
    scores = sections.ror_scores(april).loc[pd.Timestamp("2025-04-01")]
    pd.testing.assert_series_equal(scores, sections.ror_scores(ws).loc[pd.Timestamp("2025-04-01")])
    assert scores["loyalty"] == 75.0  # ann, bob and dan of April's 4 authors came back
    # April's members: what they did in April, at the level their history gives
    members = sections.members(april).set_index("author")
    assert members["level"].astype(str).to_dict() == {
        "@ann": "advocate",
        "@bob": "fan",
        "@dan": "participant",
        "@cat": "observer",
    }
    assert members["activities"].to_dict() == {"@ann": 2, "@bob": 3, "@dan": 1, "@cat": 1}
    assert members.loc["@ann", "first_seen"] == ts("2025-02-10T10:00Z")
    # cohorts: only April's newcomer (@cat) is new in April
    cohorts = sections.cohorts(april)
    assert list(cohorts["cohort"]) == [pd.Timestamp("2025-04-01")]
    assert list(cohorts["size"]) == [1]


def test_the_index_of_a_month_is_the_mean_of_the_components_with_data(ws):
    scores = sections.ror_scores(ws).loc[pd.Timestamp("2025-04-01")]
    # advocacy: ann and bob of the 4 active members; loyalty: ann, bob, dan of 4 came back;
    # conversation: 7 activities / 4 members → (1.75 − 1) / 3; responsiveness: 1 of 2
    # questions answered within 2 business hours; no signed mention, no audience snapshot
    assert scores["advocacy"] == pytest.approx(50)
    assert scores["loyalty"] == pytest.approx(75)
    assert scores["conversation"] == pytest.approx(25)
    assert scores["responsiveness"] == pytest.approx(50)
    assert pd.isna(scores["sentiment"]) and pd.isna(scores["audience_fit"])
    index = sections.ror_index(ws).loc[pd.Timestamp("2025-04-01")]
    assert index["ror_index"] == pytest.approx(50) and index["components_used"] == 4
    heads = {h.metric: h for h in summary.headline_numbers(ws)}
    assert heads["ror_index"].value == "50" and heads["ror_index"].n == 4
    assert heads["ror_index"].label == (
        "Return-on-Relationship index, Apr 2025 (0–100, 4 of 6 components)"
    )


def test_the_clients_weights_carry_the_index(ws):
    weighted = make_workspace(config={"ror_weights": {"advocacy": 3, "loyalty": 1}})
    index = sections.ror_index(weighted).loc[pd.Timestamp("2025-04-01"), "ror_index"]
    assert index == pytest.approx((3 * 50 + 75) / 4)


def test_a_component_without_data_drops_out_with_a_note(ws):
    shown = blocks.measure.ror_index(ws)
    text = _text(shown)
    assert "Sentiment has no data in any month" in text
    assert "Audience fit has no data in any month" in text
    assert "never counted as 0" in text
    # loyalty needs the 3 months before: January to March are left out, weights renormalised
    assert "Loyalty has no data in Jan 2025, Feb 2025 and Mar 2025" in text
    january = sections.ror_index(ws).loc[pd.Timestamp("2025-01-01")]
    assert january["weight_loyalty"] == 0 and january["weight_sentiment"] == 0
    assert january["ror_index"] == pytest.approx(
        january[[c for c in january.index if c.startswith("contribution_")]].sum()
    )
    assert any(isinstance(b, Chart) and b.figure is not None for b in shown)


def test_no_ledger_without_money_values(ws):
    shown = blocks.measure.value_ledger(ws)
    assert len(shown) == 1 and isinstance(shown[0], Note)
    assert shown[0].text == "No money values in the client's config: nothing is converted to money."


def test_a_ledger_in_the_clients_currency_with_money_values():
    ws = make_workspace(config={"money_values": {"share": 0.5, "like": 1.0}, "currency": "GBP"})
    shown = blocks.measure.value_ledger(ws)
    table = next(b for b in shown if isinstance(b, Table)).data
    # ann's 4 shares at 0.50
    assert table.to_dict("records") == [
        {
            "action": "Shares by members",
            "count": 4.0,
            "Value per action (GBP)": 0.5,
            "Value (GBP)": 2.0,
        }
    ]
    text = _text(shown)
    assert "2.00 GBP over the period" in text and "not counted by ronr: like" in text


def test_responsiveness_per_theme_and_unknown_answers_without_replies(ws):
    table = sections.theme_responsiveness(ws)
    assert table["needing_answer"].sum() == 2 and table["answered"].sum() == 1
    without = make_workspace(responses=False)
    shown = blocks.measure.responsiveness_by_theme(without)
    assert [b.kind for b in shown] == ["missing"]
    top = next(b for b in blocks.measure.top_advocates(without) if isinstance(b, Table)).data
    assert top["answered_share"].isna().all()  # unknown, not 0%


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """demo-coffee rendered in this process: every notebook's displayed HTML."""
    source = resolve_data_dir() / "clients" / "demo-coffee"
    if not source.exists():
        pytest.skip("no demo client: run `ronr demo`")
    data_dir = tmp_path_factory.mktemp("data")
    shutil.copytree(source, data_dir / "clients" / "demo-coffee")
    with pytest.MonkeyPatch.context() as monkeypatch:
        outputs = run_report("demo-coffee", data_dir=data_dir, monkeypatch=monkeypatch)
    return outputs, load_workspace("demo-coffee", data_dir=data_dir)


def test_the_demo_report_shows_the_relationship_in_client_words(demo_report):
    outputs, _ = demo_report
    measure = "\n".join(outputs["04_measure"])
    for header in (
        "<th>Love (weighted activity)</th>",
        "<th>Moved up</th>",
        "<th>Month of first mention</th>",
        "<th>Mentions the brand answered</th>",
        "<th>Response rate, 95% low</th>",
        "<th>ROR index (0–100)</th>",
        "<th>How it is scored (0–100)</th>",
        "<th>Rank correlation with the base (months)</th>",
        "<th>Value (GBP)</th>",
    ):
        assert header in measure, header
    found = [w for html in outputs["04_measure"] for w in raw_words(visible_texts(html))]
    assert found == []
    cover = "\n".join(outputs["cover"])
    assert "Return-on-Relationship index, Dec 2025 (0–100)" in cover
    assert 'href="#metric-ror_index"' in cover


def test_the_demos_planted_super_fans_are_its_top_advocates(demo_report):
    _, ws = demo_report
    own = ws.mentions[ws.mentions["brand"] == ws.brand].drop_duplicates("mention_id")
    most = set(own.groupby("author").size().nlargest(8).index)
    top = next(b for b in blocks.measure.top_advocates(ws) if isinstance(b, Table)).data
    assert most <= set(top["author"])
    planted = top[top["author"].isin(most)]
    assert (planted["activities"] >= 20).all()  # the demo plants at least 20 mentions each


def test_the_clients_activity_weights_and_staff_change_the_members():
    # a comment weighs 3 here: @dan's three comments make love 9 (Feb–Apr: two, 6) → fan; @cat
    # is the brand's community manager, left out as staff
    ws = make_workspace(config={"members": {"activity_weights": {"comment": 3}, "staff": ["@cat"]}})
    assert sections.activity_weights(ws) == {
        "share": 3.0, "mention": 2.0, "review": 2.0, "comment": 3.0, "reply": 1.0,
    }  # fmt: skip
    members = sections.members(ws).set_index("author")
    assert "@cat" not in members.index
    assert members.loc["@dan", "love"] == 9 and members.loc["@dan", "level"] == "fan"
    excluded = sections.excluded_authors(ws).set_index("author")
    assert excluded.loc["@cat", "reason"] == "staff"
    levels = _text(blocks.measure.member_levels(ws))
    assert "a share counts 3, a comment 3, a mention 2, a review 2, a reply 1" in levels
    with pytest.raises(ConfigError, match=r"members\.staff: staff handle 'anna': expected"):
        parse_config({**CONFIG, "members": {"staff": ["anna"]}})
