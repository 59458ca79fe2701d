"""A period's mentions are cut from the table once: a slice of a sorted table, no copy."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ronr.store import mentions_before, select_period

START, END = pd.Timestamp("2025-03-01", tz="UTC"), pd.Timestamp("2025-03-31", tz="UTC")


def _tables(stamps: list[str]) -> dict[str, pd.DataFrame]:
    mentions = pd.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(len(stamps))],
            "created_at": pd.to_datetime(stamps, utc=True),
            "engagements": np.arange(len(stamps), dtype="int64") * 10,
        }
    )
    empty_posts = pd.DataFrame(
        {"published_at": pd.to_datetime([], utc=True), "published_month": pd.Series([], dtype=str)}
    )
    responses = pd.DataFrame(
        {"mention_id": pd.Series([], dtype=str), "created_at": pd.to_datetime([], utc=True)}
    )
    return {
        "mentions": mentions,
        "posts": empty_posts,
        "responses": responses,
        "audience": pd.DataFrame({"as_of": pd.to_datetime([], utc=True)}),
        "followers": pd.DataFrame({"date": pd.to_datetime([], utc=True)}),
    }


# London: 2025-02-28 23:30 UTC is 28 Feb there; 2025-03-30 23:30 UTC is 31 March (BST);
# 2025-03-31 23:30 UTC is 1 April
SORTED = [
    "2025-02-10 09:00",
    "2025-02-28 23:30",
    "2025-03-01 08:00",
    "2025-03-30 23:30",
    "2025-03-31 23:30",
    "2025-04-02 10:00",
]


def test_a_sorted_table_gives_slices_that_share_its_memory() -> None:
    tables = _tables(SORTED)
    period = select_period(tables, START, END, timezone="Europe/London")["mentions"]
    before = mentions_before(tables["mentions"], START, timezone="Europe/London")
    assert period["mention_id"].tolist() == ["m2", "m3"]
    assert before["mention_id"].tolist() == ["m0", "m1"]
    assert period.index.tolist() == [0, 1] and before.index.tolist() == [0, 1]
    whole = tables["mentions"]["engagements"].to_numpy()
    assert np.shares_memory(period["engagements"].to_numpy(), whole)
    assert np.shares_memory(before["engagements"].to_numpy(), whole)


def test_an_unsorted_table_gives_the_same_rows_by_their_days() -> None:
    order = [5, 2, 0, 4, 3, 1]  # newest first and shuffled, as some exports are
    tables = _tables([SORTED[i] for i in order])
    period = select_period(tables, START, END, timezone="Europe/London")["mentions"]
    before = mentions_before(tables["mentions"], START, timezone="Europe/London")
    # the table's own order, mentions named by their position in it
    assert sorted(period["created_at"].astype(str)) == [
        "2025-03-01 08:00:00+00:00",
        "2025-03-30 23:30:00+00:00",
    ]
    assert period["mention_id"].tolist() == ["m1", "m4"]
    assert before["mention_id"].tolist() == ["m2", "m5"]


def test_no_mention_in_the_period_gives_an_empty_table_with_the_columns() -> None:
    tables = _tables(SORTED[:2])
    period = select_period(tables, START, END, timezone="UTC")["mentions"]
    assert period.empty and list(period.columns) == ["mention_id", "created_at", "engagements"]
    assert len(mentions_before(tables["mentions"], START, timezone="UTC")) == 2
