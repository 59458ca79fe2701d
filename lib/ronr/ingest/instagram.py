"""Importer for the Instagram post export from Meta Business Suite."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
