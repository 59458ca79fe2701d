"""Sections without content: a report keeps their title and one line saying why.

A client with only mentions would otherwise get every posts section in full (its heading,
its explanation and the same "No posts data" note under every chart). A section (a ``##``
heading and the cells up to the next heading) whose outputs are all notes of missing data
keeps its heading line and its first such note; a stage (``#``) whose sections are all empty
keeps its title, its opening cells and that one note.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .templating import render_template

if TYPE_CHECKING:
    import nbformat

# the opening tag of a note of ronr.show.show_note, whose classes name its kind
NOTE_TAG = re.compile(r"^\s*<\w+ class='ronr-note ([^']*)'>")
ANCHOR_TAG = "ronr-anchor"


def _level(cell: nbformat.NotebookNode) -> int:
    """1 for a ``#`` heading cell, 2 for ``##``, 0 for any other cell."""
    if cell.cell_type != "markdown":
        return 0
    match = re.match(r"(#{1,2})\s", cell.source.lstrip())
    return len(match.group(1)) if match else 0


def _html(output: nbformat.NotebookNode) -> str:
    return output.get("data", {}).get("text/html", "") if "data" in output else ""


def _is_missing(output: nbformat.NotebookNode) -> bool:
    match = NOTE_TAG.match(_html(output))
    return bool(match) and "ronr-missing" in match.group(1).split()


def _first_missing(cells: list) -> nbformat.NotebookNode | None:
    for cell in cells:
        for output in getattr(cell, "outputs", []) if cell.cell_type == "code" else []:
            if _is_missing(output):
                return output
    return None


def _is_empty(cells: list) -> bool:
    """Whether the cells show nothing but missing-data notes (or nothing at all)."""
    return all(_is_missing(o) for c in cells if c.cell_type == "code" for o in c.outputs)


def _note_cell(note) -> nbformat.NotebookNode:
    """A cell showing only ``note``; a general one when the section said nothing itself."""
    import nbformat

    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        note
        or nbformat.v4.new_output(
            "display_data", data={"text/html": render_template("cells/nothing_note.html.j2")}
        )
    ]
    return cell


def _title_only(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell.source = cell.source.lstrip().splitlines()[0]
    return cell


def collapse_empty_sections(cells: list) -> list:
    """``cells`` with every section without content reduced to its title and one note.

    Parameters
    ----------
    cells
        The executed report notebook's cells, after the outputs a reader never sees are gone.

    Returns
    -------
    list
        The cells to show, in order (the same cell objects, some with fewer outputs).
    """
    stages: list[dict] = []  # {"head": [cells before the first ##], "sections": [[cells]]}
    for cell in cells:
        level = _level(cell)
        starts_stage = level == 1 or ANCHOR_TAG in cell.metadata.get("tags", [])
        if not stages or (starts_stage and (stages[-1]["sections"] or _has_title(stages[-1]))):
            stages.append({"head": [], "sections": []})
        stage = stages[-1]
        if level == 2:
            stage["sections"].append([cell])
        elif stage["sections"]:
            stage["sections"][-1].append(cell)
        else:
            stage["head"].append(cell)
    shown = []
    for stage in stages:
        sections = stage["sections"]
        if sections and all(_is_empty(s) for s in sections):
            shown += stage["head"]
            if not _first_missing(stage["head"]):  # else the head already says what is missing
                shown.append(_note_cell(_first_missing([c for s in sections for c in s])))
            continue
        shown += stage["head"]
        for section in sections:
            if _is_empty(section):
                shown += [_title_only(section[0]), _note_cell(_first_missing(section))]
            else:
                shown += section
    return shown


def _has_title(stage: dict) -> bool:
    return any(_level(c) == 1 for c in stage["head"])
