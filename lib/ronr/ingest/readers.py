"""Reading raw files as text cells: encoding and delimiter detection, one clear error if unreadable."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import Sample

ENCODINGS = ("utf-8-sig", "utf-16", "cp1252", "latin-1")


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


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon, tab or pipe."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv_text(path: str | Path, *, skip_rows: int = 0) -> pd.DataFrame:
    """Every cell of a delimited text file as a string, header from the first (non-skipped) line."""
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
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm")


def read_excel_sheets(path: str | Path, *, nrows: int | None = None) -> dict[str, pd.DataFrame]:
    """Every worksheet as cells (strings, no header), or one clear error naming the file."""
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, nrows=nrows)
    except Exception as exc:  # xlrd/openpyxl raise many types for a corrupt workbook
        raise InputError(
            f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {exc})"
        ) from None
    return {name: frame.fillna("") for name, frame in sheets.items()}


def sample_file(path: str | Path, *, size: int = 65536) -> Sample:
    """The start of ``path`` for format detection (see :class:`ronr.ingest.base.Sample`)."""
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
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        data = data[: len(data) // 2 * 2] if utf16 else data[: data.rfind(b"\n") + 1] or data
    text = decode_bytes(data, file=path.name)
    lines = tuple(line.rstrip("\r") for line in text.split("\n")[:20])
    first = next((line for line in lines if line.strip()), "")
    delimiter = sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter), [])
    return Sample(path, tuple(c.strip().strip("\ufeff").lower() for c in header), lines, {})
