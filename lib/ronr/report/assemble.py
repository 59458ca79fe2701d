"""Assemble the one report notebook from the section notebooks.

One kernel per client is much faster than one per section, so the sections run as one
notebook; its metadata keeps where every cell came from, for error messages and debugging.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RenderError
from ..paths import NOTEBOOKS_DIR
from .templating import render_template

if TYPE_CHECKING:
    import nbformat

REPORT_SECTIONS = (
    "cover.ipynb",
    "01_listen.ipynb",
    "02_audience.ipynb",
    "03_channels.ipynb",
    "04_measure.ipynb",
    "05_tweak.ipynb",
    "appendix.ipynb",
)
ANCHOR_TAG = "ronr-anchor"
PARAMETERS_TAG = "parameters"
# cells for JupyterLab only (an explorer and its heading): a report never shows them
LAB_ONLY_TAG = "lab-only"


def build_report_notebook(
    *, notebooks_dir: str | Path = NOTEBOOKS_DIR, sections: Sequence[str] = REPORT_SECTIONS
) -> nbformat.NotebookNode:
    """Concatenate the section notebooks into one report notebook.

    The first ``parameters`` cell is kept and the later ones dropped (each section declares
    the same parameters). Every section starts with an anchor cell, and the notebook's
    ``metadata.ronr.sections`` lists ``{"notebook", "anchor", "title"}`` for the table of
    contents; every cell records in ``metadata.ronr`` the section notebook and cell number it
    came from. Cells tagged ``lab-only`` (widgets and their headings) are left out.

    Parameters
    ----------
    notebooks_dir
        The folder holding the section notebooks.
    sections
        The section notebooks' file names, in report order.

    Raises
    ------
    RenderError
        A section is missing or unreadable, declares a parameter the first one does not, or
        no section has a ``parameters`` cell.
    """
    import nbformat

    combined = nbformat.v4.new_notebook()
    toc = []
    first_parameters: tuple[str, set[str]] | None = None
    for name in sections:
        section = _read_section(Path(notebooks_dir) / name)
        anchor = _anchor_id(name)
        toc.append({"notebook": name, "anchor": anchor, "title": _section_title(section, name)})
        combined.cells.append(_anchor_cell(name, anchor))
        for number, cell in enumerate(section.cells, start=1):
            if LAB_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
                continue
            if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
                names = _assigned_names(cell.source, name)
                if first_parameters is not None:
                    _check_parameters(first_parameters, (name, names))
                    continue
                first_parameters = (name, names)
            combined.cells.append(_copy_cell(cell, name, number))
    if first_parameters is None:
        raise RenderError(f"no section has a cell tagged {PARAMETERS_TAG!r}")
    combined.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "ronr": {"sections": toc},
    }
    return combined


def _read_section(path: Path) -> nbformat.NotebookNode:
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise RenderError(f"report section not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise RenderError(f"report section {path} cannot be read: {exc}") from None


def _anchor_id(name: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")


def _section_title(section: nbformat.NotebookNode, name: str) -> str:
    """The ``# Title`` the section's first markdown cell starts with, else its file name."""
    for cell in section.cells:
        if cell.cell_type == "markdown":
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if first_line.startswith("# "):
                return first_line[2:].strip()
            break
    return Path(name).stem.replace("_", " ").strip().capitalize()


def _anchor_cell(name: str, anchor: str) -> nbformat.NotebookNode:
    import nbformat

    # Raw HTML in markdown also makes the anchor work in JupyterLab.
    cell = nbformat.v4.new_markdown_cell(render_template("cells/anchor.md.j2", anchor=anchor))
    cell.metadata = {"tags": [ANCHOR_TAG], "ronr": {"notebook": name, "anchor": anchor}}
    cell.id = anchor[:64]
    return cell


def _copy_cell(cell: nbformat.NotebookNode, name: str, number: int) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata["ronr"] = {"notebook": name, "cell": number}
    # Cell ids must be unique, and copies of one template notebook share theirs.
    cell.id = f"{re.sub(r'[^A-Za-z0-9_-]+', '-', Path(name).stem)[:50]}-{number}"
    return cell


def _assigned_names(source: str, name: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RenderError(f"{name}: the parameters cell is not valid Python: {exc}") from None
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _check_parameters(first: tuple[str, set[str]], later: tuple[str, set[str]]) -> None:
    extra = later[1] - first[1]
    if extra:
        raise RenderError(
            f"{later[0]} declares parameters {sorted(extra)} that {first[0]} does not; "
            "every section must declare the same parameters"
        )
