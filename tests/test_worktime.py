"""Business hours between two times, the helpdesk way (hand-computed cases)."""

import datetime as dt

import pandas as pd
import pytest

from ronr.config import BusinessHours
from ronr.worktime import business_hours_between

LONDON = BusinessHours(timezone="Europe/London", start="09:00", end="17:30")


def between(pairs, hours=LONDON):
    start = pd.Series(pd.to_datetime([a for a, _ in pairs], utc=True))
    end = pd.Series(pd.to_datetime([b for _, b in pairs], utc=True))
    return business_hours_between(start, end, hours=hours).tolist()


def test_friday_evening_to_monday_morning_is_fifteen_business_minutes():
    # 17:25 Friday 7 March to 09:10 Monday 10 March: 5 + 10 minutes (63.75 clock hours)
    assert between([("2025-03-07 17:25", "2025-03-10 09:10")]) == [pytest.approx(0.25)]


def test_within_a_day_across_midnight_and_over_a_weekend():
    assert between(
        [
            ("2025-03-05 10:00", "2025-03-05 11:30"),  # Wednesday, inside: 1.5 h
            ("2025-03-05 20:00", "2025-03-06 10:00"),  # across midnight: Thursday 09–10
            ("2025-03-08 10:00", "2025-03-09 18:00"),  # a whole weekend: nothing
            ("2025-03-06 09:00", "2025-03-07 17:30"),  # two whole days: 2 × 8.5 h
        ]
    ) == pytest.approx([1.5, 1.0, 0.0, 17.0])


def test_both_daylight_saving_changes_follow_the_local_clock():
    # spring forward (Sunday 30 March): Friday 17:00 GMT is half an hour before closing; Monday
    # 09:00 UTC is 10:00 BST, an hour after opening. Fall back (Sunday 26 October): Friday
    # 17:00 UTC is 18:00 BST, closed; Monday 09:00 UTC is 09:00 GMT, opening time
    assert between(
        [("2025-03-28 17:00", "2025-03-31 09:00"), ("2025-10-24 17:00", "2025-10-27 09:00")]
    ) == pytest.approx([1.5, 0.0])


def test_holidays_are_closed_and_missing_or_backwards_spans_are_missing():
    hours = BusinessHours(timezone="UTC", holidays=[dt.date(2025, 3, 10)])  # 09:00–17:00
    # Friday 16:00–17:00 and Tuesday 09:00–10:00; Monday 10 March is a holiday
    assert between([("2025-03-07 16:00", "2025-03-11 10:00")], hours) == [pytest.approx(2.0)]
    start = pd.Series(pd.to_datetime(["2025-03-07 10:00", None], utc=True))
    end = pd.Series(pd.to_datetime(["2025-03-06 10:00", "2025-03-07 10:00"], utc=True))
    assert business_hours_between(start, end, hours=hours).isna().all()
