"""What every importer returns, and the helpers they share.

Parsers work on whole columns and return the parsed values plus a reason per bad cell, so a
file of a million rows is checked in a few vectorised passes and every rejected row keeps the
column, value and reason that rejected it. Besides the parsers this module holds the column
helpers (finding columns by name, required columns, extra columns) and the assembly of an
importer's result (canonical tables, provenance, duplicates, rejects in file order).

Locales. What a file's values do not settle themselves is settled per FILE, never per cell:
:class:`FileReading` holds the user's answers (``date_order``, ``number_format``) and what
the parsers found so far in the file being imported. :func:`~ronr.ingest.detect.import_file`
sets it for the duration of ``importer.read`` (a :class:`contextvars.ContextVar`, so the
answers reach every column an importer parses without threading them through each call;
:func:`read_deciding` reads the file once more when a later column showed what an earlier one
had to assume); a parser called outside an import reads its column on its own.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..config import CHANNEL_ALIASES, CHANNELS
from ..errors import InputError, quoted
from ..schema import COUNT, DERIVED_COLUMNS, TABLES, empty_table

REJECT_COLUMNS = ["file", "row", "column", "value", "reason"]
MISSING_TOKENS = frozenset({"", "-", "–", "n/a", "na", "null", "none", "nan"})
MAX_COUNT = 10**15  # larger counts are data errors, and beyond exact float integers
PLAIN_COUNT = "[0-9]{1,15}"  # digits only, below MAX_COUNT: converted in one cast
EXTRA_SUFFIX = "_file"  # added to an extra column named like a canonical one
POST_ID = ["post_id", "brand", "channel"]  # what makes a post unique

ISO8601 = "ISO8601"
TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"  # Tue Oct 31 22:10:47 +0000 2017
# the dates a datetime64[ns] column holds (it ends on 11 April 2262): others are rejected
EARLIEST = pd.Timestamp("1678-01-01", tz="UTC")
LATEST = pd.Timestamp("2262-01-01", tz="UTC")  # exclusive
FUTURE_MARGIN = pd.Timedelta(days=1)  # times later than now + this are "in the future"
UTC_US = "datetime64[us, UTC]"  # parsing resolution: years 1 to 9999 fit
UTC_NS = "datetime64[ns, UTC]"  # the canonical tables' resolution

T = TypeVar("T")


@dataclass
class ImportResult:
    """The outcome of importing one file.

    ``rows_read == rows_accepted + rows_rejected`` always holds: a row is either in one of
    ``tables`` or listed (once per problem) in ``rejects``.
    """

    file: str
    format: str
    rows_read: int
    tables: dict[str, pd.DataFrame]
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))
    # what the import assumed or did that the user should hear, one sentence each (e.g. how
    # numbers that read two ways were read, and why)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected, each counted once however many problems it had (per file or sheet)."""
        if not len(self.rejects):
            return 0
        return len(self.rejects[["file", "row"]].drop_duplicates())

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rows_rejected


@dataclass(frozen=True)
class ImportContext:
    """What an importer may need to know about the client besides the file.

    Exports of the client's own account (tweet activity, page exports) carry no brand column:
    their rows belong to ``brand``. Sources without a year (the UCI dataset) take ``year``.
    Naive local times are read in ``timezone``.

    ``handles`` are the client's own handles. ``brands`` lists every tracked brand as
    ``(name, handles)``, the client's first (``ClientConfig.brands``), for exports that hold
    several brands' accounts (a conversation file with competitors' support accounts); when it
    is empty the client (``brand``, ``handles``) is the only tracked brand.

    ``date_order``, ``number_format`` and ``sheet`` are the user's answers where a file does
    not settle a question itself (a date column that fits both orders, a number like
    ``1.234``, a workbook with several fitting sheets); None means "infer from the values".
    :func:`~ronr.ingest.detect.import_file` hands the first two to every parser of the file
    (see :class:`FileReading`); importers need not pass them on.
    """

    brand: str = "brand"
    handles: tuple[str, ...] = ()
    year: int | None = None
    timezone: str = "UTC"
    now: pd.Timestamp | None = None  # dates after this are "in the future" (default: today)
    brands: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # how the file writes what its values do not settle (client.yaml, or the export's entry):
    date_order: str | None = None  # "day-first" or "month-first", for dates that fit both
    number_format: str | None = None  # "1,234.5", "1.234,5", "1 234,5" or "1'234.5"
    sheet: str | None = None  # the worksheet of a workbook to read (default: the first that fits)

    def tracked_handles(self) -> dict[str, str]:
        """Every tracked handle -> its brand's name.

        Returns
        -------
        dict
            Handle in lower case without ``@`` -> brand name, from ``brands`` (or from
            ``brand`` and ``handles`` when ``brands`` is empty); empty when no handle is known.
            A handle listed under two brands belongs to the first (the client's, if it is one).
        """
        brands = self.brands or ((self.brand, self.handles),)
        owners: dict[str, str] = {}
        for name, handles in brands:
            for handle in handles:
                key = handle.strip().lstrip("@").lower()
                if key:
                    owners.setdefault(key, name)
        return owners


@dataclass(frozen=True)
class Sample:
    """The start of a file, for format detection without reading all of it.

    ``header`` is the first non-empty line split on the detected delimiter (lower-cased,
    stripped); ``lines`` the first decoded lines; ``sheets`` maps each worksheet name of an
    Excel file to its first rows (empty for text files).
    """

    path: Path
    header: tuple[str, ...]
    lines: tuple[str, ...]
    sheets: dict[str, list[list]]


@dataclass(frozen=True)
class Importer:
    """One source format.

    ``sniff`` says whether a sample is this format; ``read`` imports the whole file.
    """

    name: str
    description: str
    sniff: Callable[[Sample], bool]
    read: Callable[[Path, ImportContext], ImportResult]
    tables: tuple[str, ...]


class ColumnProblems:
    """Collects (row, column, value, reason) for cells that failed to parse."""

    def __init__(self, file: str, rows: pd.Series):
        self.file = file
        self.rows = rows
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str, values: pd.Series, reason: str) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            self._parts.append(
                pd.DataFrame(
                    {
                        "file": self.file,
                        "row": self.rows[mask].to_numpy(),
                        "column": column,
                        "value": values[mask].astype(str).str.slice(0, 200).to_numpy(),
                        "reason": reason,
                    }
                )
            )

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=REJECT_COLUMNS)
        return pd.concat(self._parts, ignore_index=True)

    def bad_rows(self) -> set[int]:
        return set(self.frame()["row"].tolist())


# -- what a file settles once for all its columns ---------------------------------------------

DATE_ORDERS = ("day-first", "month-first")
# number_format -> its decimal mark. Spaces and apostrophes only ever group digits, so the one
# question a file can leave open is whether "." or "," is the decimal mark.
NUMBER_FORMATS = {"1,234.5": ".", "1.234,5": ",", "1 234,5": ",", "1'234.5": "."}
ANSWER_WHERE = "in client.yaml (this export's entry or the client)"
EXAMPLE = "\x00"  # where a note names the cell it is about (no file name holds a NUL)


class Evidence(NamedTuple):
    """A cell that shows something about the file: where it is and what it says."""

    label: str  # the file (and sheet) as rejects name it
    column: str
    row: int
    value: str

    def __str__(self) -> str:
        return f"{quoted(self.value)} ({self.label}, column {quoted(self.column)}, row {self.row})"


@dataclass(frozen=True)
class DecimalMark:
    """How numbers that read two ways (``1.234``, ``12,400``) are read in a file, and why."""

    mark: str  # "." or ","
    why: str  # for reject reasons and errors: "number_format in client.yaml says so", ...
    assumed: bool  # True when nothing in the file showed the mark (a count, the delimiter)
    first: Evidence  # the first such number read with it
    note: str = ""  # what the user is told about an assumed mark, EXAMPLE left to fill


def _other(mark: str) -> str:
    return "," if mark == "." else "."


def _format_with(mark: str) -> str:
    """The ``number_format`` that reads numbers with ``mark`` as the decimal mark."""
    return "1,234.5" if mark == "." else "1.234,5"


def _ask(mark: str, other: str) -> str:
    """The end of an error that asks for ``number_format``."""
    return (
        f"say how this file writes numbers with number_format: {_format_with(mark)!r} or "
        f"{_format_with(other)!r} {ANSWER_WHERE}"
    )


