"""The trainers' walkthrough shows what the report shows, and its exercises point to real sections."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ronr.report import REPORT_SECTIONS

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WALKTHROUGH = nbformat.read(NOTEBOOKS / "00_methodology.ipynb", as_version=4)


def _headings() -> set[str]:
    found = set()
    for name in REPORT_SECTIONS:
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
            if cell.cell_type == "markdown" and "lab-only" not in cell.metadata.get("tags", []):
                found |= set(re.findall(r"^#{1,3} (.+)$", cell.source, flags=re.M))
    return found


def test_every_section_an_exercise_names_is_in_the_report() -> None:
    prose = "\n".join(c.source for c in WALKTHROUGH.cells if c.cell_type == "markdown")
    named = re.findall(r'section\s+"([^"]+)"', prose)
    assert named, "the exercises name no section"
    missing = [n for n in named if n not in _headings()]
    assert missing == []


def test_the_walkthrough_shows_the_report_blocks_not_its_own_tables() -> None:
    # the same block functions as the report: tables and charts formatted the same way
    code = [c.source for c in WALKTHROUGH.cells if c.cell_type == "code"][2:]
    assert code and all(source.startswith("show.show_blocks(blocks.") for source in code), code
