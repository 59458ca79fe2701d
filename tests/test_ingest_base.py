"""The helpers every importer shares (ronr.ingest.base and ronr.ingest.readers)."""

import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.ingest.base import (
    ISO8601,
    TWITTER_TIME,
    ColumnProblems,
    Columns,
    keep_extras,
    now_utc,
    parse_count,
    parse_id,
    parse_rate,
    parse_timestamp,
    require_columns,
    row_numbers,
)
from ronr.ingest.readers import read_csv_text, sample_file

NOW = pd.Timestamp("2025-06-01", tz="UTC")


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def parse(parser, cells, **options):
    raw = pd.Series(cells, dtype="str")
    problems = ColumnProblems("f.csv", row_numbers(len(raw)))
    values = parser(raw, "c", problems, **options)
    rejects = problems.frame().sort_values("row", kind="stable")
    return values.tolist(), list(zip(rejects["row"], rejects["reason"], strict=True))


def test_times_in_several_formats_with_and_without_offsets():
    cells = [
        "Tue Oct 31 22:10:47 +0000 2017",
        "2017-10-31 22:10:47",  # no offset: Paris time (CET, UTC+1)
        "2017-10-31T22:10:47-05:00",
        "2017-10-31",  # a bare date: midnight in Paris, not an offset of -31
        "2024-03-31 02:30",  # skipped by the clocks: moved forward to 03:00 CEST
        "2024-10-27 02:30",  # happens twice: the first (CEST, UTC+2)
    ]
    values, rejects = parse(
        parse_timestamp, cells, formats=(TWITTER_TIME, ISO8601), timezone="Europe/Paris", now=NOW
    )
    assert values == [
        ts("2017-10-31 22:10:47"),
        ts("2017-10-31 21:10:47"),
        ts("2017-11-01 03:10:47"),
        ts("2017-10-30 23:00"),
        ts("2024-03-31 01:00"),
        ts("2024-10-27 00:30"),
    ]
    assert rejects == []


def test_times_out_of_range_future_missing_and_unparseable_are_rejected_not_raised():
    cells = ["0001-01-01", "1677-12-31T23:59:59Z", "1678-01-01", "2262-03-01", "", "soon"]
    values, rejects = parse(parse_timestamp, cells, now=pd.Timestamp("2262-03-01"))
    assert values[2] == ts("1678-01-01")
    assert pd.isna(values[0]) and pd.isna(values[1]) and pd.isna(values[3])
    assert rejects == [
        (1, "date out of range (before 1678)"),
        (2, "date out of range (before 1678)"),
        (4, "date out of range (after 2261)"),
        (5, "missing date"),
        (6, "unparseable date (expected ISO 8601)"),
    ]
    values, rejects = parse(parse_timestamp, ["9999-12-31", "2025-06-01 23:00"], now=NOW)
    assert rejects == [(1, "date in the future")]  # a far future is "in the future"
    assert values[1] == ts("2025-06-01 23:00")  # within a day of now


def test_now_may_be_naive_and_is_then_utc():
    assert now_utc(pd.Timestamp("2025-06-01 10:00")) == ts("2025-06-01 10:00")
    assert now_utc(pd.Timestamp("2025-06-01 12:00", tz="Europe/Paris")) == ts("2025-06-01 10:00")
    _, rejects = parse(parse_timestamp, ["2025-06-03"], now=pd.Timestamp("2025-06-01"))
    assert rejects == [(1, "date in the future")]


def test_counts_plain_and_written_alike():
    cells = ["12", "007", "12,400", "-3", "0x10", "9" * 16, "1.5", "-", "", "1e3"]
    values, rejects = parse(parse_count, cells, required=True)
    assert values[:3] == [12, 7, 12400] and values[9] == 1000
    assert rejects == [
        (4, "negative count"),
        (5, "not a number"),
        (6, "count too large"),
        (7, "count is not a whole number"),
        (8, "missing value"),
        (9, "missing value"),
    ]
    clean, _ = parse(parse_count, ["1", "22", "333"])
    assert clean == [1, 22, 333]


