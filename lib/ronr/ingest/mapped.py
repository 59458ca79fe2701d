"""Any table file whose columns a column map names: a CSV or workbook ronr has never seen.

An export entry of client.yaml maps the file's columns onto a canonical table::

    exports:
      - path: live.csv
        table: posts
        columns: {status_id: post_id, status_published: published_at, num_comments: comments}
        date_format: "%m/%d/%Y %H:%M"
        channel: facebook

The mapped columns are renamed to their canonical names and the file is then read exactly as a
generic CSV of that table (:func:`ronr.ingest.generic.read_table_csv`): the same parsers, the
same rejects. The file's other columns keep their names, so one already named like a canonical
column is read as that column. What the map leaves out, constants fill: ``channel``, ``brand``
(posts default to the client's brand). What client.yaml says wins over the file: a file column
named like a mapped target or a constant is kept as an extra column with a ``_file`` suffix.

Errors name the file and the key of client.yaml (``exports.0.columns.num_comment``) and list
the file's columns, so a wrong map is fixed without opening the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError, quote_content, quoted
from .base import (
    EXTRA_SUFFIX,
    ISO8601,
    FileReading,
    ImportContext,
    ImportResult,
    column_lookup,
    declared_orders,
    extra_name,
    normalise_name,
    read_deciding,
    sample_delimiter,
)
from .generic import COLUMNS, read_table_csv
from .readers import (
    EXCEL_SUFFIXES,
    dedupe_names,
    read_csv_text,
    read_excel_sheets,
    sample_file,
)

TABLES = tuple(COLUMNS)
# constant -> tables that have that column (every canonical table has a channel)
CONSTANTS = {
    "channel": TABLES,
    "brand": tuple(t for t in TABLES if "brand" in COLUMNS[t]),
}
# tables whose rows belong to the client's brand when neither the file nor the map says
# otherwise: a mention's brand is matched from its text instead (see ronr.brands)
BRAND_DEFAULT_TABLES = ("posts",)
# how real date cells of a workbook read as text ("2025-12-31 00:00:00"), whatever date_format
WORKBOOK_DATES = (ISO8601,)
LISTED = 30  # the file's columns listed in an error at most


def format_name(table: str) -> str:
    """The format an import through a column map reports, e.g. ``mapped-posts``."""
    return f"mapped-{table}"


def _key(where: str, *parts: str) -> str:
    # a key of the column map names a column of the file: quoted as the file's content
    return quote_content(".".join(p for p in (where, *parts) if p))


def _listing(names) -> str:
    names = [quote_content(str(n)) for n in names]
    more = f" (+{len(names) - LISTED} more)" if len(names) > LISTED else ""
    return ", ".join(names[:LISTED]) + more


def column_map_problems(
    table: str, columns: Mapping[str, str], constants: Mapping[str, str | None]
) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with a column map before any file is read.

    Parameters
    ----------
    table
        The canonical table the map fills.
    columns
        The file's column -> canonical column.
    constants
        ``channel`` and ``brand`` given for every row (None when not given).

    Returns
    -------
    list of (key, message)
        ``key`` is the path below the export entry, e.g. ``("columns", "num_comments")``; an
        empty list when the map is sound. Targets must be columns of ``table`` that an export
        can give (not the derived ones such as ``published_month``), each given once, and a
        constant must not repeat a mapped column.
    """
    allowed = COLUMNS[table]
    problems: list[tuple[tuple[str, ...], str]] = []
    sources: dict[str, str] = {}
    for source, target in columns.items():
        name = normalise_name(target)
        if name not in allowed:
            close = difflib.get_close_matches(name, list(allowed), n=1)
            hint = f" (did you mean {quoted(close[0])}?)" if close else ""
            problems.append(
                (
                    ("columns", source),
                    f"{quoted(target)} is not a column of the {table} table{hint}; the columns a map "
                    f"can fill are: {', '.join(allowed)}",
                )
            )
        elif name in sources:
            problems.append(
                (
                    ("columns", source),
                    f"{quoted(sources[name])} already maps onto {name}; map one column onto it",
                )
            )
        else:
            sources[name] = source
    for constant, value in constants.items():
        if value is None:
            continue
        if table not in CONSTANTS[constant]:
            problems.append(((constant,), f"the {table} table has no {constant} column"))
        elif constant in sources:
            problems.append(
                (
                    (constant,),
                    f"the column map already fills {constant} (from {quoted(sources[constant])}); "
                    f"give {constant} or map a column onto it, not both",
                )
            )
    return problems


