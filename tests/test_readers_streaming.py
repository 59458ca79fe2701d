"""Reading a big text export streaming: the same frame and notes, a fraction of the memory.

A plain UTF-8 file (no control character, no lone ``\\r``) is handed to pandas as a file
(``readers._read_text_streaming``); anything unusual is decoded whole as before
(``readers._read_text_whole``). Each file here reads as the whole-text path reads it, by the
branch it should take.
"""

from __future__ import annotations

import codecs
import random
import tracemalloc

import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import readers
from ronr.ingest.readers import read_cells, read_notes

HEADER = "mention_id,channel,text\n"
WHOLE = readers._read_text_whole  # the reference, whatever a test spies on


def _whole(path, skip_rows=0):
    """The frame (or error message) of the whole-text path, the reference."""
    try:
        return WHOLE(path, skip_rows=skip_rows)
    except InputError as exc:
        return str(exc)


def _read(path, skip_rows=0):
    try:
        return read_cells(path, skip_rows=skip_rows)
    except InputError as exc:
        return str(exc)


def _assert_same(path, skip_rows=0):
    """``read_cells`` reads ``path`` as the whole-text path does: cells, names, attrs."""
    got, expected = _read(path, skip_rows), _whole(path, skip_rows)
    if isinstance(expected, str):
        assert got == expected
        return got
    assert isinstance(got, pd.DataFrame)
    assert list(got.columns) == list(expected.columns)
    assert list(got.dtypes) == list(expected.dtypes)
    assert got.values.tolist() == expected.values.tolist()
    assert got.attrs == expected.attrs
    return got


@pytest.fixture
def branch(monkeypatch):
    """Which path read each file: "fast" for the streamed one, "whole" for the fallback."""
    taken: list[str] = []
    streaming, whole = readers._read_text_streaming, readers._read_text_whole

    def spy_streaming(*args, **kwargs):
        frame = streaming(*args, **kwargs)
        taken.append("fast" if frame is not None else "refused")
        return frame

    def spy_whole(*args, **kwargs):
        taken.append("whole")
        return whole(*args, **kwargs)

    monkeypatch.setattr(readers, "_read_text_streaming", spy_streaming)
    monkeypatch.setattr(readers, "_read_text_whole", spy_whole)
    return taken


