"""Which format a file is, from its start (or as named), and the one entry point to import it.

Importers are tried in order, most specific first; the generic canonical CSVs come last. When
none recognises a file, :func:`explain_format` ranks the formats by how many of their expected
header columns the file has and names the columns each one misses (``ronr ingest --explain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, quote_content, quoted
from . import (
    aliases,
    conversation,
    facebook,
    generic,
    instagram,
    linkedin,
    sprout,
    uci,
    x_activity,
)
from .base import (
    FileReading,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    normalise_name,
    read_deciding,
    sample_delimiter,
)
from .readers import EXCEL_SUFFIXES, sample_file

# most specific first: a generic CSV's header could be part of a richer format's header
IMPORTERS: tuple[Importer, ...] = (
    *x_activity.IMPORTERS,
    *facebook.IMPORTERS,
    *instagram.IMPORTERS,
    *linkedin.IMPORTERS,
    *sprout.IMPORTERS,
    *conversation.IMPORTERS,
    *uci.IMPORTERS,
    *generic.IMPORTERS,
)


def importers_by_name() -> dict[str, Importer]:
    return {importer.name: importer for importer in IMPORTERS}


FORMATS = tuple(importers_by_name())


def _spelled_out(columns: tuple[str, ...]) -> tuple[str, ...]:
    """``columns`` with a shorthand such as ``"Stories - like / comment / share"`` written out
    as the export's three columns, and ``"promoted ..."`` (X's promoted twins) left out."""
    spelled = []
    for column in columns:
        stem, _, actions = column.rpartition(" - ")
        if stem and " / " in actions:
            spelled += [f"{stem} - {action}" for action in actions.split(" / ")]
        elif not column.endswith("..."):
            spelled.append(column)
    return tuple(spelled)


class Layout(NamedTuple):
    """The header columns a format expects, those it requires, and which layout they are."""

    expected: tuple[str, ...]
    required: tuple[str, ...]
    label: str = ""  # e.g. "classic layout", for a format read in several layouts


def _generic(table: str) -> Layout:
    spec = generic.COLUMNS[table]
    return Layout(tuple(spec), tuple(c for c, (_, required) in spec.items() if required))


# format -> its layouts, from the importers' own constants: an Importer does not carry its
# columns, so this table must list every importer (tests/test_ingest_mapped.py checks it)
EXPECTED_COLUMNS: dict[str, tuple[Layout, ...]] = {
    x_activity.FORMAT: (Layout(_spelled_out(x_activity.EXPECTED), x_activity.REQUIRED),),
    facebook.FORMAT: (
        Layout(facebook.CURRENT_EXPECTED, facebook.CURRENT_REQUIRED, "current layout"),
        Layout(_spelled_out(facebook.EXPECTED), facebook.REQUIRED, "classic layout"),
    ),
    instagram.FORMAT: (Layout(instagram.EXPECTED, instagram.REQUIRED),),
    "linkedin-content": (Layout(linkedin.CONTENT_COLUMNS, linkedin.CONTENT_REQUIRED),),
    "linkedin-followers": (Layout(linkedin.NEW_FOLLOWER_COLUMNS, linkedin.NEW_FOLLOWER_REQUIRED),),
    "sprout-posts": (Layout(sprout.POST_COLUMNS, sprout.POST_REQUIRED),),
    "sprout-competitor-posts": (Layout(sprout.POST_COLUMNS, (*sprout.POST_REQUIRED, "Profile")),),
    "sprout-profiles": (Layout(sprout.PROFILE_COLUMNS, sprout.PROFILE_REQUIRED),),
    "sprout-competitor-profiles": (
        Layout(sprout.PROFILE_COLUMNS, (*sprout.PROFILE_REQUIRED, "Profile")),
    ),
    conversation.NAME: (Layout(conversation.COLUMNS, conversation.REQUIRED),),
    uci.NAME: (Layout(uci.REQUIRED, uci.REQUIRED),),
    **{f"generic-{table}": (_generic(table),) for table in generic.COLUMNS},
}
WORKBOOK_FORMATS = frozenset({"linkedin-content", "linkedin-followers"})  # .xls/.xlsx only
# every other format reads a CSV or a workbook alike (ronr.ingest.readers.read_cells)
SHOWN_MISSING = 6  # missing optional columns named per format; the rest are counted


@dataclass(frozen=True)
class FormatMatch:
    """How well a file's header fits one format's expected columns."""

    name: str
    description: str
    expected: tuple[str, ...]
    found: tuple[str, ...]  # the expected columns the header has, in the format's order
    missing_required: tuple[str, ...]
    missing_optional: tuple[str, ...]
    wrong_kind: str = ""  # why the file cannot be this format whatever its columns, or ""
    header: tuple[str, ...] = ()  # the header row compared (a workbook's best-fitting row)
    layout: str = ""  # which of the format's layouts fits best, when it has several

    def describe(self) -> str:
        """One line: the columns found, the required ones missing, then the others missing."""
        parts = [f"{len(self.found)} of {len(self.expected)} columns"]
        if self.missing_required:
            parts.append(f"missing required: {', '.join(self.missing_required)}")
        if self.missing_optional:
            shown = self.missing_optional[:SHOWN_MISSING]
            more = len(self.missing_optional) - len(shown)
            parts.append(f"missing: {', '.join(shown)}" + (f" (+{more} more)" if more > 0 else ""))
        if self.wrong_kind:
            parts.append(self.wrong_kind)
        layout = f" ({self.layout})" if self.layout else ""
        return f"{self.name}{layout}: " + "; ".join(parts)


@dataclass(frozen=True)
class FormatExplanation:
    """Which format a file is, or why none fits: the formats ranked by columns found."""

    file: str
    header: tuple[str, ...]
    detected: Importer | None
    matches: tuple[FormatMatch, ...]  # best first

    def closest(self, limit: int = 3) -> tuple[FormatMatch, ...]:
        """The ``limit`` best matches that share at least one column with the file."""
        return tuple(m for m in self.matches if m.found)[:limit]

    def text(self, limit: int = 3) -> str:
        """What ``ronr ingest --explain`` prints."""
        header = ", ".join(map(quote_content, self.header))
        lines = [f"{self.file}: header ({len(self.header)} columns): {header}"]
        if self.detected is not None:
            lines.append(f"Detected: {self.detected.name} ({self.detected.description}).")
        else:
            lines.append("Detected: none; no format recognises this header.")
        closest = self.closest(limit)
        if closest:
            lines.append("Closest formats, by the columns of each found in the header:")
            lines += [f"  {i}. {m.describe()}" for i, m in enumerate(closest, 1)]
        else:
            lines.append("No format shares a column with this header.")
        if self.detected is None:
            # the canonical table nearest the file, to map it onto
            generic_match = next((m for m in self.closest(len(self.matches))
                                  if m.name.startswith("generic-")), None)  # fmt: skip
            table = generic_match.name.removeprefix("generic-") if generic_match else "posts"
            lines.append(
                "Rename the file's columns, name its format (--format or client.yaml exports), "
                "or map its columns onto a table in client.yaml: exports: [{path: "
                f"{self.file}, table: {table}, columns: {{<its column>: <table column>}}}}]. "
                "The tables and their columns (* required):"
            )
            lines += [
                f"  {table}: "
                + ", ".join(f"{c}*" if required else c for c, (_, required) in spec.items())
                for table, spec in generic.COLUMNS.items()
            ]
        return "\n".join(lines)


def _headers(sample: Sample) -> list[tuple[str, ...]]:
    """The candidate header rows: the first line, or each of a workbook's first rows (a sheet
    may open with title rows above its header)."""
    if not sample.sheets:
        return [tuple(normalise_name(c) for c in sample.header)]
    rows = [row for sheet in sample.sheets.values() for row in sheet]
    return [tuple(normalise_name(c) for c in row if str(c).strip()) for row in rows] or [()]


def _header_names(header: tuple[str, ...], format: str) -> set[str]:
    """The header's names, plus the canonical name of every column an alias of the format
    names (a German or renamed export is compared as its importer reads it)."""
    table = aliases.FORMAT_TABLES.get(format)
    if table is not None:
        return aliases.canonical_header(header, table)
    names = {normalise_name(c) for c in header}
    if format == x_activity.FORMAT:  # older X exports say favorites for likes, and so on
        for spellings in x_activity.DIRECT.values():
            if names & {normalise_name(s) for s in spellings}:
                names.add(normalise_name(spellings[0]))
    return names


def _match_layout(
    importer: Importer, layout: Layout, headers: list[tuple[str, ...]], wrong_kind: str
) -> FormatMatch:
    wanted = [normalise_name(c) for c in layout.expected]
    names = [_header_names(header, importer.name) for header in headers]
    at = max(range(len(headers)), key=lambda i: len(set(wanted) & names[i]))
    have = names[at]
    needed = {normalise_name(c) for c in layout.required}
    columns = list(zip(layout.expected, wanted, strict=True))
    return FormatMatch(
        name=importer.name,
        description=importer.description,
        expected=tuple(layout.expected),
        found=tuple(c for c, w in columns if w in have),
        missing_required=tuple(c for c, w in columns if w in needed and w not in have),
        missing_optional=tuple(c for c, w in columns if w not in needed and w not in have),
        wrong_kind=wrong_kind,
        header=headers[at],
        layout=layout.label,
    )


def _match(importer: Importer, headers: list[tuple[str, ...]], workbook: bool) -> FormatMatch:
    """The best of the format's layouts for the file (most columns found, then fewest
    required ones missing)."""
    wrong_kind = ""
    if not workbook and importer.name in WORKBOOK_FORMATS:
        wrong_kind = "reads .xls/.xlsx workbooks only; this file is text"
    layouts = EXPECTED_COLUMNS.get(importer.name) or (Layout((), ()),)
    matches = [_match_layout(importer, layout, headers, wrong_kind) for layout in layouts]
    return min(matches, key=lambda m: (-len(m.found), len(m.missing_required)))


def explain_format(sample: Sample) -> FormatExplanation:
    """Rank every format by how many of its expected header columns ``sample`` has.

    Ties go to the format missing fewer required columns, then to the more specific one (the
    order of :data:`IMPORTERS`); a format that cannot read this kind of file (a workbook
    format for a CSV) comes after the others.

    Parameters
    ----------
    sample
        The start of the file (:func:`~ronr.ingest.readers.sample_file`).
    """
    workbook = sample.path.suffix.lower() in EXCEL_SUFFIXES
    headers = _headers(sample)
    matches = [_match(importer, headers, workbook) for importer in IMPORTERS]
    order = {m.name: i for i, m in enumerate(matches)}
    detected = next((importer for importer in IMPORTERS if importer.sniff(sample)), None)
    ranked = sorted(  # the format that reads the file first, whatever the column counts say
        matches,
        key=lambda m: (
            detected is None or m.name != detected.name,
            bool(m.wrong_kind),
            -len(m.found),
            len(m.missing_required),
            order[m.name],
        ),
    )
    shown = ranked[0].header if sample.sheets else sample.header
    return FormatExplanation(sample.path.name, tuple(shown), detected, tuple(ranked))


def explain_file(path: str | Path) -> FormatExplanation:
    """:func:`explain_format` of the start of ``path`` (raises naming the file if unreadable)."""
    return explain_format(sample_file(path))


def detect_format(sample: Sample) -> Importer:
    """The first importer that recognises ``sample``.

    Raises
    ------
    InputError
        Naming the file, its header, the formats known and the closest ones with the columns
        each misses (see :func:`explain_format`).
    """
    for importer in IMPORTERS:
        if importer.sniff(sample):
            return importer
    seen = ", ".join(map(quote_content, sample.header[:8])) or "no header"
    closest = explain_format(sample).closest()
    nearest = (
        " Closest: " + "; ".join(f"{m.describe()}" for m in closest) + "."
        if closest
        else " No format shares a column with it."
    )
    name = sample.path.name
    raise InputError(
        f"{name}: unknown export format (header: {seen}); expected one of: "
        f"{', '.join(FORMATS)}.{nearest} Name the format with --format or in client.yaml "
        f"exports, or map its columns onto a table there (exports: [{{path: {name}, table: "
        f"posts, columns: {{...}}}}]); `ronr ingest --explain {name}` says more."
    )


def import_file(
    path: str | Path, *, format: str | None = None, context: ImportContext | None = None
) -> ImportResult:
    """Import one export file into canonical tables plus rejects.

    The importer runs inside :func:`~ronr.ingest.base.read_deciding`: the user's
    ``date_order`` and ``number_format`` (and the file's delimiter, a hint for numbers such as
    ``1.234``) reach every column it parses, and the number format is decided once for the
    whole file from what all its columns show (see :class:`~ronr.ingest.base.FileReading`;
    a file whose later column contradicts what an earlier one assumed is read again). What
    was assumed is in ``result.notes``.

    Parameters
    ----------
    path
        The export file.
    format
        One of :data:`FORMATS`; detected from the file's start when None.
    context
        The client's brand, handles, year and time zone, and its answers for what a file does
        not settle (see :class:`ImportContext`).

    Raises
    ------
    InputError
        When the file cannot be read at all, or when it leaves a question open that only the
        user can answer (the order of day and month, how numbers are written); the message
        names the file (and column) and what was expected.
    """
    path = Path(path)
    context = context or ImportContext()
    sample = None
    if format is None:
        sample = sample_file(path)
        importer = detect_format(sample)
    else:
        try:
            importer = importers_by_name()[format]
        except KeyError:
            raise InputError(
                f"{path.name}: unknown format {quoted(format)}; known: {', '.join(FORMATS)}"
            ) from None
        if path.suffix.lower() not in EXCEL_SUFFIXES:  # a workbook has no delimiter to read
            try:
                sample = sample_file(path)
            except InputError:  # the importer says what is wrong with the file
                sample = None
    reading = FileReading(
        path.name,
        date_order=context.date_order,
        number_format=context.number_format,
        delimiter=sample_delimiter(sample) if sample is not None else None,
        sheet=context.sheet,
    )
    result, reading = read_deciding(reading, lambda: importer.read(path, context))
    result.notes.extend(reading.notes)
    return result
