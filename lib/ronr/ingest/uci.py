"""Importer for the UCI Facebook metrics dataset (Moro et al., 2016)."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
