"""Blocks of the appendix: metric definitions and data provenance."""

from __future__ import annotations

from .. import metrics
from ..show import Definitions, Note, Table
from ..store import Workspace, describe_provenance, reconcile_tables


def definitions(ws: Workspace) -> list:
    """Every metric definition (formula, unit, version, source)."""
    return [Definitions(metrics.metrics_table())]


def provenance(ws: Workspace) -> list:
    """Files read with their rows read, accepted and rejected."""
    return [Note(describe_provenance(ws)), Table(ws.provenance)]


def reconciliation(ws: Workspace) -> list:
    """Per table: rows imported, in the period, and set aside."""
    return [Table(reconcile_tables(ws))]


def rejects(ws: Workspace) -> list:
    """The first rejected rows with their reasons."""
    return [Table(ws.rejects, max_rows=20)]
