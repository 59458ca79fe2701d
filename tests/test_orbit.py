import math

import numpy as np
import pandas as pd
import pytest

from ronr import channels, orbit, schema
from ronr.config import BusinessHours
from tests.factories import make_mentions

Z = 1.959963984540054


def activity(*specs):
    """Mentions from (author, day, kind, how many) tuples, texts all different."""
    rows = []
    for author, day, kind, count in specs:
        for _ in range(count):
            rows.append(
                {
                    "author": author,
                    "created_at": f"{day}T12:00:00Z",
                    "kind": kind,
                    "brand": "North",
                    "text": f"text {'abcdefghijklmnopqrstuvwxyz'[len(rows) % 26]}{len(rows) // 26}x",
                }
            )
    return make_mentions(rows)


def levels_of(table, author):
    rows = table[table["author"] == author]
    return [None if pd.isna(level) else level for level in rows["level"]]


def monthly(rows):
    """A monthly-levels table from (author, 'YYYY-MM', level or None) tuples."""
    return pd.DataFrame(
        {
            "author": [r[0] for r in rows],
            "period": pd.to_datetime([r[1] + "-01" for r in rows]),
            "level": pd.Categorical([r[2] for r in rows], dtype=orbit.LEVEL_DTYPE),
        }
    )


# --- weights and levels -----------------------------------------------------------------------


def test_shares_and_mentions_weigh_more_than_comments_and_replies():
    weights = orbit.DEFAULT_ACTIVITY_WEIGHTS
    assert min(weights["share"], weights["mention"]) > max(weights["comment"], weights["reply"])
    assert set(weights) == {"share", "mention", "review", "comment", "reply"}


ANN = (
    ("@ann", "2025-01-10", "share", 4),  # love 12, one month: participant
    ("@ann", "2025-02-10", "share", 1),  # window 15 over 2 months: advocate at once
    ("@ann", "2025-03-10", "comment", 1),
    ("@ann", "2025-04-10", "comment", 1),  # window Feb–Apr: 5 points, raw participant; active: held
    # May, June, July quiet: down one step per quiet month, then out of orbit
    ("@ann", "2025-08-10", "mention", 1),  # back: observer
)


def test_levels_go_up_at_once_and_down_only_after_a_quiet_month():
    table = orbit.level_members_monthly(activity(*ANN), as_of="2025-08-31T12:00Z")
    ann = table[table["author"] == "@ann"]
    assert list(ann["period"].dt.strftime("%Y-%m")) == [f"2025-{m:02d}" for m in range(1, 9)]
    assert levels_of(table, "@ann") == [
        "participant",
        "advocate",
        "advocate",
        "advocate",
        "participant",
        "observer",
        None,
        "observer",
    ]
    assert list(ann["window_love"]) == [12, 15, 16, 5, 2, 1, 0, 2]
    assert list(ann["window_active_months"]) == [1, 2, 3, 3, 2, 1, 0, 1]
    april = ann.iloc[3]
    assert april["raw_level"] == "participant" and april["level"] == "advocate"
    assert list(ann["orbit"].astype(object).where(ann["orbit"].notna(), None)) == [
        3,
        1,
        1,
        1,
        3,
        4,
        None,
        4,
    ]
    above_participant = ann["level"] > "participant"  # ordered: observer < … < advocate
    assert list(above_participant) == [False, True, True, True, False, False, False, False]


def test_last_month_is_judged_quiet_only_when_it_is_over():
    mentions = activity(
        ("@ann", "2025-01-10", "share", 4),
        ("@ann", "2025-02-10", "share", 1),
        ("@bob", "2025-04-10", "comment", 1),
    )
    # March is over (quiet, window Jan–Mar still 15 points over 2 months: advocate); April,
    # the data's last month, may not be: Ann keeps her level
    assert (
        levels_of(orbit.level_members_monthly(mentions), "@ann")
        == ["participant"] + ["advocate"] * 3
    )
    # once April is over, its quiet month counts: window Feb–Apr has 3 points in 1 month
    done = orbit.level_members_monthly(mentions, as_of="2025-05-01")
    assert levels_of(done, "@ann")[-1] == "participant"
    assert levels_of(done, "@bob") == ["observer", "observer"]  # May: window still holds April


