"""Importers: one module per source format; each returns canonical tables plus rejected rows."""

from .base import REJECT_COLUMNS, ImportResult
from .detect import detect_format, import_file

__all__ = ["REJECT_COLUMNS", "ImportResult", "detect_format", "import_file"]
