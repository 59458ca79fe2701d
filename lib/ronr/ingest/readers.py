"""Reading raw files as text cells: encodings, delimiters, line endings; one clear error if not.

Every importer reads its export through :func:`read_cells` (as :func:`read_csv_text` or
:func:`read_export`), which takes delimited text and Excel workbooks alike, and the
multi-sheet workbooks through :func:`read_excel_sheets`; :func:`sample_file` reads the start of
a file for format detection.

Title and note lines above the header are skipped (see :func:`find_header`); what the reader
skipped or dropped is said in the frame's ``attrs["notes"]`` (see :func:`read_notes`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, NamedTuple

import pandas as pd

from ..errors import InputError, quote_content, quoted
from .base import (
    FLOAT_EXACT,
    ColumnProblems,
    Columns,
    Sample,
    active_reading,
    is_missing,
    normalise_name,
    row_numbers,
)

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Windows, old Mac and Unix line endings
NEWLINE = re.compile(r"\r?\n")  # the line endings of a file that has a "\n" at all
SURPLUS_COLUMN = "(unnamed column {})"  # cells beyond the header, numbered from 1
HEADER_SEARCH = 20  # the header row is looked for among this many non-blank lines (sheet rows)
SAMPLE_SIZE = 65536  # bytes (characters) read to detect a format and find the header
# The widest header a file may have. The widest export read (Facebook's classic post export)
# has about 150 columns; a header far wider is a wrong delimiter or not an export, and reading
# a million columns takes minutes and gigabytes, so it is refused before anything else.
MAX_COLUMNS = 2_000
INDEX_NAMES = frozenset({"", "unnamed: 0"})  # how pandas names the index column it writes
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits: a longer whole number was rounded
EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip) and .xls (an OLE file)
NOTES = "notes"  # the frame.attrs key of what the reader did that the user should hear
SHOWN_LINES = 3  # skipped lines quoted in a note (the count covers them all)
BAD_BYTE = re.compile("[\udc80-\udcff]")  # an invalid UTF-8 byte, as surrogateescape keeps it
NON_ASCII = re.compile("[^\x00-\x7f]")
UTF8_MAJORITY = 2  # valid multi-byte characters per invalid byte for a file to be UTF-8
# control characters no export means to hold (tab, line feed and carriage return are text)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BINARY_SHARE = 0.01  # a text with more NULs than this share of its characters is binary
# A text file is read streaming (see _read_text): its head is decoded to find the header (it
# holds SAMPLE_SIZE characters even at 4 bytes each), the rest scanned a block at a time.
STREAM_SAMPLE = 1 << 20
STREAM_BLOCK = 1 << 23
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# the bytes that are no control character; in UTF-8 no byte of a multi-byte character is one
NOT_CONTROL = bytes(b for b in range(256) if not CONTROL.match(chr(b)))
# a cell that holds data, not a column name: a number (1,200 / 12.5% / 1.05E+18) or a date
_DATA_CELL = re.compile(
    r"[-+]?(?:\d+(?:[.,' ]\d+)*(?:[eE][-+]?\d+)?%?|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.*)"
)


def decode_bytes(data: bytes, *, file: str) -> str:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 (with BOM) or cp1252/Latin-1.

    See :func:`decode_text`, which also says which bytes were replaced.
    """
    return decode_text(data, file=file)[0]


def decode_text(data: bytes, *, file: str) -> tuple[str, list[str]]:
    """Decode ``data`` and say what could not be decoded.

    A file that is valid UTF-8 (with or without BOM) or UTF-16 (with BOM) is read as such.
    A file with invalid UTF-8 bytes is still UTF-8 when they are few beside its valid
    multi-byte characters (at most one per :data:`UTF8_MAJORITY` of them: a stray byte in
    ``café ☕``): each invalid byte becomes U+FFFD and is noted with its line. Otherwise the
    file is cp1252 (Excel's "CSV" on Windows), else Latin-1, which decode any byte.

    Returns
    -------
    text, notes
        The text, and one note when bytes were replaced (empty otherwise).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{file}: looks like UTF-16 but cannot be decoded ({exc.reason})"
            ) from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    # surrogateescape keeps each invalid byte as one lone surrogate, so they can be counted
    # and found; the valid characters beyond ASCII show how much of the file is UTF-8
    text = data.decode("utf-8-sig", errors="surrogateescape")
    bad = [(m.start(), ord(m.group()) - 0xDC00) for m in BAD_BYTE.finditer(text)]
    wide = len(NON_ASCII.findall(text)) - len(bad)
    if wide >= UTF8_MAJORITY * len(bad):
        lines = [text.count("\n", 0, at) + 1 for at, _ in bad[:SHOWN_LINES]]
        where = ", ".join(
            f"0x{byte:02X} on line {line}" for (_, byte), line in zip(bad, lines, strict=False)
        )
        more = f" and {len(bad) - SHOWN_LINES} more" if len(bad) > SHOWN_LINES else ""
        plural = "s" if len(bad) != 1 else ""
        note = (
            f"read as UTF-8 with {len(bad)} invalid byte{plural} replaced by '\ufffd' "
            f"({where}{more})"
        )
        return BAD_BYTE.sub("\ufffd", text), [note]
    try:
        return data.decode("cp1252"), []
    except UnicodeDecodeError:
        return data.decode("latin-1"), []


def first_line(text: str) -> str:
    """The text up to the first line break of any kind."""
    found = LINE_BREAK.search(text)
    return text[: found.start()] if found else text


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon, tab or pipe."""
    header = first_line(text)
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def line_break(text: str) -> re.Pattern:
    """How ``text`` ends its lines: ``\\n`` or ``\\r\\n``, else (old Mac files) a lone ``\\r``.

    In a file with ``\\n`` line endings a lone ``\\r`` is part of a cell (a line break a
    spreadsheet or pandas left unquoted inside a text), never the end of a row.
    """
    return NEWLINE if "\n" in text else LINE_BREAK


