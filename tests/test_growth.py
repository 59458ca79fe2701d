import pandas as pd
import pytest

from ronr import growth
from tests.factories import make_mentions, ts


def follower_counts(rows):
    return pd.DataFrame(
        {
            "channel": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows], utc=True),
            "followers": pd.array([r[2] for r in rows], dtype="Int64"),
        }
    )


JANUARY = {"start": ts("2025-01-01"), "end": ts("2025-01-31")}

# --- follower growth over the period ----------------------------------------------------------


def test_growth_from_first_to_last_count_in_the_period_whatever_the_row_order():
    counts = follower_counts(
        [
            ("x", "2025-01-25", 150),
            ("x", "2024-12-31", 90),  # before the period
            ("x", "2025-01-05", 100),
            ("x", "2025-02-01", 200),  # after the period
            ("x", "2025-01-20", 130),
        ]
    )
    row = growth.follower_growth(counts, **JANUARY).iloc[0]
    assert row["first_date"] == ts("2025-01-05")
    assert (row["first_followers"], row["last_followers"]) == (100, 150)
    assert row["net_change"] == 50
    assert row["growth_rate"] == pytest.approx(0.5)
    assert row["days_covered"] == 21  # 5 to 25 January, both included
    assert row["period_days"] == 31
    assert row["counts"] == 3


def test_growth_is_missing_without_two_counts_in_the_period():
    counts = follower_counts(
        [
            ("x", "2025-01-10", 100),  # one count only
            ("tiktok", "2025-03-01", 500),  # none in the period
            ("facebook", "2025-01-01", 0),
            ("facebook", "2025-01-31", 40),  # from 0: no rate
        ]
    )
    table = growth.follower_growth(counts, **JANUARY).set_index("channel")
    assert table.loc["x", "last_followers"] == 100
    assert pd.isna(table.loc["x", "net_change"])
    assert pd.isna(table.loc["x", "growth_rate"])
    assert table.loc["x", "days_covered"] == 1
    assert table.loc["tiktok", "counts"] == 0
    assert pd.isna(table.loc["tiktok", "first_followers"])
    assert pd.isna(table.loc["tiktok", "net_change"])
    assert table.loc["facebook", "net_change"] == 40
    assert pd.isna(table.loc["facebook", "growth_rate"])


def test_growth_biggest_channel_first_and_naive_dates_read_as_utc():
    counts = follower_counts(
        [("x", "2025-01-01", 10), ("x", "2025-01-31", 20), ("tiktok", "2025-01-31", 90)]
    )
    table = growth.follower_growth(counts, start="2025-01-01", end="2025-01-31")
    assert table["channel"].tolist() == ["tiktok", "x"]


def test_growth_of_an_empty_table_is_empty_and_end_before_start_is_refused():
    table = growth.follower_growth(follower_counts([]), **JANUARY)
    assert table.empty
    assert {"net_change", "growth_rate", "days_covered"} <= set(table.columns)
    with pytest.raises(ValueError, match="before start"):
        growth.follower_growth(follower_counts([]), start=JANUARY["end"], end=JANUARY["start"])


# --- followers month by month -----------------------------------------------------------------


def test_monthly_followers_month_end_counts_changes_and_a_month_without_counts():
    counts = follower_counts(
        [
            ("x", "2025-03-20", 150),
            ("x", "2025-01-01", 100),
            ("x", "2025-01-31", 120),
            # no count in February
            ("x", "2025-03-10", 130),
            ("x", "2025-04-30", 165),
        ]
    )
    table = growth.monthly_followers(counts).set_index("period")
    assert list(table.index) == list(pd.date_range("2025-01-01", periods=4, freq="MS"))
    jan, feb, mar, apr = (table.iloc[i] for i in range(4))
    # January: from its first count (1 Jan, 100) to its last (31 Jan, 120)
    assert (jan["followers"], jan["baseline"], jan["net_change"]) == (120, 100, 20)
    assert jan["growth_rate"] == pytest.approx(0.2)
    # February has no count: missing, not carried forward and not 0
    assert pd.isna(feb["followers"]) and pd.isna(feb["net_change"])
    assert pd.isna(feb["growth_rate"])
    # March follows a month without counts: measured from its own first count
    assert (mar["followers"], mar["baseline"], mar["net_change"]) == (150, 130, 20)
    assert mar["baseline_date"] == ts("2025-03-10")
    assert mar["as_of"] == ts("2025-03-20")
    assert mar["growth_rate"] == pytest.approx(20 / 130)
    # April: from March's month-end count
    assert (apr["followers"], apr["baseline"], apr["net_change"]) == (165, 150, 15)
    assert apr["growth_rate"] == pytest.approx(0.1)


def test_monthly_followers_every_channel_every_month_and_one_count_is_no_change():
    counts = follower_counts(
        [
            ("x", "2025-01-01", 100),
            ("x", "2025-02-28", 110),
            ("tiktok", "2025-02-14", 50),  # starts in February, one count
            ("tiktok", "2025-03-31", 60),
        ]
    )
    table = growth.monthly_followers(counts).set_index(["channel", "period"])
    assert len(table) == 2 * 3
    assert pd.isna(table.loc[("tiktok", pd.Timestamp("2025-01-01")), "followers"])
    feb = table.loc[("tiktok", pd.Timestamp("2025-02-01"))]
    assert feb["followers"] == 50
    assert pd.isna(feb["net_change"])  # one count in its first month: no change known
    mar = table.loc[("tiktok", pd.Timestamp("2025-03-01"))]
    assert (mar["net_change"], mar["growth_rate"]) == (10, pytest.approx(0.2))
    jan = table.loc[("x", pd.Timestamp("2025-01-01"))]
    assert jan["followers"] == 100 and pd.isna(jan["net_change"])
    assert table.loc[("x", pd.Timestamp("2025-02-01")), "net_change"] == 10


