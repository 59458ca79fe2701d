"""Reading raw files as text cells: encodings, delimiters, line endings; one clear error if not.

Every importer reads its CSV through :func:`read_csv_text` (or :func:`read_export`) and its
workbooks through :func:`read_excel_sheets`; :func:`sample_file` reads the start of a file for
format detection.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import ColumnProblems, Columns, Sample, is_missing, row_numbers

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Windows, old Mac and Unix line endings
SURPLUS_COLUMN = "(unnamed column {})"  # cells beyond the header, numbered from 1


def decode_bytes(data: bytes, *, file: str) -> str:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 (with BOM) or Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{file}: looks like UTF-16 but cannot be decoded ({exc.reason})"
            ) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


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
    """The columns :func:`read_csv_text` made of cells beyond the header."""
    prefix = SURPLUS_COLUMN.split("{")[0]
    return [c for c in frame.columns if str(c).startswith(prefix)]


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


def read_csv_text(path: str | Path, *, skip_rows: int = 0) -> pd.DataFrame:
    """Every cell of a delimited text file as a string, header from the first (non-skipped) line.

    Names are stripped, and repeated names suffixed ``.1``, ``.2`` in file order. Cells beyond
    the header in the first data row (a trailing delimiter) become ``(unnamed column N)``
    columns (see :data:`SURPLUS_COLUMN`), dropped when empty on every row; the named columns
    keep their names.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path.name}: the file is empty (expected a header row and data rows)")
    text = decode_bytes(data, file=path.name)
    if "\x00" in text:
        raise InputError(f"{path.name}: binary content; expected a CSV text file")
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skiprows=skip_rows,
            quoting=csv.QUOTE_MINIMAL,
            on_bad_lines="error",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError(f"{path.name}: not a valid delimited file ({exc})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path.name}: no header row found") from None
    if not isinstance(frame.index, pd.RangeIndex):
        frame = _unshift(frame)
    frame.columns = dedupe_names(frame.columns)
    return frame


def read_export(
    path: str | Path, *, required: Iterable[str], what: str, expected: Iterable[str]
) -> tuple[pd.DataFrame, Columns, ColumnProblems]:
    """A CSV export as an importer starts it: cells, columns, and a record of bad cells.

    Returns the cells (:func:`read_csv_text`), the columns found by name in any case (raising
    one :class:`InputError` naming the file, the missing and the expected columns when a
    ``required`` one is absent; see :func:`~ronr.ingest.base.require_columns`) and an empty
    :class:`~ronr.ingest.base.ColumnProblems` for the file's data rows.
    """
    path = Path(path)
    raw = read_csv_text(path)
    columns = Columns(raw)
    columns.require(required, file=path.name, what=what, expected=expected)
    return raw, columns, ColumnProblems(path.name, row_numbers(len(raw)))


EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm")
try:  # one fast reader for .xls and .xlsx when installed; else xlrd (.xls) and openpyxl (.xlsx)
    import python_calamine  # noqa: F401

    EXCEL_ENGINE: str | None = "calamine"
except ImportError:
    EXCEL_ENGINE = None


def read_excel_sheets(path: str | Path, *, nrows: int | None = None) -> dict[str, pd.DataFrame]:
    """Every worksheet as cells (strings, no header), or one clear error naming the file."""
    path = Path(path)
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, header=None, dtype=str, nrows=nrows, engine=EXCEL_ENGINE
        )
    except Exception as exc:  # xlrd/openpyxl raise many types for a corrupt workbook
        raise InputError(
            f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {exc})"
        ) from None
    return {name: frame.fillna("") for name, frame in sheets.items()}


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # e.g. a quote left open: the plain cells are enough to detect a format
        return line.split(delimiter)


def sample_file(path: str | Path, *, size: int = 65536) -> Sample:
    """The start of ``path`` for format detection (see :class:`ronr.ingest.base.Sample`).

    Lines may end in ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files).
    """
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = {
            name: frame.values.tolist() for name, frame in read_excel_sheets(path, nrows=12).items()
        }
        first = next(iter(sheets.values()), [])
        header = next((row for row in first if any(str(c).strip() for c in row)), [])
        return Sample(path, tuple(str(c).strip().lower() for c in header), (), sheets)
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError as exc:
        raise InputError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path.name}: the file is empty (expected a header row and data rows)")
    if len(data) == size:  # a cut sample: end on a whole character and line
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data[: len(data) // 2 * 2]
        else:
            data = data[: max(data.rfind(b"\n"), data.rfind(b"\r")) + 1] or data
    text = decode_bytes(data, file=path.name)
    lines = tuple(LINE_BREAK.split(text, maxsplit=20)[:20])
    first = next((line for line in lines if line.strip()), "")
    header = _split_header(first, sniff_delimiter(first))
    return Sample(path, tuple(c.strip().strip("\ufeff").lower() for c in header), lines, {})
