"""The options of a render, parsed and checked once: one frozen :class:`RenderOptions`.

The command line builds it from its flags (the period already a :class:`ronr.periods.Period`);
:func:`ronr.report.batch.render_clients` and :func:`ronr.report.render.render_client` take it
whole, and the kernel receives plain values made from it
(:func:`ronr.report.render.notebook_parameters`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import NOTEBOOKS_DIR, resolve_data_dir
from .assemble import REPORT_SECTIONS

if TYPE_CHECKING:
    # At run time only where a period is handled: importing ronr.report (every command line
    # start, every execute subprocess) must not import pandas.
    from ..periods import Period

AS_CONFIGURED = "as configured"
"""The period a reader sees when neither the options nor the client's config name one."""

DEFAULT_MEMORY_LIMIT = 4 << 30
"""Bytes of address space a client's import, and its notebook's kernel, may use: 4 GB."""

WarmUp = Callable[..., "Period | None"]
"""``warm_up(client, *, data_dir, period)``: loads a client's data before its notebook runs.

``data_dir`` is a :class:`~pathlib.Path`, ``period`` a :class:`~ronr.periods.Period` or None.
It returns the period the report covers when it knows it (the header then shows it), else
None. A function defined at a module's top level runs in a subprocess of its own, under the
render's memory and time limits (see :func:`ronr.report.isolate.run_warm_up`); any other
callable (a lambda, a closure) runs in this process, unlimited.
"""


COMPARE_CHOICES = ("", "previous")  # no comparison, or the period just before


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the same for every client of a batch.

    Attributes
    ----------
    period
        The report period, or None for each client's configured period (else its data's).
    data_dir
        The data folder holding ``clients/``; None for ``$RONR_DATA_DIR``, else the project's
        ``data/``. Resolved to an absolute path when the options are made, so every client of
        a batch reads the same folder.
    out_dir
        Where the reports, their executed notebooks and ``index.html`` are written.
    notebooks_dir, sections
        The section notebooks (see :func:`ronr.report.assemble.build_report_notebook`).
    jobs
        How many clients render at the same time (a batch only).
    cell_timeout
        Seconds one notebook cell may run.
    timeout
        Seconds one client's whole notebook may run; a run that exceeds it, or whose kernel
        fails to start, is retried once. Also the seconds one client's warm-up may take, and
        the seconds it may wait for other clients' warm-ups.
    warm_up
        Loads each client's data before its notebook runs, in a subprocess, so its cache is
        built once; its exception is the client's failure. None for
        :func:`ronr.report.render.default_warm_up`.
    memory_limit
        Bytes of address space (``RLIMIT_AS``) each client's warm-up subprocess, and its
        notebook's subprocess and kernel, may use; a client over it fails alone. None for no
        limit; :data:`DEFAULT_MEMORY_LIMIT` by default.
    pdf
        Also print each report to ``<stem>.pdf`` beside its HTML, with headless Chromium
        (:func:`ronr.report.pdf.print_pdf`); a PDF that cannot be printed fails the client,
        its HTML still written.
    compare
        ``"previous"``: every cover headline and the ROR index show their change against the
        period of the same length just before (:meth:`ronr.periods.Period.previous`); a period
        ``'START..END'``: against that one; ``""`` for no comparison.
    self_contained
        Inline plotly.js in every page, so one HTML file stands alone (e.g. sent by mail);
        by default the reports of a folder share one ``plotly-<version>.min.js`` beside them.
    force
        Render every client again, even one whose report is unchanged (by default a report
        made from the same inputs, notebooks, parameters and ronr is kept:
        :mod:`ronr.report.reuse`).

    Raises
    ------
    TypeError
        ``period`` is not a :class:`~ronr.periods.Period` (text is parsed at the edge, with
        :meth:`~ronr.periods.Period.parse`).
    ValueError
        ``jobs`` below 1, a timeout or memory limit that is not positive, or no sections.
    """

    period: Period | None = None
    data_dir: Path | None = None
    out_dir: Path = Path("reports")
    notebooks_dir: Path = NOTEBOOKS_DIR
    sections: tuple[str, ...] = REPORT_SECTIONS
    jobs: int = 2
    cell_timeout: float = 300
    timeout: float = 1200
    warm_up: WarmUp | None = None
    pdf: bool = False
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    compare: str = ""
    self_contained: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        from ..errors import ConfigError
        from ..periods import Period

        if self.period is not None and not isinstance(self.period, Period):
            raise TypeError(
                f"period must be a ronr.periods.Period or None, not {self.period!r}; "
                "read text with Period.parse"
            )
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        for name in ("cell_timeout", "timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive seconds, not {getattr(self, name)}")
        if self.memory_limit is not None and not (
            isinstance(self.memory_limit, int) and self.memory_limit > 0
        ):
            raise ValueError(
                f"memory_limit must be positive bytes or None, not {self.memory_limit!r}"
            )
        if self.compare not in COMPARE_CHOICES:
            try:
                Period.parse(self.compare)
            except ConfigError:
                raise ValueError(
                    f"compare must be 'previous', a period 'START..END' or '', not {self.compare!r}"
                ) from None
        if isinstance(self.sections, str) or not self.sections:
            raise ValueError(f"sections must be notebook file names, not {self.sections!r}")
        # Frozen: the normalised values are set once, here.
        object.__setattr__(self, "data_dir", resolve_data_dir(self.data_dir))
        object.__setattr__(self, "out_dir", Path(self.out_dir))
        object.__setattr__(self, "notebooks_dir", Path(self.notebooks_dir))
        object.__setattr__(self, "sections", tuple(self.sections))

    @property
    def period_text(self) -> str:
        """The period as the notebooks' ``period`` parameter takes it: ``START..END`` or ``""``."""
        return self.period.text() if self.period else ""
