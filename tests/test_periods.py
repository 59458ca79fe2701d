"""Periods parsed once and labelled one way; time buckets shared by every stage."""

import datetime as dt

import pandas as pd
import pytest

from ronr.errors import ConfigError
from ronr.periods import Period, as_columns, group_keys, time_key


def test_period_parses_days_months_and_years():
    assert Period.parse("2025-01..2025-06") == Period(
        pd.Timestamp("2025-01-01", tz="UTC"), pd.Timestamp("2025-06-30", tz="UTC")
    )
    assert Period.parse(" 2024 .. 2024-02-10 ").end == pd.Timestamp("2024-02-10", tz="UTC")
    assert Period.parse("2025-03-01..2025-03-31").label() == "01 Mar 2025 – 31 Mar 2025"
    assert Period.parse("2025-03..2025-03").text() == "2025-03-01..2025-03-31"


def test_a_configured_period_of_days_is_the_parsed_one():
    configured = Period.of_days(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert configured == Period.parse("2025-01..2025-06")
    assert configured.label() == "01 Jan 2025 – 30 Jun 2025"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-01", "expected 'START..END'"),
        ("2025-13..x", "expected dates like 2025-01-01"),
        ("2025-06..2025-01", "the end is before the start"),
    ],
)
def test_a_bad_period_names_itself_and_what_was_expected(text, message):
    with pytest.raises(ConfigError, match=message) as error:
        Period.parse(text)
    assert repr(text) in str(error.value)


def test_time_keys_start_days_mondays_and_months():
    stamps = pd.Series(pd.to_datetime(["2025-03-05 23:30", "2025-03-09 01:00"], utc=True))
    assert time_key(stamps, "D").dt.day.tolist() == [5, 9]
    assert time_key(stamps, "W").astype(str).tolist() == ["2025-03-03", "2025-03-03"]
    assert time_key(stamps, "MS").astype(str).tolist() == ["2025-03-01", "2025-03-01"]
    with pytest.raises(ValueError, match="freq"):
        time_key(stamps, "Q")


def test_by_is_a_column_a_sequence_or_none():
    assert as_columns("brand") == ["brand"]
    assert as_columns(("brand", "channel")) == ["brand", "channel"]
    assert as_columns(None) == []
    data = pd.DataFrame(
        {"brand": ["A"], "created_at": pd.to_datetime(["2025-03-05 10:00"], utc=True)}
    )
    frame, keys = group_keys(data, by="brand", freq="W", time_column="created_at")
    assert keys == ["period", "brand"]
    assert str(frame["period"].iloc[0].date()) == "2025-03-03"


def test_buckets_start_in_the_given_time_zone():
    # 23:30 UTC on Sunday 30 March 2025 is 00:30 on Monday 31 March in London (summer time)
    stamps = pd.Series(pd.to_datetime(["2025-03-30 23:30"], utc=True))
    assert str(time_key(stamps, "D").iloc[0].date()) == "2025-03-30"
    assert str(time_key(stamps, "D", timezone="Europe/London").iloc[0].date()) == "2025-03-31"
    assert str(time_key(stamps, "W", timezone="Europe/London").iloc[0].date()) == "2025-03-31"
    assert str(time_key(stamps, "MS", timezone="Asia/Tokyo").iloc[0].date()) == "2025-03-01"


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        ("2025-04..2025-06", "2025-01-01..2025-03-31"),  # a quarter: the quarter before
        ("2025-01..2025-12", "2024-01-01..2024-12-31"),  # a year: the year before
        ("2024-03..2024-03", "2024-02-01..2024-02-29"),  # March: February, 29 days in 2024
        ("2025-03-10..2025-03-16", "2025-03-03..2025-03-09"),  # a week: the week before
        ("2025-01-15..2025-02-14", "2024-12-15..2025-01-14"),  # 31 days: 31 days before
    ],
)
def test_the_previous_period_has_the_same_length_just_before(period, previous):
    assert Period.parse(period).previous().text() == previous
