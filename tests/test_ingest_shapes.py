"""Exports in the shapes users really keep them: workbooks, title lines, pandas re-saves.

A CSV format may arrive as an .xlsx or .xls workbook (any sheet, numbers and dates as cells),
with report titles and notes above its header, or re-saved by pandas (an index column, ids
written ``102.0``, a lone carriage return inside a text). Each case of ``../shared/cases`` is
copied into ``tmp_path`` and imported through ``ronr.ingest.import_file``; small synthetic
workbooks and CSVs are written into ``tmp_path`` too.
"""

from __future__ import annotations

import datetime
import shutil

import openpyxl
import pandas as pd
import pytest
import xlwt

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.ingest.base import (
    DECIMAL_ID_REASON,
    ROUNDED_ID_REASON,
    ColumnProblems,
    parse_id,
    row_numbers,
)
from ronr.ingest.readers import (
    cell_text,
    read_cells,
    read_csv_text,
    read_export,
    read_notes,
    sample_file,
)
from tests.cases import case_path

NOW = pd.Timestamp("2025-06-01", tz="UTC")
CONTEXT = ImportContext(brand="Acme", now=NOW)
MENTIONS = "mention_id,channel,created_at,brand,kind\n"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def copy_case(name: str, file: str, tmp_path):
    """A copy of one file of case ``name`` in ``tmp_path`` (the cases are read-only)."""
    target = tmp_path / file
    shutil.copyfile(case_path(name) / file, target)
    return target


def load(path, **options):
    result = import_file(path, context=CONTEXT, **options)
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    return result


