"""Run the report notebook in a ``python -m ronr.report.execute`` subprocess.

A subprocess per client means a hung kernel can be killed without stopping the batch. A run
that exceeds its time, or whose kernel fails to start, is retried once; a cell's error is not.

The client's warm-up (loading its data) runs in a subprocess of its own as well
(:func:`run_warm_up`), so a file that inflates to gigabytes, or an import that never ends,
stops that client alone. Both subprocesses cap their address space at the render's memory
limit (``RLIMIT_AS``, inherited by the kernel).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RenderError
from .parameters import validate_parameters
from .protocol import EXIT_MEMORY, EXIT_TEMPFAIL, format_limit, last_line

if TYPE_CHECKING:
    import nbformat

EXECUTE_MODULE = "ronr.report.execute"
# What native code prints when an allocation fails before it aborts (Rust, C++, C).
_OUT_OF_MEMORY = re.compile(
    r"memory allocation of \d+ bytes failed|std::bad_alloc|MemoryError|out of memory"
    r"|Cannot allocate memory",
    re.I,
)


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
    memory_limit: int | None = None,
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
    memory_limit
        Bytes of address space the subprocess, and the kernel it starts, may each use; None
        for no limit.

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
        if memory_limit:
            command += ["--memory-limit", str(memory_limit)]
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
        Any other non-zero exit; the message is the last line of its standard error (a
        process killed by a signal says which).
    """
    ran = _run_child(command, env=_environment(), timeout=timeout)
    if ran is None:
        raise TransientError(f"no result within {timeout:g} s")
    returncode, stderr = ran
    if returncode == 0:
        return
    message = last_line(stderr) or _exit_reason(returncode)
    if returncode == EXIT_TEMPFAIL:
        raise TransientError(message)
    if returncode == EXIT_MEMORY:
        message = f"report {message}"
    raise RenderError(message)


def run_warm_up(
    warm_up: Callable[..., Any],
    client: str,
    *,
    data_dir: Path,
    period: str,
    timeout: float,
    memory_limit: int | None,
) -> str | None:
    """Run ``warm_up(client, data_dir=..., period=...)`` in a subprocess; the period it covers.

    ``warm_up`` must be importable by name (see :func:`importable_name`); the subprocess
    (``python -m ronr.report.execute warm-up``) caps its address space at ``memory_limit``
    bytes and is killed after ``timeout`` seconds.

    Parameters
    ----------
    period
        The period asked for as ``START..END`` text, or ``""`` for the configured one.

    Returns
    -------
    str or None
        The period the warm-up covered, as ``START..END`` text (None when it did not say).

    Raises
    ------
    RenderError
        The warm-up failed (its own message), ran over the memory limit ("import stopped:
        over the 4 GB memory limit"), or out of time ("import timed out after 60 s").
    """
    name = importable_name(warm_up)
    if name is None:
        raise ValueError(f"{warm_up!r} cannot be imported by name in a subprocess")
    with tempfile.TemporaryDirectory(prefix="ronr-warm-up-") as tmp:
        result = Path(tmp) / "result.json"
        command = [
            sys.executable,
            "-m",
            EXECUTE_MODULE,
            "warm-up",
            "--function",
            name,
            "--client",
            client,
            "--data-dir",
            str(data_dir),
            "--period",
            period,
            "--result",
            str(result),
        ]
        if memory_limit:
            command += ["--memory-limit", str(memory_limit)]
        ran = _run_child(command, env=_environment(*_import_roots(warm_up)), timeout=timeout)
        if ran is None:
            raise RenderError(f"import timed out after {timeout:g} s")
        code, stderr = ran
        if code == 0:
            try:
                return json.loads(result.read_text(encoding="utf-8"))["period"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise RenderError(f"import said nothing readable: {exc}") from None
    message = last_line(stderr)
    if code == EXIT_MEMORY:
        raise RenderError(f"import stopped: {message}")
    if code < 0 and memory_limit and _OUT_OF_MEMORY.search(stderr):
        # A native library (Rust, C++) aborts instead of raising MemoryError.
        raise RenderError(f"import stopped: over the {format_limit(memory_limit)} memory limit")
    if code < 0:
        over = f" (over the {format_limit(memory_limit)} memory limit?)" if memory_limit else ""
        raise RenderError(f"import stopped: {_exit_reason(code)}{over}")
    raise RenderError(message or f"import failed: {_exit_reason(code)}")


def importable_name(function: Callable[..., Any]) -> str | None:
    """``module:qualified.name`` of ``function`` if a new process can import it, else None.

    Lambdas, closures, methods of instances and functions of ``__main__`` cannot be.
    """
    module = getattr(function, "__module__", None)
    qualname = getattr(function, "__qualname__", None)
    if not module or not qualname or module == "__main__" or "<" in qualname:
        return None
    found: Any = sys.modules.get(module)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return f"{module}:{qualname}" if found is function else None


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"{EXECUTE_MODULE} exited with code {code}"


def _environment(*roots: str | None) -> dict[str, str]:
    env = dict(os.environ)
    # The kernel must import this very ronr, also when it runs from a source checkout.
    paths = (_library_root(), *roots, env.get("PYTHONPATH"))
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in paths if p))
    # Under an address-space limit, glibc's 64 MB arena per thread counts though mostly unused.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    return env


def _import_roots(function: Callable[..., Any]) -> list[str]:
    """Where the subprocess finds ``function``'s module: none needed for ronr's own, else the
    folder it was imported from, then this process's ``sys.path`` (for what it imports)."""
    name = getattr(function, "__module__", "")
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    if name == "ronr" or name.startswith("ronr.") or not file or module is None:
        return []
    depth = name.count(".") + (Path(file).stem == "__init__")
    return [str(Path(file).resolve().parents[depth]), *(p for p in sys.path if p)]


def _library_root() -> str:
    """The folder that holds the ``ronr`` package in use."""
    import ronr

    return str(Path(ronr.__file__).resolve().parents[1])


def _run_child(
    command: list[str], *, env: dict[str, str], timeout: float
) -> tuple[int, str] | None:
    """Run ``command``; its exit code and standard error, or None when it outlived ``timeout``.

    A child that outlives it is killed (a kernel notices its parent is gone and exits too).
    """
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
    return process.returncode, stderr
