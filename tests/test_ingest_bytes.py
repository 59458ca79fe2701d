"""Stray bytes in a text export: invalid UTF-8 and control characters are fixed and said.

A file with a few invalid bytes among valid UTF-8 stays UTF-8 (each bad byte replaced by
U+FFFD and named with its line, row and column); a real cp1252 file still reads as cp1252; a
NUL or another control character is removed from its cell and the row is kept.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.ingest.readers import decode_text, read_cells, read_notes
from tests.cases import case_path

CONTEXT = ImportContext(brand="Acme", now=pd.Timestamp("2025-06-01", tz="UTC"))
HEADER = "mention_id,channel,created_at,author,text,brand,kind\n"


def _copy(case: str, tmp_path):
    target = tmp_path / "mentions.csv"
    shutil.copy(case_path(case) / "mentions.csv", target)
    return target


def test_a_stray_byte_in_utf8_is_replaced_and_reported(tmp_path):
    result = import_file(_copy("invalid-utf8-byte", tmp_path), context=CONTEXT)
    texts = result.tables["mentions"]["text"].tolist()
    assert result.rows_accepted == result.rows_read == 3
    assert texts[0] == "Café crème at Acme ☕ 😀 is great"  # never re-read as cp1252
    assert texts[1] == "Zürich naïve Ωmega — Acme"
    assert texts[2] == "one stray byte \ufffd here Acme"
    assert any("0xFF on line 4" in note for note in result.notes)
    assert any("row 3, column 'text'" in note for note in result.notes)


def test_a_nul_is_removed_from_its_cell_and_the_row_kept(tmp_path):
    result = import_file(_copy("nul-byte", tmp_path), context=CONTEXT)
    assert result.rows_accepted == result.rows_read == 2
    assert result.tables["mentions"]["text"].tolist()[1] == "a NUL  inside one quoted text"
    assert any("NUL" in n and "row 2, column 'text'" in n for n in result.notes)


def test_control_characters_are_removed_and_named(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(HEADER + "m1,x,2025-03-04T11:02:00Z,@a,bell\x07 and esc\x1b,Acme,mention\n")
    frame = read_cells(path)
    assert frame["text"].tolist() == ["bell and esc"]
    assert read_notes(frame) == [
        "removed control characters (such as NUL) from 1 cell: row 1, column 'text'"
    ]


def test_a_cp1252_file_is_still_read_as_cp1252():
    text = HEADER + "m1,x,2025-03-04T11:02:00Z,@a,Café crème – déjà vu,Acme,mention\n"
    decoded, notes = decode_text(text.encode("cp1252"), file="f.csv")
    assert decoded == text and notes == []


def test_utf8_wins_only_where_most_of_the_file_is_utf8():
    good = "Café ☕ Zürich naïve ".encode()
    decoded, notes = decode_text(good + b"\xff", file="f.csv")
    assert decoded == "Café ☕ Zürich naïve \ufffd" and len(notes) == 1
    # as many bad bytes as valid characters: not UTF-8
    decoded, notes = decode_text("é".encode() + b"\xe9\xe8\xff", file="f.csv")
    assert notes == [] and decoded == "Ã©éèÿ"


def test_a_file_of_nuls_is_still_binary(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_bytes(HEADER.encode() + b"\x00" * 200)
    with pytest.raises(InputError, match="binary content"):
        read_cells(path)
