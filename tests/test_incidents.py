"""Each incident explained, and the disaster plan checked against the data, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ronr import incidents
from ronr.config import BusinessHours, PlanStep, default_disaster_plan, parse_config
from ronr.errors import ConfigError
from tests.factories import make_mentions, make_posts

ZONE = "Europe/London"
DAY = pd.Timestamp("2025-06-09")  # a Monday, in British Summer Time (UTC+1)
INCIDENTS = pd.DataFrame({"start": [DAY], "peak": [DAY], "end": [DAY], "negative": [6]})
HOURS = BusinessHours(timezone=ZONE)  # Monday to Friday, 09:00–17:00 local

# the incident's negative mentions, UTC: 08:10, 08:20, 09:05, 09:30, 10:15 and 14:00 local
NEGATIVE = [
    ("07:10", "facebook", "@angry", "recall scandal here 0", -0.9, 1),
    ("07:20", "facebook", "@angry", "recall scandal here 1", -0.8, 5),
    ("08:05", "x", "@c", "recall again 2", -0.7, 2),
    ("08:30", "facebook", "@angry", "recall scandal here 3", -0.6, 0),
    ("09:15", "x", "@d", "recall again 4", -0.5, 7),
    ("13:00", "facebook", "@b", "recall scandal here 5", -0.4, None),
]


def _mentions() -> pd.DataFrame:
    rows = [
        {
            "mention_id": f"m{i}",
            "created_at": f"2025-06-09 {time}",
            "channel": channel,
            "author": author,
            "text": text,
            "sentiment": score,
            "sentiment_label": "negative",
            "engagements": engaged,
            "theme": "Recalls",
        }
        for i, (time, channel, author, text, score, engaged) in enumerate(NEGATIVE)
    ]
    rows += [
        {"mention_id": "p1", "created_at": "2025-06-09 15:00", "sentiment_label": "positive",
         "text": "love it", "sentiment": 0.6, "engagements": 1, "theme": "Praise"},
        {"mention_id": "p2", "created_at": "2025-06-09 16:00", "sentiment_label": "positive",
         "text": "love it too", "sentiment": 0.5, "engagements": 0, "theme": "Praise"},
        {"mention_id": "n1", "created_at": "2025-06-09 17:00", "text": "just saying",
         "engagements": 0, "theme": "Other"},
        # the 28 days before: four negative mentions on X by one author, one positive
        *[
            {"mention_id": f"b{i}", "created_at": f"2025-05-{d} 10:00", "channel": "x",
             "author": "@grumpy", "text": "slow service today", "sentiment": -0.5,
             "sentiment_label": "negative", "engagements": 0, "theme": "Service"}
            for i, d in enumerate((12, 20, 28, 30))
        ],
        {"mention_id": "b9", "created_at": "2025-05-21 10:00", "sentiment_label": "positive",
         "text": "nice", "sentiment": 0.5, "engagements": 0, "theme": "Praise"},
        # another brand's mention on the day: not the client's
        {"mention_id": "z1", "created_at": "2025-06-09 07:00", "brand": "Other",
         "sentiment_label": "negative", "text": "recall recall"},
    ]  # fmt: skip
    frame = make_mentions([{"brand": "Acme", **row} for row in rows])
    frame["engagements"] = frame["engagements"].astype("Int64")
    return frame


def _replies() -> pd.DataFrame:
    """The brand's first responses: m0 answered at 09:40 local, m2 never."""
    return pd.DataFrame(
        {
            "mention_id": ["m0", "m2"],
            "channel": ["facebook", "x"],
            "created_at": pd.to_datetime(["2025-06-09 07:10", "2025-06-09 08:05"], utc=True),
            "replied_at": pd.to_datetime(["2025-06-09 08:40", None], utc=True),
            "hours": [1.5, np.nan],
            "business_hours": [40 / 60, np.nan],
        }
    )


