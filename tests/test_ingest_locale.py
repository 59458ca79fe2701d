"""Dates and numbers as users' spreadsheets write them, read per column and per file.

Dates: a column's order of day and month is decided from all its values (``31/10/2016`` is
day-first, ``1/30/2016`` month-first); a column whose dates fit both orders follows
``date_order`` or stops with an error naming the file and column. Numbers: ``12.400`` and
``12,400`` are read with the file's decimal mark, decided once per file from the cells that
read one way only, else from ``number_format``, else from the delimiter (and said so).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.ingest.base import (
    ColumnProblems,
    FileReading,
    parse_count,
    parse_rate,
    parse_share,
    parse_timestamp,
    reading_file,
    row_numbers,
)
from ronr.ingest.linkedin import CONTENT_COLUMNS
from tests.cases import case_path

NOW = pd.Timestamp("2026-01-01", tz="UTC")


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def parse(parser, cells, **options):
    """Parse ``cells`` as one column ``c`` of ``f.csv``: (values, [(row, reason), ...])."""
    problems = ColumnProblems("f.csv", row_numbers(len(cells)))
    values = parser(pd.Series(cells, dtype=object), "c", problems, **options)
    rejects = problems.frame()
    return values.tolist(), list(zip(rejects["row"], rejects["reason"], strict=True))


def copy_case(name: str, tmp_path: Path) -> Path:
    """The one file of case ``name``, copied into ``tmp_path`` (the cases are read-only)."""
    (source,) = [p for p in case_path(name).iterdir() if p.is_file()]
    return Path(shutil.copy(source, tmp_path / source.name))


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# -- the cases ----------------------------------------------------------------------------------


def test_x_export_resaved_by_a_spreadsheet_keeps_every_row_and_date(tmp_path):
    result = import_file(copy_case("x-export-resaved-dates", tmp_path), context=ImportContext())
    assert result.format == "x-tweet-activity"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 3, 0)
    assert result.tables["posts"]["published_at"].tolist() == [
        ts("2016-01-29 00:00"),  # 01-29-2016 0:00
        ts("2016-01-30 14:05"),  # 1/30/2016 14:05
        ts("2016-01-31 09:15"),  # 2016-01-31 09:15 +0000, as exported
    ]


def test_day_first_facebook_export_is_read_day_first(tmp_path):
    result = import_file(copy_case("day-first-dates", tmp_path), context=ImportContext())
    assert result.format == "facebook-posts"
    assert (result.rows_read, result.rows_accepted) == (3, 3)
    # 04/10 and 12/10 match the export's own month/day formats; 31/10 settles the column
    assert result.tables["posts"]["published_at"].tolist() == [
        ts("2016-10-04 09:03:47"),
        ts("2016-10-12 14:00:00"),
        ts("2016-10-31 18:30:00"),
    ]


def test_a_column_that_fits_both_orders_is_read_in_the_exports_order_and_said(tmp_path):
    # the same export without its 31/10: every date fits both orders. The export's own order
    # (month/day) reads it, and a note names the column and date_order; date_order overrules
    path = copy_case("day-first-dates", tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("31/10/2016", "11/10/2016"))
    result = import_file(path, context=ImportContext())
    assert result.tables["posts"]["published_at"].dt.month.tolist() == [4, 12, 11]
    [note] = [n for n in result.notes if "date_order" in n]
    assert "column 'Posted'" in note and "read month/day/year" in note
    fixed = import_file(path, context=ImportContext(date_order="day-first"))
    assert fixed.tables["posts"]["published_at"].dt.month.tolist() == [10, 10, 10]
    assert not [n for n in fixed.notes if "date_order" in n]


def test_european_numbers_are_read_with_the_files_decimal_comma(tmp_path):
    result = import_file(copy_case("european-numbers", tmp_path), context=ImportContext(now=NOW))
    posts = result.tables["posts"]
    assert (result.rows_read, result.rows_accepted) == (3, 3)
    assert posts["impressions"].tolist() == [12400, 1234, 3000]
    assert posts["reach"].tolist() == [9800, 980, 2000]
    assert posts["likes"].tolist() == [1000, 52, 120]
    # nothing in the file shows its decimal mark: a count is whole, so "." groups thousands,
    # and a note says so
    assert len(result.notes) == 1
    assert "'12.400' (column 'impressions')" in result.notes[0]
    assert "'.' grouping thousands: a count is a whole number" in result.notes[0]
    assert "number_format: '1,234.5'" in result.notes[0]


def test_european_numbers_follow_number_format_over_the_delimiter(tmp_path):
    path = copy_case("european-numbers", tmp_path)
    result = import_file(path, context=ImportContext(now=NOW, number_format="1,234.5"))
    # the user says "." is the decimal mark: "12.400" is no count, which shows the mark is
    # wrong for the column, so "3.000" is not taken for 3 either: every row is rejected
    assert result.rows_accepted == 0
    reason = (
        "count is not a whole number (read with '.' as the decimal mark: number_format "
        "'1,234.5'; if '.' groups thousands here, set number_format: '1.234,5' in client.yaml "
        "(this export's entry or the client))"
    )
    assert result.rejects[["row", "column", "value", "reason"]].values.tolist() == [
        [1, "impressions", "12.400", reason],
        [1, "reach", "9.800", reason],  # "1.000" likes are 1: whole, as the user says
        [2, "impressions", "1.234", reason],
        [3, "impressions", "3.000", reason],
        [3, "reach", "2.000", reason],
    ]
    assert result.notes == []


# -- dates, one parser ------------------------------------------------------------------------

US_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M")


def test_a_column_with_a_day_above_12_is_day_first():
    values, rejects = parse(parse_timestamp, ["04/10/2016 09:03", "31.10.16 6:30 PM"], now=NOW)
    assert values == [ts("2016-10-04 09:03"), ts("2016-10-31 18:30")]
    assert rejects == []


def test_a_column_with_a_second_part_above_12_is_month_first():
    cells = ["01-29-2016 0:00", "1/30/2016 14:05", "2/1/16 12:00 AM", "2/1/16 12:30:15 p.m."]
    values, rejects = parse(parse_timestamp, cells, now=NOW)
    assert values == [
        ts("2016-01-29 00:00"),
        ts("2016-01-30 14:05"),
        ts("2016-02-01 00:00"),
        ts("2016-02-01 12:30:15"),
    ]
    assert rejects == []


def test_a_column_that_fits_both_orders_needs_date_order():
    cells = ["04/10/2016 09:03", "05/11/2016"]
    with pytest.raises(InputError) as error:
        parse(parse_timestamp, cells, now=NOW)
    message = str(error.value)
    assert message.startswith("f.csv: column 'c': every date fits both")
    assert "'04/10/2016 09:03' on row 1" in message
    assert "date_order: day-first or date_order: month-first in client.yaml" in message
    day, _ = parse(parse_timestamp, cells, now=NOW, date_order="day-first")
    month, _ = parse(parse_timestamp, cells, now=NOW, date_order="month-first")
    assert day == [ts("2016-10-04 09:03"), ts("2016-11-05")]
    assert month == [ts("2016-04-10 09:03"), ts("2016-05-11")]


def test_date_order_of_the_file_reaches_the_parser():
    with reading_file(FileReading("f.csv", date_order="day-first")):
        values, _ = parse(parse_timestamp, ["04/10/2016"], now=NOW)
    assert values == [ts("2016-10-04")]


def test_date_order_overrules_the_exports_own_order_for_dates_that_fit_both():
    cells = ["04/10/2016 09:03:00", "12/10/2016 14:00"]  # both match the month/day formats
    assert parse(parse_timestamp, cells, formats=US_FORMATS, now=NOW)[0] == [
        ts("2016-04-10 09:03"),
        ts("2016-12-10 14:00"),
    ]
    values, _ = parse(parse_timestamp, cells, formats=US_FORMATS, now=NOW, date_order="day-first")
    assert values == [ts("2016-10-04 09:03"), ts("2016-10-12 14:00")]
    # the answer is the user's word: 12/31 has no day-first date and is rejected with that
    # reason (not read month-first behind the answer), 01/02 is 1 February
    cells = ["12/31/2016 09:00", "01/02/2016 10:00"]
    values, rejects = parse(
        parse_timestamp, cells, formats=US_FORMATS, now=NOW, date_order="day-first"
    )
    assert values[1] == ts("2016-02-01 10:00") and pd.isna(values[0])
    assert rejects == [
        (
            1,
            "date fits only month/day/year, but this column is read day/month/year "
            "(date_order 'day-first')",
        )
    ]


def test_a_column_with_dates_of_both_kinds():
    cells = ["31/10/2016", "10/30/2016", "01/02/2016"]
    with pytest.raises(InputError) as error:
        parse(parse_timestamp, cells, now=NOW)
    assert "'31/10/2016' on row 1" in str(error.value)
    assert "'10/30/2016' on row 2" in str(error.value)
    values, rejects = parse(parse_timestamp, cells, now=NOW, date_order="day-first")
    assert values[0] == ts("2016-10-31") and pd.isna(values[1]) and values[2] == ts("2016-02-01")
    assert rejects == [
        (
            2,
            "date fits only month/day/year, but this column is read day/month/year "
            "(date_order 'day-first')",
        )
    ]
    # an export that writes month/day itself keeps its order: the others are bad dates
    values, rejects = parse(parse_timestamp, cells, formats=("%m/%d/%Y",), now=NOW)
    assert pd.isna(values[0]) and values[1:] == [ts("2016-10-30"), ts("2016-01-02")]
    assert rejects == [(1, "unparseable date (expected a date like '%m/%d/%Y')")]


def test_impossible_numeric_dates_are_rejected_with_the_columns_order():
    cells = ["31/10/2016", "30/02/2016", "13/13/2016", "1/3/16 13:30 PM", "yesterday"]
    values, rejects = parse(parse_timestamp, cells, now=NOW)
    assert values[0] == ts("2016-10-31") and all(pd.isna(v) for v in values[1:])
    expected = (
        "unparseable date (expected day/month/year like the rest of this column: '31/10/2016' "
        "on row 1 is a date only as day/month/year)"
    )
    assert rejects == [
        (2, expected),
        (3, expected),
        (4, expected),
        (5, "unparseable date (expected ISO 8601)"),
    ]


def test_numeric_dates_are_local_times_of_the_client():
    values, _ = parse(parse_timestamp, ["31/07/2016 18:30"], now=NOW, timezone="Europe/London")
    assert values == [ts("2016-07-31 17:30")]  # British summer time, UTC+1


def test_clean_iso_columns_take_the_fast_path_untouched():
    values, rejects = parse(parse_timestamp, ["2016-10-04", "2016-10-31T18:30:00Z"], now=NOW)
    assert values == [ts("2016-10-04"), ts("2016-10-31 18:30")]
    assert rejects == []


# -- dates, every importer that reads them --------------------------------------------------


def x_file(path: Path, dates: list[str]) -> Path:
    header = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions"]
    rows = [
        [f"70000000000000000{i}", f"https://x.com/a/status/70000000000000000{i}", "Hi", d, "10"]
        for i, d in enumerate(dates, 1)
    ]
    return write_csv(path / "tweet_activity.csv", [header, *rows])


def facebook_file(path: Path, dates: list[str]) -> Path:
    header = ["Post ID", "Post Message", "Posted", "Lifetime Post Total Reach"]
    rows = [[f"1_{i}", "Hi", d, "10"] for i, d in enumerate(dates, 1)]
    return write_csv(path / "facebook.csv", [header, *rows])


def instagram_file(path: Path, dates: list[str]) -> Path:
    header = ["Post ID", "Description", "Publish time", "Post type", "Views"]
    rows = [[f"1790000000000000{i}", "Hi", d, "IG image", "10"] for i, d in enumerate(dates, 1)]
    return write_csv(path / "instagram.csv", [header, *rows])


def sprout_file(path: Path, dates: list[str]) -> Path:
    header = ["Date", "Post ID", "Network", "Profile", "Post", "Impressions"]
    rows = [[d, f"1_{i}", "Facebook", "acme", "Hi", "10"] for i, d in enumerate(dates, 1)]
    return write_csv(path / "sprout_posts.csv", [header, *rows])


def linkedin_file(path: Path, dates: list[str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append(list(CONTENT_COLUMNS))
    link = "https://www.linkedin.com/feed/update/urn:li:activity:710000000000000000"
    for i, day in enumerate(dates, 1):
        cells = {"Post title": "Hi", "Post link": f"{link}{i}", "Created date": day}
        sheet.append([cells.get(column, "1") for column in CONTENT_COLUMNS])
    book.save(path / "linkedin_content.xlsx")
    return path / "linkedin_content.xlsx"


def generic_file(path: Path, dates: list[str]) -> Path:
    header = ["brand", "channel", "post_id", "published_at", "likes"]
    rows = [["Acme", "facebook", f"p{i}", d, "3"] for i, d in enumerate(dates, 1)]
    return write_csv(path / "posts.csv", [header, *rows])


def conversation_file(path: Path, dates: list[str]) -> Path:
    header = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id"]
    header.append("in_response_to_tweet_id")
    rows = [[str(i), "115712", "True", d, "@acme hi", "", ""] for i, d in enumerate(dates, 1)]
    return write_csv(path / "twcs.csv", [header, *rows])


# format -> (writer, the table and column the dates land in, the file's date column, whether
# the export writes times); LinkedIn writes days only
IMPORTERS = {
    "x-tweet-activity": (x_file, "posts", "published_at", "time", True),
    "facebook-posts": (facebook_file, "posts", "published_at", "Posted", True),
    "instagram-posts": (instagram_file, "posts", "published_at", "Publish time", True),
    "sprout-posts": (sprout_file, "posts", "published_at", "Date", True),
    "linkedin-content": (linkedin_file, "posts", "published_at", "Created date", False),
    "generic-posts": (generic_file, "posts", "published_at", "published_at", True),
    "conversation": (conversation_file, "mentions", "created_at", "created_at", True),
}


def import_dates(tmp_path, fmt, dates, **options):
    write, table, column, _, _ = IMPORTERS[fmt]
    context = ImportContext(brand="Acme", handles=("@acme",), now=NOW, **options)
    result = import_file(write(tmp_path, dates), format=fmt, context=context)
    assert result.rejects.empty, result.rejects.to_dict("records")
    return result.tables[table][column].tolist()


@pytest.mark.parametrize("fmt", IMPORTERS)
def test_every_importer_reads_day_first_and_month_first_columns(tmp_path, fmt):
    timed = IMPORTERS[fmt][4]
    day_first = ["04/10/2016 09:03", "31/10/2016 18:30"] if timed else ["04/10/2016", "31/10/2016"]
    month_first = (
        ["10/04/2016 9:03 AM", "10-31-2016 6:30 PM"] if timed else ["10/04/2016", "10-31-2016"]
    )
    expected = (
        [ts("2016-10-04 09:03"), ts("2016-10-31 18:30")]
        if timed
        else [ts("2016-10-04"), ts("2016-10-31")]
    )
    (tmp_path / "day").mkdir()
    (tmp_path / "month").mkdir()
    assert import_dates(tmp_path / "day", fmt, day_first) == expected
    assert import_dates(tmp_path / "month", fmt, month_first) == expected


@pytest.mark.parametrize("fmt", IMPORTERS)
def test_every_importer_asks_for_date_order_when_a_column_fits_both(tmp_path, fmt):
    _, _, _, column, timed = IMPORTERS[fmt]
    # a spreadsheet's own spelling (two-digit years), which no export writes: re-read, undecided
    dates = ["04/10/16 09:03", "05/11/16 18:30"] if timed else ["04/10/16", "05/11/16"]
    with pytest.raises(InputError) as error:
        import_dates(tmp_path, fmt, dates)
    message = str(error.value)
    assert f"column {column!r}: every date fits both" in message
    assert IMPORTERS[fmt][0](tmp_path, dates).name in message  # the file is named
    assert "date_order" in message and "client.yaml" in message
    day = import_dates(tmp_path, fmt, dates, date_order="day-first")
    month = import_dates(tmp_path, fmt, dates, date_order="month-first")
    assert [d.date() for d in day] == [dt.date(2016, 10, 4), dt.date(2016, 11, 5)]
    assert [d.date() for d in month] == [dt.date(2016, 4, 10), dt.date(2016, 5, 11)]


def test_an_unknown_date_order_is_one_clear_error(tmp_path):
    path = generic_file(tmp_path, ["2016-10-04"])
    with pytest.raises(InputError, match=r"posts\.csv: date_order 'dmy' is not one of day-first"):
        import_file(path, context=ImportContext(date_order="dmy"))


# -- numbers ------------------------------------------------------------------------------------


def test_counts_in_every_grouping():
    cells = ["12 400", "12\u00a0400", "12\u202f400", "12'400", "12\u2019400", "1938.0", "0"]
    values, rejects = parse(parse_count, cells)
    assert values == [12400, 12400, 12400, 12400, 12400, 1938, 0]  # 1938.0 shows "." decimals
    assert rejects == []
    values, rejects = parse(parse_count, ["1.234.567", "1.234,0", "12.400"])
    assert values == [1234567, 1234, 12400]  # "1.234.567" shows "." groups: "12.400" is 12400
    assert rejects == []


def test_rates_and_shares_in_every_locale():
    values, rejects = parse(parse_rate, ["2,5 %", "0,025", "1.234,5", "\u22121%", "3 %"])
    assert values[:3] == pytest.approx([0.025, 0.025, 1234.5])
    assert values[4] == pytest.approx(0.03)
    assert rejects == [(4, "negative rate")]
    values, rejects = parse(parse_share, ["47,5 %", "0,4", "12.5%"])
    assert values == pytest.approx([0.475, 0.4, 0.125])


def test_a_number_that_reads_two_ways_follows_the_file_not_the_cell():
    # the German file: a rate column shows "," decimals, then "1.234" is 1234
    with reading_file(FileReading("de.csv")) as reading:
        parse(parse_rate, ["2,5%", "1%"])
        assert parse(parse_count, ["1.234", "3.000"]) == ([1234, 3000], [])
    assert reading.notes == []
    # the English file: "0.025" shows "." decimals, then "1.234" is no count
    with reading_file(FileReading("en.csv")):
        parse(parse_rate, ["0.025"])
        values, rejects = parse(parse_count, ["1.234", "12,400"])
    assert values[1] == 12400 and pd.isna(values[0])
    assert rejects == [
        (
            1,
            "count is not a whole number (read with '.' as the decimal mark: the file writes "
            "'0.025' (f.csv, column 'c', row 1); if '.' groups thousands here, set "
            "number_format: '1.234,5' in client.yaml (this export's entry or the client))",
        )
    ]


def test_without_evidence_counts_group_thousands_and_a_note_says_so():
    # a count is a whole number: "12.400" and "3.000" are 12400 and 3000, whatever the
    # delimiter (a German spreadsheet writes them so in a ","- or tab-separated file too)
    for delimiter in (";", ",", "\t", None):
        with reading_file(FileReading("de.csv", delimiter=delimiter)) as reading:
            assert parse(parse_count, ["12.400", "3.000", "980"]) == ([12400, 3000, 980], [])
        assert len(reading.notes) == 1
        assert "'12.400' (column 'c') were read with '.' grouping thousands" in reading.notes[0]
    with reading_file(FileReading("en.csv", delimiter=";")) as reading:
        assert parse(parse_count, ["12,400"]) == ([12400], [])
    assert "'12,400' (column 'c') were read with ',' grouping" in reading.notes[0]
    # counts tell the other columns: "." groups thousands, so a rate "1,234" is 1.234
    with reading_file(FileReading("de.csv", delimiter=",")) as reading:
        parse(parse_count, ["12.400"])
        assert parse(parse_rate, ["1,234"])[0] == pytest.approx([1.234])
    # counts that group thousands both ways contradict each other: the user says which
    with reading_file(FileReading("en.csv", delimiter=",")):
        assert parse(parse_count, ["12,400"]) == ([12400], [])
        with pytest.raises(InputError) as error:
            parse(parse_count, ["3.000"])
    assert "'3.000' (f.csv, column 'c', row 1) is a count, a whole number only with '.'" in str(
        error.value
    )
    # a later cell of the file that confirms the assumed mark withdraws the note
    with reading_file(FileReading("en.csv", delimiter=",")) as reading:
        assert parse(parse_count, ["12,400"]) == ([12400], [])
        assert len(reading.notes) == 1
        parse(parse_rate, ["0.025"])
    assert reading.notes == []


def test_a_note_never_says_how_rejected_numbers_were_read():
    # "1.000" read with the ";" file's assumed decimal comma is 1000: no share; the reject
    # says so, and no note claims the number was read
    with reading_file(FileReading("f.csv", delimiter=";")) as reading:
        values, rejects = parse(parse_share, ["1.000"])
    assert pd.isna(values[0]) and rejects == [(1, "share outside 0..1")]
    assert reading.notes == []
    with reading_file(FileReading("f.csv", delimiter=";")) as reading:
        values, rejects = parse(parse_share, ["1.000", "0.500"])
    assert (values, rejects) == ([1.0, 0.5], [])  # "0.500" shows the decimal point
    assert reading.notes == []
    # a count read with the decimal mark the file shows and rejected: no note either
    with reading_file(FileReading("f.csv", delimiter=";")) as reading:
        parse(parse_rate, ["2.5%"])
        values, rejects = parse(parse_count, ["12.400"])
    assert pd.isna(values[0]) and rejects[0][1].startswith("count is not a whole number")
    assert reading.notes == []


def test_a_later_column_that_contradicts_an_assumed_mark_stops_the_import():
    with reading_file(FileReading("f.csv", delimiter=";")):
        parse(parse_count, ["12.400"])  # assumed: "." groups thousands
        with pytest.raises(InputError) as error:
            parse(parse_rate, ["0.025"])  # but this file writes "." decimals
    message = str(error.value)
    assert "'12.400' (f.csv, column 'c', row 1) were read with ','" in message
    assert "'0.025' (f.csv, column 'c', row 1) reads only with '.'" in message
    assert "number_format" in message


def test_a_file_that_writes_decimals_both_ways_cannot_read_two_way_numbers():
    with reading_file(FileReading("f.csv")):
        parse(parse_rate, ["0.025", "2,5"])  # each reads one way only: fine
        with pytest.raises(InputError, match="writes decimals both ways"):
            parse(parse_count, ["1.234"])
    # the user's number_format settles it
    with reading_file(FileReading("f.csv", number_format="1.234,5")):
        parse(parse_rate, ["0.025", "2,5"])
        assert parse(parse_count, ["1.234"]) == ([1234], [])


def test_number_format_is_checked(tmp_path):
    path = generic_file(tmp_path, ["2016-10-04"])
    with pytest.raises(InputError, match=r"number_format '1\.234' is not one of"):
        import_file(path, context=ImportContext(number_format="1.234"))


def test_numbers_are_decided_per_file_across_columns(tmp_path):
    # an X export from a German spreadsheet, ","-separated: the rate column shows the decimal
    # comma, so the counts written "1.234" and "3.000" are 1234 and 3000
    header = ["Tweet id", "Tweet text", "time", "engagement rate", "impressions", "retweets"]
    rows = [
        ["1", "Hi", "2016-01-29 10:00 +0000", "0,5%", "1.234", "3.000"],
        ["2", "Hi", "2016-01-30 10:00 +0000", "1,25%", "980", "12"],
    ]
    path = write_csv(tmp_path / "tweet_activity.csv", [header, *rows])
    result = import_file(path, context=ImportContext(now=NOW))
    posts = result.tables["posts"]
    assert posts["impressions"].tolist() == [1234, 980]
    assert posts["shares"].tolist() == [3000, 12]
    assert posts["engagement rate"].tolist() == pytest.approx([0.005, 0.0125])
    assert result.notes == []
    # the rate column last: the counts are read knowing what the whole file shows, so the
    # result is the same whatever the order of the columns (defect: this stopped the import)
    order = [0, 1, 2, 4, 5, 3]
    path = write_csv(
        tmp_path / "tweet_activity.csv", [[r[i] for i in order] for r in [header, *rows]]
    )
    result = import_file(path, context=ImportContext(now=NOW))
    posts = result.tables["posts"]
    assert posts["impressions"].tolist() == [1234, 980]
    assert posts["shares"].tolist() == [3000, 12]
    assert posts["engagement rate"].tolist() == pytest.approx([0.005, 0.0125])
    assert result.notes == []


# -- property tests ---------------------------------------------------------------------------

SEPARATORS = st.sampled_from(["/", "-", "."])


@st.composite
def written_dates(draw):
    """(datetime, cells written day-first, cells written month-first) for one column."""
    stamp = draw(
        st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2060, 12, 31))
    )
    stamp = stamp.replace(microsecond=0)
    sep = draw(SEPARATORS)
    short = draw(st.booleans())
    year = f"{stamp.year % 100:02d}" if short else str(stamp.year)
    clock = draw(st.sampled_from(["", "24h", "24h:s", "ampm", "ampm:s"]))
    if not clock:
        stamp = stamp.replace(hour=0, minute=0, second=0)
        time = ""
    elif clock.startswith("24h"):
        time = f" {stamp.hour}:{stamp.minute:02d}"
    else:
        hour = stamp.hour % 12 or 12
        time = f" {hour}:{stamp.minute:02d}"
    if clock.endswith(":s"):
        time += f":{stamp.second:02d}"
    else:
        stamp = stamp.replace(second=0)
    if clock.startswith("ampm"):
        time += draw(st.sampled_from([" ", ""])) + ("PM" if stamp.hour >= 12 else "AM")
    pad = draw(st.booleans())
    day = f"{stamp.day:02d}" if pad else str(stamp.day)
    month = f"{stamp.month:02d}" if pad else str(stamp.month)
    return (
        stamp,
        f"{day}{sep}{month}{sep}{year}{time}",
        f"{month}{sep}{day}{sep}{year}{time}",
    )


@settings(max_examples=80, deadline=None)
@given(written=written_dates(), tell=st.sampled_from(["answer", "value"]))
def test_dates_in_both_orders_round_trip(written, tell):
    stamp, day_first, month_first = written
    expected = pd.Timestamp(stamp, tz="UTC")
    for order, cell, settler in (
        ("day-first", day_first, "31/12/2001"),
        ("month-first", month_first, "12/31/2001"),
    ):
        if tell == "answer":
            values, rejects = parse(
                parse_timestamp, [cell], now=pd.Timestamp("2100-01-01"), date_order=order
            )
        else:  # a date of the same column that fits one order only decides
            values, rejects = parse(
                parse_timestamp, [cell, settler], now=pd.Timestamp("2100-01-01")
            )
        assert rejects == []
        assert values[0] == expected


GROUPING = {
    "1,234.5": [","],
    "1.234,5": ["."],
    "1 234,5": [" ", "\u00a0", "\u202f"],
    "1'234.5": ["'", "\u2019"],
}


def write_number(whole: int, fraction: str, number_format: str, group: str) -> str:
    digits = f"{whole:,}".replace(",", group)
    decimal = "." if number_format.endswith(".5") else ","
    return digits + (decimal + fraction if fraction else "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    whole=st.integers(min_value=0, max_value=10**12),
    fraction=st.text(alphabet="0123456789", max_size=4),
    number_format=st.sampled_from(list(GROUPING)),
    data=st.data(),
)
def test_locale_numbers_round_trip(whole, fraction, number_format, data):
    group = data.draw(st.sampled_from(GROUPING[number_format]))
    count = write_number(whole, "", number_format, group)
    decimal = write_number(whole, fraction, number_format, group)
    # told the format
    assert parse(parse_count, [count], number_format=number_format) == ([whole], [])
    values, rejects = parse(parse_rate, [decimal], number_format=number_format)
    assert rejects == []
    assert values[0] == float(Decimal(f"{whole}.{fraction}" if fraction else str(whole)))
    # or shown it by another column of the same file ("2,5" or "2.5" reads one way only)
    shown = "2.5" if number_format.endswith(".5") else "2,5"
    with reading_file(FileReading("f.csv")):
        parse(parse_rate, [shown])
        assert parse(parse_count, [count]) == ([whole], [])
