"""The walkthrough's exercises: each check accepts the right answer as learners write it, turns a
wrong one down with a hint, and the index's "what if" moves by what the formula says.

A small hand-made client (Acme against Rival) carries every exercise but the index, whose
hand-computed months come from the relationship tests' client (tests/test_relationship.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ronr import channels, sections, teach
from ronr.config import parse_config
from ronr.metrics import METRICS
from ronr.schema import empty_table
from ronr.store import Workspace, data_spans, load_workspace
from tests.factories import make_mentions, make_posts, ts
from tests.test_relationship import make_workspace as make_relationship_workspace

CONFIG = {
    "client": "acme",
    "display_name": "Acme",
    "brand": {"name": "Acme", "handles": ["@acme"]},
    "competitors": [{"name": "Rival", "handles": ["@rival"]}],
    "period": {"start": "2025-03-01", "end": "2025-03-31"},
    "responses": {"target_hours": 2},
    # business hours: the defaults, Monday to Friday 09:00–17:00 UTC
    "target_market": {"age": {"18-24": 0.5, "25-34": 0.5}},
}


def _mentions() -> pd.DataFrame:
    """Share of voice: Acme 6 mentions of its own and half of one naming both, Rival 3 → 10
    distinct mentions, Acme 6.5 of them: 65%.

    Four of Acme's are questions: three arrive on a closed day (Saturday 1 March 10:00, answered
    after 4 clock hours, 0 business hours; Sunday 2 March 10:00, answered Monday 10:00 after 24
    clock hours, 1 business hour; Saturday 8 March 09:00, answered after 6 clock hours, 0
    business hours) and one in business hours (Monday 3 March 10:00, after 1 hour). Closed
    days: median 6 clock hours, 0 business hours.
    """
    rows = [
        ("q1", "Acme", "2025-03-01T10:00Z", True),
        ("q2", "Acme", "2025-03-02T10:00Z", True),
        ("q3", "Acme", "2025-03-08T09:00Z", True),
        ("q4", "Acme", "2025-03-03T10:00Z", True),
        ("a1", "Acme", "2025-03-04T10:00Z", False),
        ("a2", "Acme", "2025-03-05T10:00Z", False),
        ("both", "Acme", "2025-03-06T10:00Z", False),
        ("both", "Rival", "2025-03-06T10:00Z", False),
        ("r1", "Rival", "2025-03-04T11:00Z", False),
        ("r2", "Rival", "2025-03-05T11:00Z", False),
        ("r3", "Rival", "2025-03-06T11:00Z", False),
    ]
    return make_mentions(
        [
            {
                "mention_id": mention_id,
                "brand": brand,
                "created_at": at,
                "is_question": question,
                "author": f"@fan_{mention_id}",
                "text": "open today?" if question else "nice coffee",
            }
            for mention_id, brand, at, question in rows
        ]
    )


def _responses() -> pd.DataFrame:
    replies = [
        ("q1", "2025-03-01T14:00Z"),
        ("q2", "2025-03-03T10:00Z"),
        ("q3", "2025-03-08T15:00Z"),
        ("q4", "2025-03-03T11:00Z"),
    ]
    rows = [
        {
            "response_id": f"r_{mention}",
            "mention_id": mention,
            "channel": "x",
            "created_at": ts(at),
            "author": "@acme",
        }
        for mention, at in replies
    ]
    return pd.concat([empty_table("responses"), pd.DataFrame(rows)], ignore_index=True).astype(
        {"created_at": "datetime64[ns, UTC]"}
    )


def _audience() -> pd.DataFrame:
    """TikTok: 60% 18-24, 40% 25-34 → fit 1 − ½(0.1 + 0.1) = 0.9; Facebook: 10%, 20% and 70%
    55+ → fit 1 − ½(0.4 + 0.3 + 0.7) = 0.3."""
    shares = {
        "tiktok": {"18-24": 0.6, "25-34": 0.4},
        "facebook": {"18-24": 0.1, "25-34": 0.2, "55+": 0.7},
    }
    rows = [
        {
            "channel": channel,
            "dimension": "age",
            "bucket": bucket,
            "share": share,
            "as_of": ts("2025-03-15"),
            "source_file": "audience.csv",
            "source_row": i,
        }
        for i, (channel, buckets) in enumerate(shares.items())
        for bucket, share in buckets.items()
    ]
    return pd.concat([empty_table("audience"), pd.DataFrame(rows)], ignore_index=True).astype(
        {"as_of": "datetime64[ns, UTC]"}
    )


def _posts() -> pd.DataFrame:
    """Facebook, reach 100 each: videos engage 30% and 50%, photos 10% and 20%. The channel's
    median post engages 25%: video indexes 1.2 and 2.0 (mean 1.6), photo 0.4 and 0.8 (mean
    0.6); the within-channel effect of video is 1.6 − 0.6 = +1.0, of photo −1.0."""
    rows = [("video", 30), ("video", 50), ("photo", 10), ("photo", 20)]
    return make_posts(
        [
            {
                "post_type": kind,
                "reach": 100,
                "likes": likes,
                "comments": 0,
                "shares": 0,
                "published_at": f"2025-03-{10 + i:02d}T12:00Z",
            }
            for i, (kind, likes) in enumerate(rows)
        ]
    )


def make_workspace() -> Workspace:
    tables = {
        "mentions": _mentions(),
        "responses": _responses(),
        "audience": _audience(),
        "posts": _posts(),
        "followers": empty_table("followers"),
    }
    return Workspace(
        config=parse_config(CONFIG),
        **tables,
        provenance=pd.DataFrame(),
        rejects=pd.DataFrame(),
        start=ts("2025-03-01"),
        end=ts("2025-03-31"),
        spans=data_spans(tables),
    )


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return make_workspace()


@pytest.fixture(scope="module")
def relationship() -> Workspace:
    """Jan–Apr 2025; April's components: advocacy 50, loyalty 75, conversation 25 and
    responsiveness 50 (one of two questions answered, after 0.5 business hours): index 50."""
    return make_relationship_workspace()


# --- the answers, computed by the library, equal the hand-computed values ---------------------


def test_the_answers_are_the_hand_computed_values(ws, relationship):
    assert teach.solve_exercise(ws, "share_of_voice") == pytest.approx(65.0)
    assert teach.solve_exercise(ws, "best_fit_channel") == (["tiktok"], ["tiktok", "facebook"])
    assert teach.solve_exercise(ws, "closed_day_response") == pytest.approx(6.0)
    right, options = teach.solve_exercise(ws, "best_post_type")
    assert right == ["video"] and sorted(options) == ["photo", "video"]
    assert teach.solve_exercise(relationship, "last_ror_index") == pytest.approx(50.0)


def test_every_stage_has_one_exercise():
    stages = [e.stage for e in teach.EXERCISES.values()]
    assert stages == ["listen", "audience", "channels", "measure", "tweak"]


# --- the checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [65, 65.0, "65", "65%", "65 %", " 65.0 % ", "65,0", 0.65, "0.65"]
)
def test_share_of_voice_is_right_in_every_spelling(ws, answer):
    feedback = teach.check_answer(ws, "share_of_voice", answer)
    assert feedback == teach.Feedback(True, "Right: 65.0%.")


@pytest.mark.parametrize(("answer", "correct"), [(65.1, True), (64.9, True), (65.11, False),
                                                 (64.89, False), (0.651, True), (0.6512, False),
                                                 ("0.65%", False)])  # fmt: skip
def test_share_of_voice_tolerance_is_a_tenth_of_a_point(ws, answer, correct):
    assert teach.check_answer(ws, "share_of_voice", answer).correct is correct


def test_a_wrong_share_says_what_to_compare(ws):
    # 6 of 9 (the mention naming both counted whole for Rival, left out for Acme) is 66.7%
    feedback = teach.check_answer(ws, "share_of_voice", 66.7)
    assert not feedback.correct
    assert feedback.message.startswith("Not quite: compare the client's mentions with the ")
    assert "all tracked brands" in feedback.message


def test_no_answer_yet_says_where_to_write_it(ws):
    feedback = teach.check_answer(ws, "share_of_voice", None)
    assert feedback == teach.Feedback(
        False, "Write your answer in the cell above, then run this cell again."
    )


@pytest.mark.parametrize("answer", ["TikTok", "tiktok", " TIKTOK ", "Tik Tok", "tik-tok"])
def test_best_fit_channel_accepts_the_name_or_the_key(ws, answer):
    assert teach.check_answer(ws, "best_fit_channel", answer) == teach.Feedback(
        True, "Right: TikTok."
    )


def test_a_wrong_or_unknown_channel_is_turned_down_helpfully(ws):
    wrong = teach.check_answer(ws, "best_fit_channel", "Facebook")
    assert not wrong.correct and "highest fit" in wrong.message
    unknown = teach.check_answer(ws, "best_fit_channel", "MySpace")
    assert unknown == teach.Feedback(
        False, "Not quite: “MySpace” is not one of this client's options (TikTok, Facebook)."
    )
    number = teach.check_answer(ws, "best_fit_channel", 0.9)
    assert number == teach.Feedback(False, "Not quite: write the answer as a name, in quotes.")


@pytest.mark.parametrize(
    ("answer", "correct"),
    [(6, True), ("6 h", True), ("6 hours", True), (6.1, True), (5.9, True), (6.11, False),
     (4, False)],
)  # fmt: skip
def test_closed_day_response_in_clock_hours_within_a_tenth_of_an_hour(ws, answer, correct):
    assert teach.check_answer(ws, "closed_day_response", answer).correct is correct
    if correct:
        assert teach.check_answer(ws, "closed_day_response", answer).message == (
            "Right: 6.0 hours."
        )


def test_the_business_hours_median_is_named_as_the_mistake_it_is(ws):
    feedback = teach.check_answer(ws, "closed_day_response", 0)
    assert not feedback.correct
    assert "median in business hours" in feedback.message and "clock hours" in feedback.message
    words = teach.check_answer(ws, "closed_day_response", "six")
    assert words == teach.Feedback(False, "Not quite: write the answer as a number, such as 12.5.")


@pytest.mark.parametrize(("answer", "correct"), [(50, True), ("50", True), ("50 of 100", True),
                                                 (50.5, True), (49.5, True), (50.51, False),
                                                 (0.5, False)])  # fmt: skip
def test_ror_index_within_half_a_point(relationship, answer, correct):
    feedback = teach.check_answer(relationship, "last_ror_index", answer)
    assert feedback.correct is correct
    if not correct:
        assert feedback.message.startswith("Not quite: the index is the weighted mean")


@pytest.mark.parametrize("answer", ["video", "Video", "videos", "VIDEOS"])
def test_best_post_type_accepts_singular_and_plural(ws, answer):
    assert teach.check_answer(ws, "best_post_type", answer) == teach.Feedback(True, "Right: Video.")


def test_the_pooled_favourite_is_not_the_answer(ws):
    feedback = teach.check_answer(ws, "best_post_type", "photo")
    assert not feedback.correct and "same channel" in feedback.message


def test_an_exercise_without_data_says_so(relationship):
    # the relationship client tracks no competitors and has no posts
    sov = teach.check_answer(relationship, "share_of_voice", 50)
    assert not sov.correct
    assert sov.message.startswith("This client's data cannot answer this exercise: ")
    assert "no competitors" in sov.message
    post = teach.check_answer(relationship, "best_post_type", "video")
    assert not post.correct and "cannot answer" in post.message


def test_an_unknown_exercise_names_the_known_ones(ws):
    with pytest.raises(KeyError, match="known: share_of_voice, best_fit_channel"):
        teach.check_answer(ws, "sales_from_facebook", 1)


def test_feedback_shows_escaped_plain_words(ws):
    feedback = teach.check_answer(ws, "best_fit_channel", "<b>MySpace</b>")
    assert "&lt;b&gt;MySpace&lt;/b&gt;" in feedback._repr_html_()
    assert "<b>" not in feedback._repr_html_()
    assert str(feedback) == feedback.message


def test_parse_number_reads_what_learners_type():
    assert teach.parse_number("1,234.5 hours") == (1234.5, False)
    assert teach.parse_number("\u22120.5") == (-0.5, False)
    assert teach.parse_number("44.8 percent") == (44.8, True)
    assert teach.parse_number(True) == (None, False)
    assert teach.parse_number(float("nan")) == (None, False)
    assert teach.parse_number(float("inf")) == (None, False)


# --- the walkthrough's definitions -----------------------------------------------------------


def test_the_walkthrough_definitions_are_metrics_in_order():
    table = teach.select_definitions()
    assert list(table["key"]) == list(teach.WALKTHROUGH_METRICS)
    assert set(teach.WALKTHROUGH_METRICS) <= set(METRICS)
    assert table.loc[0, "name"] == METRICS["share_of_voice"].name
    with pytest.raises(KeyError, match="unknown metrics: sales"):
        teach.select_definitions(["share_of_voice", "sales"])


# --- what if -------------------------------------------------------------------------------

APRIL = pd.Timestamp("2025-04-01")


def test_what_if_without_changes_is_the_reports_index(relationship):
    pd.testing.assert_frame_equal(
        teach.what_if_index(relationship), sections.ror_index(relationship)
    )


def test_a_weight_moves_the_index_by_the_hand_computed_amount(relationship):
    # April: advocacy 50, loyalty 75, conversation 25, responsiveness 50 (equal weights: 50)
    weights = dict.fromkeys(teach.client_weights(relationship), 1.0)
    assert teach.what_if_index(relationship, weights=weights).loc[APRIL, "ror_index"] == (
        pytest.approx(50)
    )
    weights["loyalty"] = 3.0  # (50 + 3 × 75 + 25 + 50) / 6 = 58.33: +8.33 points
    changed = teach.what_if_index(relationship, weights=weights).loc[APRIL, "ror_index"]
    assert changed - 50 == pytest.approx(25 / 3)
    only = teach.what_if_index(relationship, weights={"conversation": 1})
    assert only.loc[APRIL, "ror_index"] == pytest.approx(25)


def test_the_response_target_moves_responsiveness_as_computed_by_hand(relationship):
    # @bob's question was answered after 0.5 business hours, @cat's never: 1 of 2 within a
    # target of 0.5 hours or more, 0 of 2 within a quarter of an hour
    at_half = teach.what_if_index(relationship, target_hours=0.5).loc[APRIL]
    assert at_half["contribution_responsiveness"] == pytest.approx(50 / 4)
    assert at_half["ror_index"] == pytest.approx(50)
    quarter = teach.what_if_index(relationship, target_hours=0.25).loc[APRIL]
    assert quarter["contribution_responsiveness"] == 0
    assert quarter["ror_index"] == pytest.approx((50 + 75 + 25 + 0) / 4)
    with pytest.raises(ValueError, match="target_hours must be at least 0"):
        teach.what_if_index(relationship, target_hours=-1)


def test_what_if_needs_one_weight_above_zero(relationship):
    with pytest.raises(ValueError, match="at least one weight must be above 0"):
        teach.what_if_index(
            relationship, weights=dict.fromkeys(teach.client_weights(relationship), 0)
        )


def test_the_static_what_if_chart_draws_both_lines(relationship):
    base = sections.ror_index(relationship)
    changed = teach.what_if_index(relationship, target_hours=0.25)
    figure = teach.plot_what_if(base, changed, timezone="UTC")
    assert [t.name for t in figure.data] == ["The client's settings", "What if"]
    assert list(figure.data[1].y)[-1] == pytest.approx(37.5)
    alone = teach.plot_what_if(base)
    assert len(alone.data) == 1 and not alone.layout.showlegend


def test_show_what_if_without_a_frontend_draws_a_static_chart(relationship, monkeypatch):
    shown = []
    monkeypatch.setattr(teach, "show_figure", lambda fig, **_: shown.append(("figure", fig)))
    monkeypatch.setattr(teach, "show_note", lambda text, **_: shown.append(("note", text)))
    teach.show_what_if(relationship, interactive=False)
    assert [kind for kind, _ in shown] == ["figure", "note"]
    assert shown[0][1].data[0].name == "The client's settings"


def test_show_what_if_live_carries_the_widget_and_a_static_fallback(relationship, monkeypatch):
    displayed = []
    monkeypatch.setattr(teach, "display", lambda bundle, **_: displayed.append(bundle))
    teach.show_what_if(relationship, interactive=True)
    (bundle,) = displayed
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "application/vnd.plotly.v1+json" in bundle and "text/html" in bundle
    assert "VBox" not in bundle["text/plain"]


def test_the_sliders_recompute_the_index_with_their_values(relationship, monkeypatch):
    calls, notes = [], []
    monkeypatch.setattr(teach, "_what_if_figure", lambda ws, **options: calls.append(options))
    monkeypatch.setattr(teach, "show_figure", lambda fig, **_: None)
    monkeypatch.setattr(teach, "show_note", lambda text, **_: notes.append(text))
    box = teach.build_what_if(relationship)
    target, *weights, _output = box.children
    assert target.value == 2.0 and [w.value for w in weights] == [1.0] * 6
    assert [w.description for w in weights][1] == "Weight: Loyalty"
    weights[1].value = 3.0
    assert calls[-1] == {
        "target_hours": 2.0,
        "weights": {**teach.client_weights(relationship), "loyalty": 3.0},
    }
    target.value = 0.5
    assert calls[-1]["target_hours"] == 0.5
    for weight in weights:
        weight.value = 0.0
    assert notes[-1] == "Set at least one weight above 0."


# --- the demo client ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> Workspace:
    return load_workspace("demo-coffee")


def test_the_demo_answers_pass_their_own_checks(demo):
    for key in teach.EXERCISES:
        solution = teach.solve_exercise(demo, key)
        answer = solution[0][0] if isinstance(solution, tuple) else round(solution, 1)
        assert teach.check_answer(demo, key, answer).correct, key


def test_the_demo_closed_day_answer_is_the_response_times_median(demo):
    by_window = channels.response_times(
        demo.mentions,
        demo.responses,
        brand=demo.brand,
        hours=demo.config.business_hours,
        by="window",
    ).set_index("window")
    expected = by_window.loc["closed day", "median_hours"]
    assert teach.solve_exercise(demo, "closed_day_response") == pytest.approx(expected)
    # the planted slow weekends: a closed day waits far longer than the 2-hour target
    assert expected > 2 * demo.config.responses.target_hours
    assert not teach.check_answer(demo, "closed_day_response", by_window.loc[
        "closed day", "median_business_hours"]).correct  # fmt: skip


def test_the_demo_planted_signals_are_the_answers(demo):
    assert teach.solve_exercise(demo, "best_post_type")[0] == ["reel"]
    assert teach.check_answer(demo, "best_post_type", "Reels").correct
    assert teach.check_answer(demo, "best_fit_channel", "TikTok").correct
