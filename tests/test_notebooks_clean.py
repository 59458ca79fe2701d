"""The committed notebooks carry no outputs, and `make lab` never opens them for editing.

Outputs of a stage notebook hold a client's mention texts and widget state: committed, they
would leak one client's data into every clone.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_to_check() -> None:
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs_or_widget_state(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {number} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {number} was executed"
    assert "widgets" not in nb.metadata, f"{path.name} holds saved widget state"


def _lab_commands(tmp_path: Path) -> list[list[str]]:
    """The commands `make lab` would run (dry run), each split into words."""
    dry = subprocess.run(
        ["make", "-n", "lab", "LAB=lab", f"DATA={tmp_path}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [shlex.split(line) for line in dry.stdout.splitlines() if line.strip()]


def test_make_lab_opens_git_ignored_copies_not_the_committed_notebooks(tmp_path) -> None:
    commands = _lab_commands(tmp_path)
    # environment assignments before the program: the notebooks read the data `make lab` set up
    env = [dict(w.split("=", 1) for w in c if "=" in w and not w.startswith("-")) for c in commands]
    bare = [[w for w in c if "=" not in w or w.startswith("-")] for c in commands]
    lab = [c for c in bare if len(c) >= 3 and c[0].endswith("jupyter") and c[1] == "lab"]
    assert len(lab) == 1, commands
    assert env[bare.index(lab[0])].get("RONR_DATA_DIR") == str(tmp_path.resolve())
    # the trainers' walkthrough opens first; JupyterLab serves the folder it is in
    opened = Path(lab[0][-1])
    assert opened.name == "00_methodology.ipynb", lab[0]
    folder = str(opened.parent)
    assert Path(folder).resolve() != (REPO / "notebooks").resolve()
    copies = [c for c in commands if c[:2] == ["cp", "-n"]]
    assert copies and copies[0][-1].rstrip("/") == folder
    assert "notebooks/*.ipynb" in copies[0]  # the walkthrough is among the copies
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", f"{folder}/01_listen.ipynb"], cwd=REPO, check=False
    )
    assert ignored.returncode == 0, f"{folder}/ is not git-ignored"


def test_widgets_render_in_the_lab_that_make_lab_opens() -> None:
    # ipywidgets 8 ships its JupyterLab 4 renderer (jupyterlab_widgets): no extension to build
    from importlib.metadata import version

    assert int(version("ipywidgets").split(".")[0]) >= 8
    assert int(version("jupyterlab").split(".")[0]) >= 4
    assert int(version("jupyterlab_widgets").split(".")[0]) >= 3
