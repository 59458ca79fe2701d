"""Importer for the Facebook page post export."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
