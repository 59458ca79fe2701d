"""Numbers in every locale, decided per file from the evidence of all its columns.

A count is a whole number: ``12.400`` in a count column is 12400 unless the file writes ``.``
as its decimal mark elsewhere (``2.5`` in a rate column, a count ``12.5``). A rate such as
``2,8 %`` shows the decimal mark, wherever its column is; the import stops and asks for
``number_format`` only when the file contradicts itself.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file

NOW = pd.Timestamp("2026-01-31", tz="UTC")
CONTEXT = ImportContext(brand="Acme", now=NOW)
ASK = "in client.yaml (this export's entry or the client)"


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def columns(rows: list[list[str]], order: list[int]) -> list[list[str]]:
    return [[row[i] for i in order] for row in rows]


# -- a German Sprout file, ","-separated ---------------------------------------------------------

GERMAN = [
    [
        "Datum",
        "Beitrags-ID",
        "Netzwerk",
        "Profil",
        "Impressionen",
        "Reichweite",
        "Kommentare",
        "Interaktionsrate (pro Impression)",
    ],
    ["31.12.2025 14:05", "p1", "Instagram", "acme", "5.767", "1.144", "12", "2,8 %"],
    ["30.12.2025 09:00", "p2", "Instagram", "acme", "980", "12.400", "3", "1,25 %"],
]


@pytest.mark.parametrize("rate_first", [False, True])
def test_a_german_sprout_file_is_read_with_the_decimal_comma_its_rates_show(tmp_path, rate_first):
    # the rate column shows "," as the decimal mark, before or after the counts: "5.767" is
    # 5767 (the defect stopped the import when the counts came first)
    order = [0, 1, 2, 3, 7, 4, 5, 6] if rate_first else list(range(8))
    path = write_csv(tmp_path / "sprout.csv", columns(GERMAN, order))
    result = import_file(path, context=CONTEXT)
    posts = result.tables["posts"]
    assert result.format == "sprout-posts"
    assert (result.rows_read, result.rows_accepted) == (2, 2)
    assert posts["impressions"].tolist() == [5767, 980]
    assert posts["reach"].tolist() == [1144, 12400]
    assert posts["comments"].tolist() == [12, 3]
    assert posts["engagement_rate"].tolist() == pytest.approx([0.028, 0.0125])
    assert result.notes == []  # the file shows its decimal mark: nothing was assumed


def test_a_spanish_sprout_file_without_rates_reads_its_counts_whole(tmp_path):
    rows = [
        ["Fecha", "ID de publicación", "Red", "Perfil", "Impresiones", "Alcance"],
        ["12/30/2025 9:00 am", "p1", "Instagram", "acme", "1.144", "980"],
        ["12/31/2025 2:05 pm", "p2", "Instagram", "acme", "12.400", "9.800"],
    ]
    result = import_file(write_csv(tmp_path / "sprout.csv", rows), context=CONTEXT)
    posts = result.tables["posts"]
    assert result.rows_rejected == 0
    assert posts["impressions"].tolist() == [1144, 12400]
    assert posts["reach"].tolist() == [980, 9800]
    [note] = result.notes
    assert "'1.144' (column 'Impresiones') were read with '.' grouping thousands" in note
    assert f"number_format: '1,234.5' {ASK}" in note


# -- generic posts in each delimiter ---------------------------------------------------------------

POSTS = [
    ["brand", "channel", "post_id", "published_at", "impressions", "reach", "likes"],
    ["Acme", "instagram", "p1", "2025-03-04T10:15:00Z", "12.400", "9.800", "1.000"],
    ["Acme", "instagram", "p2", "2025-03-06T10:15:00Z", "1.234", "980", "52"],
    ["Acme", "instagram", "p3", "2025-03-08T10:15:00Z", "3.000", "2.000", "120"],
]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_counts_with_a_point_and_three_digits_group_thousands_in_any_delimiter(tmp_path, delimiter):
    result = import_file(write_csv(tmp_path / "posts.csv", POSTS, delimiter=delimiter))
    posts = result.tables["posts"]
    assert (result.rows_accepted, result.rows_rejected) == (3, 0)
    assert posts["impressions"].tolist() == [12400, 1234, 3000]
    assert posts["reach"].tolist() == [9800, 980, 2000]
    assert posts["likes"].tolist() == [1000, 52, 120]
    # the note says how they were read, and never that they were read as decimals
    [note] = result.notes
    assert "'12.400' (column 'impressions') were read with '.' grouping thousands" in note
    assert "as the decimal mark and" not in note


@pytest.mark.parametrize("evidence_first", [False, True])
def test_a_point_the_file_shows_as_its_decimal_mark_makes_such_counts_fractions(
    tmp_path, evidence_first
):
    # a count "12.5" shows "." is the decimal mark, before or after "12.400": that is 12.4,
    # no count, and "3.000" in the same column no longer passes for 3000 or 3
    rows = [row[:5] for row in POSTS]
    header = [*rows[0], "comments"]
    body = [[*r, c] for r, c in zip(rows[1:], ["12.5", "4", "10"], strict=True)]
    order = [0, 1, 2, 3, 5, 4] if evidence_first else list(range(6))
    path = write_csv(tmp_path / "posts.csv", columns([header, *body], order))
    result = import_file(path)
    reason = (
        "count is not a whole number (read with '.' as the decimal mark: the file writes "
        f"'12.5' (posts.csv, column 'comments', row 1); if '.' groups thousands here, set "
        f"number_format: '1.234,5' {ASK})"
    )
    assert result.rejects[["row", "column", "value", "reason"]].to_numpy().tolist() == [
        [1, "impressions", "12.400", reason],
        [1, "comments", "12.5", "count is not a whole number"],
        [2, "impressions", "1.234", reason],
        [3, "impressions", "3.000", reason],
    ]
    assert result.notes == []


def test_a_rate_with_a_decimal_point_shows_the_mark_for_the_counts(tmp_path):
    rows = [
        ["Tweet id", "Tweet text", "time", "impressions", "engagement rate"],
        ["1", "Hi", "2016-01-29 10:00 +0000", "12.400", "2.5%"],
        ["2", "Hi", "2016-01-30 10:00 +0000", "12,400", "0.5%"],
    ]
    result = import_file(write_csv(tmp_path / "tweet_activity.csv", rows), context=CONTEXT)
    assert result.tables["posts"]["impressions"].tolist() == [12400]  # "12,400"
    [(row, reason)] = result.rejects[["row", "reason"]].to_numpy().tolist()
    assert row == 1 and reason.startswith("count is not a whole number (read with '.'")
    assert "'2.5%' (tweet_activity.csv, column 'engagement rate', row 1)" in reason


def test_number_format_in_client_yaml_overrides_the_count_rule(tmp_path):
    path = write_csv(tmp_path / "posts.csv", POSTS, delimiter=";")
    told = import_file(path, context=ImportContext(number_format="1.234,5"))
    assert told.tables["posts"]["impressions"].tolist() == [12400, 1234, 3000]
    assert told.notes == []
    # "." is the decimal mark: "12.400" and "1.234" are no counts, and "3.000" and "2.000"
    # in the same columns are as doubtful; "1.000" likes are 1, as the user says
    points = import_file(path, context=ImportContext(number_format="1,234.5"))
    assert points.rows_accepted == 0
    assert points.rejects[["row", "column"]].to_numpy().tolist() == [
        [1, "impressions"],
        [1, "reach"],
        [2, "impressions"],
        [3, "impressions"],
        [3, "reach"],
    ]
    assert points.notes == []


def test_a_file_that_contradicts_itself_stops_and_asks(tmp_path):
    # counts grouping thousands with "," and with ".", and nothing says which is a decimal
    rows = [
        ["brand", "channel", "post_id", "published_at", "impressions", "reach"],
        ["Acme", "x", "p1", "2025-03-04T10:15:00Z", "12,400", "3.000"],
    ]
    with pytest.raises(InputError) as error:
        import_file(write_csv(tmp_path / "posts.csv", rows))
    message = str(error.value)
    assert message.startswith("posts.csv: numbers such as '12,400' (posts.csv, column ")
    assert "'3.000' (posts.csv, column 'reach', row 1) is a count, a whole number only" in message
    assert f"number_format: '1.234,5' or '1,234.5' {ASK}" in message
    # the user's answer settles it
    told = import_file(
        write_csv(tmp_path / "posts.csv", rows), context=ImportContext(number_format="1,234.5")
    )
    assert told.tables["posts"][["impressions", "reach"]].to_numpy().tolist() == [[12400, 3]]


@pytest.mark.parametrize("count_at", [2, 3, 4])
def test_a_file_that_shows_both_decimal_marks_asks_wherever_the_count_is(tmp_path, count_at):
    # "2.5%" and "2,5%" both show a decimal mark: "12.400" is 12400 or 12.4, whether it
    # comes before, between or after them
    cells = [
        ("Tweet id", "1"),
        ("time", "2016-01-29 10:00 +0000"),
        ("engagement rate", "2.5%"),
        ("promoted engagement rate", "2,5%"),
    ]
    cells.insert(count_at, ("impressions", "12.400"))
    header, row = zip(*cells, strict=True)
    path = write_csv(tmp_path / "tweet_activity.csv", [[*header, "Tweet text"], [*row, "Hi"]])
    with pytest.raises(InputError, match="the file writes decimals both ways") as error:
        import_file(path, context=CONTEXT)
    assert "'12.400' (tweet_activity.csv, column 'impressions', row 1)" in str(error.value)
