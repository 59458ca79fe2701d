"""The derived columns: what needs an answer, and a post's engagements."""

import pandas as pd
import pytest

from ronr.derive import answer_need, detect_questions, engagements, needs_answer


def _mentions(rows):
    return pd.DataFrame(rows, columns=["text", "kind", "sentiment_label"]).assign(
        is_question=lambda f: detect_questions(f["text"])
    )


def test_questions_are_found_by_form_in_any_language():
    texts = pd.Series(
        [
            "¿Dónde está mi pedido",  # Spanish opening mark only
            "Wo ist meine Bestellung?",
            "注文はどこですか？",  # full-width question mark
            "أين طلبي؟",  # Arabic question mark
            "How do I reset it",
            "Lovely coffee today",
            None,
        ]
    )
    assert detect_questions(texts).tolist() == [True, True, True, True, True, False, False]


def test_answer_need_keeps_unscored_statements_as_unknown():
    mentions = _mentions(
        [
            ("Wo ist meine Bestellung?", "post", None),  # unscored question: yes
            ("Das ist eine Katastrophe", "post", None),  # unscored statement: unknown
            ("This is awful", "post", "negative"),  # complaint: yes
            ("Love it", "post", "positive"),  # no
            ("Fine I guess", "reply", "neutral"),  # no
            ("Das ist eine Katastrophe", "share", None),  # a share never needs one
            ("Why?", "share", "neutral"),  # nor a shared question
            (None, "post", None),  # no text: unknown, not dropped
        ]
    )
    need = answer_need(mentions)
    assert need.tolist() == ["yes", "unknown", "yes", "no", "no", "no", "no", "unknown"]
    assert needs_answer(mentions.assign(answer_need=need)).tolist() == [
        True, False, True, False, False, False, False, False,
    ]  # fmt: skip
    # without the column, needs_answer derives it the same way
    assert needs_answer(mentions).tolist() == (need == "yes").tolist()


def _posts(rows, columns=("channel", "likes", "comments", "shares", "clicks")):
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in columns[1:]:
        frame[column] = frame[column].astype("Float64")
    return frame


def test_a_missing_component_the_channel_reports_leaves_engagements_missing():
    posts = _posts(
        [
            ("facebook", 10, 2, 1, 4),  # 17
            ("facebook", None, 2, 1, 4),  # likes blank on a channel that reports likes
            ("facebook", 0, 0, 0, 0),  # 0, a known zero
        ]
    )
    assert engagements(posts).tolist() == [17.0, pd.NA, 0.0]


def test_a_component_no_post_of_the_channel_reports_is_not_required():
    # this X export has no click counts at all: engagements are likes + replies + reposts
    posts = _posts(
        [
            ("x", 5, 1, 2, None),  # 8
            ("x", 3, 0, 0, None),  # 3
            ("youtube", 7, 1, None, 9),  # YouTube declares no clicks: 7 + 1 + 9, but its
            ("youtube", 4, 0, 2, None),  # shares are reported on another post: first is unknown
        ]
    )
    result = engagements(posts)
    assert result.iloc[0] == 8.0
    assert result.iloc[1] == 3.0
    assert pd.isna(result.iloc[2])
    assert result.iloc[3] == 6.0  # 4 + 0 + 2; clicks are not a YouTube component


def test_components_are_judged_per_export_file():
    posts = _posts(
        [("facebook", 5, 1, 0, 2), ("facebook", 6, 1, 1, None)],
    ).assign(source_file=["a.csv", "b.csv"])
    # b.csv has no clicks on any post: its post sums what it reports; a.csv's is complete
    assert engagements(posts).tolist() == [8.0, 8.0]


@pytest.mark.parametrize("columns", [("channel",), ("channel", "likes")])
def test_engagements_without_any_known_count_are_missing(columns):
    posts = pd.DataFrame({"channel": ["facebook"]})
    if "likes" in columns:
        posts["likes"] = pd.array([None], dtype="Float64")
    assert engagements(posts).isna().all()
