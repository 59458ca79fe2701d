"""What every importer returns, and the column parsers they share.

Parsers work on whole columns and return the parsed values plus a reason per bad cell, so a
file of a million rows is checked in a few vectorised passes and every rejected row keeps the
column, value and reason that rejected it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import CHANNELS

REJECT_COLUMNS = ["file", "row", "column", "value", "reason"]
MISSING_TOKENS = frozenset({"", "-", "–", "n/a", "na", "null", "none", "nan"})
SEPARATORS = "[, \u00a0\u202f']"  # thousands separators: comma, spaces, apostrophe
MAX_COUNT = 10**15  # larger counts are data errors, and beyond exact float integers
CHANNEL_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "li": "linkedin"}


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
    """

    brand: str = "brand"
    handles: tuple[str, ...] = ()
    year: int | None = None
    timezone: str = "UTC"
    now: pd.Timestamp | None = None  # dates after this are "in the future" (default: today)


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


def is_missing(raw: pd.Series) -> pd.Series:
    """True where a raw cell means 'no value' ('' or '-' and friends)."""
    return raw.isna() | raw.astype(str).str.strip().str.lower().isin(MISSING_TOKENS)


def parse_count(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Non-negative whole counts; "12,400", "12 400" and "12'400" are 12400; missing stays missing.

    Rejects "not a number", "count too large" (beyond :data:`MAX_COUNT`, which no Int64 holds
    safely), "negative count" and "count is not a whole number". The separators are removed
    with a pattern of literal characters, which pandas runs in pyarrow rather than per cell.
    """
    missing = is_missing(raw)
    cleaned = raw.astype(str).str.strip().str.replace(SEPARATORS, "", regex=True)
    numbers = pd.to_numeric(cleaned.where(~missing), errors="coerce").astype(float)
    huge = numbers.abs() > MAX_COUNT
    sane = numbers.notna() & ~huge
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add(huge, column, raw, "count too large")
    problems.add(sane & (numbers < 0), column, raw, "negative count")
    problems.add(sane & (numbers % 1 != 0), column, raw, "count is not a whole number")
    good = sane & (numbers >= 0) & (numbers % 1 == 0)
    return numbers.where(good).astype("Int64")


def parse_share(raw: pd.Series, column: str, problems: ColumnProblems) -> pd.Series:
    """Shares 0..1; '25%' is 0.25."""
    missing = is_missing(raw)
    text = raw.astype(str).str.strip()
    percent = text.str.endswith("%")
    numbers = pd.to_numeric(
        text.str.rstrip("%").str.replace(",", ".", regex=False), errors="coerce"
    )
    numbers = numbers.where(~percent, numbers / 100)
    problems.add(missing, column, raw, "missing share")
    problems.add(~missing & numbers.isna(), column, raw, "not a number")
    problems.add((numbers < 0) | (numbers > 1), column, raw, "share outside 0..1")
    return numbers.where((numbers >= 0) & (numbers <= 1)).astype(float)


def parse_timestamp(
    raw: pd.Series,
    column: str,
    problems: ColumnProblems,
    *,
    required: bool = True,
    format: str = "ISO8601",
    timezone: str = "UTC",
    now: pd.Timestamp | None = None,
) -> pd.Series:
    """UTC timestamps from text; future times and unparseable text are rejected.

    Parameters
    ----------
    format
        ``"ISO8601"`` or a ``strptime`` format such as ``"%Y-%m-%d %H:%M %z"``.
    timezone
        The zone of times written without an offset.
    now
        Times more than a day after this are "in the future" (default: the current time).
    """
    missing = is_missing(raw)
    text = raw.where(~missing).astype("object")
    if timezone == "UTC":
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format=format)
    else:
        local = pd.to_datetime(text, errors="coerce", format=format)
        if isinstance(local.dtype, pd.DatetimeTZDtype):
            parsed = local.dt.tz_convert("UTC")
        else:  # naive wall-clock times of the client's zone
            parsed = local.dt.tz_localize(
                timezone, ambiguous="NaT", nonexistent="shift_forward"
            ).dt.tz_convert("UTC")
    if required:
        problems.add(missing, column, raw, "missing date")
    expected = "ISO 8601" if format == "ISO8601" else f"a date like {format!r}"
    problems.add(~missing & parsed.isna(), column, raw, f"unparseable date (expected {expected})")
    latest = (now or pd.Timestamp.now(tz="UTC")) + pd.Timedelta(days=1)
    problems.add(parsed > latest, column, raw, "date in the future")
    return parsed.where(parsed <= latest).astype("datetime64[ns, UTC]")


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


def row_numbers(n: int) -> pd.Series:
    """1-based data row numbers (the header is not counted)."""
    return pd.Series(np.arange(1, n + 1), dtype="int64")


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
