"""What the execute subprocess tells the process that started it: exit codes and one line.

Kept apart from :mod:`ronr.report.execute` so that the parent never imports the module the
subprocess runs as ``__main__``.
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_TEMPFAIL = 75
"""Exit code of a failure worth one retry: the kernel did not start (sysexits' EX_TEMPFAIL)."""

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
