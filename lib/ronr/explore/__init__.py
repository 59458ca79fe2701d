"""Explorers for live notebooks: one per stage, filters that update every chart and table.

:mod:`.cube` builds the pre-aggregation once per workspace, :mod:`.update` computes each stage's
numbers from it, :mod:`.view` draws them (widgets live, plain plotly figures in a rendered run)
and :mod:`.rows` lists the mentions or posts behind a point, escaped and paged.
"""

from .cube import Cube, Filters, build_cube, filter_tables
from .update import (
    UPDATES,
    update_audience,
    update_channels,
    update_listen,
    update_measure,
    update_tweak,
)

__all__ = [
    "UPDATES",
    "Cube",
    "Filters",
    "build_cube",
    "filter_tables",
    "update_audience",
    "update_channels",
    "update_listen",
    "update_measure",
    "update_tweak",
]