def write_xlsx(path, sheets: dict[str, list[list]]):
    """``sheets`` (name -> rows of cells; None is an empty cell) as an .xlsx workbook."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# -- the cases ----------------------------------------------------------------------------------


def test_x_export_saved_as_xlsx_reads_like_the_csv(tmp_path):
    path = copy_case("x-export-xlsx", "tweet_activity_metrics_demoacct.xlsx", tmp_path)
    assert sample_file(path).header[:2] == ("tweet id", "tweet permalink")
    result = load(path)
    assert result.format == "x-tweet-activity"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 2, 0)
    posts = result.tables["posts"]
    assert posts["post_id"].tolist() == ["700000000000000001", "700000000000000002"]
    assert posts["published_at"].tolist() == [utc("2016-01-29 09:00"), utc("2016-01-30 14:05")]
    assert posts["impressions"].tolist() == [424, 411]
    assert posts["likes"].tolist() == [2, 1]
    assert posts["shares"].tolist() == [1, 3]
    assert posts["clicks"].tolist() == [1, 5]  # url + profile + hashtag + expands + permalink
    assert posts["engagement rate"].tolist() == [0.007, 0.019]
    assert posts["text"].tolist() == ["Spring menu is live!", "Open late on Fridays"]


def test_title_lines_above_a_mentions_header_are_skipped_and_reported(tmp_path):
    path = copy_case("title-rows-above-header", "mentions_with_title_rows.csv", tmp_path)
    assert sample_file(path).header[:3] == ("mention_id", "channel", "created_at")
    result = load(path)
    assert result.format == "generic-mentions"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 2, 0)
    mentions = result.tables["mentions"]
    assert mentions["mention_id"].tolist() == ["1893001", "1893002"]
    assert mentions["created_at"].tolist() == [utc("2025-03-04 11:02"), utc("2025-03-05 09:30")]
    assert mentions["author_followers"].tolist() == [310, 1200]
    assert mentions["source_row"].tolist() == [1, 2]  # data rows, as in a file without titles
    raw = read_cells(path)
    assert read_notes(raw) == [
        "skipped 2 lines above the header (line 4): 'Report: Acme mentions', "
        "'Date range: 2025-03-01 - 2025-03-31'"
    ]
    assert raw.attrs["header_line"] == 4


def test_notes_above_a_tweet_activity_header_are_skipped_and_reported(tmp_path):
    path = copy_case("title-rows-above-header", "tweets_with_notes.csv", tmp_path)
    result = load(path)
    assert result.format == "x-tweet-activity"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (1, 1, 0)
    posts = result.tables["posts"]
    assert posts["post_id"].tolist() == ["700000000000000001"]
    assert posts["published_at"].tolist() == [utc("2025-03-04 10:00")]
    assert (posts["impressions"][0], posts["likes"][0], posts["shares"][0]) == (100, 4, 1)
    assert read_notes(read_cells(path)) == [
        "skipped 2 lines above the header (line 4): 'Notes:', "
        "'When exporting your data, some fields may be empty.'"
    ]


def test_conversation_resaved_by_pandas_one_row_per_tweet(tmp_path):
    path = copy_case("conversation-lone-cr", "twcs_sample_pandas_resaved.csv", tmp_path)
    result = load(path)
    assert result.format == "conversation"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 4, 0)
    mentions, responses = result.tables["mentions"], result.tables["responses"]
    assert mentions["mention_id"].tolist() == ["102", "104"]
    assert mentions["text"].tolist()[0] == (
        "@AcmeHelp \rI just love the start of this email https://t.co/demo"
    )
    assert responses["response_id"].tolist() == ["101", "103"]
    assert responses["mention_id"].tolist() == ["102", "104"]  # ids written 102.0
    for table in (mentions, responses):
        assert not any(str(c).startswith("Unnamed") for c in table.columns)
    assert read_notes(read_cells(path)) == [
        "dropped the unnamed first column: row numbers 0..3, as pandas writes them with a table"
    ]


# -- workbooks ----------------------------------------------------------------------------------

TWEET_HEADER = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "likes"]


def test_workbook_cells_read_as_a_csv_would_write_them():
    assert cell_text(1938.0) == "1938"
    assert cell_text(1938) == "1938"
    assert cell_text(0.007) == "0.007"
    assert cell_text(0.1 + 0.2) == "0.3"  # Excel's 15 significant digits
    # a whole number of more than 15 digits was rounded by Excel: written so it is rejected
    assert cell_text(700000000000000001.0) == "7E+17"
    assert cell_text(datetime.datetime(2016, 1, 29, 9, 5)) == "2016-01-29 09:05:00"
    assert cell_text(datetime.time(9, 5)) == "09:05:00"
    assert cell_text(True) == "True"
    assert [cell_text(v) for v in (None, float("nan"), pd.NaT)] == ["", "", ""]
    assert cell_text(" text ") == " text "


def test_a_workbook_with_a_notes_sheet_reads_the_sheet_with_the_table(tmp_path):
    rows = [
        ["Tweet activity report"],
        [],
        TWEET_HEADER,
        ["701", "https://x.com/a/status/701", "Hi", datetime.datetime(2016, 1, 29, 9), 1938.0, 2],
        [702000000000000001, "", "Rounded id", datetime.datetime(2016, 1, 30, 14, 5), 411, 1],
    ]
    path = write_xlsx(
        tmp_path / "tweets.xlsx",
        {"Notes": [["Exported by Acme"], ["Counts below"]], "Tweets": rows},
    )
    assert sample_file(path).header == tuple(c.lower() for c in TWEET_HEADER)
    result = load(path)
    assert result.format == "x-tweet-activity"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 1, 1)
    posts = result.tables["posts"]
    assert posts["post_id"].tolist() == ["701"]
    assert posts["published_at"].tolist() == [utc("2016-01-29 09:00")]
    assert posts["impressions"].tolist() == [1938]
    # an id Excel rounded (no permalink to take it from) is rejected, never taken as 702000...
    assert result.rejects[["row", "column", "value"]].values.tolist() == [
        [2, "Tweet id", "7.02E+17"]
    ]
    raw = read_cells(path)
    assert read_notes(raw) == [
        "read sheet 'Tweets' (sheets: 'Notes', 'Tweets')",
        "skipped 1 row above the header (row 3): 'Tweet activity report'",
    ]
    assert (raw.attrs["sheet"], raw.attrs["header_line"]) == ("Tweets", 3)


def test_a_named_sheet_is_read_and_an_unknown_one_is_one_clear_error(tmp_path):
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {
            "March": [
                MENTIONS.strip().split(","),
                ["m1", "x", "2025-03-02T10:00:00Z", "Acme", "mention"],
            ],
            "April": [
                MENTIONS.strip().split(","),
                ["m2", "x", datetime.datetime(2025, 4, 2, 10), "Acme", "mention"],
                ["m3", "x", datetime.datetime(2025, 4, 3, 11), "Acme", "mention"],
            ],
        },
    )
    assert read_cells(path)["mention_id"].tolist() == ["m1"]  # the first sheet that fits
    april = read_cells(path, sheet="april")  # the user's spelling, in any case
    assert april.attrs["sheet"] == "April"
    assert april["created_at"].tolist() == ["2025-04-02 10:00:00", "2025-04-03 11:00:00"]
    assert read_csv_text(path, sheet="April")["mention_id"].tolist() == ["m2", "m3"]
    with pytest.raises(InputError) as error:
        read_cells(path, sheet="May")
    assert str(error.value) == "two.xlsx: no sheet named 'May' (sheets: 'March', 'April')"


def test_the_first_sheet_with_the_required_columns_is_read(tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Summary": [["Posts", "Likes"], [3, 40]],
            "Tweets": [TWEET_HEADER, ["701", "", "", "", 5, 1]],
        },
    )
    raw, _, _ = read_export(path, required=("Tweet id", "time"), what="X", expected=("a",))
    assert raw.attrs["sheet"] == "Tweets"
    assert raw["Tweet id"].tolist() == ["701"]
    with pytest.raises(InputError) as error:
        read_export(path, required=("Post ID",), what="a Facebook export", expected=("Post ID",))
    assert str(error.value).startswith(
        "book.xlsx (sheet 'Summary'): missing required column 'Post ID' for a Facebook export"
    )


def test_an_xls_workbook_with_a_title_row_and_a_workbook_named_csv(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Mentions")
    rows = [
        ["Acme mentions, March"],
        MENTIONS.strip().split(","),
        ["m1", "x", "2025-03-02T10:00:00Z", "Acme", "mention"],
    ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            sheet.write(r, c, cell)
    path = tmp_path / "mentions.xls"
    book.save(str(path))
    for name in ("mentions.xls", "mentions.csv"):  # by name, or by content under a .csv name
        target = tmp_path / "copy" / name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, target)
        result = load(target)
        assert (result.format, result.rows_accepted) == ("generic-mentions", 1)
        assert result.tables["mentions"]["created_at"].tolist() == [utc("2025-03-02 10:00")]


def test_a_sheet_written_by_pandas_loses_its_index_and_keeps_its_ids(tmp_path):
    frame = pd.DataFrame(
        {
            "tweet_id": [101, 102],
            "author_id": ["AcmeHelp", "900001"],
            "inbound": [False, True],
            "created_at": ["Tue Oct 31 22:41:28 +0000 2017", "Tue Oct 31 18:13:06 +0000 2017"],
            "text": ["@900001 Sorry, please DM us", "@AcmeHelp my order\nnever came"],
            "response_tweet_id": [None, 101.0],
            "in_response_to_tweet_id": [102.0, None],
        }
    )
    path = tmp_path / "twcs.xlsx"
    frame.to_excel(path)  # with its index, as pandas does by default
    raw = read_cells(path)
    assert list(raw.columns) == list(frame.columns)
    assert raw["in_response_to_tweet_id"].tolist() == ["102", ""]
    result = load(path)
    assert (result.format, result.rows_accepted) == ("conversation", 2)
    assert result.tables["mentions"]["text"].tolist() == ["@AcmeHelp my order\nnever came"]
    assert result.tables["responses"]["mention_id"].tolist() == ["102"]


# -- title lines --------------------------------------------------------------------------------

FACEBOOK = (
    "Post ID,Permalink,Post Message,Type,Posted,Lifetime Post Total Reach,"
    "Lifetime Post Total Impressions\n"
    ",The link,The text,The type,The time,Lifetime: people who saw it (Unique Users),"
    "Lifetime: times it was seen (Total Count)\n"
    "123_456,https://fb.com/1,Hello,Photo,10/14/2016 09:00:00,100,150\n"
)


def test_a_title_line_above_a_facebook_export(tmp_path):
    path = tmp_path / "facebook.csv"
    path.write_text("Acme - post level export - October 2016\n\n" + FACEBOOK)
    assert sample_file(path).header[0] == "post id"
    result = load(path)
    assert result.format == "facebook-posts"
    assert (result.rows_read, result.rows_accepted) == (1, 1)
    posts = result.tables["posts"]
    assert posts["post_id"].tolist() == ["123_456"]
    assert posts["published_at"].tolist() == [utc("2016-10-14 09:00")]
    assert (posts["reach"][0], posts["impressions"][0]) == (100, 150)


def test_spreadsheet_title_rows_with_empty_cells_above_a_semicolon_header(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(
        "Acme mentions;;;;\nDate range;2025-03-01;;;\n;;;;\n"
        + MENTIONS.replace(",", ";")
        + "m1;x;2025-03-02T10:00:00Z;Acme;mention\nm2;x;2025-03-03T10:00:00Z;Acme;mention\n"
    )
    result = load(path)
    assert (result.format, result.rows_accepted) == ("generic-mentions", 2)
    assert read_notes(read_cells(path)) == [
        "skipped 2 lines above the header (line 4): 'Acme mentions', 'Date range 2025-03-01'"
    ]


def test_title_lines_above_data_without_a_header_is_one_clear_error(tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text(
        "Report\nMarch 2025\n\n1,x,2025-03-01,Acme,mention\n2,x,2025-03-02,Acme,mention\n"
    )
    message = (
        "nohead.csv: no header row found: line 4, where the table starts, holds data "
        "('1', '2025-03-01') rather than column names, and the lines above it look like titles "
        "('Report', 'March 2025'); expected a line of column names above the data"
    )
    for read in (read_cells, sample_file, import_file):
        with pytest.raises(InputError) as error:
            read(path)
        assert str(error.value) == message


def test_the_header_line_is_named_when_a_required_column_is_missing(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("Report\npost_id,brand\np1,Acme\n")
    with pytest.raises(InputError) as error:
        read_export(path, required=("Tweet id",), what="X", expected=("Tweet id",))
    assert str(error.value).startswith(
        "posts.csv (header on line 2): missing required column 'Tweet id'"
    )


def test_files_without_titles_read_as_before(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("a,b\n1,2,x\n3,4,5\n")  # a header shorter than its rows: no title line
    frame = read_cells(path)
    assert frame.to_dict("list") == {
        "a": ["1", "3"],
        "b": ["2", "4"],
        "(unnamed column 1)": ["x", "5"],
    }
    assert read_notes(frame) == []
    path.write_text("title\nfoo\nbar\n")  # one column
    assert read_cells(path).to_dict("list") == {"title": ["foo", "bar"]}


# -- pandas re-saves ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "dropped"),
    [(("0", "1"), True), (("1", "2"), True), (("1", "3"), False), (("x", "y"), False)],
)
def test_only_an_unnamed_column_numbering_the_rows_is_dropped(tmp_path, first, dropped):
    path = tmp_path / "f.csv"
    path.write_text(f",a,b\n{first[0]},p,1\n{first[1]},q,2\n")
    frame = read_cells(path)
    expected = ["a", "b"] if dropped else ["Unnamed: 0", "a", "b"]
    assert list(frame.columns) == expected
    assert frame["a"].tolist() == ["p", "q"]
    path.write_text(f"id,a,b\n{first[0]},p,1\n{first[1]},q,2\n")  # a named column is data
    assert list(read_cells(path).columns) == ["id", "a", "b"]


def test_a_lone_carriage_return_stays_in_its_cell(tmp_path):
    path = tmp_path / "mentions.csv"
    row = "m{0},x,2025-03-0{0}T10:00:00Z,Acme,mention,{1}\r\n"
    path.write_bytes(
        (
            MENTIONS.replace("\n", ",text\r\n") + row.format(1, "one\rtwo") + row.format(2, "three")
        ).encode()
    )
    result = load(path)
    assert result.rows_accepted == 2
    assert result.tables["mentions"]["text"].tolist() == ["one\rtwo", "three"]
    path.write_bytes(b"a;b\r1;2\r3;4\r")  # old Mac line endings: a lone \r ends the line
    assert read_cells(path).to_dict("list") == {"a": ["1", "3"], "b": ["2", "4"]}


def test_ids_written_as_floats_are_whole_and_decimals_are_rejected():
    raw = pd.Series(["102.0", " 103 ", "102.5", "1.02E+17", "123_45", ""])
    problems = ColumnProblems("f.csv", row_numbers(len(raw)))
    ids = parse_id(raw, "tweet_id", problems)
    assert ids.tolist()[:2] == ["102", "103"]
    assert ids.tolist()[4] == "123_45"
    assert problems.frame()[["row", "reason"]].values.tolist() == [
        [6, "missing value"],
        [4, ROUNDED_ID_REASON],
        [3, DECIMAL_ID_REASON],
    ]


def test_the_sheet_named_in_the_context_is_read_by_any_importer(tmp_path):
    # the user's `sheet:` (client.yaml) reaches the generic importer through import_file
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {
            "March": [
                MENTIONS.strip().split(","),
                ["m1", "x", "2025-03-02T10:00:00Z", "Acme", "mention"],
            ],
            "April": [
                MENTIONS.strip().split(","),
                ["m2", "x", "2025-04-02T10:00:00Z", "Acme", "mention"],
            ],
        },
    )
    first = import_file(path, context=ImportContext(brand="Acme"))
    assert first.tables["mentions"]["mention_id"].tolist() == ["m1"]
    named = import_file(path, context=ImportContext(brand="Acme", sheet="April"))
    assert named.tables["mentions"]["mention_id"].tolist() == ["m2"]
