"""Importer for the X/Twitter tweet activity export."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