@dataclass
class FileReading:
    """What holds for every column of the file being imported.

    ``date_order`` and ``number_format`` are the user's answers (None: infer from the values);
    ``date_format`` the ``strptime`` format the user gave for the file's dates, when its order
    of day and month is what ``date_order`` holds (reject reasons then name it);
    ``delimiter`` is the file's field separator (None for a workbook or when unknown), a hint
    where the numbers do not show their decimal mark. The parsers add what they find:
    ``shown``, the first cell that can only be read with "." (or ",") as the decimal mark;
    ``grouped``, the first count that reads two ways and was read with "." (or ",") grouping
    thousands; ``decimal``, the mark chosen for numbers that read both ways; and ``notes``
    for the user (a mark assumed is noted until a later cell of the file confirms it).

    Why per file: ``1.234`` is 1234 in a German file and 1.234 in an English one, and the
    same file's other columns (``2,5 %``, ``0.025``, ``1.234.567``) usually tell which. A
    count is a whole number, so a count ``12.400`` (``.`` and three digits) groups thousands
    unless the file shows ``.`` as its decimal mark elsewhere (``2.5``); and it then tells the
    file's decimal mark to its other columns (``1,234`` in a rate column is 1.234).

    The evidence of every column counts, wherever the column is: :func:`read_deciding` reads
    the file again, knowing what the whole file showed, when a later column contradicts a
    mark an earlier one assumed (``revisable`` is then True and the contradiction sets
    ``stale`` instead of raising). Only a file that shows both marks where a number needs
    one, or counts that group thousands both ways, stops the import with an error asking for
    ``number_format``; a parser used outside :func:`read_deciding` raises on any
    contradiction, since the numbers it already returned may be wrong.
    """

    file: str
    date_order: str | None = None
    number_format: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None  # the workbook sheet the user named (None: the first that fits)
    shown: dict[str, Evidence] = field(default_factory=dict)  # mark -> first cell only it reads
    grouped: dict[str, Evidence] = field(default_factory=dict)  # mark -> first count it groups
    decimal: DecimalMark | None = None
    date_format: str | None = None  # the user's strptime format, which settles date_order
    revisable: bool = False  # a contradiction marks the reading stale (read_deciding re-reads)
    stale: bool = False
    _told: str | None = field(default=None, repr=False)  # the note said about ``decimal``

    def __post_init__(self) -> None:
        if self.date_order is not None and self.date_order not in DATE_ORDERS:
            raise InputError(
                f"{self.file}: date_order {quoted(self.date_order)} is not one of "
                f"{', '.join(DATE_ORDERS)} (set it {ANSWER_WHERE})"
            )
        if self.number_format is not None and self.number_format not in NUMBER_FORMATS:
            raise InputError(
                f"{self.file}: number_format {quoted(self.number_format)} is not one of "
                f"{', '.join(repr(f) for f in NUMBER_FORMATS)} (set it {ANSWER_WHERE})"
            )

    def again(self) -> FileReading:
        """A fresh reading of the same file that knows from the start what this one found."""
        return FileReading(
            self.file,
            date_order=self.date_order,
            number_format=self.number_format,
            delimiter=self.delimiter,
            sheet=self.sheet,
            shown=dict(self.shown),
            grouped=dict(self.grouped),
            date_format=self.date_format,
        )

    def _contradicted(self, chosen: DecimalMark, mark: str, but: str) -> None:
        """A cell shows ``mark`` is the decimal mark, but numbers were read with the other."""
        if self.revisable:  # read_deciding reads the file again, knowing both cells
            self.stale = True
            return
        raise InputError(
            f"{self.file}: numbers such as {chosen.first} were read with {chosen.mark!r} as the "
            f"decimal mark and {_other(chosen.mark)!r} grouping thousands ({chosen.why}), "
            f"{but}; {_ask(mark, chosen.mark)}"
        )

    def _confirm(self, evidence: Evidence) -> None:
        """The assumed decimal mark is the one ``evidence`` shows: no more to say about it."""
        chosen = self.decimal
        if self._told is not None and self._told in self.notes:
            self.notes.remove(self._told)
        self._told = None
        self.decimal = DecimalMark(chosen.mark, f"the file writes {evidence}", False, chosen.first)

    def saw(self, mark: str, evidence: Evidence) -> None:
        """Record a cell that reads only with ``mark`` as the decimal mark.

        Raises
        ------
        InputError
            Outside :func:`read_deciding`, when numbers that read both ways were already read
            with the other mark: the file writes numbers both ways, and those numbers may be
            wrong. ``number_format`` (the user's answer) silences this.
        """
        if mark in self.shown:
            return
        self.shown[mark] = evidence
        chosen = self.decimal
        if chosen is None or self.number_format is not None:
            return
        if chosen.mark == mark:
            if chosen.assumed:
                self._confirm(evidence)
            return
        self._contradicted(
            chosen, mark, f"but {evidence} reads only with {mark!r} as the decimal mark"
        )

    def _groups(self, mark: str, example: Evidence) -> DecimalMark:
        """A count that reads two ways was read with ``mark`` grouping thousands."""
        self.grouped.setdefault(mark, example)
        implied = _other(mark)
        chosen = self.decimal
        if chosen is None:
            if implied in self.shown:
                why = f"the file writes {self.shown[implied]}"
                self.decimal = DecimalMark(implied, why, False, example)
            else:
                why = (
                    f"a count is a whole number, and no number in the file writes {mark!r} as "
                    "a decimal mark"
                )
                note = (
                    f"{example.label}: numbers such as {EXAMPLE} were read with {mark!r} "
                    f"grouping thousands: {why}. If {mark!r} is the decimal mark here, set "
                    f"number_format: {_format_with(mark)!r} {ANSWER_WHERE}."
                )
                self.decimal = DecimalMark(implied, why, True, example, note)
        elif chosen.mark != implied:
            self._contradicted(
                chosen,
                implied,
                f"but {example} is a count, a whole number only with {mark!r} grouping thousands",
            )
        return self.decimal

    def _both_shown(self, example: Evidence) -> InputError:
        return InputError(
            f"{self.file}: numbers such as {example} read two ways, and the file writes "
            f"decimals both ways ({self.shown['.']} and {self.shown[',']}); "
            f"{_ask('.', ',')}"
        )

    def count_mark(self, mark: str, example: Evidence) -> DecimalMark | None:
        """How counts that read two ways with ``mark`` (``12.400``, ``12,400``) are read.

        A count is a whole number, so ``mark`` followed by three digits groups thousands,
        unless ``number_format`` or a cell of the file (``2.5``, ``12.5``) says ``mark`` is
        the decimal mark.

        Returns
        -------
        DecimalMark or None
            The reading with ``mark`` as the decimal mark, or None: ``mark`` groups thousands.

        Raises
        ------
        InputError
            When the file writes decimals both ways; or, outside :func:`read_deciding`,
            when numbers were read with ``mark`` as the decimal mark on an assumption.
        """
        if self.number_format is not None:
            decimal = NUMBER_FORMATS[self.number_format]
            why = f"number_format {quoted(self.number_format)}"
            return DecimalMark(decimal, why, False, example) if decimal == mark else None
        if len(self.shown) == 2:
            raise self._both_shown(example)
        if mark in self.shown:
            chosen = DecimalMark(mark, f"the file writes {self.shown[mark]}", False, example)
            if self.decimal is None:  # the file's decision: a later "," cell contradicts it
                self.decimal = chosen
            return chosen
        self._groups(mark, example)
        return None

    def decimal_for(self, example: Evidence) -> DecimalMark:
        """The decimal mark of numbers that read both ways, decided once for the file.

        In order: the user's ``number_format``; the mark the file's cells show (a cell such as
        ``2,5``, ``0.025``, ``1.234.567`` or ``1,234.5`` reads only one way); the mark its
        counts do not group thousands with (a count ``12.400`` is 12400, so ``,`` is the
        decimal mark); the delimiter (a ``;``-separated file comes from a spreadsheet whose
        locale writes decimal commas, a ``,``-separated one from a locale with decimal points);
        else ``.``. The last three are assumptions, said in :attr:`notes` (see
        :meth:`tell`) until a cell of the file confirms them.

        Raises
        ------
        InputError
            When the file shows both marks, or its counts group thousands both ways.
        """
        if self.number_format is not None:
            mark = NUMBER_FORMATS[self.number_format]
            return DecimalMark(mark, f"number_format {quoted(self.number_format)}", False, example)
        if self.decimal is not None:
            return self.decimal
        if len(self.shown) == 2:
            raise self._both_shown(example)
        if self.shown:
            ((mark, evidence),) = self.shown.items()
            self.decimal = DecimalMark(mark, f"the file writes {evidence}", False, example)
            return self.decimal
        if self.grouped:  # read again knowing the file's counts (see read_deciding)
            mark, evidence = next(iter(self.grouped.items()))
            self._groups(mark, evidence)
            for other, seen in list(self.grouped.items())[1:]:
                self._groups(other, seen)  # both: the counts contradict each other
            return self.decimal
        if self.delimiter in (";", ","):
            mark = "," if self.delimiter == ";" else "."
            why = (
                f"the file is {quoted(self.delimiter)}-separated, as spreadsheets write it where "
                f"{mark!r} is the decimal mark; no number in it shows the mark"
            )
        else:
            mark, why = ".", "no number in the file shows its decimal mark; '.' is the default"
        note = (
            f"{example.label}: numbers such as {EXAMPLE} were read with {mark!r} as the "
            f"decimal mark and {_other(mark)!r} grouping thousands: {why}. If that is wrong, "
            f"set number_format: {_format_with(_other(mark))!r} {ANSWER_WHERE}."
        )
        self.decimal = DecimalMark(mark, why, True, example, note)
        return self.decimal

    def tell(self, chosen: DecimalMark | None, example: Evidence | None) -> None:
        """Say (once) that numbers such as ``example`` were read on the assumed ``chosen``.

        Called by the parsers with a cell they kept: a number rejected is said by its reject
        reason, never by a note claiming it was read. Nothing is said when ``chosen`` is no
        longer the file's assumption (a cell confirmed it since).
        """
        if chosen is None or example is None or chosen is not self.decimal:
            return
        if not chosen.assumed or self._told is not None:
            return
        shown = f"{quoted(example.value)} (column {quoted(example.column)})"
        self._told = chosen.note.replace(EXAMPLE, shown)
        self.notes.append(self._told)