def test_the_overview_counts_the_incident_and_the_answers():
    table = incidents.incident_overview(
        INCIDENTS,
        _mentions(),
        brand="Acme",
        timezone=ZONE,
        first_responses=_replies(),
        hours=HOURS,
    )
    row = table.iloc[0]
    assert row["began_at"] == pd.Timestamp("2025-06-09 08:10", tz=ZONE)
    assert (row["mentions"], row["negative"], row["positive"]) == (9, 6, 2)
    assert row["net_sentiment"] == pytest.approx((2 - 6) / 8)
    assert (row["needing_answer"], row["answered"]) == (2, 1)
    assert row["first_reply_at"] == pd.Timestamp("2025-06-09 09:40", tz=ZONE)
    # 08:10 to 09:40 local, business hours from 09:00: 40 minutes
    assert row["first_reply_business_hours"] == pytest.approx(40 / 60)
    assert row["median_business_hours"] == pytest.approx(40 / 60)


def test_without_reply_data_the_answers_are_unknown_not_none():
    row = incidents.incident_overview(INCIDENTS, _mentions(), brand="Acme", timezone=ZONE).iloc[0]
    assert pd.isna(row["needing_answer"]) and pd.isna(row["answered"])
    assert pd.isna(row["first_reply_at"]) and np.isnan(row["first_reply_business_hours"])


def test_the_drivers_are_what_grew_against_the_days_before():
    table = incidents.incident_drivers(INCIDENTS, _mentions(), brand="Acme", timezone=ZONE)
    got = table[["kind", "driver", "during"]].values.tolist()
    assert got == [
        ["Term", "recall", 6],
        ["Term", "recall scandal", 4],
        ["Term", "scandal", 4],
        ["Theme", "Recalls", 6],
        ["Author", "@angry", 3],
        ["Channel", "Facebook", 4],  # X had 2 incident mentions: fewer than 3
    ]
    recall = table.iloc[0]
    # 6 of 6 incident mentions against 0 of 4 before: (6.5/7) / (0.5/5)
    assert recall["lift"] == pytest.approx((6.5 / 7) / (0.5 / 5))
    assert (recall["share_during"], recall["share_before"], recall["excess"]) == (1.0, 0.0, 6.0)
    angry = table[table["kind"] == "Author"].iloc[0]
    assert angry["share_during"] == 0.5 and angry["lift"] == pytest.approx((3.5 / 7) / (0.5 / 5))
    # all mentions (not only the negative ones): 9 during, 5 before
    everything = incidents.incident_drivers(
        INCIDENTS, _mentions(), brand="Acme", timezone=ZONE, negative_only=False
    )
    recall = everything.iloc[0]
    assert recall["driver"] == "recall" and recall["share_during"] == pytest.approx(6 / 9)


def test_the_top_mentions_are_the_most_negative_and_the_most_engaged():
    table = incidents.incident_mentions(INCIDENTS, _mentions(), brand="Acme", timezone=ZONE, n=2)
    assert table["why"].tolist() == ["Most negative"] * 2 + ["Most engaged"] * 2
    assert table["text"].tolist() == [
        "recall scandal here 0",
        "recall scandal here 1",
        "recall again 4",
        "recall scandal here 1",
    ]
    assert table["created_at"].iloc[0] == pd.Timestamp("2025-06-09 08:10", tz=ZONE)


def _checklist(**options) -> dict[str, tuple[str, str]]:
    table = incidents.plan_checklist(
        INCIDENTS, _mentions(), brand="Acme", timezone=ZONE, hours=HOURS, **options
    )
    return {row.step: (row.status, row.evidence) for row in table.itertuples()}


def test_the_plan_is_checked_step_by_step():
    posts = make_posts([{"brand": "Acme", "published_at": "2025-06-09 11:00"}])
    got = _checklist(first_responses=_replies(), posts=posts)
    assert list(got) == [step.text for step in default_disaster_plan()]
    assert got["Acknowledge within 2 business hours"] == (
        "done",
        "First reply after 0.7 business hours (the plan: 2).",
    )
    assert got["Pause scheduled posts"] == ("missed", "1 post went out during it.")
    assert got["Answer on the channel where it started"] == (
        "done",
        "Replied on Facebook, where it started.",
    )
    assert got["Follow up after the peak"] == ("missed", "No reply after the peak day.")
    assert got["Review what happened"][0] == "unknown"


