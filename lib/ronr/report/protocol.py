"""What the execute subprocess tells the process that started it: exit codes and one line.

Kept apart from :mod:`ronr.report.execute` so that the parent never imports the module the
subprocess runs as ``__main__``.
"""

from __future__ import annotations

import re
import sys

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_TEMPFAIL = 75
"""Exit code of a failure worth one retry: the kernel did not start (sysexits' EX_TEMPFAIL)."""
EXIT_MEMORY = 71
"""Exit code of a subprocess that ran out of memory under its limit (sysexits' EX_OSERR)."""

KERNEL_NOISE = "Kernel is running over TCP without encryption"
"""The warning every ipykernel start prints; never the message of a failure."""

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MAX_MESSAGE = 300


def short_message(text: str, *, limit: int = _MAX_MESSAGE) -> str:
    """``text`` on one line, without ANSI colour codes, at most ``limit`` characters."""
    text = " ".join(_ANSI.sub("", str(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def last_line(stderr: str) -> str:
    """The subprocess's message: the last line of its standard error that is not noise."""
    lines = [line for line in stderr.splitlines() if line.strip() and KERNEL_NOISE not in line]
    return short_message(lines[-1]) if lines else ""


def format_limit(limit: int) -> str:
    """``4 GB``-style memory limit (binary units, as the limit is set)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20)):
        if limit >= size:
            return f"{limit / size:.3g} {unit}"
    return f"{limit} bytes"


def set_memory_limit(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (None: no cap), children included.

    A subprocess calls it first thing: the limit is inherited by whatever it starts (the
    kernel). Where :mod:`resource` is missing (Windows) it does nothing.
    """
    if not limit or sys.platform == "win32":
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
