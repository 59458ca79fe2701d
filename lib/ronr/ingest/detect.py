"""Which format a file is, from its start (or as named), and the one entry point to import it.

Importers are tried in order, most specific first; the generic canonical CSVs come last.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from . import conversation, facebook, generic, instagram, linkedin, sprout, uci, x_activity
from .base import ImportContext, Importer, ImportResult, Sample
from .readers import sample_file

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


def detect_format(sample: Sample) -> Importer:
    """The first importer that recognises ``sample`` (raises naming the file otherwise)."""
    for importer in IMPORTERS:
        if importer.sniff(sample):
            return importer
    known = "; ".join(f"{i.name} ({i.description})" for i in IMPORTERS)
    seen = ", ".join(sample.header[:8]) or "no header"
    raise InputError(
        f"{sample.path.name}: unknown export format (header: {seen}); expected one of: {known}. "
        "Name the format with --format or in client.yaml exports if it was not recognised."
    )


def import_file(
    path: str | Path, *, format: str | None = None, context: ImportContext | None = None
) -> ImportResult:
    """Import one export file into canonical tables plus rejects.

    Parameters
    ----------
    path
        The export file.
    format
        One of :data:`FORMATS`; detected from the file's start when None.
    context
        The client's brand, handles, year and time zone (see :class:`ImportContext`).

    Raises
    ------
    InputError
        When the file cannot be read at all; the message names the file and what was expected.
    """
    path = Path(path)
    if format is None:
        importer = detect_format(sample_file(path))
    else:
        try:
            importer = importers_by_name()[format]
        except KeyError:
            raise InputError(
                f"{path.name}: unknown format {format!r}; known: {', '.join(FORMATS)}"
            ) from None
    return importer.read(path, context or ImportContext())
