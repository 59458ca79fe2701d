"""Execute one notebook with papermill, turning every way it can fail into a short RenderError.

Run it as ``python -m ronr.report.execute IN OUT --parameters JSON --cell-timeout S``: the
report runs each client in such a subprocess (see :mod:`ronr.report.isolate`), so a hung
kernel can be killed without killing the batch.

``python -m ronr.report.execute warm-up --function MODULE:NAME --client C ...`` runs a
client's warm-up (loading its data, building its caches) in a subprocess the same way, so an
import that runs out of memory or time stops that client alone (:func:`warm_up_main`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import RenderError, RonrError
from .parameters import validate_parameters
from .protocol import (
    EXIT_FAILED,
    EXIT_MEMORY,
    EXIT_OK,
    EXIT_TEMPFAIL,
    KERNEL_NOISE,
    format_limit,
    set_memory_limit,
    short_message,
)

WARM_UP = "warm-up"
"""First argument of the warm-up entry point."""

KERNEL_NAME = "python3"


class KernelStartError(RenderError):
    """The kernel died or hung before it was ready: a retry may well succeed."""


def filter_kernel_warnings() -> None:
    """Silence the warning every ipykernel start prints.

    Encryption would silence it too, but makes kernel starts much slower.
    """
    warnings.filterwarnings("ignore", message=KERNEL_NOISE)


def execute_notebook(
    input_path: str | Path,
    output_path: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    cell_timeout: float | None = 300,
    start_timeout: float = 60,
    cwd: str | Path | None = None,
    memory_limit: int | None = None,
) -> Any:
    """Execute a notebook in-process with papermill and save the executed copy.

    Parameters
    ----------
    input_path, output_path
        The notebook to run and where to write the executed notebook.
    parameters
        Values for the notebook's ``parameters`` cell (checked by
        :func:`ronr.report.parameters.validate_parameters`).
    cell_timeout
        Seconds one cell may run; ``None`` for no limit.
    start_timeout
        Seconds the kernel may take to start.
    cwd
        Working directory of the kernel.
    memory_limit
        The memory limit the caller set on this process (the kernel inherits it), for the
        message of a cell that ran out of memory; None if none.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    KernelStartError
        The kernel failed to start.
    RenderError
        A cell raised or timed out; the message names the cell and the error.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError

    filter_kernel_warnings()
    # Absolute, because the kernel runs in ``cwd``.
    input_path, output_path = Path(input_path).resolve(), Path(output_path).resolve()
    parameters = validate_parameters(input_path, parameters or {})
    run = _RunState()
    try:
        return papermill.execute_notebook(
            str(input_path),
            str(output_path),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            # Saving after every cell took nearly half of a report's run; failures save below.
            request_save_on_cell_execute=False,
            execution_timeout=cell_timeout,
            start_timeout=start_timeout,
            cwd=str(cwd) if cwd else None,
            on_notebook_start=run.on_notebook_start,
            on_cell_start=run.on_cell_start,
            # The kernel logs "running over TCP without encryption" at every start; encryption
            # would silence it but makes starts much slower.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except papermill.PapermillExecutionError as exc:  # papermill has saved the notebook
        if exc.ename == "MemoryError" and memory_limit:
            raise RenderError(
                f"{run.where()} stopped: over the {format_limit(memory_limit)} memory limit"
            ) from None
        raise RenderError(
            f"{run.where()} failed: {exc.ename}: {short_message(exc.evalue)}"
        ) from None
    except CellTimeoutError:
        run.save(output_path)
        limit = f" after {cell_timeout:g} s" if cell_timeout else ""
        raise RenderError(f"{run.where()} timed out{limit}") from None
    except Exception as exc:
        what = f"{type(exc).__name__}: {short_message(str(exc))}"
        if run.notebook is None:
            raise KernelStartError(f"kernel failed to start: {what}") from None
        run.save(output_path)
        raise RenderError(f"{run.where()}: {what}") from None


class _RunState:
    """What nbclient's hooks tell about a run: the notebook and the cell running."""

    def __init__(self) -> None:
        self.notebook: Any = None
        self.cell: Any = None
        self.index = -1

    def on_notebook_start(self, notebook: Any) -> None:
        self.notebook = notebook

    def on_cell_start(self, cell: Any, cell_index: int) -> None:
        self.cell, self.index = cell, cell_index

    def where(self) -> str:
        """'cell 3 of 01_listen.ipynb' when the report recorded where the cell came from."""
        if self.cell is None:
            return "a cell"
        origin = self.cell.get("metadata", {}).get("ronr", {})
        if "notebook" in origin and "cell" in origin:
            return f"cell {origin['cell']} of {origin['notebook']}"
        return f"cell {self.index + 1}"

    def save(self, path: Path) -> None:
        """Keep the partial notebook for debugging; the error message matters more."""
        if self.notebook is None:
            return
        import nbformat

        with contextlib.suppress(OSError, ValueError):
            nbformat.write(self.notebook, str(path))


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ronr.report.execute", description="Execute one notebook with papermill."
    )
    parser.add_argument("input", help="notebook to execute")
    parser.add_argument("output", help="where to write the executed notebook")
    parser.add_argument("--parameters", default="{}", help="parameters as a JSON object")
    parser.add_argument("--cell-timeout", type=float, default=300, help="seconds per cell")
    parser.add_argument("--start-timeout", type=float, default=60, help="seconds to start")
    parser.add_argument("--cwd", default=None, help="working directory of the kernel")
    parser.add_argument("--verbose", action="store_true", help="keep kernel and papermill logs")
    parser.add_argument(
        "--memory-limit", type=int, default=None, help="bytes of address space, kernel included"
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send everything written to file descriptor 2 (ours and the kernel's) to a sink.

    A kernel stopped after a timeout prints tracebacks from its message handler; papermill
    logs what the error line below already says.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    sink = os.open(os.devnull, os.O_WRONLY)
    os.dup2(sink, 2)
    os.close(sink)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: exit 0 on success, else one line on stderr and exit 1.

    A kernel that failed to start exits with :data:`EXIT_TEMPFAIL` instead, so the caller
    knows a retry is worthwhile. ``--verbose`` keeps the kernel's and papermill's own logs.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == [WARM_UP]:
        return warm_up_main(argv[1:])
    args = _parse_args(argv)
    with contextlib.nullcontext() if args.verbose else _quiet_stderr():
        error, code = _run(args)
    if error:
        print(error, file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> tuple[str, int]:
    try:
        set_memory_limit(args.memory_limit)
        parameters = json.loads(args.parameters)
        if not isinstance(parameters, dict):
            raise RenderError("--parameters must be a JSON object")
        execute_notebook(
            args.input,
            args.output,
            parameters=parameters,
            cell_timeout=args.cell_timeout or None,
            start_timeout=args.start_timeout,
            cwd=args.cwd,
            memory_limit=args.memory_limit,
        )
    except MemoryError:
        return f"stopped: over the {format_limit(args.memory_limit or 0)} memory limit", EXIT_MEMORY
    except KernelStartError as exc:
        return short_message(str(exc)), EXIT_TEMPFAIL
    except json.JSONDecodeError as exc:
        return f"--parameters is not valid JSON: {exc}", EXIT_FAILED
    except (RenderError, OSError) as exc:
        return short_message(str(exc)), EXIT_FAILED
    return "", EXIT_OK


def warm_up_main(argv: Sequence[str]) -> int:
    """Run one client's warm-up under a memory limit; its period goes to ``--result`` as JSON.

    ``{"period": "START..END"}`` (:meth:`ronr.periods.Period.text`), or ``{"period": null}``
    when the warm-up did not say. Exits 0; else prints one line on stderr and exits
    :data:`EXIT_FAILED`, or :data:`EXIT_MEMORY` when it ran out of memory.
    """
    parser = argparse.ArgumentParser(
        prog=f"python -m ronr.report.execute {WARM_UP}",
        description="Load one client's data, under a memory limit.",
    )
    parser.add_argument("--function", required=True, help="MODULE:NAME of the warm-up")
    parser.add_argument("--client", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--period", default="", help="START..END, or empty for the configured")
    parser.add_argument("--memory-limit", type=int, default=None, help="bytes of address space")
    parser.add_argument("--result", required=True, help="where to write the JSON result")
    args = parser.parse_args(argv)
    set_memory_limit(args.memory_limit)
    try:
        covered = _warm_up(args)
        Path(args.result).write_text(
            json.dumps({"period": None if covered is None else covered.text()}), encoding="utf-8"
        )
    except Exception as exc:  # every failure is one line for the parent
        if _out_of_memory(exc):
            limit = format_limit(args.memory_limit) if args.memory_limit else "available"
            print(f"over the {limit} memory limit", file=sys.stderr)
            return EXIT_MEMORY
        if isinstance(exc, RonrError):
            print(short_message(str(exc)), file=sys.stderr)
        else:
            print(short_message(f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _warm_up(args: argparse.Namespace) -> Any:
    import importlib

    module_name, _, name = args.function.partition(":")
    function: Any = importlib.import_module(module_name)
    for part in name.split("."):
        function = getattr(function, part)
    period = None
    if args.period:
        from ..periods import Period

        period = Period.parse(args.period)
    return function(args.client, data_dir=Path(args.data_dir), period=period)


def _out_of_memory(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an exception it was raised from, is a :class:`MemoryError`."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def skip_slow_optional_imports() -> None:
    """Make jsonschema skip ``rfc3987_syntax``, for command-line processes only.

    jsonschema imports it when installed (via nbformat, on every papermill run), and it builds
    a grammar costing ~1.3 s per process, for IRI format checks notebooks never use.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


if __name__ == "__main__":
    skip_slow_optional_imports()
    sys.exit(main())