def test_months_are_cut_in_the_clients_time_zone():
    mentions = make_mentions(
        [
            {"author": "@eve", "created_at": "2025-01-31T23:30:00Z", "brand": "North"},
            {"author": "@eve", "created_at": "2025-02-01T10:00:00Z", "brand": "North"},
        ]
    )
    in_utc = orbit.score_members(mentions)
    in_helsinki = orbit.score_members(mentions, timezone="Europe/Helsinki")  # UTC+2: both Feb
    assert in_utc.loc[0, "active_months"] == 2 and in_utc.loc[0, "level"] == "participant"
    assert in_helsinki.loc[0, "active_months"] == 1 and in_helsinki.loc[0, "level"] == "participant"
    monthly_hel = orbit.level_members_monthly(mentions, timezone="Europe/Helsinki")
    assert list(monthly_hel["period"]) == [pd.Timestamp("2025-02-01")]
    assert monthly_hel.loc[0, "love"] == 4.0


def test_an_unweighted_kind_is_an_error():
    with pytest.raises(ValueError, match="review"):
        orbit.score_members(activity(("@a", "2025-01-01", "review", 1)), weights={"mention": 1})


# --- members ----------------------------------------------------------------------------------


def test_no_mentions_give_empty_tables_not_errors():
    empty = schema.empty_table("mentions").astype({"created_at": "datetime64[ns, UTC]"})
    members = orbit.score_members(empty)
    assert members.empty and list(members.columns) == orbit.MEMBER_COLUMNS
    assert members.attrs["excluded"].empty and members.attrs["without_author"] == 0
    levels = orbit.level_members_monthly(empty)
    assert levels.empty and list(levels.columns) == orbit.MONTHLY_COLUMNS
    assert orbit.count_movement(levels).empty
    assert list(orbit.cohort_returns(empty).columns) == ["cohort", "size"]
    assert orbit.closest_fans(members).empty


def test_mentions_after_as_of_are_left_out():
    mentions = activity(("@a", "2025-01-05", "share", 1), ("@a", "2025-03-05", "share", 5))
    members = orbit.score_members(mentions, as_of="2025-02-01")
    assert members.loc[0, "activities"] == 1 and members.loc[0, "recency_days"] == 26.5


def test_score_members_counts_love_presence_recency_and_answers():
    mentions = activity(*ANN, ("@bob", "2025-03-01", "comment", 2))
    mentions.loc[mentions["author"] == "@ann", "author_followers"] = [
        10,
        10,
        10,
        10,
        900,
        10,
        10,
        10,
    ]
    # m0 answered twice, m7 (Ann's August mention) once, m8 (Bob's first comment) once
    responses = pd.DataFrame({"mention_id": ["m0", "m0", "m7", "m8"]})
    members = orbit.score_members(mentions, responses=responses, as_of="2025-09-01")
    assert list(members.columns) == orbit.MEMBER_COLUMNS
    ann = members.set_index("author").loc["@ann"]
    assert ann["activities"] == 8
    assert ann["love"] == 4 * 3 + 3 + 1 + 1 + 2
    assert ann["reach"] == 900
    assert ann["first_seen"] == pd.Timestamp("2025-01-10T12:00Z")
    assert ann["last_seen"] == pd.Timestamp("2025-08-10T12:00Z")
    assert ann["active_months"] == 5
    assert ann["tenure_days"] == 212.0
    assert ann["recency_days"] == pytest.approx(21.5)  # 10 Aug 12:00 to 1 Sep 00:00
    assert ann["level"] == "observer" and ann["orbit"] == 4  # August's level, held in September
    assert ann["answered_mentions"] == 2
    assert ann["answered"] == pytest.approx(2 / 8)
    bob = members.set_index("author").loc["@bob"]
    # in September Bob's window (Jul–Sep) is quiet: out of orbit since June → observer
    assert bob["answered_mentions"] == 1 and bob["answered"] == 0.5
    assert bob["level"] == "observer"


