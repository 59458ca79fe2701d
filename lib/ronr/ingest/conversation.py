"""Importer for the conversation CSV in the style of the customer-support-on-Twitter data."""

from __future__ import annotations

from .base import Importer

IMPORTERS: tuple[Importer, ...] = ()
