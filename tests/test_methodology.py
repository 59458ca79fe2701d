"""The trainers' walkthrough shows what the report shows, and its exercises point to real sections.

It states the problem, walks the five stages on the demo client with the report's own blocks,
and ends each stage with an exercise: an answer cell, a check of :mod:`ronr.teach` and a
hidden solution that says where to look, never the number.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from ronr import teach
from ronr.report import REPORT_SECTIONS

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WALKTHROUGH = nbformat.read(NOTEBOOKS / "00_methodology.ipynb", as_version=4)
CELLS = WALKTHROUGH.cells
CHECK = re.compile(r'^teach\.check_answer\(ws, "(\w+)", answer\)$')
# what a code cell after the setup may be: a report block, or the walkthrough's own teaching
TEACHING = (
    re.compile(r"^show\.show_blocks\(blocks\.\w+\.\w+\(ws\)\)$"),
    re.compile(r"^answer = None$"),
    CHECK,
    re.compile(r"^show\.show_definitions\(teach\.select_definitions\(\)\)$"),
    re.compile(r"^teach\.show_what_if\(ws, interactive=interactive\)$"),
)


def _headings() -> set[str]:
    found = set()
    for name in REPORT_SECTIONS:
        for cell in nbformat.read(NOTEBOOKS / name, as_version=4).cells:
            if cell.cell_type == "markdown" and "lab-only" not in cell.metadata.get("tags", []):
                found |= set(re.findall(r"^#{1,3} (.+)$", cell.source, flags=re.M))
    return found


def _code() -> list[str]:
    return [c.source for c in CELLS if c.cell_type == "code"]


def test_every_section_an_exercise_names_is_in_the_report() -> None:
    prose = "\n".join(c.source for c in CELLS if c.cell_type == "markdown")
    named = re.findall(r'section\s+"([^"]+)"', prose)
    assert named, "the exercises name no section"
    missing = [n for n in named if n not in _headings()]
    assert missing == []


def test_the_walkthrough_shows_the_report_blocks_not_its_own_tables() -> None:
    # the same block functions as the report: tables and charts formatted the same way; the
    # rest is the exercises, the definitions and the what-if, each one call
    code = _code()[2:]
    assert sum(s.startswith("show.show_blocks(blocks.") for s in code) >= 10
    for source in code:
        lines = [line for line in source.splitlines() if line.strip()]
        assert all(any(p.match(line) for p in TEACHING) for line in lines), source
        assert len(ast.parse(source).body) <= 2, source


def test_each_stage_ends_with_an_exercise_its_check_and_a_hidden_solution() -> None:
    checks = [i for i, c in enumerate(CELLS) if c.cell_type == "code" and CHECK.match(c.source)]
    keys = [CHECK.match(CELLS[i].source)[1] for i in checks]
    assert keys == list(teach.EXERCISES)  # one per stage, in the stages' order
    for i, key in zip(checks, keys, strict=True):
        question, answer, solution = CELLS[i - 2], CELLS[i - 1], CELLS[i + 1]
        assert question.cell_type == "markdown"
        assert teach.EXERCISES[key].question in " ".join(question.source.split()), key
        assert answer.cell_type == "code" and answer.source == "answer = None", key
        assert solution.cell_type == "markdown", key
        text = solution.source.strip()
        assert text.startswith("<details><summary>Solution</summary>"), key
        assert text.endswith("</details>"), key
        # where to look and how, never the number: it comes from the data
        assert not re.search(r"\d", text.removeprefix("<details><summary>Solution</summary>")), key


def test_each_exercise_is_in_its_stages_section() -> None:
    stage_of = {}
    stage = None
    for cell in CELLS:
        found = re.match(r"^## (\d)\. ", cell.source) if cell.cell_type == "markdown" else None
        if found:
            stage = int(found[1])
        match = CHECK.match(cell.source) if cell.cell_type == "code" else None
        if match:
            stage_of[match[1]] = stage
    assert stage_of == {key: n for n, key in enumerate(teach.EXERCISES, start=1)}


def test_the_walkthrough_starts_with_the_problem() -> None:
    first_heading = next(
        c.source for c in CELLS[1:] if c.cell_type == "markdown" and c.source.startswith("## ")
    )
    assert "sales" in first_heading.splitlines()[0].lower()
    for word in ("trust", "loyalty", "recommendations", "sharing", "months"):
        assert word in first_heading, word


def test_the_what_if_follows_the_index_and_obeys_the_interactive_parameter() -> None:
    code = _code()
    parameters = next(c for c in CELLS if "parameters" in c.metadata.get("tags", []))
    assert "interactive = True" in parameters.source
    index = code.index("show.show_blocks(blocks.measure.ror_index(ws))")
    assert code.index("teach.show_what_if(ws, interactive=interactive)") > index


def test_the_definitions_shown_are_the_walkthroughs_metrics() -> None:
    assert "show.show_definitions(teach.select_definitions())" in _code()
    shown = set(re.findall(r"blocks\.\w+\.(\w+)\(ws\)", "\n".join(_code())))
    # the index and the post-type table the exercises read are shown, not only defined
    assert {"ror_index", "post_type_tables", "share_of_voice_table", "fit_table"} <= shown
