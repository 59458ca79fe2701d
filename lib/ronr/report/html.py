"""Export an executed report notebook as one self-contained HTML page, without code.

The page comes from the ``ronr`` nbconvert template (``templates/ronr/index.html.j2``):
inputs, prompts and stderr are left out, plotly.js is inlined once or loaded from one file
beside the page (shared by every report of the folder), and nothing is loaded from the
network. Outputs a static page cannot show (widgets, bare plotly JSON) are replaced first.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from .empty import collapse_empty_sections
from .options import AS_CONFIGURED
from .reuse import key_tag
from .templating import TEMPLATE_DIR, render_template

if TYPE_CHECKING:
    import nbformat

TEMPLATE_NAME = "ronr"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def export_html(
    notebook: nbformat.NotebookNode | str | Path,
    *,
    client: str,
    title: str | None = None,
    period: str = "",
    generated: dt.datetime | None = None,
    plotly_src: str | None = None,
    render_key: str = "",
) -> str:
    """The executed notebook as one HTML page, without code.

    Parameters
    ----------
    notebook
        The executed notebook, or its path.
    client
        The client's folder name, shown in the header.
    title
        The report's title; the client's name if not given.
    period
        The period as shown in the header (:meth:`ronr.periods.Period.label`); empty for
        :data:`~ronr.report.options.AS_CONFIGURED`.
    generated
        When the report was made; now if not given.
    plotly_src
        A relative address of plotly.js (the file :func:`write_plotly_script` wrote beside the
        page): the page loads it from there. None inlines it, so the page stands alone.
    render_key
        The fingerprint of what the report was made from (:func:`ronr.report.reuse.render_key`),
        written into the page's head so that an unchanged client's report can be kept.
    """
    import nbformat
    from nbconvert import HTMLExporter

    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    view = report_view(notebook)
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        theme="light",
    )
    title = title or client
    generated = generated or dt.datetime.now().astimezone()
    resources = {
        "metadata": {"name": f"{title} – Return on Relationship report"},
        "ronr": {
            "title": title,
            "client": client,
            "period": period or AS_CONFIGURED,
            "generated": f"{generated:%d %b %Y %H:%M %Z}".strip(),
            "toc": notebook.metadata.get("ronr", {}).get("sections", []),
            "plotlyjs": "" if plotly_src else plotly_js(),
            "plotly_src": plotly_src or "",
            # trusted: built by reuse.key_tag from hex digits and an escaped period label
            "render_key": key_tag(render_key, period=period or AS_CONFIGURED) if render_key else "",
        },
    }
    body, _ = exporter.from_notebook_node(view, resources=resources)
    return body


def report_view(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with only what a reader should see.

    Drops stderr streams, code cells with nothing else to show, papermill's error banners and
    the saved widget state (its JS would come from a CDN); a section without content keeps
    its title and one line saying why (:func:`ronr.report.empty.collapse_empty_sections`).
    """
    view = copy.deepcopy(nb)
    cells = []
    seen: dict[str, int] = {}  # chart ids given on this page: two identical figures, two ids
    for cell in view.cells:
        if PAPERMILL_ERROR_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [_static_output(o, seen) for o in cell.outputs if not _is_stderr(o)]
            if not cell.outputs:
                continue
        cells.append(cell)
    view.cells = collapse_empty_sections(cells)
    view.metadata.pop("widgets", None)
    return view


def _is_stderr(output: nbformat.NotebookNode) -> bool:
    return output.output_type == "stream" and output.get("name") == "stderr"


def _static_output(
    output: nbformat.NotebookNode, seen: dict[str, int] | None = None
) -> nbformat.NotebookNode:
    """An output as a static page can show it.

    A widget becomes a note (no kernel behind it); a figure displayed without
    :func:`ronr.show.show_figure` (plotly JSON only, which nbconvert cannot draw) gets its div,
    with an id derived from the figure. ``seen`` counts the ids given so far on the page (pass
    one per page so that two identical figures get two ids; without it the id is the hash).
    """
    data = output.get("data", {})
    if WIDGET_VIEW_MIME in data:
        output.data = {"text/html": render_template("cells/widget_note.html.j2")}
    elif PLOTLY_MIME in data and "text/html" not in data:
        import plotly.io as pio

        from ..chart_ids import chart_div_id
        from ..plots import plotly_config

        figure = data[PLOTLY_MIME]
        # a stable id (not a random uuid): the same notebook, the same page. Its own prefix
        # (never one of show_figure's ids); a cell's result carries its execution count.
        seen = {} if seen is None else seen
        div_id = chart_div_id(
            figure, output.get("execution_count"), prefix="ronr-figure", seen=seen
        )
        data["text/html"] = pio.to_html(
            figure,
            include_plotlyjs=False,
            full_html=False,
            validate=False,
            config=plotly_config(figure),  # the one config of every report chart
            div_id=div_id,
        )
    return output


@functools.cache
def plotly_js() -> str:
    """The plotly.js bundle of the installed plotly, safe to put inside a ``<script>``."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def plotly_script_name() -> str:
    """The file name of the shared plotly.js: ``plotly-<version>.min.js``."""
    from plotly.offline import get_plotlyjs_version

    return f"plotly-{get_plotlyjs_version()}.min.js"


def write_plotly_script(folder: Path) -> str:
    """Write plotly.js into ``folder`` once and return its file name (relative to it).

    The name carries plotly.js's version, so reports of another ronr keep theirs; an existing
    file of that name and size is kept, and the file is replaced atomically (two renders into
    one folder never see half a script).
    """
    from .archive import write_text_atomically

    name = plotly_script_name()
    path = Path(folder) / name
    script = plotly_js()
    if not path.is_file() or path.stat().st_size != len(script.encode("utf-8")):
        write_text_atomically(path, script)
    return name