def test_members_of_a_period_count_its_activity_and_keep_their_history():
    # Ann from ANN; the period is August: she wrote one mention in it (2 points) and her
    # level comes from the months before (quiet May-July: out of orbit, back: observer)
    mentions = activity(
        *ANN, ("@bob", "2025-03-01", "comment", 2), ("@eve", "2025-08-03", "share", 4)
    )
    members = orbit.score_members(
        mentions,
        responses=pd.DataFrame({"mention_id": ["m0", "m7"]}),
        as_of="2025-09-01",
        since="2025-08-01",
    ).set_index("author")
    assert sorted(members.index) == ["@ann", "@eve"]  # Bob wrote nothing in August
    ann = members.loc["@ann"]
    assert (ann["activities"], ann["love"], ann["active_months"]) == (1, 2.0, 1)
    assert ann["first_seen"] == pd.Timestamp("2025-01-10T12:00Z")  # tenure reads the history
    assert ann["tenure_days"] == 212.0
    assert (ann["answered_mentions"], ann["answered"]) == (1, 1.0)  # m0 is before August
    assert ann["level"] == "observer"
    # Eve's four shares in one month: love 12 but one month active → participant
    assert members.loc["@eve", "level"] == "participant"
    # the level is the one the whole history gives, not the period alone
    whole = orbit.score_members(mentions, as_of="2025-09-01").set_index("author")
    assert members.loc["@ann", "level"] == whole.loc["@ann", "level"]


def test_without_responses_the_answered_share_is_unknown_not_zero():
    members = orbit.score_members(activity(("@a", "2025-01-01", "share", 1)))
    assert pd.isna(members.loc[0, "answered_mentions"]) and math.isnan(members.loc[0, "answered"])


def test_staff_and_bots_are_left_out_and_counted_apart():
    words = [f"word {a}{b}" for a in "abcdefghij" for b in "abcdefghij"]
    rows = [
        {"author": "@fan", "created_at": "2025-01-02T10:00Z", "kind": "share"},
        {"author": "NorthBean ", "created_at": "2025-01-02T10:00Z"},  # staff, any case, no @
        {"author": "@northbean", "created_at": "2025-01-03T10:00Z"},
        {"author": None, "created_at": "2025-01-03T10:00Z"},
        {"author": "  ", "created_at": "2025-01-03T10:00Z"},
    ]
    # a bursting bot: 20 mentions a day on 3 days (different texts)
    rows += [
        {"author": "@burst", "created_at": f"2025-01-0{d}T10:{i:02d}Z", "text": words[20 * d + i]}
        for d in (1, 2, 3)
        for i in range(20)
    ]
    # just under the burst rule: 19 a day on 3 days and 20 on 2 days
    rows += [
        {"author": "@busy", "created_at": f"2025-01-0{d}T11:{i:02d}Z", "text": words[i + 5 * d]}
        for d, n in ((1, 19), (2, 19), (3, 19), (4, 20), (5, 20))
        for i in range(n)
    ]
    # a repeating bot: the same text but for links, handles and numbers, 10 times
    rows += [
        {
            "author": "@repeat",
            "created_at": f"2025-01-{10 + i}T10:00Z",
            "text": f"WIN a prize #{i} at https://x.co/{i} @friend{i}",
        }
        for i in range(10)
    ]
    # 9 repeats only: below the rule's minimum
    rows += [
        {"author": "@nine", "created_at": f"2025-01-{10 + i}T10:00Z", "text": "same thing"}
        for i in range(9)
    ]
    # no evidence: 12 shares of one post, 12 mentions without text or with only a link
    rows += [
        {
            "author": "@sharer",
            "created_at": f"2025-01-{10 + i}T10:00Z",
            "kind": "share",
            "text": "RT great",
        }
        for i in range(12)
    ]
    rows += [
        {"author": "@quiet", "created_at": f"2025-01-{10 + i}T10:00Z", "text": text}
        for i, text in enumerate([None] * 6 + [f"https://x.co/{i}" for i in range(6)])
    ]
    mentions = make_mentions([{"brand": "North", **row} for row in rows])
    members = orbit.score_members(mentions, staff=["@NORTHBEAN"])
    assert sorted(members["author"]) == ["@busy", "@fan", "@nine", "@quiet", "@sharer"]
    excluded = members.attrs["excluded"]
    assert list(excluded.columns) == ["author", "reason", "mentions"]
    assert excluded.to_dict("records") == [
        {
            "author": "@burst",
            "reason": "bot, bursts: ≥ 20 mentions a day on ≥ 3 days",
            "mentions": 60,
        },
        {
            "author": "@repeat",
            "reason": "bot, repeated text: ≥ 90% of ≥ 10 mentions",
            "mentions": 10,
        },
        # one staff account, written two ways: each spelling counted
        {"author": "@northbean", "reason": "staff", "mentions": 1},
        {"author": "NorthBean", "reason": "staff", "mentions": 1},
    ]
    assert members.attrs["without_author"] == 2