_READING: ContextVar[FileReading | None] = ContextVar("ronr_file_reading", default=None)


@contextmanager
def reading_file(reading: FileReading) -> Iterator[FileReading]:
    """Make ``reading`` the file every parser reads until the block ends (see :class:`FileReading`).

    :func:`~ronr.ingest.detect.import_file` wraps ``importer.read`` in it (through
    :func:`read_deciding`): the answers and findings hold for every column the importer
    parses, in whatever function it parses them.
    """
    token = _READING.set(reading)
    try:
        yield reading
    finally:
        _READING.reset(token)


def read_deciding(reading: FileReading, read: Callable[[], T]) -> tuple[T, FileReading]:
    """``read()`` inside ``reading``, the number format decided from the whole file.

    The first pass reads the file as it comes. When a column contradicted a decimal mark an
    earlier column assumed (a count ``12.400`` read as 12400, then a rate ``2.5``), the file
    is read once more by a reading that knows from the start what every column showed, so
    each number is read as the whole file says. The second pass raises where the file itself
    is contradictory (see :class:`FileReading`).

    Returns
    -------
    result, reading
        What ``read`` returned, and the reading that produced it (its ``notes`` are the
        file's).
    """
    reading.revisable = True
    with reading_file(reading):
        result = read()
    if not reading.stale:
        return result, reading
    again = reading.again()
    with reading_file(again):
        return read(), again


def active_reading() -> FileReading | None:
    """The file being imported by :func:`ronr.ingest.import_file`, or None outside an import."""
    return _READING.get()


def current_reading(file: str) -> FileReading:
    """The file being imported, or (outside an import) a fresh one that only this call sees."""
    reading = _READING.get()
    return reading if reading is not None else FileReading(file)


def sample_delimiter(sample: Sample) -> str | None:
    """The field separator of a text file's header line in ``sample`` (None for a workbook).

    The header line is the sampled line whose cells, split on the separator, are the
    sample's header (title lines above it are skipped); None when no line is.
    """
    if sample.sheets:
        return None
    for line in sample.lines:
        for delimiter in (",", ";", "\t", "|"):
            if delimiter not in line:
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                continue
            if tuple(c.strip().strip("\ufeff").lower() for c in cells) == sample.header:
                return delimiter
    return None


# -- small helpers ----------------------------------------------------------------------------


def now_utc(now: pd.Timestamp | None = None) -> pd.Timestamp:
    """``now`` as a UTC timestamp (a naive one is read as UTC); the current time if None."""
    stamp = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def latest_date(now: pd.Timestamp | None = None) -> pd.Timestamp:
    """The last time that is not "in the future": a day after ``now`` (see :func:`now_utc`)."""
    return now_utc(now) + FUTURE_MARGIN


def is_missing(raw: pd.Series) -> pd.Series:
    """True where a raw cell means 'no value' ('' or '-' and friends)."""
    return raw.isna() | raw.astype(str).str.strip().str.lower().isin(MISSING_TOKENS)


def row_numbers(n: int) -> pd.Series:
    """1-based data row numbers (the header is not counted)."""
    return pd.Series(np.arange(1, n + 1), dtype="int64")


# -- columns by name --------------------------------------------------------------------------


def normalise_name(name: object) -> str:
    """A column name for matching: lower-case, single spaces, no BOM."""
    return " ".join(str(name).replace("\ufeff", "").lower().split())


def column_lookup(columns: Iterable[object]) -> dict[str, str]:
    """Map each normalised column name to the file's own spelling (the first occurrence wins).

    Look names up with ``lookup[normalise_name(name)]``: matching ignores case, repeated spaces
    and a byte-order mark.
    """
    found: dict[str, str] = {}
    for name in columns:
        found.setdefault(normalise_name(name), str(name))
    return found


def require_columns(
    lookup: Mapping[str, str],
    required: Iterable[str],
    *,
    file: str,
    what: str,
    expected: Iterable[str],
) -> None:
    """Raise one :class:`InputError` naming the file, every missing column and the expected ones.

    Parameters
    ----------
    lookup
        The file's columns, from :func:`column_lookup`.
    required
        The required column names as the format spells them (matched in any case).
    file
        The file name (and sheet) for the message.
    what
        What the file was read as, e.g. ``"a Sprout Social post performance export"``.
    expected
        All the columns the format knows, listed in the message.
    """
    missing = [name for name in required if normalise_name(name) not in lookup]
    if missing:
        raise InputError(
            f"{file}: missing required column {', '.join(quoted(c) for c in missing)} "
            f"for {what} (expected columns: {', '.join(expected)})"
        )


def extra_name(name: str, taken: set[str]) -> str:
    """``name`` with :data:`EXTRA_SUFFIX` appended until it is none of ``taken``."""
    while name in taken:
        name += EXTRA_SUFFIX
    return name


def keep_extras(
    frame: pd.DataFrame, extras: Mapping[str, pd.Series], *, table: str
) -> pd.DataFrame:
    """Add the columns kept from an export to ``frame`` (in place), under their own names.

    A name that is a canonical column of ``table`` (provenance and derived columns included)
    or already a column of ``frame`` gets the suffix :data:`EXTRA_SUFFIX` (``channel`` becomes
    ``channel_file``): a file's own ``source_row`` or ``sentiment`` must not pass for ronr's.
    Names are compared exactly (``Likes`` is not ``likes``).
    """
    for kept, series in extra_names(frame.columns, extras, table=table).items():
        frame[kept] = series
    return frame


def extra_names(
    columns: Iterable[object], extras: Mapping[str, pd.Series], *, table: str
) -> dict[str, pd.Series]:
    """``extras`` under the names :func:`keep_extras` gives them beside ``columns``."""
    taken = set(TABLES[table].columns) | {str(c) for c in columns}
    named = {}
    for name, series in extras.items():
        kept = extra_name(str(name), taken)
        taken.add(kept)
        named[kept] = series
    return named


def other_columns(raw: pd.DataFrame, used: Iterable[str]) -> dict[str, pd.Series]:
    """The columns of ``raw`` whose names are not in ``used`` (the file's spelling), in order."""
    used = set(used)
    return {str(name): raw[name] for name in raw.columns if name not in used}


class Columns:
    """The columns of a raw frame, found by name in any case; remembers the ones read.

    ``columns.get("Post ID")`` is the file's ``post id`` (or ``POST ID``) column, or None;
    :meth:`others` are the columns never read, to keep as extras.
    """

    def __init__(self, raw: pd.DataFrame):
        self.raw = raw
        self.lookup = column_lookup(raw.columns)
        self.used: set[str] = set()

    def __contains__(self, name: str) -> bool:
        return normalise_name(name) in self.lookup

    def name(self, name: str) -> str:
        """The file's spelling of column ``name`` (KeyError when absent)."""
        return self.lookup[normalise_name(name)]

    def get(self, name: str, *, keep: bool = False) -> pd.Series | None:
        """Column ``name``, or None; unless ``keep``, it is no longer one of :meth:`others`."""
        found = self.lookup.get(normalise_name(name))
        if found is None:
            return None
        if not keep:
            self.used.add(found)
        return self.raw[found]

    def cells(self, name: str, *, keep: bool = False) -> tuple[pd.Series, str]:
        """Column ``name`` and the file's spelling of it, the first arguments of a parser."""
        return self.get(name, keep=keep), self.name(name)

    def require(self, required: Iterable[str], *, file: str, what: str, expected) -> None:
        """See :func:`require_columns`."""
        require_columns(self.lookup, required, file=file, what=what, expected=expected)

    def others(self) -> dict[str, pd.Series]:
        """The columns not read (or read with ``keep``), in file order."""
        return other_columns(self.raw, self.used)

    def parse(
        self,
        targets: Mapping[str, str | Sequence[str]],
        problems: ColumnProblems,
        parser: Callable[[pd.Series, str, ColumnProblems], pd.Series] | None = None,
    ) -> dict[str, pd.Series]:
        """``target -> parsed column`` for each target whose source column the file has.

        A target may name several source columns, tried in order (the first one present is
        read). ``parser`` defaults to :func:`parse_count`.
        """
        parser = parser or parse_count
        parsed = {}
        for target, sources in targets.items():
            sources = (sources,) if isinstance(sources, str) else sources
            source = next((name for name in sources if name in self), None)
            if source is not None:
                parsed[target] = parser(*self.cells(source), problems)
        return parsed