def split_lines(
    text: str, limit: int, breaks: re.Pattern | None = None
) -> list[tuple[int, int, str]]:
    """The first ``limit`` non-blank lines of ``text`` as (line number from 1, start, line).

    Lines end as ``breaks`` (default: :func:`line_break` of ``text``) says; a quoted cell with
    a line break counts as two lines, which is fine for finding a header.
    """
    breaks = breaks or line_break(text)
    found: list[tuple[int, int, str]] = []
    start = 0
    number = 0
    while start <= len(text) and len(found) < limit:
        number += 1
        end = breaks.search(text, start)
        line = text[start : end.start() if end else len(text)]
        if line.strip():
            found.append((number, start, line))
        if end is None:
            break
        start = end.end()
    return found


def dedupe_names(names: Iterable[object]) -> list[str]:
    """Stripped names, repeats suffixed ``.1``, ``.2``, ... in order (as pandas does)."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    result = []
    for raw in names:
        name = str(raw).strip()
        candidate = name
        while candidate in taken:
            seen[name] = seen.get(name, 0) + 1
            candidate = f"{name}.{seen[name]}"
        taken.add(candidate)
        result.append(candidate)
    return result


def surplus_columns(frame: pd.DataFrame) -> list[str]:
    """The columns :func:`read_cells` made of cells beyond the header."""
    prefix = SURPLUS_COLUMN.split("{")[0]
    return [c for c in frame.columns if str(c).startswith(prefix)]


def read_notes(frame: pd.DataFrame) -> list[str]:
    """What :func:`read_cells` skipped or dropped in reading ``frame``, one sentence each.

    For example ``"skipped 2 lines above the header (line 4): 'Report: Acme mentions', ..."``;
    empty when the file was read as it is. The notes travel in ``frame.attrs["notes"]``.
    """
    return list(frame.attrs.get(NOTES, ()))


# -- the header row -----------------------------------------------------------------------------


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # e.g. a quote left open: the plain cells are enough to detect a format
        return line.split(delimiter)


def _filled(cells: Sequence[str]) -> list[str]:
    return [c.strip() for c in cells if c.strip()]


def _looks_like_data(cells: Sequence[str]) -> list[str]:
    """The cells of a row that are numbers or dates (which a header does not hold)."""
    return [c for c in _filled(cells) if _DATA_CELL.fullmatch(c)]


def _quote(line: str, width: int = 60) -> str:
    line = line.strip()
    return quoted(line, limit=width)


def find_header(rows: Sequence[tuple[int, Sequence[str]]], *, file: str, unit: str = "line") -> int:
    """The position in ``rows`` of the header row: title and note lines above it are skipped.

    A title line ("Tweet activity report", "Date range: ...", or ``Report,,,,`` from a
    spreadsheet) has no filled cell, or one filled cell that is its first, or fewer than half
    the filled cells of the table's typical row (the commonest number of filled cells among
    the rows with two or more; the wider on a tie). The header is the first row that is no
    title line. When title lines were skipped and that row holds numbers or dates (it is
    data), the last row above it with two or more filled cells and no numbers is the header
    (a header shorter than its data rows); if there is none, the file has no header row.

    Parameters
    ----------
    rows
        The first non-blank rows as (line or row number from 1, cells).
    file
        The file name for the error.
    unit
        What a number counts, ``"line"`` or ``"row"``, for the error.

    Returns
    -------
    int
        The header's position in ``rows``: 0 when nothing is above it (and for a file whose
        rows have one filled cell each, read as ever from its first line).

    Raises
    ------
    InputError
        When title lines are followed by data and no row names the columns: the message
        quotes the row where the table starts and the lines above it.
    """
    filled = [len(_filled(cells)) for _, cells in rows]
    wide = Counter(n for n in filled if n >= 2)
    if not wide:  # a one-column file (or a wrong delimiter): its first line, as ever
        return 0
    typical = max(wide, key=lambda n: (wide[n], n))

    def is_title(i: int) -> bool:
        cells = rows[i][1]
        alone = filled[i] == 1 and bool(cells) and bool(str(cells[0]).strip())
        return filled[i] == 0 or alone or 2 * filled[i] < typical

    first = next(i for i in range(len(rows)) if not is_title(i))
    if first == 0 or not _looks_like_data(rows[first][1]):
        return first
    named = [i for i in range(first) if filled[i] >= 2 and not _looks_like_data(rows[i][1])]
    if named:
        return named[-1]
    number, cells = rows[first]
    data = ", ".join(map(quoted, _looks_like_data(cells)[:3]))
    above = ", ".join(_quote(" ".join(_filled(c))) for _, c in rows[:first] if _filled(c))
    raise InputError(
        f"{file}: no header row found: {unit} {number}, where the table starts, holds data "
        f"({data}) rather than column names, and the {unit}s above it look like titles "
        f"({above}); expected a {unit} of column names above the data"
    )


def _skipped_note(rows: Sequence[tuple[int, Sequence[str]]], header: int, unit: str) -> str:
    lines = [" ".join(_filled(cells)) for _, cells in rows[:header] if _filled(cells)]
    shown = ", ".join(_quote(line) for line in lines[:SHOWN_LINES])
    more = f" and {len(lines) - SHOWN_LINES} more" if len(lines) > SHOWN_LINES else ""
    plural = "s" if len(lines) != 1 else ""
    return (
        f"skipped {len(lines)} {unit}{plural} above the header ({unit} {rows[header][0]}): "
        f"{shown}{more}"
    )


def _text_rows(lines: Sequence[tuple[int, int, str]]) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each line, split on the line's own commonest delimiter."""
    return [(n, _split_header(line, sniff_delimiter(line))) for n, _, line in lines]


# -- whole files --------------------------------------------------------------------------------