def test_a_mention_naming_two_brands_is_one_activity_and_brand_filters():
    mentions = make_mentions(
        [
            {
                "mention_id": "m1",
                "author": "@a",
                "created_at": "2025-01-02T10:00Z",
                "brand": "North",
            },
            {
                "mention_id": "m1",
                "author": "@a",
                "created_at": "2025-01-02T10:00Z",
                "brand": "South",
            },
            {
                "mention_id": "m2",
                "author": "@a",
                "created_at": "2025-01-03T10:00Z",
                "brand": "South",
            },
        ]
    )
    assert orbit.score_members(mentions).loc[0, "activities"] == 2
    assert orbit.score_members(mentions, brand="North").loc[0, "activities"] == 1


# --- movement and gravity ---------------------------------------------------------------------


def orbit_example():
    """The Orbit Model's example (gravity/measure): 30 members over three months."""
    jan = ["observer"] * 17 + ["participant"] * 8 + ["fan"] * 4 + ["advocate"]
    feb = list(jan)
    feb[15] = feb[16] = "participant"  # two observers step in
    feb[24] = "fan"  # one participant becomes a fan
    mar = list(feb)
    mar[12] = mar[13] = mar[14] = "participant"
    mar[22] = mar[23] = "fan"
    mar[28] = "advocate"
    rows = []
    for month, levels in (("2022-01", jan), ("2022-02", feb), ("2022-03", mar)):
        rows += [(f"a{i}", month, level) for i, level in enumerate(levels)]
    return monthly(rows)


def test_gravity_reproduces_the_orbit_models_worked_example():
    table = orbit.count_movement(orbit_example())
    assert list(table.columns) == orbit.MOVEMENT_COLUMNS
    assert list(table["observer"]) == [17, 15, 12]
    assert list(table["participant"]) == [8, 9, 10]
    assert list(table["fan"]) == [4, 5, 6]
    assert list(table["advocate"]) == [1, 1, 2]
    # 1²·17 + 4²·8 + 7²·4 + 10²·1 = 441, then 504 and 666 (Orbit Model, gravity/measure)
    assert list(table["weighted_commitment"]) == [441, 504, 666]
    assert table["commitment_change"].tolist()[1:] == [63, 162]
    assert table["gravity"].tolist()[1:] == pytest.approx([2.1, 5.4])
    assert math.isnan(table.loc[0, "gravity"])
    assert list(table["moved_up"]) == [0, 3, 6]
    assert list(table["held"]) == [0, 27, 24]
    assert list(table["new"]) == [30, 0, 0]


def test_movement_counts_new_returned_down_and_left():
    table = orbit.count_movement(
        monthly(
            [
                ("x", "2025-01", "fan"),
                ("x", "2025-02", "participant"),
                ("x", "2025-03", "participant"),
                ("y", "2025-01", "observer"),
                ("y", "2025-02", None),
                ("y", "2025-03", "observer"),
                ("z", "2025-03", "advocate"),
            ]
        )
    )
    columns = ["members", "new", "returned", "moved_up", "held", "moved_down", "left"]
    assert table[columns].to_dict("list") == {
        "members": [2, 1, 3],
        "new": [2, 0, 1],
        "returned": [0, 0, 1],
        "moved_up": [0, 0, 0],
        "held": [0, 0, 1],
        "moved_down": [0, 1, 0],
        "left": [0, 1, 0],
    }
    assert list(table["weighted_commitment"]) == [49 + 1, 16, 16 + 1 + 100]
    assert table["gravity"].tolist()[1:] == pytest.approx([-34 / 1, 101 / 3])


# --- cohorts ----------------------------------------------------------------------------------


