"""Client reports: the section notebooks run as one notebook per client, exported as HTML.

========================  ==========================================================
``assemble``              the one report notebook, built from the section notebooks
``options``               the options of a render, parsed once: ``RenderOptions``
``parameters``            the injected values checked against the ``parameters`` cell
``execute``               run one notebook with papermill (``python -m ronr.report.execute``)
``protocol``              exit codes and one-line messages of that subprocess
``isolate``               that subprocess for one client: timeout and one retry
``html``                  the executed notebook as a self-contained page, without code
``render``                one client: warm-up, assemble, execute, export
``pdf``                   a report printed to PDF by headless Chromium, network blocked
``batch``                 many clients, the index page and the results table
``archive``               the reports folder's catalogue (``reports.json``) and run log
``templating``            ronr's Jinja2 templates (``lib/ronr/templates``)
========================  ==========================================================
"""

from __future__ import annotations

from .assemble import REPORT_SECTIONS, build_report_notebook
from .batch import format_size, render_clients, summarise_results, write_index
from .html import export_html, plotly_js, report_view, write_plotly_script
from .options import RenderOptions, WarmUp
from .render import (
    RenderResult,
    default_warm_up,
    notebook_parameters,
    render_client,
    report_stem,
)

__all__ = [
    "REPORT_SECTIONS",
    "RenderOptions",
    "RenderResult",
    "WarmUp",
    "build_report_notebook",
    "default_warm_up",
    "export_html",
    "format_size",
    "notebook_parameters",
    "plotly_js",
    "render_client",
    "render_clients",
    "report_stem",
    "report_view",
    "summarise_results",
    "write_index",
    "write_plotly_script",
]
