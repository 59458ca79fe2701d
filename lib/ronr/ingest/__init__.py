"""Importers: one module per source format; each returns canonical tables plus rejected rows."""

from .base import REJECT_COLUMNS, ImportContext, Importer, ImportResult, Sample
from .detect import FORMATS, IMPORTERS, detect_format, import_file

__all__ = [
    "FORMATS",
    "IMPORTERS",
    "REJECT_COLUMNS",
    "ImportContext",
    "ImportResult",
    "Importer",
    "Sample",
    "detect_format",
    "import_file",
]