def test_cohort_returns_is_a_triangle_of_shares():
    mentions = activity(
        ("@a", "2025-01-05", "comment", 2),
        ("@a", "2025-02-05", "comment", 1),
        ("@a", "2025-04-05", "comment", 1),
        ("@b", "2025-01-06", "comment", 1),
        ("@c", "2025-02-07", "comment", 1),
        ("@c", "2025-03-07", "comment", 1),
        ("@d", "2025-03-08", "comment", 1),
        ("@staff", "2025-03-08", "comment", 1),
    )
    table = orbit.cohort_returns(mentions, exclude_authors=["STAFF"])
    assert list(table.columns) == ["cohort", "size", 0, 1, 2, 3]
    assert list(table["cohort"]) == list(pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"]))
    assert list(table["size"]) == [2, 1, 1]
    expected = [[1.0, 0.5, 0.0, 0.5], [1.0, 1.0, 0.0, np.nan], [1.0, 0.0, np.nan, np.nan]]
    np.testing.assert_array_equal(table[[0, 1, 2, 3]].to_numpy(), expected)


def test_cohorts_of_a_period_judge_who_is_new_on_the_history_before_it():
    mentions = activity(
        ("@a", "2025-01-05", "comment", 1),
        ("@a", "2025-03-05", "comment", 1),  # back in March: not new
        ("@c", "2025-03-07", "comment", 1),
        ("@c", "2025-04-07", "comment", 1),
        ("@d", "2025-03-08", "comment", 1),
        ("@e", "2025-04-09", "comment", 1),
    )
    table = orbit.cohort_returns(mentions, since=pd.Timestamp("2025-03-01", tz="UTC"))
    assert list(table.columns) == ["cohort", "size", 0, 1]
    assert list(table["cohort"]) == list(pd.to_datetime(["2025-03-01", "2025-04-01"]))
    assert list(table["size"]) == [2, 1]  # @c and @d in March, @e in April; @a is January's
    np.testing.assert_array_equal(table[[0, 1]].to_numpy(), [[1.0, 0.5], [1.0, np.nan]])


# --- worklists --------------------------------------------------------------------------------


def test_top_advocates_say_what_they_did_and_whether_the_brand_answered():
    mentions = activity(
        ("@ann", "2025-01-10", "share", 4),
        ("@ann", "2025-02-10", "share", 1),
        ("@ann", "2025-02-11", "review", 1),
        ("@bob", "2025-01-10", "comment", 1),
        ("@bob", "2025-02-10", "reply", 1),
        ("@cy", "2025-02-10", "mention", 1),
    )
    members = orbit.score_members(mentions)
    responses = pd.DataFrame({"mention_id": ["m0", "m0", "m5", "m6"]})
    table = orbit.top_advocates(members, mentions, responses, n=2)
    assert list(table["author"]) == ["@ann", "@bob"]  # advocate; then participants by love
    ann, bob = table.iloc[0], table.iloc[1]
    assert ann["level"] == "advocate" and ann["love"] == 17
    assert (ann["share"], ann["review"], ann["mention"], ann["comment"]) == (5, 1, 0, 0)
    assert (ann["answered_mentions"], ann["replies"]) == (2, 3)
    assert ann["answered"] == pytest.approx(2 / 6)
    assert (bob["comment"], bob["reply"], bob["answered_mentions"], bob["replies"]) == (1, 1, 1, 1)
    assert ann["first_seen"] == pd.Timestamp("2025-01-10T12:00Z")
    unknown = orbit.top_advocates(members, mentions, None, n=1)
    assert pd.isna(unknown.loc[0, "replies"]) and math.isnan(unknown.loc[0, "answered"])


def test_closest_fans_is_capped_at_dunbars_number():
    specs = []
    for i in range(200):
        # author i: (i % 5) + 1 comments in January, shares in February for every third one
        specs.append((f"@m{i:03d}", "2025-01-15", "comment", i % 5 + 1))
        if i % 3 == 0:
            specs.append((f"@m{i:03d}", "2025-02-15", "share", i % 4 + 1))
    members = orbit.score_members(activity(*specs))
    assert len(members) == 200
    worklist = orbit.closest_fans(members)
    assert len(worklist) == orbit.DUNBAR_NUMBER == 150
    assert list(worklist["rank"]) == list(range(1, 151))
    key = list(zip(worklist["orbit"], -worklist["love"], strict=True))
    assert key == sorted(key)
    left_out = members[~members["author"].isin(worklist["author"])]
    assert min(zip(left_out["orbit"], -left_out["love"], strict=True)) >= key[-1]
    # the first: an advocate (shares in Feb, comments in Jan) with the most love
    top = members[(members["orbit"] == 1)].sort_values("love", ascending=False)
    assert worklist.loc[0, "author"] == top.iloc[0]["author"]
    assert len(orbit.closest_fans(members, limit=5)) == 5
    with pytest.raises(ValueError):
        orbit.closest_fans(members, limit=0)


# --- responsiveness by theme ------------------------------------------------------------------


def test_responsiveness_by_theme_uses_the_channels_first_responses():
    mentions = make_mentions(
        [
            # Monday 6 Jan 2025, business hours 09:00–17:00 UTC
            {
                "mention_id": "q1",
                "created_at": "2025-01-06T09:00Z",
                "is_question": True,
                "theme": "delivery",
            },
            {
                "mention_id": "q2",
                "created_at": "2025-01-06T10:00Z",
                "is_question": True,
                "theme": "delivery",
            },
            {
                "mention_id": "q3",
                "created_at": "2025-01-06T11:00Z",
                "is_question": True,
                "theme": "delivery",
            },
            {
                "mention_id": "q4",
                "created_at": "2025-01-06T12:00Z",
                "is_question": True,
                "theme": "price",
            },
            {
                "mention_id": "q5",
                "created_at": "2025-01-06T12:00Z",
                "is_question": True,
                "theme": None,
            },
            {"mention_id": "s1", "created_at": "2025-01-06T12:00Z", "theme": "price"},  # no need
        ]
    ).assign(brand="North")
    responses = pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3"],
            "mention_id": ["q1", "q2", "q5"],
            # q1 answered after 1 h; q2 at 09:00 next day: 7 business hours, 23 clock hours
            "created_at": pd.to_datetime(
                ["2025-01-06T10:00Z", "2025-01-07T09:00Z", "2025-01-06T13:00Z"], utc=True
            ),
            "channel": "x",
        }
    )
    answers = channels.first_responses(mentions, responses, brand="North", hours=BusinessHours())
    table = orbit.responsiveness_by_theme(answers, mentions)
    assert table["theme"].tolist()[:2] == ["delivery", "price"] and pd.isna(table["theme"][2])
    delivery = table.iloc[0]
    assert (delivery["needing_answer"], delivery["answered"]) == (3, 2)
    assert delivery["response_rate"] == pytest.approx(2 / 3)
    assert delivery["median_business_hours"] == pytest.approx((1 + 7) / 2)
    assert delivery["median_hours"] == pytest.approx((1 + 23) / 2)
    # Wilson 1927 for 2 of 3
    centre = (2 + Z**2 / 2) / (3 + Z**2)
    half = Z / (3 + Z**2) * math.sqrt(2 * 1 / 3 + Z**2 / 4)
    assert delivery["response_rate_low"] == pytest.approx(centre - half)
    assert delivery["response_rate_high"] == pytest.approx(centre + half)
    assert delivery["small_sample"]
    price = table.iloc[1]
    assert (price["needing_answer"], price["answered"], price["response_rate"]) == (1, 0, 0.0)
    assert math.isnan(price["median_business_hours"])
    with pytest.raises(KeyError, match="topic"):
        orbit.responsiveness_by_theme(answers, mentions, theme_column="topic")


