"""Which format a file is, from its header (or as named), and the one entry point to import it."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .base import ImportResult
from .generic import read_table_csv
from .readers import read_csv_text

# the columns that identify each generic table
SIGNATURES = {
    "generic-posts": {"post_id", "published_at", "brand", "channel"},
    "generic-mentions": {"mention_id", "created_at", "brand", "kind"},
    "generic-responses": {"response_id", "mention_id", "created_at"},
    "generic-audience": {"dimension", "bucket", "share"},
    "generic-followers": {"followers", "date", "channel"},
}
FORMATS = tuple(SIGNATURES)


def detect_format(columns: list[str], *, file: str) -> str:
    """The format whose signature columns the header holds (raises naming the file otherwise)."""
    present = {c.strip().lower() for c in columns}
    for name, signature in SIGNATURES.items():
        if signature <= present:
            return name
    expected = "; ".join(f"{n}: {', '.join(sorted(s))}" for n, s in SIGNATURES.items())
    raise InputError(
        f"{file}: unknown export format; expected a header with the columns of one of: {expected}"
    )


def import_file(path: str | Path, *, format: str | None = None) -> ImportResult:
    """Import one export file into canonical tables plus rejects.

    Parameters
    ----------
    path
        The export file.
    format
        One of :data:`FORMATS`; detected from the header when None.
    """
    path = Path(path)
    raw = read_csv_text(path)
    raw.columns = [c.lower() for c in raw.columns]
    name = format or detect_format(list(raw.columns), file=path.name)
    if name not in FORMATS:
        raise InputError(f"{path.name}: unknown format {name!r}; known: {', '.join(FORMATS)}")
    table = name.removeprefix("generic-")
    return read_table_csv(raw, table=table, file=path.name)