def test_a_stricter_plan_is_missed_and_no_data_is_unknown():
    strict = [PlanStep(step="acknowledge", within_hours=0.5, label="Say sorry fast")]
    got = _checklist(first_responses=_replies(), plan=strict)
    assert got == {
        "Say sorry fast": ("missed", "First reply after 0.7 business hours (the plan: 0.5).")
    }
    unknown = _checklist()  # no reply data, no post data
    assert {status for status, _ in unknown.values()} == {"unknown"}
    # a post before the incident began, or after its last day, pauses nothing
    quiet = make_posts(
        [
            {"brand": "Acme", "published_at": "2025-06-09 07:00"},
            {"brand": "Acme", "published_at": "2025-06-09 23:30"},  # 00:30 on 10 Jun local
        ]
    )
    assert _checklist(posts=quiet)["Pause scheduled posts"] == (
        "done",
        "No post went out during it.",
    )


def test_the_replay_finds_the_hour_the_running_count_crossed_the_threshold():
    spikes = pd.DataFrame({"date": [DAY], "negative": [6], "threshold": [4.5]})
    spikes.attrs["min_count"] = 5
    row = incidents.replay_incidents(
        INCIDENTS, spikes, _mentions(), brand="Acme", timezone=ZONE
    ).iloc[0]
    # by the end of 10:00–10:59 local the day has 5 negative mentions > 4.5
    assert row["flagged_at"] == pd.Timestamp("2025-06-09 11:00", tz=ZONE)
    assert row["hours_to_flag"] == pytest.approx(2 + 50 / 60)  # from 08:10
    assert (row["negative_at_flag"], row["threshold"]) == (5, 4.5)
    # a lower threshold is crossed at 09:xx with 4, but the rule needs 5 mentions: still 11:00
    spikes["threshold"] = 2.5
    row = incidents.replay_incidents(
        INCIDENTS, spikes, _mentions(), brand="Acme", timezone=ZONE
    ).iloc[0]
    assert row["flagged_at"] == pd.Timestamp("2025-06-09 11:00", tz=ZONE)
    # no threshold for the day: unknown
    spikes["threshold"] = np.nan
    row = incidents.replay_incidents(
        INCIDENTS, spikes, _mentions(), brand="Acme", timezone=ZONE
    ).iloc[0]
    assert pd.isna(row["flagged_at"]) and np.isnan(row["hours_to_flag"])


def test_the_disaster_plan_setting_has_defaults_and_clear_errors():
    base = {"client": "acme", "display_name": "Acme", "brand": {"name": "Acme"}}
    plan = parse_config(base).disaster_plan
    assert [step.step for step in plan] == [
        "acknowledge",
        "pause_posts",
        "answer_where_it_started",
        "follow_up",
        "review",
    ]
    assert plan[0].within_hours == 2.0 and plan[0].text == "Acknowledge within 2 business hours"
    one = parse_config({**base, "disaster_plan": [{"step": "acknowledge", "within_hours": 1}]})
    assert one.disaster_plan[0].text == "Acknowledge within 1 business hour"
    with pytest.raises(ConfigError, match=r"disaster_plan\.0: within_hours belongs to the ackn"):
        parse_config({**base, "disaster_plan": [{"step": "review", "within_hours": 1}]})
    with pytest.raises(ConfigError, match="step review is listed twice"):
        parse_config({**base, "disaster_plan": [{"step": "review"}, {"step": "review"}]})


def test_a_reply_before_the_first_negative_mention_acknowledges_it():
    # the brand replied at 07:00 UTC (08:00 local) to a mention of the incident's day, before
    # its first negative mention at 08:10 local: the business hours between are not a number
    replies = _replies().assign(replied_at=pd.to_datetime(["2025-06-09 07:00", None], utc=True))
    got = _checklist(first_responses=replies)
    assert got["Acknowledge within 2 business hours"] == (
        "done",
        "First reply before the incident's first negative mention.",
    )


