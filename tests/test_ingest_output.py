"""The CSVs ``ronr ingest --out`` writes read back as written, row for row and cell for cell.

A text may hold a lone carriage return (a line break pandas or a spreadsheet left unquoted, as
in the ``conversation-lone-cr`` case): written unquoted, every CSV reader ends the row there.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from ronr.cli import app
from ronr.ingest.base import write_csv
from tests.cases import case_path

TEXTS = ["one\rtwo", "three\nfour", "five\r\nsix", 'say "hi", then\r go', "plain", ""]


def read_back(path: Path) -> tuple[pd.DataFrame, list[list[str]]]:
    """``path`` as pandas and as Python's csv module read it (every cell as text)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return frame, rows


def test_write_csv_round_trips_every_line_break(tmp_path):
    frame = pd.DataFrame({"id": [f"m{i}" for i in range(len(TEXTS))], "text": TEXTS})
    path = tmp_path / "t.csv"
    write_csv(frame, path)
    back, rows = read_back(path)
    assert back.to_dict("list") == {"id": ["m0", "m1", "m2", "m3", "m4", "m5"], "text": TEXTS}
    assert rows == [["id", "text"], *([f"m{i}", text] for i, text in enumerate(TEXTS))]


def test_ingest_out_of_the_lone_cr_conversation_reads_back_as_written(tmp_path):
    source = tmp_path / "twcs.csv"
    shutil.copyfile(case_path("conversation-lone-cr") / "twcs_sample_pandas_resaved.csv", source)
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["ingest", str(source), "--brand", "Acme", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "4 rows read, 4 accepted, 0 rejected" in done.output
    mentions, rows = read_back(out / "mentions.csv")
    # two mentions (not four rows split at the \r), the text with its line break intact, and
    # a leading "@" neutralised for spreadsheets (OWASP: a cell starting with @ is a formula)
    assert mentions["mention_id"].tolist() == ["102", "104"]
    assert mentions["text"].tolist() == [
        "'@AcmeHelp \rI just love the start of this email https://t.co/demo",
        "'@AcmeHelp my order never arrived",
    ]
    assert len(rows) == 3 and rows[1][rows[0].index("text")] == mentions["text"][0]
    responses, rows = read_back(out / "responses.csv")
    assert responses["response_id"].tolist() == ["101", "103"]
    assert responses["mention_id"].tolist() == ["102", "104"]
    assert len(rows) == 3
    rejects, rows = read_back(out / "rejects.csv")
    assert rows == [["file", "row", "column", "value", "reason"]] and rejects.empty


def test_ingest_out_rejects_with_line_breaks_read_back_as_written(tmp_path):
    source = tmp_path / "mentions.csv"
    source.write_bytes(
        b"mention_id,channel,created_at,kind,brand,text\n"
        b"m1,x,2025-03-01T10:00:00Z,mention,Acme,fine\rtext\n"
        b'm2,"tik\rtok",2025-03-01T11:00:00Z,mention,Acme,"bad\r\nchannel"\n'
    )
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["ingest", str(source), "--out", str(out)])
    assert done.exit_code == 0, done.output
    mentions, _ = read_back(out / "mentions.csv")
    assert mentions[["mention_id", "text"]].to_numpy().tolist() == [["m1", "fine\rtext"]]
    rejects, rows = read_back(out / "rejects.csv")
    assert rejects[["row", "column", "value"]].to_numpy().tolist() == [["2", "channel", "tik\rtok"]]
    assert len(rows) == 2