# -- parsers ----------------------------------------------------------------------------------


# Numbers. A cell is cleaned to digits, "." "," and "_" (for the spaces and apostrophes, which
# only ever group digits), then matched against the two readings: "." as the decimal mark
# ("," grouping) and "," as the decimal mark ("." grouping). Groups are of three digits after a
# first group of one to three that does not start with 0, so "0.025", "2,5", "1938.0" and
# "1.234.567" read one way only, and "1.234" or "12,400" both ways (see :class:`FileReading`).
_GROUPS = r"[1-9]\d{{0,2}}(?:{0}\d{{3}})+"
_POINT_NUMBER = (
    rf"(?:{_GROUPS.format(',')}|{_GROUPS.format('_')}|\d+)(?:\.\d+)?"
    r"|\.\d+|\d+(?:\.\d+)?[eE][+-]?\d+"
)
_COMMA_NUMBER = (
    "(?:" + _GROUPS.format(r"\.") + "|" + _GROUPS.format("_") + r"|\d+)(?:,\d+)?"
    r"|,\d+|\d+(?:,\d+)?[eE][+-]?\d+"
)
# digit grouping that is never a decimal mark: spaces (plain, no-break, narrow no-break, thin)
# and apostrophes (typewriter, typographic, modifier letter)
_GROUPING = "[ \u00a0\u202f\u2009'\u2019\u02bc]"
_SIGN = "^[-+\u2212]\\s*"  # U+2212 is the minus sign some locales write


@dataclass
class NumberColumn:
    """A column read as numbers (see :func:`read_numbers`)."""

    values: pd.Series  # float; NaN where missing or not a number
    missing: pd.Series  # bool: the cell means "no value"
    percent: pd.Series  # bool: written with "%" (already divided by 100)
    # bool: the cells that also read the other way and whose mark was read as the decimal mark
    # ("3.000" read as 3, not 3000); a two-way cell whose mark groups thousands is whole anyway
    two_way: pd.Series
    decimal: DecimalMark | None  # how the two-way cells were read (None when there were none)
    # bool: the two-way cells read on an assumption (:meth:`FileReading.tell` says it)
    assumed: pd.Series | None = None
    reading: FileReading | None = None

    def tell(self, kept: pd.Series, column: str, raw: pd.Series, problems: ColumnProblems) -> None:
        """Note the assumption the kept cells were read on (see :meth:`FileReading.tell`)."""
        if self.reading is None or self.assumed is None:
            return
        told = self.assumed & kept.fillna(False).astype(bool)
        if told.any():
            self.reading.tell(self.decimal, _first(told, column, raw, problems))


def _first(mask: pd.Series, column: str, raw: pd.Series, problems: ColumnProblems) -> Evidence:
    at = mask.idxmax()
    return Evidence(problems.file, column, int(problems.rows[at]), str(raw[at]).strip())


def read_numbers(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    percent: bool = False,
    number_format: str | None = None,
    whole: bool = False,
) -> NumberColumn:
    """Numbers as a spreadsheet in any locale writes them; decides nothing per cell alone.

    ``12,400``, ``12.400``, ``12 400`` (also with a no-break or narrow no-break space),
    ``12'400`` and ``12’400`` are all 12400 where the file's decimal mark is the other one;
    ``2,5``, ``0.025``, ``1.234,5``, ``1,234.5`` and ``1.234.567`` read one way only. Cells
    that read both ways follow the file (:meth:`FileReading.decimal_for`), or for counts
    (``whole``) group thousands unless the file shows their mark is its decimal mark
    (:meth:`FileReading.count_mark`); every cell that reads one way is recorded as evidence
    for the file (:meth:`FileReading.saw`).

    Parameters
    ----------
    percent
        Whether a trailing ``%`` is allowed (``2,5 %`` is 0.025).
    number_format
        The user's answer for this column, over the file's (``"1.234,5"``, ...).
    whole
        Whether the column holds counts, which are whole numbers.

    Raises
    ------
    InputError
        When the file writes decimals both ways and has numbers that read both ways.
    """
    text = raw.astype(str).str.strip()
    missing = is_missing(raw)
    plain = text.str.fullmatch(PLAIN_COUNT).fillna(False).astype(bool) & ~missing
    values = text.where(plain, "0").astype(float).where(plain)
    result = NumberColumn(
        values,
        missing,
        pd.Series(False, index=raw.index),
        pd.Series(False, index=raw.index),
        None,
        pd.Series(False, index=raw.index),
    )
    rest = ~plain & ~missing
    if not rest.any():  # the usual clean column: digits only
        return result
    cells = text[rest]
    if percent:
        result.percent[rest] = cells.str.endswith("%").fillna(False).astype(bool)
        cells = cells.str.replace(r"\s*%$", "", regex=True)
    negative = cells.str.match("[-\u2212]").fillna(False).astype(bool)
    cells = cells.str.replace(_SIGN, "", regex=True).str.replace(_GROUPING, "_", regex=True)
    point = cells.str.fullmatch(_POINT_NUMBER).fillna(False).astype(bool)
    comma = cells.str.fullmatch(_COMMA_NUMBER).fillna(False).astype(bool)
    marked = cells.str.contains("[.,]", regex=True).fillna(False).astype(bool)
    reading = current_reading(problems.file)
    if number_format is not None:  # the caller's answer for this column
        reading = FileReading(problems.file, number_format=number_format)
    result.reading = reading

    def first(mask: pd.Series) -> Evidence:
        return _first(mask.reindex(raw.index, fill_value=False), column, raw, problems)

    for mark, only in ((".", point & ~comma), (",", comma & ~point)):
        if only.any():
            reading.saw(mark, first(only))
    two_way = point & comma & marked
    with_comma = comma & ~point
    if two_way.any():
        as_decimal = pd.Series(False, index=cells.index)  # two-way cells read with their mark
        assumed = pd.Series(False, index=cells.index)
        holds = {mark: cells.str.contains(mark, regex=False).fillna(False) for mark in ".,"}
        if whole:  # counts: a mark followed by three digits groups thousands, unless shown
            for mark in (".", ","):
                these = two_way & holds[mark].astype(bool)
                if not these.any():
                    continue
                chosen = reading.count_mark(mark, first(these))
                if chosen is not None:
                    result.decimal = chosen
                    as_decimal |= these
                else:
                    assumed |= these & (reading.decimal is not None and reading.decimal.assumed)
                # "," as the decimal mark, or "." grouping thousands: read the comma way
                if (chosen is not None) == (mark == ","):
                    with_comma = with_comma | these
            if result.decimal is None:
                result.decimal = reading.decimal
        else:
            result.decimal = reading.decimal_for(first(two_way))
            if result.decimal.mark == ",":
                with_comma = with_comma | two_way
            as_decimal = two_way & holds[result.decimal.mark].astype(bool)
            assumed = two_way & result.decimal.assumed
        result.two_way[rest] = as_decimal
        result.assumed[rest] = assumed
    as_point = cells.str.replace("[,_]", "", regex=True)
    as_comma = cells.str.replace("[._]", "", regex=True).str.replace(",", ".", regex=False)
    number = as_point.where(~with_comma, as_comma).where(point | comma)
    numbers = pd.to_numeric(number, errors="coerce").astype(float)
    numbers = numbers.where(~negative, -numbers)
    result.values[rest] = numbers.where(~result.percent[rest], numbers / 100)
    return result


def _two_way_reason(chosen: DecimalMark) -> str:
    """The reject reason of a count that reads two ways and was not a count as read."""
    mark = chosen.mark
    return (
        f"count is not a whole number (read with {mark!r} as the decimal mark: {chosen.why}; "
        f"if {mark!r} groups thousands here, set number_format: "
        f"{_format_with(_other(mark))!r} {ANSWER_WHERE})"
    )


