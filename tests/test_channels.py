import math

import pandas as pd
import pytest

from ronr import channels
from ronr.config import BusinessHours
from tests.factories import make_mentions, make_posts

HOURS = BusinessHours(
    timezone="Europe/London", days=["mon", "tue", "wed", "thu", "fri"], start="09:00", end="17:00"
)


@pytest.fixture
def mentions():
    # 2025-03-05 is a Wednesday; London is UTC+0 in March (before 30 March).
    return make_mentions(
        [
            {
                "mention_id": "q1",
                "brand": "Acme",
                "created_at": "2025-03-05T10:00Z",
                "is_question": True,
                "text": "open today?",
            },
            {
                "mention_id": "q2",
                "brand": "Acme",
                "created_at": "2025-03-05T20:00Z",
                "is_question": True,
            },
            {
                "mention_id": "n1",
                "brand": "Acme",
                "created_at": "2025-03-08T12:00Z",
                "sentiment_label": "negative",
                "sentiment": -0.6,
            },
            {
                "mention_id": "n2",
                "brand": "Acme",
                "created_at": "2025-03-09T12:00Z",
                "sentiment_label": "negative",
                "sentiment": -0.6,
            },
            # not needing an answer: positive, a share, another brand
            {
                "mention_id": "p1",
                "brand": "Acme",
                "created_at": "2025-03-05T10:00Z",
                "sentiment_label": "positive",
                "sentiment": 0.6,
            },
            {
                "mention_id": "s1",
                "brand": "Acme",
                "created_at": "2025-03-05T10:00Z",
                "kind": "share",
                "is_question": True,
            },
            {
                "mention_id": "b1",
                "brand": "Beta",
                "created_at": "2025-03-05T10:00Z",
                "is_question": True,
            },
        ]
    )


@pytest.fixture
def responses():
    return pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3", "r4"],
            "mention_id": ["q1", "q1", "q2", "n1"],
            "channel": "x",
            "created_at": pd.to_datetime(
                [
                    "2025-03-05T11:30Z",
                    "2025-03-05T10:30Z",
                    "2025-03-06T08:00Z",
                    "2025-03-09T12:00Z",
                ],
                utc=True,
            ),
            "author": "@acme",
        }
    )


def test_first_responses_take_the_earliest_reply(mentions, responses):
    table = channels.first_responses(mentions, responses, brand="Acme", hours=HOURS).set_index(
        "mention_id"
    )
    assert sorted(table.index) == ["n1", "n2", "q1", "q2"]
    assert table.loc["q1", "hours"] == pytest.approx(0.5)
    assert table.loc["q2", "hours"] == pytest.approx(12)
    assert table.loc["n1", "hours"] == pytest.approx(24)
    assert math.isnan(table.loc["n2", "hours"])
    assert table["window"].to_dict() == {
        "q1": "business hours",
        "q2": "outside hours",
        "n1": "closed day",
        "n2": "closed day",
    }


def test_response_rate_and_times_overall(mentions, responses):
    row = channels.response_times(
        mentions, responses, brand="Acme", hours=HOURS, target_hours=2
    ).iloc[0]
    assert row["needing_answer"] == 4
    assert row["answered"] == 3
    assert row["response_rate"] == pytest.approx(0.75)
    assert row["median_hours"] == pytest.approx(12)
    # numpy linear percentile of [0.5, 12, 24] at 0.9: 12 + 0.8 * 12
    assert row["p90_hours"] == pytest.approx(21.6)
    # business hours (Mon–Fri 09:00–17:00, London = UTC in March): q1 Wed 10:00 → 10:30 is
    # 0.5 h; q2 Wed 20:00 → Thu 08:00 and n1 Sat → Sun fall outside them: 0 h each
    assert row["median_business_hours"] == pytest.approx(0)
    assert row["p90_business_hours"] == pytest.approx(0.4)  # [0, 0, 0.5] at 0.9: 0 + 0.8 · 0.5
    # within 2 business hours, over all 4 that need an answer (n2 unanswered missed it)
    assert row["within_target"] == pytest.approx(3 / 4)


def test_response_times_by_window(mentions, responses):
    table = channels.response_times(
        mentions, responses, brand="Acme", hours=HOURS, by="weekend"
    ).set_index("weekend")
    assert table.loc[True, "response_rate"] == pytest.approx(0.5)
    assert table.loc[False, "median_hours"] == pytest.approx((0.5 + 12) / 2)


def test_business_hours_follow_the_local_clock():
    # 2025-07-02 08:30 UTC is 09:30 in London (summer time): inside business hours
    stamps = pd.Series(pd.to_datetime(["2025-07-02T08:30Z", "2025-07-02T16:30Z"], utc=True))
    assert channels.arrival_window(stamps, HOURS).tolist() == ["business hours", "outside hours"]