def test_an_incident_is_about_its_driving_terms_not_the_days_other_complaints():
    # an unrelated complaint at 06:00 local, before the recall mentions: the most negative and
    # most engaged mention of the day, and its first negative one
    unrelated = {
        "mention_id": "u1", "created_at": "2025-06-09 05:00", "brand": "Acme", "channel": "x",
        "author": "@z",
        "text": "cold coffee awful", "sentiment": -0.95, "sentiment_label": "negative",
        "engagements": 50, "theme": "Service",
    }  # fmt: skip
    mentions = pd.concat([_mentions(), make_mentions([unrelated])], ignore_index=True)
    drivers = incidents.incident_drivers(INCIDENTS, mentions, brand="Acme", timezone=ZONE)
    # its subject: the three terms of highest lift ("cold", "coffee", "awful" are once only)
    assert incidents.subject_terms(drivers, INCIDENTS.iloc[0]) == [
        "recall",
        "recall scandal",
        "scandal",
    ]
    inputs = {"brand": "Acme", "timezone": ZONE, "drivers": drivers}
    overview = incidents.incident_overview(INCIDENTS, mentions, **inputs)
    assert overview["began_at"].iloc[0] == pd.Timestamp("2025-06-09 08:10", tz=ZONE)
    table = incidents.incident_mentions(INCIDENTS, mentions, n=2, **inputs)
    assert table["why"].tolist() == ["Typical of it"] * 2 + ["Most engaged"] * 2
    # all three terms in "recall scandal here k", one in "recall again k"; then most negative.
    # Most engaged among the mentions about it: 7 and 5 engagements, not the complaint's 50
    assert table["text"].tolist() == [
        "recall scandal here 0",
        "recall scandal here 1",
        "recall again 4",
        "recall scandal here 1",
    ]
    replay = incidents.replay_incidents(
        INCIDENTS,
        pd.DataFrame({"date": [DAY], "threshold": [2.0]}),
        mentions,
        **inputs,
    )
    assert replay["began_at"].iloc[0] == pd.Timestamp("2025-06-09 08:10", tz=ZONE)
    # without the drivers, sentiment alone: the complaint comes first
    plain = incidents.incident_mentions(INCIDENTS, mentions, brand="Acme", timezone=ZONE, n=1)
    assert plain["text"].tolist() == ["cold coffee awful", "cold coffee awful"]
    assert plain["why"].tolist() == ["Most negative", "Most engaged"]


def test_one_template_under_the_brands_several_names_is_one_mention_shown():
    rows = [
        {"mention_id": f"t{i}", "created_at": f"2025-06-09 {9 + i}:00", "brand": "Acme",
         "channel": "x", "author": f"@u{i}", "text": text, "sentiment": -0.8,
         "sentiment_label": "negative", "engagements": 1}
        for i, text in enumerate(
            [
                "Bad week for Acme: a recall and angry customers",
                "Bad week for @acmecoffee: a recall and angry customers",
                "bad week for ACME CO - a recall and angry customers!",
                "The Acme recall is a disgrace",
            ]
        )
    ]  # fmt: skip
    table = incidents.incident_mentions(
        INCIDENTS,
        make_mentions(rows),
        brand="Acme",
        timezone=ZONE,
        stop_words=["Acme", "@acmecoffee", "Acme Co"],
    )
    shown = table[table["why"] == "Most negative"]["text"].tolist()
    assert shown == [
        "Bad week for Acme: a recall and angry customers",
        "The Acme recall is a disgrace",
    ]
    # without the names, the three spellings of the same complaint are three texts
    plain = incidents.incident_mentions(
        INCIDENTS, make_mentions(rows), brand="Acme", timezone=ZONE, n=5
    )
    assert len(plain[plain["why"] == "Most negative"]) == 4