def parse_count(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    required: bool = False,
    number_format: str | None = None,
) -> pd.Series:
    """Non-negative whole counts in the file's number format; missing stays missing.

    "12,400", "12 400" and "12'400" are 12400, and so is "12.400" unless the file writes "."
    as its decimal mark (a count is a whole number: see :meth:`FileReading.count_mark`);
    "1938.0" (a count a spreadsheet wrote as a float) is 1938. Rejects "not a number",
    "count too large" (beyond :data:`MAX_COUNT`, which no Int64 holds safely), "negative
    count", "count is not a whole number" (saying how a number that reads two ways was read,
    and how to say otherwise) and, when ``required``, "missing value". Cells of plain digits
    are converted in one cast; only the others are cleaned.

    Parameters
    ----------
    number_format
        The user's answer for this column (default: the file's, see :class:`FileReading`).
    """
    text = raw.astype(str)
    plain = text.str.fullmatch(PLAIN_COUNT).fillna(False).astype(bool)
    values = text.where(plain, "0").astype(COUNT)  # at most 15 digits: no overflow
    if plain.all():  # the usual clean column (no missing cell either)
        return values
    found = read_numbers(raw, column, problems, number_format=number_format, whole=True)
    missing = found.missing
    if required:
        problems.add(missing, column, raw, "missing value")
    numbers = found.values
    huge = numbers.abs() > MAX_COUNT
    sane = numbers.notna() & ~huge
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add(huge, column, raw, "count too large")
    problems.add(sane & (numbers < 0), column, raw, "negative count")
    fraction = sane & (numbers % 1 != 0)
    problems.add(fraction & ~found.two_way, column, raw, "count is not a whole number")
    # a two-way count read with the file's decimal mark ("12.400" where the file writes "2.5")
    # is rejected when not whole; a whole one ("3.000" as 3) too when a fractional one shows
    # the mark is wrong for this column
    doubtful = found.two_way & sane & (numbers >= 0) & fraction
    if found.decimal is not None and bool((found.two_way & fraction).any()):
        doubtful |= found.two_way & sane & (numbers >= 0)
    if found.decimal is not None:
        problems.add(doubtful, column, raw, _two_way_reason(found.decimal))
    good = sane & (numbers >= 0) & (numbers % 1 == 0) & ~doubtful
    found.tell(good, column, raw, problems)
    return numbers.where(good).astype(COUNT)


def parse_share(
    raw: pd.Series, column: str, problems: ColumnProblems, *, number_format: str | None = None
) -> pd.Series:
    """Shares 0..1; "25%" and "25 %" are 0.25, "47,5%" is 0.475; a missing share rejects the row.

    Numbers are read as by :func:`read_numbers` (``number_format`` likewise).
    """
    found = read_numbers(raw, column, problems, percent=True, number_format=number_format)
    numbers, missing = found.values, found.missing
    problems.add(missing, column, raw, "missing share")
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add((numbers < 0) | (numbers > 1), column, raw, "share outside 0..1")
    good = (numbers >= 0) & (numbers <= 1)
    found.tell(good, column, raw, problems)
    return numbers.where(good).astype(float)


def parse_rate(
    raw: pd.Series, column: str, problems: ColumnProblems, *, number_format: str | None = None
) -> pd.Series:
    """Rates such as a click-through or engagement rate: "2.5%", "2,5 %" and 0.025 are 0.025.

    Unlike :func:`parse_share` a rate may be missing and may exceed 1 (an engagement rate
    counts several actions per impression); a negative, infinite or non-numeric rate rejects
    the row. Numbers are read as by :func:`read_numbers` (``number_format`` likewise).
    """
    found = read_numbers(raw, column, problems, percent=True, number_format=number_format)
    numbers, missing = found.values, found.missing
    finite = pd.Series(np.isfinite(numbers.to_numpy()), index=raw.index)
    problems.add(~missing & ~finite, column, raw, "not a number")
    problems.add(finite & (numbers < 0), column, raw, "negative rate")
    good = finite & (numbers >= 0)
    found.tell(good, column, raw, problems)
    return numbers.where(good).astype("Float64")