def _write(tmp_path, data: bytes | str, name="mentions.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# -- plain files: streamed, read as before ----------------------------------------------------

PLAIN = {
    "utf8": HEADER + "m1,x,Café crème ☕ at Acme\nm2,x,Zürich 😀\n",
    "utf8-bom": codecs.BOM_UTF8 + (HEADER + "m1,x,naïve\nm2,x,plain\n").encode(),
    "crlf": (HEADER + "m1,x,one\nm2,x,two\n").replace("\n", "\r\n"),
    "quoted-multiline": HEADER + 'm1,x,"line one\nline two, still"\nm2,x,"a ""quote"""\n',
    "quoted-crlf-inside": (HEADER + 'm1,x,"line one\nline two"\nm2,x,b\n').replace("\n", "\r\n"),
    "title-lines": "Report: Acme mentions\nDate range: 2025-01-01 - 2025-01-31\n\n"
    + HEADER
    + "m1,x,hello 😀\n",
    "title-lines-bom-crlf": codecs.BOM_UTF8
    + ("Export ☕ Acme\n" + HEADER + "m1,x,hello\n").replace("\n", "\r\n").encode(),
    "semicolon": "mention_id;channel;text\nm1;x;a, b\nm2;y;c\n",
    "tab": "mention_id\tchannel\ttext\nm1\tx\ta; b\nm2\ty\tc\n",
    "blank-lines": "\n\n" + HEADER + "m1,x,a\n\nm2,x,b\n",
    "no-final-newline": HEADER + "m1,x,a\nm2,x,b",
    "trailing-delimiter": HEADER + "m1,x,a,\nm2,x,b,\n",
    "surplus-cells": HEADER + "m1,x,a,extra\nm2,x,b,\n",
    "index-column": ",mention_id,text\n0,m1,a\n1,m2,b\n",
    "duplicate-names": "id,text,text\n1,a,b\n",
    "header-only": HEADER,
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_plain_file_is_streamed_and_reads_as_before(name, tmp_path, branch):
    path = _write(tmp_path, PLAIN[name])
    _assert_same(path)
    assert branch == ["fast"]


def test_a_plain_file_never_holds_its_decoded_text(tmp_path, monkeypatch):
    path = _write(tmp_path, PLAIN["title-lines"])

    def refuse(*args, **kwargs):
        raise AssertionError("the streamed path decoded the whole file")

    monkeypatch.setattr(readers, "decode_text", refuse)
    frame = read_cells(path)
    assert frame.to_dict("list") == {
        "mention_id": ["m1"],
        "channel": ["x"],
        "text": ["hello 😀"],
    }
    assert frame.attrs["header_line"] == 4
    assert read_notes(frame) == [
        "skipped 2 lines above the header (line 4): 'Report: Acme mentions', "
        "'Date range: 2025-01-01 - 2025-01-31'"
    ]


def test_values_of_streamed_files(tmp_path):
    frame = read_cells(_write(tmp_path, PLAIN["utf8-bom"]))
    assert list(frame.columns) == ["mention_id", "channel", "text"]
    assert frame["text"].tolist() == ["naïve", "plain"]
    frame = read_cells(_write(tmp_path, PLAIN["quoted-crlf-inside"]))
    assert frame["text"].tolist() == ["line one\r\nline two", "b"]
    frame = read_cells(_write(tmp_path, PLAIN["surplus-cells"]))
    assert frame.to_dict("list") == {
        "mention_id": ["m1", "m2"],
        "channel": ["x", "x"],
        "text": ["a", "b"],
        "(unnamed column 1)": ["extra", ""],
    }
    frame = read_cells(_write(tmp_path, PLAIN["index-column"]))
    assert frame.to_dict("list") == {"mention_id": ["m1", "m2"], "text": ["a", "b"]}
    assert read_notes(frame) == [
        "dropped the unnamed first column: row numbers 0..1, as pandas writes them with a table"
    ]


def test_skip_rows_reads_as_before(tmp_path, branch):
    path = _write(tmp_path, "a,b,c\n" + HEADER + "m1,x,😀\n")  # skips "a,b,c", the header found
    frame = _assert_same(path, skip_rows=1)
    assert frame["text"].tolist() == ["😀"]
    assert branch == ["fast"]


# -- small samples and blocks: characters and line endings cut between them ---------------------


@pytest.fixture
def small_blocks(monkeypatch):
    """A head of 64 bytes (16 characters for the header search) and blocks of 3 bytes."""
    monkeypatch.setattr(readers, "SAMPLE_SIZE", 16)
    monkeypatch.setattr(readers, "STREAM_SAMPLE", 64)
    monkeypatch.setattr(readers, "STREAM_BLOCK", 3)


def test_a_character_cut_at_the_head_s_end_is_streamed(tmp_path, small_blocks, branch):
    data = (HEADER + "m1,x,abcdefghijklmnopqrstuvwxyz0123456789😀 end\n").encode()
    emoji = data.index("😀".encode())
    for cut in range(emoji + 1, emoji + 4):  # each byte inside the emoji
        readers.STREAM_SAMPLE = cut
        frame = _assert_same(_write(tmp_path, data))
        assert frame["text"].tolist() == ["abcdefghijklmnopqrstuvwxyz0123456789😀 end"]
    assert branch == ["fast"] * 3


def test_crlf_cut_between_blocks_is_no_lone_carriage_return(tmp_path, small_blocks, branch):
    text = HEADER + "".join(f"m{i},x,text ☕ {i}\n" for i in range(30))
    frame = _assert_same(_write(tmp_path, text.replace("\n", "\r\n")))
    assert frame["text"].tolist()[-1] == "text ☕ 29"
    assert branch == ["fast"]


def test_an_invalid_byte_beyond_the_head_is_read_whole(tmp_path, small_blocks, branch):
    good = HEADER + "".join(f"m{i},x,Café ☕ {i}\n" for i in range(20))
    path = _write(tmp_path, good.encode() + b"m99,x,stray \xff byte\n")
    frame = _assert_same(path)
    assert frame["text"].tolist()[-1] == "stray \ufffd byte"
    assert read_notes(frame) == [
        "read as UTF-8 with 1 invalid byte replaced by '\ufffd' (0xFF on line 22)",
        "an invalid byte replaced by '\ufffd' in 1 cell: row 21, column 'text'",
    ]
    assert branch == ["refused", "whole"]  # pandas met the byte, then the file was decoded


def test_a_cp1252_file_with_its_accents_beyond_the_head_is_read_whole(
    tmp_path, small_blocks, branch
):
    text = HEADER + "m1,x,plain ascii here\n" * 5 + "m2,x,Café crème – déjà vu\n"
    frame = _assert_same(_write(tmp_path, text.encode("cp1252")))
    assert frame["text"].tolist()[-1] == "Café crème – déjà vu"
    assert branch == ["refused", "whole"]


# -- unusual files: read whole, as before -----------------------------------------------------

UNUSUAL = {
    "lone-cr-in-cell": HEADER + "m1,x,one\rtwo\nm2,x,b\n",
    "old-mac": (HEADER + "m1,x,a\nm2,x,b\n").replace("\n", "\r"),
    "nul": HEADER + "m1,x,a\x00b\n" + "m2,x,a text long enough for one NUL to be a stray\n" * 3,
    "control": HEADER + "m1,x,bell\x07\n",
    "binary": HEADER.encode() + b"\x00" * 200,
    "utf16": (HEADER + "m1,x,Zürich\n").encode("utf-16"),
    "invalid-in-head": HEADER.encode() + "m1,x,Café ☕\n".encode() + b"m2,x,\xff\n",
    "cp1252": (HEADER + "m1,x,déjà vu\n").encode("cp1252"),
    "empty": b"",
    "blank": b"  \n\n",
    "bom-only": codecs.BOM_UTF8,
    "bad-line": HEADER + 'm1,x,"open quote\n',
    "no-header": "Report\nTotal\n1,2,3\n4,5,6\n",
    "too-wide": ",".join(f"c{i}" for i in range(2_500)) + "\n",
}


UNUSUAL_BRANCH = {  # plain UTF-8 that cannot be read: the same error, raised streaming
    "bad-line": [],
    "no-header": [],
    "too-wide": [],
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_an_unusual_file_reads_as_before(name, tmp_path, branch):
    path = _write(tmp_path, UNUSUAL[name])
    _assert_same(path)
    assert branch == UNUSUAL_BRANCH.get(name, ["whole"])


def test_unusual_files_keep_their_notes(tmp_path):
    frame = read_cells(_write(tmp_path, UNUSUAL["lone-cr-in-cell"]))
    assert frame["text"].tolist() == ["one\rtwo", "b"]
    frame = read_cells(_write(tmp_path, UNUSUAL["nul"]))
    assert frame["text"].tolist()[0] == "ab"
    assert read_notes(frame) == [
        "removed control characters (such as NUL) from 1 cell: row 1, column 'text'"
    ]
    with pytest.raises(InputError, match="binary content"):
        read_cells(_write(tmp_path, UNUSUAL["binary"]))
    with pytest.raises(InputError, match="not a valid delimited file"):
        read_cells(_write(tmp_path, UNUSUAL["bad-line"]))
    with pytest.raises(InputError, match="no header row found"):
        read_cells(_write(tmp_path, UNUSUAL["no-header"]))


def test_a_broken_row_far_down_is_said_without_decoding_the_file(tmp_path, monkeypatch):
    path = _write(tmp_path, HEADER + "m1,x,Café ☕\n" * 50_000 + "m2,x,b,c,d\n")
    expected = _whole(path)
    assert expected == (
        "mentions.csv: not a valid delimited file (Error tokenizing data. C error: "
        "Expected 3 fields in line 50002, saw 5\\n)"
    )

    def refuse(*args, **kwargs):
        raise AssertionError("the error was found by decoding the whole file")

    monkeypatch.setattr(readers, "decode_text", refuse)
    with pytest.raises(InputError) as raised:
        read_cells(path)
    assert str(raised.value) == expected


# -- memory ----------------------------------------------------------------------------------


def test_a_big_export_never_holds_its_decoded_text(tmp_path):
    """Reading ~18 MB of UTF-8 with a few emoji allocates far less than its text as a str.

    One emoji makes the whole decoded str 4 bytes a character: the whole-text path holds
    that str, a copy in its StringIO and the file's bytes (about 11 bytes a character);
    streaming holds what pandas makes of the cells (about 2 here). The bound, 4 bytes a
    character, lies between the two, far from each (measured: 0.6 and 2.8 times it).
    """
    rng = random.Random(7)
    words = ["acme", "great", "service", "café", "naïve", "Zürich", "launch", "delivery"]
    lines = [HEADER.replace("\n", ",likes,url\n")]
    for i in range(90_000):
        text = " ".join(rng.choice(words) for _ in range(22)) + (" 😀" if i % 25 == 0 else "")
        lines.append(f'm{i},twitter,"{text}, quoted",{i % 97},https://x.com/s/{i}\n')
    text = "".join(lines)
    path = _write(tmp_path, text)
    bound = 4 * len(text)  # the decoded text as a str of 4-byte characters
    assert path.stat().st_size > 16_000_000

    peaks = {}
    for name, read in (("streamed", read_cells), ("whole", WHOLE)):
        tracemalloc.start()
        try:
            frame = read(path, skip_rows=0)
            peaks[name] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert frame.shape == (90_000, 5)
        assert frame["text"].iloc[-1] == lines[-1].split('"')[1]
        assert frame["text"].iloc[0].endswith(" 😀, quoted")
        del frame
    assert peaks["streamed"] < 0.75 * bound, (peaks, bound)
    assert peaks["whole"] > 2 * bound, (peaks, bound)  # a bound the old path fails by far
