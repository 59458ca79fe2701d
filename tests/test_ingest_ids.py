"""Ids as spreadsheets write them, read by one parser in every importer.

A whole id written as a float (``1893001.0``: pandas or a spreadsheet saved the column as
numbers) is the id ``1893001``; an id in scientific notation (``1.05E+18``, ``1.81E+16``) lost
its digits and rejects its row with the reason the Meta importers give. A workbook's number
cell is exact up to 2**53 unless Excel's 15 significant digits rounded it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ronr.ingest import ImportContext, import_file
from ronr.ingest.base import DECIMAL_ID_REASON, ROUNDED_ID_REASON
from ronr.ingest.mapped import read_mapped
from ronr.ingest.readers import cell_text

NOW = pd.Timestamp("2026-01-31", tz="UTC")
CONTEXT = ImportContext(brand="Acme", now=NOW)


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rejects_of(result) -> list[list[object]]:
    return result.rejects[["row", "column", "value", "reason"]].to_numpy().tolist()


# -- generic tables -----------------------------------------------------------------------------


def test_generic_mention_ids_written_as_floats_match_their_responses(tmp_path):
    mentions = write_csv(
        tmp_path / "mentions.csv",
        [
            ["mention_id", "channel", "created_at", "kind", "brand", "in_reply_to"],
            ["1893001.0", "x", "2025-03-01T10:00:00Z", "mention", "Acme", ""],
            ["1893002.0", "x", "2025-03-01T11:00:00Z", "reply", "Acme", "1893001.0"],
        ],
    )
    responses = write_csv(
        tmp_path / "responses.csv",
        [
            ["response_id", "mention_id", "channel", "created_at"],
            ["2000001", "1893001", "x", "2025-03-01T10:30:00Z"],
            ["2000002.0", "1893002", "x", "2025-03-01T11:30:00Z"],
        ],
    )
    got = import_file(mentions, context=CONTEXT).tables["mentions"]
    answers = import_file(responses, context=CONTEXT).tables["responses"]
    assert got["mention_id"].tolist() == ["1893001", "1893002"]
    assert got["in_reply_to"].tolist()[1] == "1893001"
    assert answers["response_id"].tolist() == ["2000001", "2000002"]
    # both mentions have their response: a response rate of 2 / 2, not 0 / 2
    answered = got["mention_id"].isin(answers["mention_id"])
    assert answered.mean() == 1.0


def test_generic_posts_with_a_rounded_or_decimal_id_are_rejected(tmp_path):
    path = write_csv(
        tmp_path / "posts.csv",
        [
            ["brand", "channel", "post_id", "published_at", "likes"],
            ["Acme", "x", "1.05E+18", "2025-03-01T10:00:00Z", "1"],
            ["Acme", "x", "1.06E+18", "2025-03-02T10:00:00Z", "2"],
            ["Acme", "x", "102.5", "2025-03-03T10:00:00Z", "3"],
            ["Acme", "x", "1050118621198921729.0", "2025-03-04T10:00:00Z", "4"],
        ],
    )
    result = import_file(path, context=CONTEXT)
    assert result.format == "generic-posts"
    assert (result.rows_accepted, result.rows_rejected) == (1, 3)
    assert result.tables["posts"]["post_id"].tolist() == ["1050118621198921729"]
    assert rejects_of(result) == [
        [1, "post_id", "1.05E+18", ROUNDED_ID_REASON],
        [2, "post_id", "1.06E+18", ROUNDED_ID_REASON],
        [3, "post_id", "102.5", DECIMAL_ID_REASON],
    ]


def test_a_mapped_file_reads_its_ids_as_the_generic_tables_do(tmp_path):
    path = write_csv(
        tmp_path / "live.csv",
        [
            ["status_id", "when"],
            ["246675545.0", "2025-03-01T10:00:00Z"],
            ["2.46675545E+8", "2025-03-02T10:00:00Z"],
        ],
    )
    result = read_mapped(
        path,
        table="posts",
        columns={"status_id": "post_id", "when": "published_at"},
        channel="facebook",
        context=CONTEXT,
    )
    assert result.tables["posts"]["post_id"].tolist() == ["246675545"]
    assert rejects_of(result) == [[2, "status_id", "2.46675545E+8", ROUNDED_ID_REASON]]


# -- Sprout -------------------------------------------------------------------------------------

SPROUT_HEADER = ["Date", "Post ID", "Network", "Post Type", "Profile", "Impressions", "Likes"]


def sprout_row(post_id: str, day: int) -> list[str]:
    return [f"12/{day:02d}/2025 2:05 pm", post_id, "Instagram", "Post", "acme", "1,200", "30"]


def test_sprout_post_ids_written_as_floats_lose_their_point_zero(tmp_path):
    path = write_csv(
        tmp_path / "sprout.csv",
        [SPROUT_HEADER, sprout_row("18100000000000001.0", 1), sprout_row("18100000000000002", 2)],
    )
    result = import_file(path, context=CONTEXT)
    assert result.format == "sprout-posts"
    assert result.tables["posts"]["post_id"].tolist() == ["18100000000000001", "18100000000000002"]
    assert result.rows_rejected == 0


def test_a_sprout_file_resaved_by_excel_rejects_every_rounded_id(tmp_path):
    # Excel writes the six 17-digit ids as the same 1.81E+16: no row may pass as the first
    # of six "duplicates", each is rejected for its lost digits
    rows = [sprout_row("1.81E+16", day) for day in range(1, 7)]
    result = import_file(
        write_csv(tmp_path / "sprout.csv", [SPROUT_HEADER, *rows]), context=CONTEXT
    )
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (6, 0, 6)
    assert rejects_of(result) == [
        [row, "Post ID", "1.81E+16", ROUNDED_ID_REASON] for row in range(1, 7)
    ]


# -- conversation and X ---------------------------------------------------------------------------


def test_conversation_author_ids_written_as_floats_are_the_same_authors(tmp_path):
    path = write_csv(
        tmp_path / "twcs.csv",
        [
            [
                "tweet_id",
                "author_id",
                "inbound",
                "created_at",
                "text",
                "response_tweet_id",
                "in_response_to_tweet_id",
            ],
            ["1.0", "115712.0", "True", "Tue Oct 31 22:10:47 +0000 2017", "@acme help", "2.0", ""],
            ["2", "acme", "False", "Tue Oct 31 22:20:47 +0000 2017", "@115712 hi", "", "1.0"],
            ["3", "115712", "True", "Tue Oct 31 22:30:47 +0000 2017", "@acme thanks", "", "2.0"],
        ],
    )
    result = import_file(path, context=ImportContext(brand="Acme", handles=("acme",), now=NOW))
    mentions = result.tables["mentions"]
    assert mentions["mention_id"].tolist() == ["1", "3"]
    assert mentions["author"].tolist() == ["@115712", "@115712"]  # one author, not two
    assert mentions["response_tweet_id"].tolist()[0] == "2"
    assert result.tables["responses"]["mention_id"].tolist() == ["1"]


def test_x_tweet_ids_written_as_floats_are_read_without_a_permalink(tmp_path):
    path = write_csv(
        tmp_path / "tweet_activity.csv",
        [
            ["Tweet id", "Tweet text", "time", "impressions"],
            ["1050118621198921729.0", "Hi", "2018-10-10 10:00 +0000", "100"],
            ["1.05012E+18", "Rounded", "2018-10-11 10:00 +0000", "100"],
        ],
    )
    result = import_file(path, context=CONTEXT)
    assert result.tables["posts"]["post_id"].tolist() == ["1050118621198921729"]
    assert [row for row, *_ in rejects_of(result)] == [2]


# -- workbooks ----------------------------------------------------------------------------------


def test_whole_numbers_of_a_workbook_are_exact_unless_rounded():
    # up to 2**53 a float holds every whole number: 16 significant digits are exact
    assert cell_text(1800000000000001.0) == "1800000000000001"
    assert cell_text(1800000000000001) == "1800000000000001"
    assert cell_text(9007199254740991.0) == "9007199254740991"
    # Excel keeps 15 significant digits: 1234567890123456 typed there is 1234567890123450
    assert cell_text(1234567890123450.0) == "1.23456789012345E+15"
    # beyond 2**53 a float may have lost digits
    assert cell_text(18100000000000000.0) == "1.81E+16"
    assert cell_text(700000000000000001.0) == "7E+17"
    assert cell_text(123456789012345.0) == "123456789012345"  # 15 digits: exact


@pytest.mark.parametrize("mapped", [False, True])
def test_a_workbooks_exact_16_digit_id_is_accepted(tmp_path, mapped):
    header = ["brand", "channel", "post_id", "published_at", "likes"]
    path = write_xlsx(
        tmp_path / "posts.xlsx",
        [
            header,
            ["Acme", "instagram", 1800000000000001.0, "2025-03-01T10:00:00Z", 1938.0],
            ["Acme", "instagram", 1234567890123450.0, "2025-03-02T10:00:00Z", 12],
            ["Acme", "instagram", 18100000000000000.0, "2025-03-03T10:00:00Z", 13],
            ["Acme", "instagram", 42.0, "2025-03-04T10:00:00Z", 14],
        ],
    )
    if mapped:  # through a column map, which reads the workbook's cells the same way
        result = read_mapped(path, table="posts", columns={"likes": "likes"}, context=CONTEXT)
    else:
        result = import_file(path, context=CONTEXT)
    posts = result.tables["posts"]
    assert posts["post_id"].tolist() == ["1800000000000001", "42"]
    assert posts["likes"].tolist() == [1938, 14]
    assert rejects_of(result) == [
        [2, "post_id", "1.23456789012345E+15", ROUNDED_ID_REASON],
        [3, "post_id", "1.81E+16", ROUNDED_ID_REASON],
    ]


# -- long ids typed as text ---------------------------------------------------------------------
# Digits written as text are the id itself, however many and however many trailing zeros: only
# scientific notation, or a workbook's float beyond 2**53, shows that digits were lost.

LONG_ID = "1234567890123456000"  # 19 digits ending in zeros, beyond 2**53 and Int64's 15 digits


def test_a_long_id_typed_as_text_in_a_csv_is_kept_exactly(tmp_path):
    generic = write_csv(
        tmp_path / "posts.csv",
        [
            ["brand", "channel", "post_id", "published_at", "likes"],
            ["Acme", "x", LONG_ID, "2025-03-01T10:00:00Z", "1"],
            ["Acme", "x", "1.23456789012346E+18", "2025-03-02T10:00:00Z", "2"],
        ],
    )
    result = import_file(generic, context=CONTEXT)
    assert result.tables["posts"]["post_id"].tolist() == [LONG_ID]
    assert rejects_of(result) == [[2, "post_id", "1.23456789012346E+18", ROUNDED_ID_REASON]]
    sprout = write_csv(tmp_path / "sprout.csv", [SPROUT_HEADER, sprout_row(LONG_ID, 1)])
    result = import_file(sprout, context=CONTEXT)
    assert (result.format, result.rows_rejected) == ("sprout-posts", 0)
    assert result.tables["posts"]["post_id"].tolist() == [LONG_ID]
    tweets = write_csv(
        tmp_path / "tweet_activity.csv",
        [
            ["Tweet id", "Tweet text", "time", "impressions"],
            [LONG_ID, "Hi", "2018-10-10 10:00 +0000", "100"],
        ],
    )
    assert import_file(tweets, context=CONTEXT).tables["posts"]["post_id"].tolist() == [LONG_ID]


def test_a_long_id_in_a_workbook_is_exact_as_text_and_rounded_as_a_float(tmp_path):
    path = write_xlsx(
        tmp_path / "posts.xlsx",
        [
            ["brand", "channel", "post_id", "published_at", "likes"],
            ["Acme", "x", LONG_ID, "2025-03-01T10:00:00Z", 1],  # a text cell
            ["Acme", "x", float(LONG_ID), "2025-03-02T10:00:00Z", 2],  # a number cell
        ],
    )
    result = import_file(path, context=CONTEXT)
    assert result.tables["posts"]["post_id"].tolist() == [LONG_ID]
    # 1234567890123456000.0 is beyond 2**53: Excel's 15 significant digits are all it shows
    assert rejects_of(result) == [[2, "post_id", "1.23456789012346E+18", ROUNDED_ID_REASON]]
