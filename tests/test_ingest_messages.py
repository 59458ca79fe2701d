"""Messages that quote a file's content show it escaped and cut short (``quote_content``).

A cell, a header name or a sheet name is the file's, not ronr's: printed as it is, an escape
sequence in it would recolour or rewrite the user's terminal, and a cell of a megabyte would
fill it. Every error and note that quotes one goes through :func:`ronr.errors.quote_content`:
control characters escaped (``\\x1b``), at most 200 characters of it shown.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ronr.cli import app
from ronr.errors import CONTENT_LIMIT, ConfigError, InputError, quote_content
from ronr.ingest import ImportContext, import_file
from ronr.ingest.mapped import read_mapped
from ronr.periods import Period

HOSTILE = "\x1b[31m" + "x" * 500  # turns the terminal red, then 500 characters
SHOWN = "\\x1b[31m" + "x" * (CONTENT_LIMIT - len("\\x1b[31m"))  # what 200 characters show
CUT = "… (308 more characters)"  # 505 characters: ESC, "[31m" and 192 x shown
CONTEXT = ImportContext(brand="Acme")
POSTS = ["brand", "channel", "post_id", "published_at", "likes"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def assert_quoted(message: str) -> None:
    """The hostile text is in ``message`` escaped and cut short, never raw."""
    assert "\x1b" not in message
    assert f"{SHOWN}{CUT}" in message
    assert max(len(run) for run in re.findall("x+", message)) == CONTENT_LIMIT - len("\\x1b[31m")


def test_the_hostile_text_is_shown_as_200_escaped_characters():
    assert len(SHOWN) == CONTENT_LIMIT  # "\\x1b" is four characters for one
    assert quote_content(HOSTILE) == SHOWN + CUT


def test_an_unknown_header_quotes_its_names_escaped(tmp_path):
    path = write_csv(tmp_path / "page.csv", [[HOSTILE, "b"], ["1", "2"]])
    with pytest.raises(InputError) as error:
        import_file(path)
    message = str(error.value)
    assert message.startswith(f"page.csv: unknown export format (header: {SHOWN}{CUT}, b); ")
    assert_quoted(message)


def test_a_mapped_column_the_file_lacks_lists_its_columns_escaped(tmp_path):
    path = write_csv(tmp_path / "live.csv", [[HOSTILE, "when"], ["1", "2025-03-01"]])
    with pytest.raises(InputError) as error:
        read_mapped(path, table="posts", columns={"status id": "post_id"}, context=CONTEXT)
    message = str(error.value)
    assert message == (
        "live.csv: columns.status id: the file has no column 'status id'; its columns are: "
        f"{SHOWN}{CUT}, when"
    )
    assert_quoted(message)


def test_a_mapped_column_named_twice_quotes_the_file_column_escaped(tmp_path):
    path = write_csv(tmp_path / "live.csv", [[HOSTILE], ["1"]])
    with pytest.raises(InputError) as error:
        read_mapped(
            path,
            table="posts",
            columns={HOSTILE: "post_id", HOSTILE.upper(): "likes"},
            context=CONTEXT,
        )
    assert "names the column '" + SHOWN in str(error.value)
    assert_quoted(str(error.value))


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["Acme", "x", "1", HOSTILE, "1"], "published_at", "unparseable date"),
        (["Acme", "x", "1", "2025-03-01T10:00:00Z", HOSTILE], "likes", "not a number"),
    ],
)
def test_a_bad_date_or_number_cell_is_rejected_and_shown_escaped(tmp_path, row, column, reason):
    client = tmp_path / "data" / "clients" / "acme"
    (client / "exports").mkdir(parents=True)
    (client / "client.yaml").write_text(
        "client: acme\ndisplay_name: Acme\nbrand: {name: Acme}\n"
        "period: {start: 2025-03-01, end: 2025-03-31}\n",
        encoding="utf-8",
    )
    good = ["Acme", "x", "2", "2025-03-02T10:00:00Z", "3"]
    path = write_csv(client / "exports" / "posts.csv", [POSTS, row, good])
    result = import_file(path, context=CONTEXT)
    rejects = result.rejects
    assert rejects[["row", "column"]].to_numpy().tolist() == [[1, column]]
    assert rejects["reason"].iloc[0].startswith(reason)
    assert "\x1b" not in rejects["reason"].iloc[0]
    # the reader removed the ESC from the cell (and said so); the rest is cut short
    assert rejects["value"].iloc[0] == "[31m" + "x" * (CONTENT_LIMIT - 4)
    assert result.notes == [
        f"removed control characters (such as NUL) from 1 cell: row 1, column '{column}'"
    ]
    shown = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(tmp_path / "data")])
    assert shown.exit_code == 0, shown.output
    line = next(line for line in shown.output.splitlines() if line.startswith("  row 1,"))
    assert line.startswith(f"  row 1, column '{column}', value '[31mxxx")
    assert "\x1b" not in line and f": {reason}" in line
    assert max(len(run) for run in re.findall("x+", line)) < CONTENT_LIMIT


def test_an_unknown_network_cell_is_named_escaped_in_its_reason(tmp_path):
    header = ["Date", "Post ID", "Network", "Post Type", "Profile", "Impressions", "Likes"]
    path = write_csv(
        tmp_path / "sprout.csv",
        [header, ["12/01/2025 2:05 pm", "11", HOSTILE, "Post", "acme", "1,200", "30"]],
    )
    result = import_file(path, context=CONTEXT)
    reason = result.rejects["reason"].iloc[0]
    # the ESC was removed from the cell by the reader: the rest is quoted, cut short
    shown = "[31m" + "x" * (CONTENT_LIMIT - 4)
    assert reason.startswith(f"unknown network '{shown}… (304 more characters)' (expected one of ")


def test_a_sheet_named_in_the_config_is_quoted_escaped(tmp_path):
    path = write_csv(tmp_path / "live.csv", [["id"], ["1"]])
    with pytest.raises(InputError) as error:
        read_mapped(
            path,
            table="posts",
            columns={"id": "post_id"},
            context=ImportContext(brand="Acme", sheet=HOSTILE),
        )
    assert str(error.value) == (
        f"live.csv: sheet: '{SHOWN}{CUT}' names a worksheet, but the file is a text file, not "
        "a workbook (.xlsx, .xls); leave sheet out"
    )


def test_config_answers_are_quoted_escaped(tmp_path):
    path = write_csv(tmp_path / "posts.csv", [POSTS, ["Acme", "x", "1", "2025-03-01", "1"]])
    with pytest.raises(InputError) as error:
        import_file(path, context=ImportContext(brand="Acme", date_order=HOSTILE))
    assert str(error.value).startswith(f"posts.csv: date_order '{SHOWN}{CUT}' is not one of ")
    assert_quoted(str(error.value))
    with pytest.raises(ConfigError) as period:
        Period.parse(HOSTILE)
    assert str(period.value).startswith(f"period '{SHOWN}{CUT}': expected 'START..END'")
    assert_quoted(str(period.value))
