"""Run the report's notebooks in this process, for tests of many data shapes.

A kernel per notebook (papermill) costs seconds; executing the code cells here, with the
parameters injected as the report would, runs exactly what the report runs in milliseconds.
Everything a cell displays through :mod:`ronr.show` is collected as HTML text.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from ronr import show

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REPORT_ORDER = (
    "cover",
    "01_listen",
    "02_audience",
    "03_channels",
    "04_measure",
    "05_tweak",
    "appendix",
)


def _text(obj) -> str:
    if isinstance(obj, dict):  # a figure bundle: its HTML, whose data is JSON
        return obj.get("text/html", "")
    return getattr(obj, "data", None) or str(obj)


def run_report(
    client: str, *, data_dir: Path, period: str = "", monkeypatch
) -> dict[str, list[str]]:
    """Execute every code cell of every report notebook; return the displayed HTML per notebook.

    Raises whatever a cell raises, with the notebook and cell number added to the message.
    """
    shown: list = []
    monkeypatch.setattr(show, "display", lambda obj, **_: shown.append(obj))
    parameters = {
        "client": client,
        "period": period,
        "data_dir": str(data_dir),
        "interactive": False,
    }
    outputs = {}
    for name in REPORT_ORDER:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        namespace: dict = {}
        shown.clear()
        for number, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            source = cell.source
            if "parameters" in cell.metadata.get("tags", []):
                source += "\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in parameters.items())
                source = source.replace("= false", "= False").replace("= true", "= True")
            try:
                exec(compile(source, f"{name}.ipynb cell {number}", "exec"), namespace)
            except Exception as exc:
                exc.add_note(f"in {name}.ipynb, cell {number}:\n{source}")
                raise
        outputs[name] = [_text(obj) for obj in shown]
    return outputs