# --- no signal --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_on_random_activity_the_tables_stay_consistent(seed):
    rng = np.random.default_rng(seed)
    n = 400
    start = pd.Timestamp("2025-01-01", tz="UTC")
    mentions = make_mentions(
        [
            {
                "author": f"@u{rng.integers(60)}",
                "created_at": start + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 180))),
                "kind": str(rng.choice(["share", "mention", "comment", "reply", "review"])),
                "brand": "North",
                "text": "".join(rng.choice(list("abcdefgh"), 6)),
            }
            for _ in range(n)
        ]
    )
    levels = orbit.level_members_monthly(mentions, timezone="Europe/London")
    movement = orbit.count_movement(levels)
    parts = movement[["new", "returned", "moved_up", "held", "moved_down"]].sum(axis=1)
    assert (parts == movement["members"]).all()
    assert (movement[list(orbit.LEVELS)].sum(axis=1) == movement["members"]).all()
    assert movement["new"].sum() == levels["author"].nunique()
    # a level never falls in a month with activity
    ordered = levels.sort_values(["author", "period"])
    codes = ordered["level"].cat.codes
    fell = (codes < codes.groupby(ordered["author"]).shift(1)) & ordered["active"]
    assert not fell.any()
    members = orbit.score_members(mentions, timezone="Europe/London")
    assert members["activities"].sum() == n and (members["answered"].isna()).all()
    cohorts = orbit.cohort_returns(mentions, timezone="Europe/London")
    shares = cohorts.drop(columns=["cohort", "size"]).to_numpy(dtype=float)
    assert np.nanmin(shares) >= 0 and np.nanmax(shares) <= 1
    assert cohorts["size"].sum() == members.shape[0]
