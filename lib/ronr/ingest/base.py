"""What every importer returns, and the helpers they share.

Parsers work on whole columns and return the parsed values plus a reason per bad cell, so a
file of a million rows is checked in a few vectorised passes and every rejected row keeps the
column, value and reason that rejected it. Besides the parsers this module holds the column
helpers (finding columns by name, required columns, extra columns) and the assembly of an
importer's result (canonical tables, provenance, duplicates, rejects in file order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..config import CHANNELS
from ..errors import InputError
from ..schema import COUNT, DERIVED_COLUMNS, TABLES, empty_table

REJECT_COLUMNS = ["file", "row", "column", "value", "reason"]
MISSING_TOKENS = frozenset({"", "-", "–", "n/a", "na", "null", "none", "nan"})
SEPARATORS = "[, \u00a0\u202f']"  # thousands separators: comma, spaces, apostrophe
MAX_COUNT = 10**15  # larger counts are data errors, and beyond exact float integers
PLAIN_COUNT = "[0-9]{1,15}"  # digits only, below MAX_COUNT: converted in one cast
CHANNEL_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "li": "linkedin"}
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
            f"{file}: missing required column {', '.join(repr(c) for c in missing)} "
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
    taken = set(TABLES[table].columns) | {str(c) for c in frame.columns}
    for name, series in extras.items():
        kept = extra_name(str(name), taken)
        taken.add(kept)
        frame[kept] = series
    return frame


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


def parse_count(
    raw: pd.Series, column: str, problems: ColumnProblems, *, required: bool = False
) -> pd.Series:
    """Non-negative whole counts; "12,400", "12 400" and "12'400" are 12400; missing stays missing.

    Rejects "not a number", "count too large" (beyond :data:`MAX_COUNT`, which no Int64 holds
    safely), "negative count", "count is not a whole number" and, when ``required``, "missing
    value". Cells of plain digits are converted in one cast; only the others are cleaned (the
    separators are removed with a pattern of literal characters, which pandas runs in pyarrow
    rather than per cell).
    """
    text = raw.astype(str)
    plain = text.str.fullmatch(PLAIN_COUNT).fillna(False).astype(bool)
    values = text.where(plain, "0").astype(COUNT)  # at most 15 digits: no overflow
    if plain.all():  # the usual clean column (no missing cell either)
        return values
    missing = is_missing(raw)
    if required:
        problems.add(missing, column, raw, "missing value")
    rest = ~plain & ~missing
    if not rest.any():
        return values.where(plain)
    numbers = values.astype(float).where(plain)
    cleaned = text[rest].str.strip().str.replace(SEPARATORS, "", regex=True)
    numbers[rest] = pd.to_numeric(cleaned, errors="coerce").astype(float)
    huge = numbers.abs() > MAX_COUNT
    sane = numbers.notna() & ~huge
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add(huge, column, raw, "count too large")
    problems.add(sane & (numbers < 0), column, raw, "negative count")
    problems.add(sane & (numbers % 1 != 0), column, raw, "count is not a whole number")
    good = sane & (numbers >= 0) & (numbers % 1 == 0)
    return numbers.where(good).astype(COUNT)


def _decimal(text: pd.Series, missing: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from ``"2.5%"``, ``"2,5"`` or ``"0.025"`` (percentages divided by 100)."""
    text = text.astype(str).str.strip()
    percent = text.str.endswith("%")
    number = text.str.rstrip("%").str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(number.where(~missing), errors="coerce").astype(float)
    return numbers.where(~percent, numbers / 100), percent


def parse_share(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Shares 0..1; '25%' is 0.25; a missing share rejects the row."""
    missing = is_missing(raw)
    numbers, _ = _decimal(raw, missing)
    problems.add(missing, column, raw, "missing share")
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add((numbers < 0) | (numbers > 1), column, raw, "share outside 0..1")
    return numbers.where((numbers >= 0) & (numbers <= 1)).astype(float)


def parse_rate(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Rates such as a click-through or engagement rate: "2.5%" and 0.025 are both 0.025.

    Unlike :func:`parse_share` a rate may be missing and may exceed 1 (an engagement rate
    counts several actions per impression); a negative, infinite or non-numeric rate rejects
    the row.
    """
    missing = is_missing(raw)
    numbers, _ = _decimal(raw, missing)
    finite = pd.Series(np.isfinite(numbers.to_numpy()), index=raw.index)
    problems.add(~missing & ~finite, column, raw, "not a number")
    problems.add(finite & (numbers < 0), column, raw, "negative rate")
    return numbers.where(finite & (numbers >= 0)).astype("Float64")


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


def parse_id(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    required: bool = True,
    rounded_reason: str = ROUNDED_ID_REASON,
) -> pd.Series:
    """Ids as exact text, stripped: ``"119236.0"`` is ``"119236"``.

    An id in scientific notation (``1.05E+18``: a spreadsheet or a float turned it into a
    number and its digits are lost) rejects the row with ``rounded_reason``; a missing id
    rejects it as "missing value" when ``required``.
    """
    text = parse_text(raw, column, problems, required=required).str.strip()
    rounded = text.str.fullmatch(ROUNDED_ID).fillna(False).astype(bool)
    problems.add(rounded, column, raw, rounded_reason)
    floating = text.str.fullmatch(r"\d+\.0+").fillna(False).astype(bool)
    if floating.any():
        text = text.where(~floating, text.str.replace(r"\.0+$", "", regex=True))
    return text


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


def _describe(formats: Sequence[str]) -> str:
    names = [
        "ISO 8601" if fmt == ISO8601 else f"a date like {fmt!r}" for fmt in dict.fromkeys(formats)
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
) -> pd.Series:
    """UTC timestamps from text written in one of ``formats``; bad cells are rejected.

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
    """
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
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
    if required:
        problems.add(missing, column, raw, "missing date")
    problems.add(
        ~missing & stamps.isna(),
        column,
        raw,
        f"unparseable date (expected {expected or _describe(formats)})",
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
    frame = pd.DataFrame(columns, index=index)
    keep_extras(frame, extras or {}, table=table)
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


def concat_rejects(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Several reject frames as one (in the order given)."""
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=REJECT_COLUMNS)