def test_monthly_followers_skips_missing_counts_and_empty_table_is_empty():
    counts = follower_counts([("x", "2025-01-01", 100), ("x", "2025-01-31", None)])
    row = growth.monthly_followers(counts).iloc[0]
    assert row["followers"] == 100 and row["as_of"] == ts("2025-01-01")
    empty = growth.monthly_followers(follower_counts([]))
    assert empty.empty
    assert list(empty.columns) == growth.MONTHLY_COLUMNS


# --- who engages: repeat and returning authors ------------------------------------------------


def acme(author, created_at="2025-01-15", brand="Acme"):
    if "T" not in created_at:
        created_at += "T12:00+00:00"  # one format for the whole column
    return {"brand": brand, "author": author, "created_at": created_at}


REPEAT = make_mentions(
    [
        acme("@ann"),
        acme("@ann"),
        acme("@ann"),
        acme("@bob"),
        acme(" @bob "),  # the same handle, with spaces
        acme("@cy"),
        acme(None),
        acme(""),
        acme("@acme"),  # the brand's own account
        acme("@acme"),
        acme("@dee", brand="Beta"),
        acme("@dee", brand="Beta"),
    ]
)


def test_repeat_engagement_counted_by_hand():
    row = growth.repeat_engagement(REPEAT, brand="Acme", exclude_authors=["@acme"]).iloc[0]
    assert row["mentions"] == 6  # ann 3, bob 2, cy 1
    assert row["authors"] == 3
    assert row["repeat_authors"] == 2
    assert row["repeat_mentions"] == 5
    assert row["repeat_share"] == pytest.approx(5 / 6)
    assert row["mentions_without_author"] == 2
    assert row["small_sample"]


def test_repeat_engagement_threshold_and_own_accounts():
    row = growth.repeat_engagement(REPEAT, brand="Acme", min_mentions=3).iloc[0]
    # @acme is counted when not excluded: 8 mentions; only ann has 3
    assert (row["mentions"], row["repeat_authors"], row["repeat_mentions"]) == (8, 1, 3)
    assert row["repeat_share"] == pytest.approx(3 / 8)
    with pytest.raises(ValueError, match="at least 2"):
        growth.repeat_engagement(REPEAT, brand="Acme", min_mentions=1)


def test_repeat_engagement_without_mentions_has_a_missing_share():
    row = growth.repeat_engagement(REPEAT, brand="Nobody").iloc[0]
    assert row["mentions"] == 0 and row["authors"] == 0
    assert pd.isna(row["repeat_share"])


MONTHLY = make_mentions(
    [
        acme("@ann", "2025-01-03"),
        acme("@bob", "2025-01-20"),
        acme("@ann", "2025-01-28"),  # again in her first month: still new
        acme("@cy", "2025-02-02"),
        acme("@ann", "2025-02-10"),  # back from January
        acme("@cy", "2025-02-27"),  # again in his first month
        # nothing in March
        acme("@dee", "2025-04-01"),
        acme("@bob", "2025-04-05"),  # last seen in January, 3 months before
        acme("@cy", "2025-04-30T23:30-02:00"),  # 1 May in UTC
        acme("@cy", "2025-04-12"),  # last seen in February, 2 months before
    ]
)


def test_monthly_repeat_engagement_counts_authors_back_from_an_earlier_month():
    table = growth.monthly_repeat_engagement(MONTHLY, brand="Acme").set_index("period")
    jan, feb, mar, apr, may = (table.iloc[i] for i in range(5))
    assert (jan["mentions"], jan["authors"]) == (3, 2)
    assert pd.isna(jan["new_authors"]) and pd.isna(jan["returning_share"])  # not judged
    assert (feb["mentions"], feb["authors"], feb["new_authors"]) == (3, 2, 1)
    assert (feb["returning_authors"], feb["returning_mentions"]) == (1, 1)
    assert feb["returning_share"] == pytest.approx(1 / 3)
    assert (mar["mentions"], mar["returning_mentions"]) == (0, 0)
    assert pd.isna(mar["returning_share"])
    assert (apr["mentions"], apr["new_authors"], apr["returning_authors"]) == (3, 1, 2)
    assert apr["returning_share"] == pytest.approx(2 / 3)
    assert may["returning_share"] == pytest.approx(1.0)
    assert table["small_sample"].all()


def test_monthly_repeat_engagement_with_a_lookback_window():
    table = growth.monthly_repeat_engagement(MONTHLY, brand="Acme", lookback=2)
    table = table.set_index("period")
    assert table["returning_share"].iloc[:2].isna().all()  # window reaches before the data
    assert table.loc[pd.Timestamp("2025-02-01"), "new_authors"] == 1
    # April: bob was last seen 3 months before (outside), cy 2 months before (inside)
    april = table.loc[pd.Timestamp("2025-04-01")]
    assert (april["returning_authors"], april["returning_mentions"]) == (1, 1)
    assert april["returning_share"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="lookback"):
        growth.monthly_repeat_engagement(MONTHLY, brand="Acme", lookback=0)


def test_monthly_repeat_engagement_of_no_mentions_is_empty():
    table = growth.monthly_repeat_engagement(MONTHLY, brand="Nobody")
    assert table.empty
    assert list(table.columns) == growth.RETURNING_COLUMNS