def test_summarise_channels_cadence_and_effort():
    posts = make_posts(
        [{"published_at": "2025-01-01", "channel": "facebook"}] * 6
        + [{"published_at": "2025-01-01", "channel": "x"}] * 2
        + [{"published_at": "2025-01-01", "channel": "x", "brand": "Rival"}]
    )
    fit = pd.DataFrame({"channel": ["facebook", "x", "tiktok"], "fit": [0.5, 0.6, 0.9]})
    table = channels.summarise_channels(
        posts,
        brand="Acme",
        start=pd.Timestamp("2025-01-01", tz="UTC"),
        end=pd.Timestamp("2025-01-14", tz="UTC"),
        effort={"facebook": 0.7, "x": 0.25, "tiktok": 0.05},
        fit=fit,
    ).set_index("channel")
    assert table.loc["facebook", "posts"] == 6
    assert table.loc["facebook", "posts_per_week"] == pytest.approx(3)
    assert table.loc["x", "share_of_posts"] == pytest.approx(0.25)
    assert table.loc["tiktok", "posts"] == 0
    gaps = channels.effort_gaps(table.reset_index())
    assert gaps["channel"].tolist() == ["tiktok", "x"]


@pytest.fixture
def tagged_responses():
    # r2 is Beta's (a competitor's) reply to Acme's q1, earlier than Acme's own r1; r3 answers a
    # tweet that is in no table; r4 carries no brand (an export of the client's own account);
    # r5 is Acme's reply to Beta's mention b1
    return pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3", "r4", "r5"],
            "mention_id": ["q1", "q1", "zz", "q2", "b1"],
            "channel": "x",
            "created_at": pd.to_datetime(
                [
                    "2025-03-05T11:30Z",
                    "2025-03-05T10:06Z",
                    "2025-03-05T12:00Z",
                    "2025-03-06T08:00Z",
                    "2025-03-05T10:30Z",
                ],
                utc=True,
            ),
            "author": ["@acme", "@beta", "@acme", "@acme", "@acme"],
            "brand": ["Acme", "Beta", "Acme", None, "Acme"],
        }
    )


def test_a_competitors_reply_is_not_the_brands_response(mentions, tagged_responses):
    table = channels.first_responses(
        mentions, tagged_responses, brand="Acme", hours=HOURS
    ).set_index("mention_id")
    assert table.loc["q1", "hours"] == pytest.approx(1.5)  # Acme's r1, not Beta's r2 (0.1 h)
    assert table.loc["q2", "hours"] == pytest.approx(12)  # the untagged r4 is Acme's
    beta = channels.first_responses(mentions, tagged_responses, brand="Beta", hours=HOURS)
    assert beta["mention_id"].tolist() == ["b1"]
    assert math.isnan(beta["hours"].iloc[0])  # only Acme answered b1
    assert channels.replies_of(mentions, tagged_responses, brand="Acme").tolist() == [
        True,
        False,
        True,
        True,
        True,
    ]


def test_count_responses_splits_the_brands_replies(mentions, tagged_responses):
    acme = channels.count_responses(mentions, tagged_responses, brand="Acme").to_dict()
    # r1, r3, r4, r5 are Acme's: r1 and r4 answer its mentions, r5 Beta's, r3 no mention
    assert acme == {"replies": 4, "matched": 2, "other_brand": 1, "unmatched": 1}
    # without a brand column every reply is the brand's (r1, r2, r3: q1, q1, zz)
    plain = channels.count_responses(
        mentions, tagged_responses.drop(columns="brand").iloc[:3], brand="Acme"
    )
    assert plain.to_dict() == {"replies": 3, "matched": 2, "other_brand": 0, "unmatched": 1}
    none = channels.count_responses(mentions, tagged_responses.iloc[0:0], brand="Acme")
    assert none.to_dict() == {"replies": 0, "matched": 0, "other_brand": 0, "unmatched": 0}


def test_mentions_of_unknown_need_are_counted_beside_the_rate(mentions, responses):
    # two German statements VADER cannot score (no sentiment label, no question mark): whether
    # they need an answer is unknown; one got a reply. Neither enters the rate or the times.
    unscored = make_mentions(
        [
            {"mention_id": f"u{i}", "brand": "Acme", "created_at": "2025-03-05T10:00Z",
             "text": "Das ist eine Katastrophe", "sentiment_label": None, "sentiment": None,
             "language": "de"}
            for i in (1, 2)
        ]
    )  # fmt: skip
    reply = pd.DataFrame(
        {
            "response_id": ["r9"],
            "mention_id": ["u2"],
            "channel": "x",
            "created_at": pd.to_datetime(["2025-03-05T10:15Z"], utc=True),
            "author": "@acme",
        }
    )
    row = channels.response_times(
        pd.concat([mentions, unscored], ignore_index=True),
        pd.concat([responses, reply], ignore_index=True),
        brand="Acme",
        hours=HOURS,
    ).iloc[0]
    assert (row["needing_answer"], row["answered"]) == (4, 3)  # as without them
    assert (row["unknown_need"], row["unknown_answered"]) == (2, 1)