def test_rates_and_ids():
    values, rejects = parse(parse_rate, ["2.5%", "0.025", "2,5%", "-1%", "inf", "-"])
    assert values[:3] == pytest.approx([0.025, 0.025, 0.025])
    assert rejects == [(4, "negative rate"), (5, "not a number")]
    values, rejects = parse(parse_id, [" 119236.0 ", "1.05E+18", "123_45", ""])
    assert values[0] == "119236" and values[2] == "123_45"
    assert [row for row, _ in rejects] == [2, 4]


def test_columns_in_any_case_and_one_error_naming_every_missing_column():
    raw = pd.DataFrame({"Post  ID": ["1"], "TYPE": ["photo"], "note": ["x"]})
    columns = Columns(raw)
    assert "post id" in columns and columns.name("Type") == "TYPE"
    columns.get("Post ID")
    assert list(columns.others()) == ["TYPE", "note"]
    with pytest.raises(InputError) as error:
        require_columns(
            columns.lookup, ("Post ID", "Date", "Network"), file="f.csv", what="X", expected="ab"
        )
    assert str(error.value) == (
        "f.csv: missing required column 'Date', 'Network' for X (expected columns: a, b)"
    )


def test_extra_columns_named_like_canonical_ones_get_a_suffix():
    frame = pd.DataFrame({"channel": ["x"]})
    extras = {"channel": pd.Series(["sms"]), "channel_file": pd.Series(["a"]), "Likes": 3}
    keep_extras(frame, extras, table="posts")
    assert list(frame.columns) == ["channel", "channel_file", "channel_file_file", "Likes"]


def test_a_trailing_delimiter_never_shifts_columns(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("a,b,c\n1,2,3,\n4,5,6,\n")
    assert read_csv_text(path).to_dict("list") == {
        "a": ["1", "4"],
        "b": ["2", "5"],
        "c": ["3", "6"],
    }
    path.write_text("a,b\n1,2,x,y\n3,4\n")
    frame = read_csv_text(path)
    assert list(frame.columns) == ["a", "b", "(unnamed column 1)", "(unnamed column 2)"]
    assert frame["a"].tolist() == ["1", "3"]


def test_old_mac_line_endings(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b'a,"b\rc",d\r1,2,3\r4,5,6\r')
    assert sample_file(path).header[0] == "a"  # a quoted cell cut by the line split: no error
    path.write_bytes(b"a;b\r1;2\r")
    assert sample_file(path).header == ("a", "b")
    assert read_csv_text(path).to_dict("list") == {"a": ["1"], "b": ["2"]}


def test_generic_times_without_offset_are_in_the_client_zone_days_at_utc_midnight(tmp_path):
    mentions = tmp_path / "mentions.csv"
    mentions.write_text(
        "mention_id,channel,created_at,brand,kind,Sentiment,sentiment\n"
        "m1,x,2025-01-02 10:00,Acme,mention,good,0.9\n"
        "m2,x,2025-01-02T10:00:00Z,Acme,mention,,\n"
    )
    followers = tmp_path / "followers.csv"
    followers.write_text("channel,date,followers\nx,2025-01-02,5\n")
    context = ImportContext(brand="Acme", timezone="Europe/Paris", now=NOW)
    table = import_file(mentions, context=context).tables["mentions"]
    assert table["created_at"].tolist() == [ts("2025-01-02 09:00"), ts("2025-01-02 10:00")]
    # names are lower-cased: "Sentiment" is a canonical name, kept as an extra; the repeat too
    assert table["sentiment_file"].tolist() == ["good", ""]
    assert table["sentiment.1"].tolist() == ["0.9", ""]
    days = import_file(followers, context=context).tables["followers"]
    assert days["date"].tolist() == [ts("2025-01-02")]


def test_store_derived_columns_are_left_to_the_store(tmp_path):
    path = tmp_path / "sprout.csv"
    path.write_text(
        "Date,Post ID,Network,Profile,Impressions\n12/31/2025 2:05 pm,1,Facebook,Acme,10\n"
    )
    posts = import_file(path, context=ImportContext(now=NOW + pd.Timedelta(days=365))).tables
    assert "published_month" not in posts["posts"].columns  # the store derives it per file