def _unshift(frame: pd.DataFrame) -> pd.DataFrame:
    """Put the names back on their own columns when pandas took cells as the index.

    When the first data row has more cells than the header (a trailing delimiter), pandas
    silently takes the first column(s) as the index and shifts every name to the right. The
    surplus cells become ``(unnamed column N)`` columns, dropped when empty on every row.
    """
    names = list(frame.columns)
    surplus = frame.index.nlevels
    frame = frame.reset_index(allow_duplicates=True)
    frame.columns = [*names, *(SURPLUS_COLUMN.format(i + 1) for i in range(surplus))]
    extra = frame.iloc[:, len(names) :]
    empty = [i for i in range(surplus) if is_missing(extra.iloc[:, i]).all()]
    keep = [i for i in range(len(frame.columns)) if i - len(names) not in empty]
    return frame.iloc[:, keep]


def _drop_index_column(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` without a row index that pandas wrote as an unnamed first column.

    The column is dropped only when its name is empty (or pandas' ``Unnamed: 0``) and its
    cells are exactly 0, 1, 2, ... or 1, 2, 3, ... in order: then it numbers the rows and says
    nothing else. Any other unnamed column is kept as data.
    """
    if not len(frame.columns) or normalise_name(frame.columns[0]) not in INDEX_NAMES:
        return frame
    cells = frame.iloc[:, 0].astype(str).str.strip().tolist()
    n = len(cells)
    for start in (0, 1):
        if cells == [str(i) for i in range(start, start + n)]:
            notes.append(
                f"dropped the unnamed first column: row numbers {start}..{start + n - 1}, "
                "as pandas writes them with a table"
            )
            return frame.iloc[:, 1:]
    return frame


def _finish(frame: pd.DataFrame, notes: list[str], header_line: int, sheet: str | None):
    frame.columns = dedupe_names(frame.columns)
    frame = _drop_index_column(frame, notes)
    frame.attrs = {NOTES: notes, "header_line": header_line, "sheet": sheet}
    # the import under way tells the user (ImportResult.notes, via ronr.ingest.import_file)
    reading = active_reading()
    if reading is not None:
        reading.notes.extend(note for note in notes if note not in reading.notes)
    return frame


class _Head(NamedTuple):
    """The head of a plain UTF-8 text file (see :func:`_plain_head`)."""

    text: str  # the head decoded, without BOM: at least SAMPLE_SIZE characters or the file
    start: int  # the bytes of the BOM (0 or 3)
    newline: bool  # whether the file has a line feed at all (see line_break)


def _plain_head(path: Path, *, check_all: bool = False) -> _Head | None:
    """The head of ``path`` when the file is plain UTF-8 text; None for anything unusual.

    Plain is: no UTF-16 BOM, a head that is valid UTF-8 (with or without BOM) and not blank,
    no control character (such as NUL) and no lone ``\\r`` in the whole file. Only the head
    is decoded (and with ``check_all`` the rest too, a block at a time): pandas decodes every
    byte it parses strictly and fails on an invalid one. The rest is scanned with byte
    operations only, a block at a time, so scanning holds two blocks whatever the file size.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    text = None
    newline = whole = False
    carriage = pairs = 0
    last = b""
    try:
        with path.open("rb") as handle:
            block = handle.read(STREAM_SAMPLE)
            if block.startswith(UTF16_BOMS) or not block.strip():
                return None
            start = len(codecs.BOM_UTF8) if block.startswith(codecs.BOM_UTF8) else 0
            block = block[start:]
            while block:
                following = handle.read(STREAM_BLOCK)
                if text is None or check_all:
                    decoded = decoder.decode(block, final=not following)
                    if text is None:
                        text, whole = decoded, not following
                if block.translate(None, NOT_CONTROL):
                    return None  # a control character is removed and said when decoded whole
                newline = newline or b"\n" in block
                if b"\r" in block:
                    carriage += block.count(b"\r")
                    pairs += block.count(b"\r\n")
                pairs += last == b"\r" and block.startswith(b"\n")  # split between blocks
                last = block[-1:]
                block = following
    except (OSError, UnicodeDecodeError):
        return None  # decoded whole, the file says why it cannot be read or how it decodes
    if text is None or carriage != pairs or (len(text) < SAMPLE_SIZE and not whole):
        return None
    return _Head(text, start, newline)


def _text_from(path: Path, start: int) -> IO[str]:
    """``path`` as UTF-8 text from byte ``start`` on, line endings kept (as :mod:`csv` wants)."""
    handle = path.open("rb")
    handle.seek(start)
    return io.TextIOWrapper(handle, encoding="utf-8", newline="")


def _read_text_streaming(path: Path, head: _Head, *, skip_rows: int) -> pd.DataFrame | None:
    """A plain UTF-8 text file (see :func:`_plain_head`) as :func:`_read_text_whole` reads it,
    its file handed to pandas: no copy of its text is held.

    Returns None when an invalid byte lies beyond the head (pandas fails on it): the file is
    then read whole, which replaces the byte or decodes the file as cp1252, and says so.

    Raises
    ------
    InputError
        As :func:`_read_text_whole` does for the same file: pandas parses the same bytes from
        the same line, so it fails with the same message.
    """
    breaks = NEWLINE if head.newline else LINE_BREAK
    lines = split_lines(head.text[:SAMPLE_SIZE], HEADER_SEARCH, breaks)
    if not lines:
        return None  # a head of blank lines: read whole, as ever
    rows = _text_rows(lines)
    header = find_header(rows, file=path.name)
    notes = [_skipped_note(rows, header, "line")] if header else []
    header_line = rows[header][0]
    start = head.start  # the header's byte, where pandas starts (it skips blank lines itself)
    if header:
        start += len(head.text[: lines[header][1]].encode("utf-8"))
    delimiter = sniff_delimiter(lines[header][2])
    options = _csv_options(delimiter, skip_rows, encoding="utf-8", encoding_errors="strict")

    def from_header():
        handle = stack.enter_context(path.open("rb"))
        handle.seek(start)
        return handle

    try:
        with _text_from(path, start) as stream:
            check_width(_header_width(stream, delimiter, skip_rows), file=path.name)
        with _text_from(path, start) as stream:
            width = _first_row_width(stream, delimiter, skip_rows, None)
        with contextlib.ExitStack() as stack:
            frame = _parse(
                from_header, width, options, path=path, header_line=header_line, notes=notes
            )
    except (OSError, UnicodeDecodeError):
        return None  # read whole, which says why it cannot be read or replaces the byte
    return _finish(frame, notes, header_line, None)


def _csv_options(delimiter: str, skip_rows: int, **extra) -> dict:
    """``pandas.read_csv``'s options for an export: every cell a string, as written."""
    return dict(
        sep=delimiter,
        dtype=str,
        keep_default_na=False,
        skiprows=skip_rows,
        quoting=csv.QUOTE_MINIMAL,
        on_bad_lines="error",
        **extra,
    )


def _parse(
    source, width: int, options: dict, *, path: Path, header_line: int, notes: list[str]
) -> pd.DataFrame:
    """pandas' cells of a delimited text, ``source()`` giving it from its header each time.

    Cells beyond the header (``width`` is the first data row's) are named, not read as a row
    index (:func:`_surplus`); a row index pandas made all the same is undone (:func:`_unshift`).

    Raises
    ------
    InputError
        Naming the file when pandas cannot parse it or finds no header row.
    """
    try:
        names = list(pd.read_csv(source(), nrows=0, **options).columns)
        if width > len(names):
            # pandas would take the surplus cells as a row index of that many levels, and
            # putting them back as columns is quadratic in their number: name them instead
            frame = pd.read_csv(source(), header=0, names=range(width), **options)
            frame = _surplus(frame, names, header_line, notes)
        else:
            frame = pd.read_csv(source(), **options)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError(
            f"{path.name}: not a valid delimited file ({quote_content(str(exc))})"
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path.name}: no header row found") from None
    if not isinstance(frame.index, pd.RangeIndex):
        frame = _unshift(frame)
    return frame


def _read_text(path: Path, *, skip_rows: int) -> pd.DataFrame:
    """A delimited text file (see :func:`read_cells`), streamed when it is plain UTF-8.

    A 1,000,000-row export is a few hundred megabytes, and its decoded text up to four
    times that: a plain UTF-8 file (see :func:`_plain_head`) is handed to pandas as a file
    and needs about the memory of its frame. Any other file, or one pandas refuses, is
    decoded whole by :func:`_read_text_whole`, which fixes and says what is unusual.
    """
    # skipped rows are not parsed, so pandas would not check their bytes: decode them all
    head = _plain_head(path, check_all=skip_rows > 0)
    if head is not None:
        frame = _read_text_streaming(path, head, skip_rows=skip_rows)
        if frame is not None:
            return frame
    return _read_text_whole(path, skip_rows=skip_rows)


def _read_text_whole(path: Path, *, skip_rows: int) -> pd.DataFrame:
    """A delimited text file decoded whole (see :func:`read_cells`), whatever it holds.

    Decodes any encoding :func:`decode_text` knows, and fixes and says what is unusual:
    invalid bytes, control characters, a lone ``\\r`` inside a cell, old-Mac line endings.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path.name}: the file is empty (expected a header row and data rows)")
    text, notes = decode_text(data, file=path.name)
    if text.count("\x00") > BINARY_SHARE * len(text):  # a stray NUL is removed from its cell
        raise InputError(f"{path.name}: binary content; expected a CSV text file")
    replaced = bool(notes)  # the cells holding a replaced byte are named after the read
    breaks = line_break(text)
    lines = split_lines(text[:SAMPLE_SIZE], HEADER_SEARCH, breaks)
    rows = _text_rows(lines)
    header = find_header(rows, file=path.name) if rows else 0
    notes += [_skipped_note(rows, header, "line")] if header else []
    header_line = rows[header][0] if rows else 1
    if header:  # start at the header's line (pandas itself skips only blank lines)
        text = text[lines[header][1] :]
    delimiter = sniff_delimiter(lines[header][2] if lines else text)
    terminator = None
    if breaks is NEWLINE and text.count("\r") != text.count("\r\n"):
        # a lone \r inside a cell: pandas would end the row there, so rows end in \n only
        # (a \r\n inside a quoted cell then reads as \n)
        text, terminator = text.replace("\r\n", "\n"), "\n"
    check_width(_header_width(text, delimiter, skip_rows), file=path.name)
    options = _csv_options(delimiter, skip_rows, lineterminator=terminator)
    width = _first_row_width(text, delimiter, skip_rows, terminator)
    frame = _parse(
        lambda: io.StringIO(text), width, options, path=path, header_line=header_line, notes=notes
    )
    if replaced or CONTROL.search(text):
        frame = _clean_cells(frame, notes, replaced=replaced)
    return _finish(frame, notes, header_line, None)


def _clean_cells(frame: pd.DataFrame, notes: list[str], *, replaced: bool) -> pd.DataFrame:
    """``frame`` without control characters in its cells, and a note naming each such cell.

    A NUL or another control character in a text is a stray byte (an export's bug), not a
    reason to lose the row: it is removed and said (data row and column). With ``replaced``,
    the cells holding an invalid byte replaced by U+FFFD (see :func:`decode_text`) are named.
    """
    found: dict[str, list[tuple[int, str]]] = {"control": [], "replaced": []}
    for position, name in enumerate(frame.columns):
        cells = frame.iloc[:, position]
        if replaced:
            at = cells.str.contains("\ufffd", regex=False).fillna(False).to_numpy()
            found["replaced"] += [(int(i) + 1, str(name)) for i in at.nonzero()[0]]
        at = cells.str.contains(CONTROL.pattern, regex=True).fillna(False).to_numpy()
        if at.any():
            found["control"] += [(int(i) + 1, str(name)) for i in at.nonzero()[0]]
            frame.iloc[:, position] = cells.str.replace(CONTROL.pattern, "", regex=True)
    said = {
        "control": "removed control characters (such as NUL) from",
        "replaced": "an invalid byte replaced by '\ufffd' in",
    }
    for kind, cells in found.items():
        if cells:
            shown = ", ".join(
                f"row {row}, column {quoted(name)}" for row, name in cells[:SHOWN_LINES]
            )
            more = f" and {len(cells) - SHOWN_LINES} more" if len(cells) > SHOWN_LINES else ""
            plural = "s" if len(cells) != 1 else ""
            notes.append(f"{said[kind]} {len(cells)} cell{plural}: {shown}{more}")
    return frame


def check_width(columns: int, *, file: str, at_least: bool = False) -> None:
    """Refuse a header of more than :data:`MAX_COLUMNS` columns, in one line naming ``file``.

    ``at_least`` says ``columns`` counts only the part of the header a sample holds.

    Raises
    ------
    InputError
        When ``columns`` is more than :data:`MAX_COLUMNS`.
    """
    if columns > MAX_COLUMNS:
        counted = f"at least {columns:,}" if at_least else f"{columns:,}"
        raise InputError(
            f"{file}: the header has {counted} columns, more than {MAX_COLUMNS:,}; an export has "
            "at most a few hundred (check the delimiter, or that the file is an export)"
        )


def _header_width(text: str | IO[str], delimiter: str, skip_rows: int) -> int:
    """The number of cells of the header row of ``text`` (its first non-blank row after
    ``skip_rows`` rows), counted without reading the rows below it; 0 when it cannot be read.

    ``text`` is a str or a text stream opened with ``newline=""``.
    """
    source = io.StringIO(text, newline="") if isinstance(text, str) else text
    records = csv.reader(source, delimiter=delimiter)
    try:
        filled = (row for i, row in enumerate(records) if i >= skip_rows and row)
        return len(next(filled, ()))
    except csv.Error:
        return 0  # pandas says what is wrong with the file


def _first_row_width(
    text: str | IO[str], delimiter: str, skip_rows: int, terminator: str | None
) -> int:
    """The number of cells of the first data row (after the header) of ``text``.

    Read with :mod:`csv` up to that row only; 0 when there is none. ``text`` is a str or a
    text stream opened with ``newline=""`` (with no lone ``\\r``: ``terminator`` is None).
    """
    if isinstance(text, str):
        if terminator is not None:
            text = text.replace("\r", "")  # a lone \r is inside a cell: no row ends there
        text = io.StringIO(text, newline="")
    records = csv.reader(text, delimiter=delimiter)
    try:
        filled = (row for i, row in enumerate(records) if i >= skip_rows and row)
        next(filled, None)  # the header
        return len(next(filled, ()))
    except csv.Error:
        return 0  # pandas says what is wrong with the file


def _surplus(
    frame: pd.DataFrame, names: list[str], header_line: int, notes: list[str]
) -> pd.DataFrame:
    """``frame`` (columns numbered) with the header's ``names`` and its surplus columns.

    The cells beyond the header become ``(unnamed column N)`` columns, dropped when empty on
    every row (see :func:`read_cells`). A row with more of them than the header has names is
    said in a note: it is a broken row (a quote or delimiter gone wrong), not a header a few
    names short of its rows.
    """
    extra = frame.iloc[:, len(names) :].to_numpy(dtype=object)
    filled = (extra != "") & pd.notna(extra)
    keep = filled.any(axis=0)
    per_row = filled.sum(axis=1)
    rows = [(i, int(n)) for i, n in enumerate(per_row) if n > len(names)]
    if rows:
        shown = ", ".join(
            f"row {i + 1} (line {header_line + 1 + i}): {n:,} cells" for i, n in rows[:SHOWN_LINES]
        )
        more = f" and {len(rows) - SHOWN_LINES} more rows" if len(rows) > SHOWN_LINES else ""
        notes.append(
            f"{int(per_row.sum()):,} cells beyond the header's {len(names)} columns, kept as "
            f"'(unnamed column N)' columns: {shown}{more}"
        )
    positions = [*range(len(names)), *(len(names) + i for i in keep.nonzero()[0])]
    frame = frame.iloc[:, positions]
    frame.columns = [*names, *(SURPLUS_COLUMN.format(i + 1) for i in keep.nonzero()[0])]
    return frame


def read_cells(
    path: str | Path,
    *,
    sheet: str | None = None,
    required: Iterable[str] = (),
    skip_rows: int = 0,
) -> pd.DataFrame:
    """Every cell of an export as a string, with the names of its header row.

    A delimited text file (comma, semicolon, tab or pipe; see :func:`decode_bytes` for the
    encodings) or an Excel workbook (.xlsx, .xls, .xlsm, by name or content) reads the same:
    every cell as the text a CSV would hold (see :func:`cell_text` for a workbook's numbers
    and dates).

    - The header is the first row that is no title line (see :func:`find_header`); the lines
      above it are skipped and said in a note (:func:`read_notes`).
    - Names are stripped, and repeated names suffixed ``.1``, ``.2`` in file order. Cells
      beyond the header in the first data row (a trailing delimiter) become ``(unnamed column
      N)`` columns (see :data:`SURPLUS_COLUMN`), dropped when empty on every row; the named
      columns keep their names.
    - A first column that pandas wrote as the row index (unnamed, cells exactly 0..n-1 or
      1..n) is dropped, and said in a note.
    - In a file whose lines end in ``\\n`` or ``\\r\\n``, a lone ``\\r`` is kept inside its
      cell (a line break in a text), not read as the end of the row.
    - In a workbook, blank rows are no data rows (as blank lines of a CSV) and columns with
      neither a name nor a cell (the sheet's used range) are dropped; when it has several
      sheets, the one read is said in a note.

    Parameters
    ----------
    path
        The export.
    sheet
        The worksheet of a workbook to read; by default the one the user named for the file
        being imported (``sheet`` in client.yaml, through :func:`ronr.ingest.import_file`),
        else the first sheet whose header has every ``required`` column (else the first sheet
        with cells). Ignored for a text file.
    required
        Column names (any case) the sheet must have to be chosen.
    skip_rows
        Lines to skip from the header line found on, as pandas' ``skiprows``: the line after
        them is the header (text files only; no importer passes it).

    Returns
    -------
    pandas.DataFrame
        String cells (missing as ``""``), one row per data row; ``attrs`` holds ``notes``,
        ``header_line`` (the line or sheet row of the header, from 1) and ``sheet`` (the
        sheet read, None for a text file).

    Raises
    ------
    InputError
        Naming the file (and sheet) when it cannot be read, is empty, has no header row, or
        the named sheet does not exist.
    """
    path = Path(path)
    if is_workbook(path):
        reading = active_reading()  # the sheet named in client.yaml, for every importer
        if sheet is None and reading is not None:
            sheet = reading.sheet
        return _read_workbook(path, sheet=sheet, required=required)
    return _read_text(path, skip_rows=skip_rows)


def read_csv_text(path: str | Path, *, skip_rows: int = 0, sheet: str | None = None):
    """The cells of an export (a CSV or a workbook): see :func:`read_cells`."""
    return read_cells(path, sheet=sheet, skip_rows=skip_rows)


def read_export(
    path: str | Path,
    *,
    required: Iterable[str],
    what: str,
    expected: Iterable[str],
    sheet: str | None = None,
) -> tuple[pd.DataFrame, Columns, ColumnProblems]:
    """An export as an importer starts it: cells, columns, and a record of bad cells.

    Returns the cells (:func:`read_cells`, which picks the first sheet of a workbook that has
    the ``required`` columns unless ``sheet`` names one), the columns found by name in any
    case (raising one :class:`InputError` naming the file, the missing and the expected
    columns when a ``required`` one is absent; see :func:`~ronr.ingest.base.require_columns`)
    and an empty :class:`~ronr.ingest.base.ColumnProblems` for the file's data rows.
    """
    path = Path(path)
    required = tuple(required)
    raw = read_cells(path, sheet=sheet, required=required)
    columns = Columns(raw)
    columns.require(required, file=describe_source(path, raw), what=what, expected=expected)
    return raw, columns, ColumnProblems(path.name, row_numbers(len(raw)))


def describe_source(path: Path, frame: pd.DataFrame) -> str:
    """The file name for a message, with the sheet and header line when not the obvious ones.

    ``posts.csv``, ``posts.csv (header on line 4)`` or ``posts.xlsx (sheet 'Tweets')``.
    """
    parts = []
    if frame.attrs.get("sheet") is not None:
        parts.append(f"sheet {quoted(frame.attrs['sheet'])}")
    if frame.attrs.get("header_line", 1) > 1:
        unit = "row" if parts else "line"
        parts.append(f"header on {unit} {frame.attrs['header_line']}")
    return f"{path.name} ({', '.join(parts)})" if parts else path.name


# -- workbooks ----------------------------------------------------------------------------------

EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm")
# a workbook inflating beyond this (bytes of XML) is refused before it is read: pandas holds a
# whole sheet in memory, several times its XML's size
SHEET_LIMIT = 200_000_000
SHEET_LIMIT_ENV = "RONR_MAX_WORKBOOK_BYTES"
WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")  # the parts of an .xlsx that hold rows
ROW_END = re.compile(rb"</row>|<row\b[^>]*/>")  # where a row of a worksheet's XML ends
DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
HEAD_BYTES = 16_000_000  # at most this much of a sheet's XML is inflated for its first rows
try:  # one fast reader for .xls and .xlsx when installed; else xlrd (.xls) and openpyxl (.xlsx)
    import python_calamine  # noqa: F401

    EXCEL_ENGINE: str | None = "calamine"
except ImportError:
    EXCEL_ENGINE = None


def _is_zip(path: Path) -> bool:
    """Whether ``path`` starts as a zip (an .xlsx or .xlsm), whatever its name."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == EXCEL_MAGIC[0]
    except OSError:
        return False


def is_workbook(path: Path) -> bool:
    """Whether ``path`` is an Excel workbook: by its suffix, or by its first bytes (a .csv
    name on a workbook)."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4).startswith(EXCEL_MAGIC)
    except OSError:
        return False  # the text reader says why it cannot be read


def _whole_text(number: int) -> str:
    """A workbook's whole number as text: its digits, or scientific notation where rounded.

    Excel keeps 15 significant digits: a longer number typed into it ends in zeros
    (``1234567890123456`` is stored as ``1234567890123450``) and is written in scientific
    notation (``"1.23456789012345E+15"``), so an id read from it is rejected as rounded
    rather than taken with wrong digits. A number with more than 15 significant digits was
    not rounded by Excel (another program wrote the workbook), and is exact up to 2**53,
    where a float (every number cell is one) still holds every whole number:
    ``1800000000000001`` is ``"1800000000000001"``. Beyond 2**53 the float may have lost
    digits, and the number is written in scientific notation.
    """
    digits = str(abs(number))
    if len(digits) <= EXCEL_DIGITS:
        return str(number)
    significant = len(digits.rstrip("0"))
    if significant > EXCEL_DIGITS and abs(number) <= FLOAT_EXACT:
        return str(number)
    return format(number, f".{EXCEL_DIGITS}G")


def cell_text(value: object) -> str:
    """A workbook cell as the text a CSV of the sheet would hold.

    Whole numbers are written without ``.0`` (Excel stores every number as a float:
    ``1938.0`` is ``"1938"``; see :func:`_whole_text` for more than 15 digits), other numbers
    with Excel's 15 significant digits. Dates and times are ISO 8601
    (``"2016-01-29 09:00:00"``), booleans ``True`` and ``False``, an empty cell ``""``.
    """
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if not value.is_integer() or math.isinf(value):
            return format(value, f".{EXCEL_DIGITS}G")
        value = int(value)
    if isinstance(value, int):
        return _whole_text(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return str(value)  # "2016-01-29 09:00:00", "2016-01-29", "09:00:00"
    return str(value)


def _sheet_rows(book: pd.ExcelFile, name: str, *, nrows: int | None, file: str) -> list[list[str]]:
    """The cells of sheet ``name`` (its first ``nrows`` rows) as :func:`cell_text`."""
    try:
        frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object, nrows=nrows)
    except Exception as exc:  # a corrupt or oversized sheet: the engines raise many types
        raise InputError(
            f"{file} (sheet {quoted(name)}): cannot be read ({type(exc).__name__}: {quote_content(str(exc))})"
        ) from None
    return [[cell_text(v) for v in row] for row in frame.itertuples(index=False)]


def _header_of(rows: list[list[str]], file: str) -> int | None:
    """The position of the header among the non-blank ``rows`` (None for an empty sheet)."""
    numbered = [(i + 1, row) for i, row in enumerate(rows) if _filled(row)][:HEADER_SEARCH]
    if not numbered:
        return None
    return numbered[find_header(numbered, file=file, unit="row")][0] - 1


def _pick_sheet(
    sheets: Iterable[tuple[str, list[list[str]]]], file: str, required: Sequence[str] = ()
) -> str | None:
    """The sheet to read among (name, first rows); None when every sheet is empty.

    The first sheet whose header has every ``required`` column; else the first that holds a
    table (a header of two or more names: a sheet of notes is passed over); else the first
    with cells. A sheet whose header cannot be found counts as a table, so reading it gives
    that error.
    """
    wanted = {normalise_name(name) for name in required}
    table = any_cells = None
    for name, rows in sheets:
        try:
            header = _header_of(rows, f"{file} (sheet {quoted(name)})")
        except InputError:
            table = table or name
            continue
        if header is None:
            continue
        names = {normalise_name(c) for c in rows[header]} - {""}
        if wanted and wanted <= names:
            return name
        any_cells = any_cells or name
        if len(names) >= 2:
            table = table or name
    return table or any_cells


def _read_workbook(path: Path, *, sheet: str | None, required: Iterable[str]) -> pd.DataFrame:
    """One sheet of a workbook (see :func:`read_cells`)."""
    check_workbook_size(path)
    try:
        book = pd.ExcelFile(path, engine=EXCEL_ENGINE)
    except Exception as exc:  # xlrd/openpyxl/calamine raise many types for a corrupt workbook
        raise InputError(
            f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {quote_content(str(exc))})"
        ) from None
    with book:
        names = book.sheet_names
        if sheet is None and len(names) == 1:
            sheet = names[0]  # nothing to choose: its rows are read once
        elif sheet is None:
            heads = (
                (name, _sheet_rows(book, name, nrows=2 * HEADER_SEARCH, file=path.name))
                for name in names
            )
            sheet = _pick_sheet(heads, path.name, tuple(required))
            if sheet is None:
                raise InputError(
                    f"{path.name}: every sheet is empty (expected a header row and data rows; "
                    f"sheets: {', '.join(map(quoted, names))})"
                )
        else:  # the user's spelling, in any case
            found = [n for n in names if normalise_name(n) == normalise_name(sheet)]
            if not found:
                raise InputError(
                    f"{path.name}: no sheet named {quoted(sheet)} (sheets: {', '.join(map(quoted, names))})"
                )
            sheet = found[0]
        rows = _sheet_rows(book, sheet, nrows=None, file=path.name)
    file = f"{path.name} (sheet {quoted(sheet)})"
    header = _header_of(rows, file)
    if header is None:
        raise InputError(f"{file}: the sheet is empty (expected a header row and data rows)")
    notes = []
    if len(names) > 1:
        notes.append(f"read sheet {quoted(sheet)} (sheets: {', '.join(map(quoted, names))})")
    above = [(i + 1, row) for i, row in enumerate(rows[:header]) if _filled(row)]
    if above:
        notes.append(_skipped_note([*above, (header + 1, rows[header])], len(above), "row"))
    names_row = rows[header]
    body = [row for row in rows[header + 1 :] if _filled(row)]  # blank rows are no data rows
    width = max([len(names_row), *(len(row) for row in body)])
    named = max((i + 1 for i, c in enumerate(names_row) if c.strip()), default=0)
    columns = [c if c.strip() else f"Unnamed: {i}" for i, c in enumerate(names_row[:named])]
    columns += [SURPLUS_COLUMN.format(i + 1) for i in range(width - named)]
    cells = [row + [""] * (width - len(row)) for row in body]
    frame = pd.DataFrame(cells, columns=columns).astype(str)
    # columns without a name or a cell are the sheet's used range, not data
    unnamed = [i >= named or not names_row[i].strip() for i in range(width)]
    keep = [i for i in range(width) if not (unnamed[i] and (frame.iloc[:, i] == "").all())]
    frame = frame.iloc[:, keep]
    return _finish(frame, notes, header + 1, sheet)


def sheet_limit() -> int:
    """The most uncompressed bytes a workbook may inflate to (:data:`SHEET_LIMIT_ENV`)."""
    try:
        return int(os.environ.get(SHEET_LIMIT_ENV, SHEET_LIMIT))
    except ValueError:
        return SHEET_LIMIT


def check_workbook_size(path: Path, *, limit: int | None = None) -> None:
    """Refuse an .xlsx whose parts inflate beyond ``limit`` bytes (default :func:`sheet_limit`).

    A zip says each part's uncompressed size without inflating it, so a workbook whose sheet
    would fill gigabytes of memory (a zip bomb, or an export far beyond any client's) stops
    with its reason before it is read. An .xls (no zip) is not checked.

    Raises
    ------
    InputError
        Naming the file, its size and the limit (and how to raise it).
    """
    limit = sheet_limit() if limit is None else limit
    try:
        with zipfile.ZipFile(path) as book:
            size = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip (an .xls): the Excel reader says what is wrong, if anything
    if size > limit:
        raise InputError(
            f"{path.name}: the workbook inflates to {size / 1e6:,.0f} MB of XML, beyond the "
            f"limit of {limit / 1e6:,.0f} MB for one export; save the sheet as CSV or split it "
            f"(or raise the limit with the environment variable {SHEET_LIMIT_ENV}, in bytes)"
        )


def _sheet_head(part: IO[bytes], nrows: int) -> bytes:
    """The XML of a worksheet cut after its first ``nrows`` rows, still a whole worksheet.

    Inflated a block at a time and no further than those rows (at most :data:`HEAD_BYTES`);
    the declared dimension is left out, as the rows cut no longer fill it.
    """
    data = b""
    ends = 0
    while len(data) < HEAD_BYTES:
        block = part.read(SAMPLE_SIZE)
        if not block:
            return DIMENSION.sub(b"", data)  # the whole sheet is that short
        ends += len(ROW_END.findall(data[-16:] + block)) - len(ROW_END.findall(data[-16:]))
        data += block
        if ends >= nrows:
            break
    found = [m.end() for m in ROW_END.finditer(data)]
    cut = found[nrows - 1] if len(found) >= nrows else (found[-1] if found else len(data))
    return DIMENSION.sub(b"", data[:cut]) + b"</sheetData></worksheet>"


def _xlsx_head_copy(path: Path, nrows: int) -> io.BytesIO:
    """An in-memory copy of the .xlsx ``path`` whose worksheets hold their first ``nrows`` rows.

    Detection then reads a few kilobytes whatever the size of a sheet (a sheet of millions
    of rows, or a zip bomb), with the same reader and cell texts as the whole file.
    """
    limit = sheet_limit()
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            with source.open(info) as part:
                if WORKSHEET.fullmatch(info.filename):
                    target.writestr(info.filename, _sheet_head(part, nrows))
                elif info.file_size > limit:  # shared strings, styles: whole, when sane
                    raise InputError(
                        f"{path.name}: part {info.filename} inflates to "
                        f"{info.file_size / 1e6:,.0f} MB, beyond the limit of "
                        f"{limit / 1e6:,.0f} MB ({SHEET_LIMIT_ENV})"
                    )
                else:
                    target.writestr(info, part.read())
    copy.seek(0)
    return copy


def read_excel_sheets(path: str | Path, *, nrows: int | None = None) -> dict[str, pd.DataFrame]:
    """Every worksheet as cells (strings, no header), or one clear error naming the file.

    Each cell is the text :func:`cell_text` makes of it, as in :func:`read_cells`: a
    number's text decides how an id or a count made of it is read (``1938``, not
    ``1938.0``; ``1.81E+16`` for a rounded id, never its float's digits). With ``nrows`` an
    .xlsx is streamed (its first rows only: a huge sheet costs no more to detect); without,
    a workbook beyond :func:`sheet_limit` is refused (:func:`check_workbook_size`).
    """
    path = Path(path)
    source: Path | IO[bytes] = path
    if nrows is None:
        check_workbook_size(path)
    elif _is_zip(path):
        try:
            source = _xlsx_head_copy(path, nrows)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(
                f"{path.name}: not a readable Excel workbook ({quote_content(str(exc))})"
            ) from None
    try:
        sheets = pd.read_excel(
            source, sheet_name=None, header=None, dtype=object, nrows=nrows, engine=EXCEL_ENGINE
        )
    except Exception as exc:  # xlrd/openpyxl raise many types for a corrupt workbook
        raise InputError(
            f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {quote_content(str(exc))})"
        ) from None
    return {name: frame.map(cell_text).astype(str) for name, frame in sheets.items()}


def sample_file(path: str | Path, *, size: int = SAMPLE_SIZE) -> Sample:
    """The start of ``path`` for format detection (see :class:`ronr.ingest.base.Sample`).

    The header is found as :func:`read_cells` finds it (title lines above it skipped), in the
    first sheet with cells of a workbook. Lines may end in ``\\n``, ``\\r\\n`` or a lone
    ``\\r`` (old Mac files).

    Raises
    ------
    InputError
        When the file cannot be read, is empty, or has title lines but no header row.
    """
    path = Path(path)
    if is_workbook(path):
        sheets = {
            name: frame.values.tolist() for name, frame in read_excel_sheets(path, nrows=12).items()
        }
        cells = {name: [[str(c) for c in row] for row in rows] for name, rows in sheets.items()}
        header: list[str] = []
        name = _pick_sheet(cells.items(), path.name)
        if name is not None:  # raises, as reading it would, when the header cannot be found
            header = cells[name][
                _header_of(cells[name], f"{path.name} (sheet {quoted(name)})") or 0
            ]
        check_width(sum(1 for c in header if str(c).strip()), file=path.name)
        return Sample(path, tuple(str(c).strip().lower() for c in header), (), sheets)
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path.name}: the file is empty (expected a header row and data rows)")
    cut = len(data) == size
    if cut:  # a cut sample: end on a whole character and line
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data[: len(data) // 2 * 2]
        else:
            data = data[: max(data.rfind(b"\n"), data.rfind(b"\r")) + 1] or data
    text = decode_bytes(data, file=path.name)
    lines = tuple(LINE_BREAK.split(text, maxsplit=HEADER_SEARCH)[:HEADER_SEARCH])
    rows = _text_rows(split_lines(text, HEADER_SEARCH))
    header = rows[find_header(rows, file=path.name)][1] if rows else []
    # a sample cut before its first line ends holds only the start of the header: its count
    # is then a lower bound (the whole file is never read to count a runaway header)
    check_width(len(header), file=path.name, at_least=cut and not LINE_BREAK.search(text))
    return Sample(path, tuple(c.strip().strip("\ufeff").lower() for c in header), lines, {})