def read_cells(path: Path, *, sheet: str | None = None, where: str = "") -> pd.DataFrame:
    """Every cell of a CSV, or of one worksheet of a workbook, as text under its header.

    A workbook's header is the first row of ``sheet`` (default: the first sheet) with a
    non-empty cell; blank rows are left out, as a CSV reader leaves out blank lines.

    Raises
    ------
    InputError
        A sheet named for a text file, or a sheet the workbook does not have (listing its
        sheets); and the readers' errors (empty, binary, not a delimited file).
    """
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        if sheet is not None:
            raise InputError(
                f"{path.name}: {_key(where, 'sheet')}: {quoted(sheet)} names a worksheet, but the "
                "file is a text file, not a workbook (.xlsx, .xls); leave sheet out"
            )
        return read_csv_text(path)
    sheets = read_excel_sheets(path)
    if sheet is None:
        sheet = next(iter(sheets), None)
    if sheet not in sheets:
        raise InputError(
            f"{path.name}: {_key(where, 'sheet')}: the workbook has no sheet {quoted(sheet)}; its "
            f"sheets are: {_listing(sheets)}"
        )
    cells = sheets[sheet].astype(str)
    rows = cells.apply(lambda column: column.str.strip().ne("")).any(axis=1).to_numpy()
    if not rows.any():
        raise InputError(f"{path.name}: sheet {quoted(sheet)} is empty (expected a header row)")
    cells = cells[rows]
    header = [str(c).strip() for c in cells.iloc[0]]
    body = cells.iloc[1:].reset_index(drop=True)
    body.columns = dedupe_names(name or f"column {i + 1}" for i, name in enumerate(header))
    return body