def parse_bool(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    missing = is_missing(raw)
    text = raw.astype(str).str.strip().str.lower()
    mapping = {
        "true": True,
        "yes": True,
        "1": True,
        "y": True,
        "false": False,
        "no": False,
        "0": False,
        "n": False,
    }
    values = text.map(mapping)
    problems.add(~missing & values.isna(), column, raw, "not true/false")
    return values.astype("boolean")


def parse_channel(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    text = raw.astype(str).str.strip().str.lower().replace(CHANNEL_ALIASES)
    known = text.isin(CHANNELS)
    problems.add(
        ~known, column, raw, "unknown channel (expected one of " + ", ".join(CHANNELS) + ")"
    )
    return text.where(known)


def parse_choice(
    raw: pd.Series, column: str, problems: ColumnProblems, choices: tuple[str, ...]
) -> pd.Series:
    text = raw.astype(str).str.strip().str.lower()
    known = text.isin(choices)
    problems.add(~known, column, raw, "expected one of " + ", ".join(choices))
    return text.where(known)


def parse_text(
    raw: pd.Series, column: str, problems: ColumnProblems, *, required: bool
) -> pd.Series:
    missing = is_missing(raw)
    if required:
        problems.add(missing, column, raw, "missing value")
    return raw.astype(str).where(~missing)


def parse_lower(
    raw: pd.Series, column: str, problems: ColumnProblems, *, required: bool = False
) -> pd.Series:
    """Text stripped and lower-cased (a post type, a dimension)."""
    return parse_text(raw, column, problems, required=required).str.strip().str.lower()


ROUNDED_ID = r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+"
ROUNDED_ID_REASON = "id rounded to a number by a spreadsheet (digits lost; use the original export)"
FLOAT_ID = r"\d+\.0+"  # a whole id written as a float (pandas, a spreadsheet): 102.0 is 102
FLOAT_EXACT = 2**53  # a float holds every whole number up to this one exactly
DECIMAL_ID = r"[+-]?\d*\.\d+"  # a number with a fraction, which no id is
DECIMAL_ID_REASON = "not an id: a decimal number (expected a whole number or a text id)"


@dataclass
class IdCells:
    """A column of ids as :func:`read_ids` reads it."""

    text: pd.Series  # the ids as exact text, stripped, without a float's ".0" (missing: NaN)
    missing: pd.Series  # bool: no id
    rounded: pd.Series  # bool: in scientific notation (1.05E+18): its digits are lost
    decimal: pd.Series  # bool: a number with a fraction (102.5), which no id is


def read_ids(raw: pd.Series) -> IdCells:
    """Ids as exact text, and the cells that are no id (see :func:`parse_id`).

    The one reading of ids for every importer: ``" 119236.0 "`` is ``"119236"``, text ids
    (``123_45``, ``urn:li:share:7``, ``AcmeHelp``) stay as they are. The digits written are
    the id's: a number type that lost digits writes them in scientific notation (pandas and
    Python from 10**16, a spreadsheet from 12 digits; a workbook's number cell is read so too,
    see :func:`ronr.ingest.readers.cell_text`).
    """
    missing = is_missing(raw)
    text = raw.astype(str).where(~missing).str.strip()
    rounded = text.str.fullmatch(ROUNDED_ID).fillna(False).astype(bool)
    floating = text.str.fullmatch(FLOAT_ID).fillna(False).astype(bool)
    if floating.any():
        text = text.where(~floating, text.str.replace(r"\.0+$", "", regex=True))
    decimal = ~floating & text.str.fullmatch(DECIMAL_ID).fillna(False).astype(bool)
    return IdCells(text, missing, rounded, decimal)


def parse_id(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    required: bool = True,
    rounded_reason: str = ROUNDED_ID_REASON,
) -> pd.Series:
    """Ids as exact text, stripped: ``"119236.0"`` is ``"119236"``.

    Every id column of every importer is read here (or through :func:`read_ids`): post,
    mention and response ids, the ids a row answers, authors' ids. A whole id written as a
    float (``102.0``: pandas or a spreadsheet wrote the column as numbers) loses its ``.0``.
    An id in scientific notation (``1.05E+18``: a spreadsheet or a float turned it into a
    number and its digits are lost) rejects the row with ``rounded_reason``; a decimal number
    (``102.5``) with :data:`DECIMAL_ID_REASON`; a missing id rejects it as "missing value"
    when ``required``. Other text (``123_45``, ``urn:li:share:7``) is an id as it is.
    """
    ids = read_ids(raw)
    if required:
        problems.add(ids.missing, column, raw, "missing value")
    problems.add(ids.rounded, column, raw, rounded_reason)
    problems.add(ids.decimal, column, raw, DECIMAL_ID_REASON)
    return ids.text


# -- times --------------------------------------------------------------------------------------

# an ISO 8601 time that ends with its offset (a bare date's "-05" is a day, not an offset)
_ISO_OFFSET = r"[Tt ]\d.*(?:[zZ]|[+-]\d\d(?::?\d\d)?)$"
_MONTHS = pa.array(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
_TWITTER_PARTS = (
    r"^[A-Za-z]{3} (?P<month>[A-Za-z]{3}) (?P<day>\d{1,2}) (?P<time>\d{1,2}:\d\d:\d\d) "
    r"(?P<offset>[+-]\d{4}) (?P<year>\d{4})$"
)


def _has_offset(fmt: str) -> bool:
    return "%z" in fmt or "%Z" in fmt


def _twitter_times(text: pd.Series) -> pd.Series:
    """Times like ``Tue Oct 31 22:10:47 +0000 2017`` as UTC (NaT where not so written).

    Arrow splits the parts and pandas parses them rebuilt as ISO 8601, which is strict (no
    30 February) and several times faster than ``strptime`` with ``%a %b``.
    """
    parts = pc.extract_regex(arrow_text(text), _TWITTER_PARTS)

    def part(name: str) -> pa.Array:
        return pc.struct_field(parts, name)

    month = pc.add(pc.index_in(pc.utf8_lower(part("month")), value_set=_MONTHS), 1)
    iso = pc.binary_join_element_wise(
        part("year"),
        "-",
        pc.utf8_lpad(pc.cast(month, pa.string()), 2, "0"),
        "-",
        pc.utf8_lpad(part("day"), 2, "0"),
        "T",
        pc.utf8_lpad(part("time"), 8, "0"),
        part("offset"),
        "",
    )
    iso = pd.Series(iso.to_numpy(zero_copy_only=False), index=text.index, dtype=object)
    return _absolute(iso, ISO8601)


def _absolute(text: pd.Series, fmt: str) -> pd.Series:
    """Times with an offset (and naive ones taken as UTC) in UTC."""
    return pd.to_datetime(text, format=fmt, utc=True, errors="coerce").astype(UTC_US)


def _one_local(text: str, fmt: str, timezone: str) -> pd.Timestamp:
    stamp = pd.to_datetime(text, format=fmt, errors="coerce")
    if pd.isna(stamp):
        return pd.NaT
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")
    return stamp.tz_convert("UTC")


def _local(text: pd.Series, fmt: str, timezone: str) -> pd.Series:
    """Wall-clock times of ``timezone`` in UTC.

    A time that occurs twice (the hour the clocks go back) is the first of the two; one that
    does not exist (the hour skipped) moves forward.
    """
    try:
        local = pd.to_datetime(text, format=fmt, errors="coerce")
    except ValueError:  # offsets the split missed ("Mixed timezones"): cell by cell
        stamps = [_one_local(cell, fmt, timezone) for cell in text.tolist()]
        return pd.Series(pd.to_datetime(stamps, utc=True), index=text.index).astype(UTC_US)
    if isinstance(local.dtype, pd.DatetimeTZDtype):  # every cell had an offset after all
        return local.dt.tz_convert("UTC").astype(UTC_US)
    local = local.astype("datetime64[us]")
    first = np.ones(len(local), dtype=bool)
    return local.dt.tz_localize(
        timezone, ambiguous=first, nonexistent="shift_forward"
    ).dt.tz_convert("UTC")


def _parse_format(text: pd.Series, fmt: str, timezone: str) -> pd.Series:
    """The cells of ``text`` (none missing) written in ``fmt``, in UTC (NaT where not)."""
    if fmt == TWITTER_TIME:
        return _twitter_times(text)
    if timezone == "UTC" or _has_offset(fmt):
        return _absolute(text, fmt)
    if fmt != ISO8601:
        return _local(text, fmt, timezone)
    # ISO 8601 in a local zone: times with an offset are absolute, the others local
    aware = text.str.contains(_ISO_OFFSET, regex=True).fillna(False).astype(bool)
    if aware.all():
        return _absolute(text, fmt)
    if not aware.any():
        return _local(text, fmt, timezone)
    result = pd.Series(pd.NaT, index=text.index, dtype=UTC_US)
    result[aware] = _absolute(text[aware], fmt)
    result[~aware] = _local(text[~aware], fmt, timezone)
    return result


# Dates as a spreadsheet writes them when it re-saves a file: day and month in either order
# with "/", "-" or "." between them, a two- or four-digit year, maybe a time (24-hour or AM/PM,
# with or without seconds). Which order is decided once per column (see parse_timestamp).
_NUMERIC_DATE = (
    r"^(?P<first>\d{1,2})(?P<sep1>[/.-])(?P<second>\d{1,2})(?P<sep2>[/.-])(?P<year>\d{4}|\d{2})"
    r"(?:(?:\s*,\s*|\s+)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?:[:.](?P<sec>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<half>[AaPp]\.?\s?[Mm]\.?)?)?$"
)
# two-digit years as strptime's %y reads them: 69-99 are 1969-1999, 00-68 are 2000-2068
CENTURY_PIVOT = 69
_NUMERIC_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
ORDER_TEXT = {"day-first": "day/month/year", "month-first": "month/day/year"}


def declared_orders(formats: Sequence[str]) -> dict[str, str]:
    """The order of day and month an importer's numeric formats write, per separator.

    ``("%m/%d/%Y %H:%M", "%d.%m.%Y")`` gives ``{"/": "month-first", ".": "day-first"}``; a
    separator written in both orders is left out.
    """
    found: dict[str, set[str]] = {}
    for fmt in formats:
        day, month = fmt.find("%d"), fmt.find("%m")
        year = max(fmt.find("%Y"), fmt.find("%y"))
        if min(day, month) >= 0 and year > max(day, month):
            between = fmt[min(day, month) + 2 : min(day, month) + 3]
            found.setdefault(between, set()).add("day-first" if day < month else "month-first")
    return {sep: orders.pop() for sep, orders in found.items() if len(orders) == 1}


def _numeric_dates(text: pd.Series) -> pd.DataFrame:
    """The parts of the cells of ``text`` written as numeric dates (other cells left out).

    ``first`` and ``second`` are the two numbers before the year, as integers; a part the
    cell does not write (``hour``, ``sec``, ``fraction``, ``half``) is "". Arrow matches the
    pattern (RE2, several times faster than pandas' per-cell ``re`` for this pattern).
    """
    found = pc.extract_regex(arrow_text(text), _NUMERIC_DATE)
    matched = found.is_valid().to_numpy(zero_copy_only=False)
    names = [found.type.field(i).name for i in range(found.type.num_fields)]
    parts = pd.DataFrame(
        {name: pc.struct_field(found, name).to_numpy(zero_copy_only=False) for name in names},
        index=text.index,
    )[matched]
    parts = parts[parts["sep1"] == parts["sep2"]]
    return parts.assign(first=parts["first"].astype(int), second=parts["second"].astype(int))


def _fits_an_order(parts: pd.DataFrame) -> pd.Series:
    """Whether day and month fit in one order at least (``13/13/2016`` fits none)."""
    low = parts[["first", "second"]].min(axis=1)
    high = parts[["first", "second"]].max(axis=1)
    return (low >= 1) & (low <= 12) & (high <= 31)


def _numeric_times(parts: pd.DataFrame, order: str, timezone: str) -> pd.Series:
    """The dates of ``parts`` read in ``order``, in UTC (NaT where no such date or time)."""
    day, month = (
        (parts["first"], parts["second"])
        if order == "day-first"
        else (parts["second"], parts["first"])
    )
    year = parts["year"].astype(int)
    short = parts["year"].str.len() == 2
    year = year.where(~short, year + np.where(year < CENTURY_PIVOT, 2000, 1900))
    hour = parts["hour"].replace("", "0").astype(int)
    half = parts["half"].str.lower().str[:1]
    # 12 AM is midnight and 12 PM noon; an AM/PM hour outside 1..12 is no time (hour 99)
    hour = hour.where(half == "", np.where((hour >= 1) & (hour <= 12), hour % 12, 99))
    hour = hour.where(half != "p", hour + 12)

    def two(values: pd.Series) -> pd.Series:
        return values.astype(str).str.zfill(2)

    iso = (
        year.astype(str).str.zfill(4)
        + "-"
        + two(month)
        + "-"
        + two(day)
        + " "
        + two(hour)
        + ":"
        + parts["minute"].replace("", "00")
        + ":"
        + parts["sec"].replace("", "00")
        + "."
        + parts["fraction"].str.ljust(6, "0")
    )
    return _parse_format(iso, _NUMERIC_FORMAT, timezone)


def _column_order(
    readings: dict[str, pd.Series],
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    answer: str | None,
    declared: str | None,
    said: str | None = None,
) -> tuple[str, str]:
    """The order of day and month of a column's numeric dates, and why (for reject reasons).

    ``readings`` holds the dates read in each order. The user's ``answer`` (``date_order``)
    decides first: dates only in the other order are then rejected with that reason (``said``
    names the user's word when it was not ``date_order``, e.g. a ``date_format``). Without
    one, the values decide when some are dates in one order only (``31/10/2016`` is day-first,
    ``1/30/2016`` month-first); a column with dates of both kinds and no answer
    follows the export's own ``declared`` order (the others are rejected).

    Raises
    ------
    InputError
        Naming the file and column when nothing decides: every date fits both orders, or
        some fit only one and some only the other, and no ``date_order`` is given.
    """
    day_only = readings["day-first"].notna() & readings["month-first"].isna()
    month_only = readings["month-first"].notna() & readings["day-first"].isna()

    def first(mask: pd.Series) -> str:
        shown = _first(mask.reindex(raw.index, fill_value=False), column, raw, problems)
        return f"{quoted(shown.value)} on row {shown.row}"

    if answer is not None:  # the user's word (date_order, or a date_format): the other
        # order's dates are rejected, never re-read
        return answer, said or f"date_order {quoted(answer)}"
    if day_only.any() != month_only.any():
        order = "day-first" if day_only.any() else "month-first"
        return order, f"{first(day_only | month_only)} is a date only as {ORDER_TEXT[order]}"
    if day_only.any() and declared is not None:
        return declared, "the export's own order"
    if day_only.any():
        raise InputError(
            f"{problems.file}: column {quoted(column)} has dates that fit only day/month/year "
            f"({first(day_only)}) and dates that fit only month/day/year ({first(month_only)}); "
            f"say which order is right with date_order: day-first or month-first "
            f"{ANSWER_WHERE} (the dates in the other order are then rejected)"
        )
    both = readings["day-first"].notna()
    example = first(both if both.any() else pd.Series(True, index=both.index))
    raise InputError(
        f"{problems.file}: column {quoted(column)}: every date fits both day/month/year and "
        f"month/day/year (such as {example}), so ronr "
        f"cannot tell which; set date_order: day-first or date_order: month-first "
        f"{ANSWER_WHERE}"
    )


def _note_ambiguous(
    text: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    declared: dict[str, str],
    timezone: str,
) -> None:
    """Say so when a column the export's own format read has only dates that fit both orders.

    ``04/10/2016`` fits the export's month-first format and day-first alike: a file re-saved
    in a day-first locale would read without an error, each date wrong. The export's own order
    is the reading (a Sprout or Meta export always writes it, and stopping every short US
    export would help nobody), but never silently: the note names the column, the order read
    and ``date_order``, which overrules it. A column with a date that fits one order only, or
    whose days equal their months, is settled and gets no note.
    """
    parts = _numeric_dates(text)
    if parts.empty or not (parts["first"] != parts["second"]).any():
        return
    readings = {order: _numeric_times(parts, order, timezone) for order in ORDER_TEXT}
    if not (readings["day-first"].notna() & readings["month-first"].notna()).all():
        return
    orders = {declared.get(sep) for sep in parts["sep1"].unique()} - {None}
    if len(orders) != 1:
        return
    order = orders.pop()
    reading = current_reading(problems.file)
    note = (
        f"{problems.file}: every date in column {quoted(column)} fits both day/month/year and "
        f"month/day/year (such as {quoted(text.loc[parts.index[0]])}); they were read "
        f"{ORDER_TEXT[order]}, the order this export writes. If the file was saved where dates "
        f"are written the other way, set date_order {ANSWER_WHERE}."
    )
    if note not in reading.notes:
        reading.notes.append(note)


def _read_numeric_dates(
    text: pd.Series,
    stamps: pd.Series,
    missing: pd.Series,
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    formats: Sequence[str],
    answer: str | None,
    timezone: str,
    said: str | None = None,
) -> dict[str, pd.Series]:
    """Read the column's numeric dates again in the order the column settles (in place).

    Done when a cell that looks like a day and a month fails ``formats`` (a spreadsheet
    re-saved the file in its own spelling), or when the user's ``answer`` differs from the
    order ``formats`` write: then every numeric date of the column is read in ONE order,
    decided from all of them (:func:`_column_order`), including those ``formats`` had read.

    Returns
    -------
    dict
        Reject reason -> the cells it rejects, for numeric dates with no date in that order
        (empty when the order is the export's own: they get the usual reason).
    """
    orders = declared_orders(formats)
    failed = stamps.isna() & ~missing
    overruled = answer is not None and any(order != answer for order in orders.values())
    if not overruled and not failed.any():
        if answer is None and orders:
            _note_ambiguous(text[~missing], column, problems, declared=orders, timezone=timezone)
        return {}
    tried = _numeric_dates(text[failed])  # each cell is matched once: these, then the rest
    if not overruled and not _fits_an_order(tried).any():  # "yesterday", "45/45/2016"
        return {}
    rest = ~missing & ~failed
    parts = pd.concat([tried, _numeric_dates(text[rest])]) if rest.any() else tried
    if parts.empty:
        return {}
    parts = parts.sort_index()
    readings = {order: _numeric_times(parts, order, timezone) for order in ORDER_TEXT}
    # the export's own order for the separators the column writes, if they agree on one
    declared = {orders.get(sep) for sep in parts["sep1"].unique()}
    declared = declared.pop() if len(declared) == 1 else None
    order, why = _column_order(
        readings, raw, column, problems, answer=answer, declared=declared, said=said
    )
    stamps[parts.index] = readings[order]
    if order == declared and answer is None:
        return {}  # the export's own order: rejected like any other date it cannot read
    wrong = "month-first" if order == "day-first" else "day-first"
    fits_other = readings[wrong].notna().reindex(raw.index, fill_value=False)
    bad = stamps.isna() & pd.Series(raw.index.isin(parts.index), index=raw.index)
    other_order = f"date fits only {ORDER_TEXT[wrong]}, but this column is read {ORDER_TEXT[order]}"
    no_date = f"unparseable date (expected {ORDER_TEXT[order]} like the rest of this column"
    return {f"{other_order} ({why})": bad & fits_other, f"{no_date}: {why})": bad & ~fits_other}


# a date written year first (ISO 8601 and its slashed or dotted spellings), maybe with a time
_YEAR_FIRST = (
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:(?P<tee>[Tt ])\s*(?P<hour>\d{1,2})(?P<rest>:\d{2}.*))?"
)


def _read_year_first(text: pd.Series, stamps: pd.Series, missing: pd.Series, timezone: str) -> None:
    """Read (in place) the cells ``formats`` left whose date is written year first.

    Year, month and day in that order are unambiguous, so every timestamp column takes them
    whatever its export's own format: ``2016/01/29 9:00`` is rebuilt as ISO 8601
    (``2016-01-29 09:00``) and read as such (an offset kept, a time without one local to
    ``timezone``). A cell that is no such date, or no real one, stays unread.
    """
    todo = stamps.isna() & ~missing
    if not todo.any():
        return
    parts = text[todo].str.extract(f"^{_YEAR_FIRST}$").dropna(subset=["year"])
    if parts.empty:
        return
    iso = (
        parts["year"]
        + "-"
        + parts["month"].str.zfill(2)
        + "-"
        + parts["day"].str.zfill(2)
        + (" " + parts["hour"].str.zfill(2) + parts["rest"]).fillna("")
    )
    stamps[iso.index] = _parse_format(iso, ISO8601, timezone)


def _describe(formats: Sequence[str]) -> str:
    names = [
        "ISO 8601" if fmt == ISO8601 else f"a date like {quoted(fmt)}"
        for fmt in dict.fromkeys(formats)
    ]
    return " or ".join(names)


def parse_timestamp(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    formats: str | Sequence[str] = ISO8601,
    expected: str | None = None,
    timezone: str = "UTC",
    now: pd.Timestamp | None = None,
    required: bool = True,
    date_order: str | None = None,
) -> pd.Series:
    """UTC timestamps from text written in one of ``formats``; bad cells are rejected.

    Dates re-saved by a spreadsheet are read too, never guessed: when a cell written as a day
    and a month (``31/10/2016``, ``01-29-2016 0:00``, ``1/30/16 2:05 PM``, ``31.10.2016``)
    fails ``formats``, every such cell of the column is read in one order, decided from all of
    them: a column with ``31/10/2016`` is day-first, one with ``1/30/2016`` month-first. A
    column whose dates all fit both orders follows ``date_order`` (or the file's, see
    :class:`FileReading`) or raises :class:`InputError` naming the file and column and asking
    for it. A column with dates of both kinds follows ``date_order``, else the order of
    ``formats`` when they write one (the others are rejected), else raises. The user's
    ``date_order`` also overrules the order of ``formats`` for dates that fit both.

    ISO 8601 dates (``2016-01-29T10:00:00Z``, ``2016-01-29 00:00:00+00:00``,
    ``2025-09-28T18:12:00``), and year-first dates written with ``/`` or ``.``
    (``2016/01/29 9:00``), are read whatever ``formats`` say: year, month, day in that
    order is unambiguous. A time with an offset is read at that offset, one without it in
    ``timezone``, like the other local times of the column.

    Reasons: "missing date" (when ``required``), "unparseable date (expected ...)", "date in
    the future" (more than a day after ``now``) and "date out of range (before 1678)" or
    "(after 2261)": the canonical tables hold nanosecond times, which end in April 2262.

    Parameters
    ----------
    formats
        One format or several, tried in turn on the cells still unparsed: ``"ISO8601"``,
        :data:`TWITTER_TIME`, or ``strptime`` formats such as ``"%m/%d/%Y %I:%M %p"``.
    expected
        How the expected form is described in reject reasons (default: from ``formats``).
    timezone
        The zone of times written without an offset (a column may mix both). A wall-clock
        time that occurs twice (the hour the clocks go back) is read as the first of the two;
        one that does not exist (the hour skipped) is moved forward.
    now
        See ``expected``; a naive ``now`` is UTC; default: the current time.
    required
        Whether a missing cell rejects the row.
    date_order
        ``"day-first"`` or ``"month-first"`` for dates that fit both (default: the file's).

    Raises
    ------
    InputError
        When the order of day and month is needed and nothing decides it.
    """
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    reading = current_reading(problems.file)
    answer = date_order if date_order is not None else reading.date_order
    if answer is not None and answer not in DATE_ORDERS:
        raise InputError(
            f"{problems.file}: date_order {quoted(answer)} is not one of {', '.join(DATE_ORDERS)}"
        )
    missing = is_missing(raw)
    text = raw.astype(str).str.strip()
    stamps = pd.Series(pd.NaT, index=raw.index, dtype=UTC_US)
    for fmt in formats:
        todo = stamps.isna() & ~missing
        if todo.all():
            stamps = _parse_format(text, fmt, timezone)
        elif todo.any():
            stamps[todo] = _parse_format(text[todo], fmt, timezone)
        else:
            break
    _read_year_first(text, stamps, missing, timezone)
    said = None  # the user's word for the order, when not date_order (a date_format)
    if date_order is None and reading.date_format is not None:
        said = f"date_format {quoted(reading.date_format)}"
    reasons = _read_numeric_dates(
        text,
        stamps,
        missing,
        raw,
        column,
        problems,
        formats=formats,
        answer=answer,
        timezone=timezone,
        said=said,
    )
    if required:
        problems.add(missing, column, raw, "missing date")
    unread = ~missing & stamps.isna()
    for reason, cells in reasons.items():
        problems.add(cells, column, raw, reason)
        unread &= ~cells
    problems.add(
        unread, column, raw, f"unparseable date (expected {expected or _describe(formats)})"
    )
    future = stamps > latest_date(now)
    early = stamps < EARLIEST
    late = (stamps >= LATEST) & ~future
    problems.add(future, column, raw, "date in the future")
    problems.add(early, column, raw, f"date out of range (before {EARLIEST.year})")
    problems.add(late, column, raw, f"date out of range (after {LATEST.year - 1})")
    return stamps.where(~(future | early | late)).astype(UTC_NS)


# -- text membership through pyarrow (arrow-string isin and map are slow in pandas) -------------


def arrow_text(values) -> pa.Array:
    """Text values (missing as null) as an Arrow string array."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.astype(object).where(values.notna(), None)
    return pa.array(values, type=pa.string(), from_pandas=True)


def text_isin(values: pd.Series, pool) -> pd.Series:
    """``values.isin(pool)`` for text (a missing value is in no pool)."""
    pool = pd.Series(list(pool), dtype=object).dropna()
    found = pc.is_in(arrow_text(values), value_set=arrow_text(pool)).fill_null(False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def text_lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``table[key]`` for each text key (missing where the key is missing or not in ``table``).

    ``table`` is indexed by text; where an index value repeats, the first one counts.
    """
    table = table[table.index.notna()]
    table = table[~table.index.duplicated(keep="first")]
    where = pc.index_in(arrow_text(keys), value_set=arrow_text(table.index))
    found = where.is_valid().to_numpy(zero_copy_only=False)
    out = np.full(len(keys), None, dtype=object)
    positions = where.fill_null(0).to_numpy(zero_copy_only=False)
    out[found] = table.to_numpy(dtype=object)[positions[found]]
    return pd.Series(out, index=keys.index, dtype=object)


def coalesce(parts: Sequence[pd.Series]) -> pd.Series | None:
    """Per row, the first value of ``parts`` that is not missing (None when ``parts`` is empty)."""
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result = result.fillna(part)
    return result


# -- assembling a table -------------------------------------------------------------------------


def complete_table(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the canonical columns of ``table`` (typed missing values where absent).

    The columns the store derives (``published_month``, ``sentiment``, ...) are added only
    when the importer gave them. Canonical columns come first in schema order, then the extra
    columns kept from the file.
    """
    empty = empty_table(table)
    canonical = [c for c in TABLES[table].columns if c not in DERIVED_COLUMNS or c in frame.columns]
    for column in canonical:
        if column not in frame.columns:
            frame[column] = empty[column].reindex(frame.index)
    extras = [c for c in frame.columns if c not in canonical]
    return frame[canonical + extras]


def assemble_table(
    table: str,
    index: pd.Index,
    values: Mapping[str, object],
    extras: Mapping[str, pd.Series] | None = None,
    *,
    file: str,
    rows: pd.Series,
) -> pd.DataFrame:
    """A parsed frame of ``table``: canonical columns, the importer's own, extras, provenance.

    Parameters
    ----------
    values
        Column -> parsed series or scalar (a scalar is repeated with the canonical dtype;
        None is a column the file does not have). Names that are not canonical (``ctr``,
        ``count``) are kept as they are.
    extras
        Columns kept from the export (see :func:`keep_extras` for their names).
    file, rows
        ``source_file`` and ``source_row`` of every row.
    """
    dtypes = empty_table(table).dtypes
    columns: dict[str, object] = {}
    for name, value in values.items():
        if value is None:  # not in the file: a typed missing column if canonical
            continue
        if isinstance(value, pd.Series):
            columns[name] = value
        else:
            dtype = dtypes.get(name, "str" if isinstance(value, str) else None)
            columns[name] = pd.Series(value, index=index, dtype=dtype)
    # the extras join in the one constructor: inserting thousands of columns one by one
    # (a file with cells beyond its header) copies the column index each time, quadratic
    columns.update(extra_names(columns, extras or {}, table=table))
    frame = pd.DataFrame(columns, index=index)
    frame["source_file"] = file
    frame["source_row"] = rows.astype(COUNT).to_numpy()
    return complete_table(frame, table)


def finish_table(
    parsed: pd.DataFrame,
    raw: pd.DataFrame,
    problems: ColumnProblems,
    *,
    id_columns: list[str],
) -> pd.DataFrame:
    """The accepted rows of ``parsed``: rows with a problem are left out, and so are repeats.

    An exact repeat of an earlier raw row is rejected as "duplicate row"; a different row with
    an id already seen as "duplicate id". Either way the first one is kept and the repeat is
    counted once among the rejects, so accepted + rejected = rows read.

    ``parsed`` and ``raw`` share their index; ``parsed`` must hold ``source_row``.
    """
    bad = parsed["source_row"].isin(problems.bad_rows())
    repeat = raw.duplicated(keep="first") & ~bad
    problems.add(
        repeat,
        "(whole row)",
        parsed["source_row"].astype(str),
        "duplicate row (an identical row came earlier)",
    )
    same_id = (
        parsed[~bad & ~repeat]
        .duplicated(subset=id_columns, keep="first")
        .reindex(parsed.index, fill_value=False)
    )
    problems.add(
        same_id,
        "+".join(id_columns),
        parsed[id_columns[0]],
        "duplicate id (the first row with it is kept)",
    )
    return parsed[~bad & ~repeat & ~same_id].reset_index(drop=True)


def finish_import(
    parsed: pd.DataFrame,
    raw: pd.DataFrame,
    problems: ColumnProblems,
    *,
    table: str,
    format: str,
    id_columns: list[str],
) -> ImportResult:
    """The result of a file that fills one table: the accepted rows of ``parsed`` (see
    :func:`finish_table`) and the rejects in file order; every row of ``raw`` was read."""
    accepted = finish_table(parsed, raw, problems, id_columns=id_columns)
    return ImportResult(
        file=problems.file,
        format=format,
        rows_read=len(raw),
        tables={table: accepted},
        rejects=sorted_rejects(problems),
    )


def reject_repeated_ids(
    frames: list[pd.DataFrame], *, id_columns: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accepted rows of several sheets as one table, ids already seen in an earlier sheet left out.

    Returns
    -------
    table, rejects
        The combined table and one reject per repeated id (file is the row's ``source_file``).
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(), pd.DataFrame(columns=REJECT_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    repeat = table.duplicated(subset=id_columns, keep="first")
    rejects = pd.DataFrame(
        {
            "file": table.loc[repeat, "source_file"].to_numpy(),
            "row": table.loc[repeat, "source_row"].astype("int64").to_numpy(),
            "column": "+".join(id_columns),
            "value": table.loc[repeat, id_columns[0]].astype(str).to_numpy(),
            "reason": "duplicate id (the first row with it, in an earlier sheet, is kept)",
        }
    )
    return table[~repeat].reset_index(drop=True), rejects


def sorted_rejects(problems: ColumnProblems) -> pd.DataFrame:
    """The rejects in file order (by row; a row's problems in the order they were found)."""
    return problems.frame().sort_values("row", kind="stable").reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (a canonical table, the rejects) to ``path`` as a CSV that reads back
    row for row, cell for cell, and is safe to open in a spreadsheet.

    Lines end in ``\r\n`` (RFC 4180, as spreadsheets write CSV), so every cell holding a line
    break of any kind is quoted. With ``\n`` line ends Python's csv writer leaves a lone
    ``\r`` (a line break pandas or a spreadsheet left in a text) unquoted, and readers end the
    row there. Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR
    first) gets ``'`` in front (:func:`ronr.spreadsheet.neutralise_formulas`).
    """
    from ..spreadsheet import write_spreadsheet_csv

    write_spreadsheet_csv(frame, path)


def concat_rejects(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Several reject frames as one (in the order given)."""
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=REJECT_COLUMNS)
