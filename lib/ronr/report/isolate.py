"""Run the report notebook in a ``python -m ronr.report.execute`` subprocess.

A subprocess per client means a hung kernel can be killed without stopping the batch. A run
that exceeds its time, or whose kernel fails to start, is retried once; a cell's error is not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RenderError
from .parameters import validate_parameters
from .protocol import EXIT_TEMPFAIL, last_line

if TYPE_CHECKING:
    import nbformat

EXECUTE_MODULE = "ronr.report.execute"


class TransientError(RenderError):
    """A failure of the machinery, not of the notebook: worth one retry."""


def execute_isolated(
    nb: nbformat.NotebookNode,
    output_path: Path,
    *,
    parameters: dict[str, Any],
    cwd: Path,
    cell_timeout: float,
    timeout: float,
) -> None:
    """Run ``nb`` in a subprocess and write the executed notebook to ``output_path``.

    Parameters
    ----------
    nb
        The report notebook (see :func:`ronr.report.assemble.build_report_notebook`).
    output_path
        Where the executed notebook is written, also after most failures.
    parameters
        Values for the ``parameters`` cell, checked before the subprocess starts.
    cwd
        Working directory of the kernel.
    cell_timeout
        Seconds one cell may run.
    timeout
        Seconds the whole run may take, per try.

    Raises
    ------
    RenderError
        The notebook failed, or both tries failed transiently (the message names both).
    """
    import nbformat

    with tempfile.TemporaryDirectory(prefix="ronr-render-") as tmp:
        input_path = Path(tmp) / f"{output_path.stem}.ipynb"
        nbformat.write(nb, str(input_path))
        validate_parameters(input_path, parameters)
        command = [
            sys.executable,
            "-m",
            EXECUTE_MODULE,
            str(input_path),
            str(output_path.resolve()),
            "--parameters",
            json.dumps(parameters),
            "--cell-timeout",
            str(cell_timeout),
            "--cwd",
            str(cwd.resolve()),
        ]
        try:
            run_execute(command, timeout=timeout)
        except TransientError as first:
            try:
                run_execute(command, timeout=timeout)
            except TransientError as second:
                raise RenderError(f"{second} (also on the first try: {first})") from None


def run_execute(command: list[str], *, timeout: float) -> None:
    """Run ``command``; raise :class:`TransientError` for a hang or a kernel that did not start.

    Raises
    ------
    TransientError
        No result within ``timeout`` seconds (the process is killed), or the process exited
        with :data:`ronr.report.protocol.EXIT_TEMPFAIL`.
    RenderError
        Any other non-zero exit; the message is the last line of its standard error.
    """
    env = dict(os.environ)
    # The kernel must import this very ronr, also when it runs from a source checkout.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_library_root(), env.get("PYTHONPATH")) if p)
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # The kernel notices its parent is gone and exits (ipykernel's parent poller).
            process.kill()
            process.communicate()
            raise TransientError(f"no result within {timeout:g} s") from None
    if process.returncode == 0:
        return
    message = last_line(stderr) or f"{EXECUTE_MODULE} exited with code {process.returncode}"
    if process.returncode == EXIT_TEMPFAIL:
        raise TransientError(message)
    raise RenderError(message)


def _library_root() -> str:
    """The folder that holds the ``ronr`` package in use."""
    import ronr

    return str(Path(ronr.__file__).resolve().parents[1])
