"""Importer for the LinkedIn page exports (.xls/.xlsx)."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
