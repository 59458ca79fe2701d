"""Importer for the Sprout Social post and profile performance exports."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