def rename_columns(
    raw: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    file: str,
    where: str = "",
    reserved: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """``raw`` with the mapped columns under their canonical names.

    Keys are matched to the file's columns in any case. A file column that is not mapped but
    is named like a mapped target or one of ``reserved`` (the constants given) gets a
    ``_file`` suffix: what client.yaml says wins, and the file's column is kept as an extra.

    Raises
    ------
    InputError
        A key the file has no column for, naming the key, the closest column and listing the
        file's columns; or two keys naming the same column.
    """
    lookup = column_lookup(raw.columns)
    renames: dict[str, str] = {}
    for key, target in columns.items():
        found = lookup.get(normalise_name(key))
        if found is None:
            close = difflib.get_close_matches(key, list(lookup.values()), n=1)
            hint = f" (did you mean {quoted(close[0])}?)" if close else ""
            raise InputError(
                f"{file}: {_key(where, 'columns', key)}: the file has no column {quoted(key)}{hint}; "
                f"its columns are: {_listing(raw.columns)}"
            )
        if found in renames:
            raise InputError(
                f"{file}: {_key(where, 'columns', key)}: names the column {quoted(found)} again "
                f"(already mapped onto {renames[found]}); map each column once"
            )
        renames[found] = normalise_name(target)
    taken = {normalise_name(c) for c in renames.values()} | set(reserved)
    names, used = [], set(renames.values())
    for name in raw.columns:
        if name in renames:
            names.append(renames[name])
        elif normalise_name(name) in taken:
            kept = extra_name(normalise_name(name) + EXTRA_SUFFIX, used | taken)
            names.append(kept)
            used.add(kept)
        else:
            names.append(name)
    return raw.set_axis(names, axis=1)


def _require(
    renamed: pd.DataFrame,
    table: str,
    *,
    file: str,
    where: str,
    constants: Mapping[str, str],
    file_columns: list[str],
) -> None:
    """One error naming every required column of ``table`` that nothing fills."""
    present = {normalise_name(c) for c in renamed.columns} | set(constants)
    missing = [c for c, (_, required) in COLUMNS[table].items() if required and c not in present]
    if not missing:
        return
    settable = [_key(where, c) for c in missing if table in CONSTANTS.get(c, ())]
    constant_hint = (
        f", or give {' and '.join(settable)} (one value for every row)" if settable else ""
    )
    raise InputError(
        f"{file}: {_key(where, 'columns')}: nothing fills {' and '.join(missing)}, which a "
        f"{table} table requires: map a column of the file onto "
        f"{'each' if len(missing) > 1 else 'it'}{constant_hint}; the file's columns are: "
        f"{_listing(file_columns)}"
    )


def read_mapped(
    path: str | Path,
    *,
    table: str,
    columns: Mapping[str, str],
    channel: str | None = None,
    brand: str | None = None,
    date_format: str | None = None,
    context: ImportContext | None = None,
    where: str = "",
) -> ImportResult:
    """Import a file whose columns ``columns`` maps onto the canonical ``table``.

    Parameters
    ----------
    path
        A CSV (any encoding and delimiter :func:`~ronr.ingest.readers.read_csv_text` reads) or
        a workbook (``context.sheet``, default its first sheet).
    table
        posts, mentions, responses, audience or followers.
    columns
        The file's column (any case) -> canonical column. Unmapped columns keep their names.
    channel, brand
        The value of every row for a column the file does not give. A posts file without a
        brand belongs to ``context.brand``.
    date_format
        The ``strptime`` format of every time column (default: ISO 8601, plus the dates of
        ``context.date_order``). A workbook's real date cells are read as well.
    context
        The client (brand, time zone, ``now``, ``date_order``, ``number_format``, ``sheet``).
    where
        The key of the export entry in client.yaml, e.g. ``exports.0``, for error messages.

    Raises
    ------
    InputError
        A wrong map (see :func:`column_map_problems` and :func:`rename_columns`), a required
        column nothing fills, or a file that cannot be read; each names the file and the key.
    """
    path = Path(path)
    context = context or ImportContext()
    constants = {name: value for name, value in (("channel", channel), ("brand", brand)) if value}
    problems = column_map_problems(table, columns, constants)
    if problems:
        key, message = problems[0]
        raise InputError(f"{path.name}: {_key(where, *key)}: {message}")
    raw = read_cells(path, sheet=context.sheet, where=where)
    renamed = rename_columns(
        raw, columns, file=path.name, where=where, reserved=frozenset(constants)
    )
    has = {normalise_name(c) for c in renamed.columns}
    if table in BRAND_DEFAULT_TABLES and "brand" not in has and "brand" not in constants:
        constants["brand"] = context.brand  # an own-account export: its rows are the client's
    _require(
        renamed,
        table,
        file=path.name,
        where=where,
        constants=constants,
        file_columns=list(raw.columns),
    )
    filled = renamed.assign(**constants)
    date_formats = None
    if date_format is not None:
        workbook = path.suffix.lower() in EXCEL_SUFFIXES
        date_formats = (date_format, *(WORKBOOK_DATES if workbook else ()))
    label = path.name if context.sheet is None else f"{path.name} [{quote_content(context.sheet)}]"
    # as import_file does: the user's answers reach every column parsed, and the number format
    # is decided once for the file; a date_format says the order of day and month itself
    # the user's date_format is authoritative: the order of day and month it writes is the
    # column's, so a cell in the other order is rejected, never re-read another way
    written = set(declared_orders((date_format,)).values()) if date_format else set()
    settled = len(written) == 1
    reading = FileReading(
        label,
        date_order=written.pop() if settled else context.date_order,
        number_format=context.number_format,
        delimiter=sample_delimiter(sample_file(path)),  # None for a workbook
        date_format=date_format if settled else None,
    )
    result, reading = read_deciding(
        reading,
        lambda: read_table_csv(
            filled,
            table=table,
            file=label,
            context=context,
            date_formats=date_formats,
            format=format_name(table),
        ),
    )
    result.notes.extend(reading.notes)
    # a reject names the column as the file does (num_shares), where the user can find it
    spelled = column_lookup(raw.columns)
    sources = {normalise_name(t): spelled[normalise_name(k)] for k, t in columns.items()}
    if len(result.rejects) and sources:
        result.rejects["column"] = result.rejects["column"].replace(sources)
    return result
