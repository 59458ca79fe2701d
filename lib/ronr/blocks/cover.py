"""Blocks of the cover that are not cards or recommendations: context and data limits."""

from __future__ import annotations

from .. import summary
from ..show import Note, context_note
from ..store import Workspace


def intro(ws: Workspace) -> list:
    """The cover's context line."""
    return [context_note(ws)]


def data_limits(ws: Workspace) -> list:
    """What this client's data cannot show, or that every stage has what it needs."""
    limits = summary.data_limits(ws) or ["Nothing: every stage has the data it needs."]
    return [Note(limit, kind="limit") for limit in limits]
