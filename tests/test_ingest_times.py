"""ISO 8601 times are read by every importer, whatever its export's own date format.

Year, month and day in that order are unambiguous: ``2016-01-29T10:00:00Z``,
``2016-01-29 00:00:00+00:00`` and ``2016/01/29 9:00`` are dates in any export. A time with an
offset is read at that offset; one without it in the client's time zone, as the export's own
local times are.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from ronr.ingest import ImportContext, import_file
from ronr.ingest.base import ColumnProblems, parse_timestamp, row_numbers
from ronr.ingest.facebook import CURRENT_TIME_FORMATS
from ronr.ingest.mapped import read_mapped
from ronr.ingest.sprout import POST_TIME_FORMATS
from ronr.ingest.x_activity import TIME_FORMATS

NOW = pd.Timestamp("2026-01-31", tz="UTC")
NEW_YORK = ImportContext(brand="Acme", timezone="America/New_York", now=NOW)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_x_tweet_activity_reads_iso_times(tmp_path):
    rows = [
        ["Tweet id", "Tweet text", "time", "impressions"],
        ["1", "a", "2016-01-29 00:00:00+00:00", "10"],
        ["2", "b", "2016-01-29T10:00:00Z", "10"],
        ["3", "c", "2016/01/29 9:00", "10"],  # no offset: New York, UTC-5 in January
        ["4", "d", "2016-01-29T10:00:00.5+01:00", "10"],
        ["5", "e", "2015-09-30 18:42 +0000", "10"],  # the export's own spelling
    ]
    result = import_file(write_csv(tmp_path / "tweet_activity.csv", rows), context=NEW_YORK)
    assert result.rows_rejected == 0
    assert result.tables["posts"]["published_at"].tolist() == [
        utc("2016-01-29 00:00"),
        utc("2016-01-29 10:00"),
        utc("2016-01-29 14:00"),
        utc("2016-01-29 09:00:00.5"),
        utc("2015-09-30 18:42"),
    ]


def test_meta_exports_read_iso_times_in_the_clients_zone(tmp_path):
    facebook = [
        ["Post ID", "Page ID", "Page name", "Title", "Publish time", "Views", "Reach"],
        ["1800000000000001", "100", "Acme", "Hi", "2025-09-28T18:12:00", "10", "5"],
        ["1800000000000002", "100", "Acme", "Yo", "09/29/2025 18:12", "10", "5"],
    ]
    result = import_file(write_csv(tmp_path / "facebook.csv", facebook), context=NEW_YORK)
    assert result.format == "facebook-posts"
    assert result.rows_rejected == 0
    # 18:12 in New York (UTC-4 in September) is 22:12 UTC, in both spellings
    assert result.tables["posts"]["published_at"].tolist() == [
        utc("2025-09-28 22:12"),
        utc("2025-09-29 22:12"),
    ]
    instagram = [
        ["Post ID", "Account ID", "Account username", "Publish time", "Likes"],
        ["17900000000000001", "1", "acme", "2025-09-28T18:12:00+02:00", "3"],
    ]
    result = import_file(write_csv(tmp_path / "instagram.csv", instagram), context=NEW_YORK)
    assert result.format == "instagram-posts"
    assert result.tables["posts"]["published_at"].tolist() == [utc("2025-09-28 16:12")]


@pytest.mark.parametrize(
    "formats", [TIME_FORMATS, CURRENT_TIME_FORMATS, POST_TIME_FORMATS], ids=["x", "meta", "sprout"]
)
def test_every_timestamp_parser_reads_iso_and_still_rejects_what_is_no_date(formats):
    cells = ["2016-01-29T10:00:00Z", "2016.01.29", "2016-13-01", "2016/01-29", "yesterday"]
    problems = ColumnProblems("f.csv", row_numbers(len(cells)))
    stamps = parse_timestamp(pd.Series(cells), "time", problems, formats=formats, now=NOW)
    assert stamps.tolist()[:2] == [utc("2016-01-29 10:00"), utc("2016-01-29")]
    assert problems.frame()["row"].tolist() == [3, 4, 5]  # no 13th month; mixed separators


def test_a_reject_names_the_date_format_the_user_gave(tmp_path):
    path = write_csv(
        tmp_path / "live.csv",
        [
            ["id", "when"],
            ["1", "31/12/2025 10:00"],
            ["2", "12/31/2025 10:00"],
            ["3", "2025-12-30T10:00:00Z"],
        ],
    )
    result = read_mapped(
        path,
        table="posts",
        columns={"id": "post_id", "when": "published_at"},
        channel="facebook",
        date_format="%d/%m/%Y %H:%M",
        context=ImportContext(brand="Acme", now=NOW),
    )
    assert result.tables["posts"]["published_at"].tolist() == [
        utc("2025-12-31 10:00"),
        utc("2025-12-30 10:00"),
    ]
    assert result.rejects[["row", "reason"]].to_numpy().tolist() == [
        [
            2,
            "date fits only month/day/year, but this column is read day/month/year "
            "(date_format '%d/%m/%Y %H:%M')",
        ]
    ]
