"""Report rendering end to end on toy section notebooks: execution, HTML export, batches.

Kernel starts cost about a second each, so one module-scoped batch renders every client once
and the tests below share its outputs.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from ronr import report
from ronr.errors import RenderError
from ronr.paths import resolve_data_dir
from ronr.periods import Period
from ronr.report import RenderOptions, RenderResult, execute, isolate
from ronr.report import render as render_module
from ronr.report.parameters import validate_parameters
from ronr.report.protocol import EXIT_TEMPFAIL
from tests.factories import SECTION_PARAMETERS as PARAMETERS
from tests.factories import write_section

SECTIONS = ("cover.ipynb", "01_listen.ipynb", "02_audience.ipynb")
# Generous: importing plotly in a kernel can take seconds on a busy machine.
CELL_TIMEOUT = 10
SLOW_CELL = 60
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def write_toy_sections(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_section(
        folder / "cover.ipynb",
        "Cover",
        "import sys\nprint('a warning for the analyst', file=sys.stderr)",
        "print(f'Client: {client}')",
    )
    write_section(
        folder / "01_listen.ipynb",
        "Listen",
        f"import time\nif client == 'slow':\n    time.sleep({SLOW_CELL})",
        "import plotly.graph_objects as go\nfrom ronr.show import show_figure\n"
        f"show_figure(go.Figure(go.Bar(x=['calm', {SCRIPT!r}], y=[1, 2], name='mentions')))",
    )
    write_section(
        folder / "02_audience.ipynb",
        "Audience",
        "if client == 'broken':\n    raise ValueError('no audience data for broken')",
        "import pandas as pd\nfrom ronr.show import show_note, show_table\n"
        f"show_table(pd.DataFrame({{'text': [{SCRIPT!r}, 'fine'], 'n': [1, 2]}}))\n"
        "show_note('Few mentions: read with care.', kind='warning')",
    )
    return folder


def no_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    if client == "misconfigured":
        raise RenderError("client.yaml: period.end must not be before start")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("report")
    notebooks = write_toy_sections(root / "notebooks")
    stream = io.StringIO()
    options = RenderOptions(
        jobs=4,
        data_dir=root / "data",
        out_dir=root / "reports",
        notebooks_dir=notebooks,
        sections=SECTIONS,
        cell_timeout=CELL_TIMEOUT,
        timeout=120,
        warm_up=no_warm_up,
    )
    results = report.render_clients(
        ["acme", "broken", "slow", "misconfigured", "acme"],
        options,
        console=Console(file=stream, width=120),
    )
    by_client = {r.client: r for r in results}
    return {"root": root, "results": results, "by": by_client, "progress": stream.getvalue()}


@pytest.fixture(scope="module")
def page(batch: dict) -> str:
    return batch["by"]["acme"].html.read_text(encoding="utf-8")


def without_plotlyjs(page: str) -> str:
    return re.sub(r'<script[^>]*id="ronr-plotlyjs"[^>]*>.*?</script>', "", page, flags=re.S)


# -- the batch --------------------------------------------------------------------------------


def test_batch_renders_each_client_once_in_order(batch: dict) -> None:
    assert [r.client for r in batch["results"]] == ["acme", "broken", "slow", "misconfigured"]
    assert batch["by"]["acme"].status == "ok"
    assert "4/4" in batch["progress"]


def test_ok_result_describes_the_report(batch: dict) -> None:
    result = batch["by"]["acme"]
    assert result.ok and result.error == ""
    assert result.html == batch["root"] / "reports" / "acme.html"
    assert result.notebook == batch["root"] / "reports" / "acme.ipynb"
    assert result.size == result.html.stat().st_size > 0
    assert 0 < result.seconds < 60


def test_cell_error_fails_only_that_client_with_the_cells_message(batch: dict) -> None:
    result = batch["by"]["broken"]
    assert result.status == "failed" and result.html is None
    assert (
        result.error
        == "cell 3 of 02_audience.ipynb failed: ValueError: no audience data for broken"
    )
    assert "\x1b[" not in result.error and "\n" not in result.error
    assert result.notebook is not None and result.notebook.exists()
    assert not (batch["root"] / "reports" / "broken.html").exists()


def test_cell_timeout_is_a_failure(batch: dict) -> None:
    result = batch["by"]["slow"]
    assert result.status == "failed"
    assert result.error == f"cell 3 of 01_listen.ipynb timed out after {CELL_TIMEOUT} s"
    assert result.seconds < SLOW_CELL
    assert result.notebook is not None and result.notebook.exists()
    assert not (batch["root"] / "reports" / "slow.html").exists()


def test_warm_up_error_is_the_clients_failure(batch: dict) -> None:
    result = batch["by"]["misconfigured"]
    assert result.status == "failed"
    assert result.error == "client.yaml: period.end must not be before start"


def test_index_lists_the_report_and_runs_json_the_failures(batch: dict) -> None:
    out = batch["root"] / "reports"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="acme.html">HTML</a>' in index and "1 report · updated" in index
    for operations in ("broken", "slow", "misconfigured", "no audience data", "failed"):
        assert operations not in index, operations
    [run] = json.loads((out / "runs.json").read_text(encoding="utf-8"))
    assert [(c["client"], c["status"]) for c in run["clients"]] == [
        ("acme", "ok"),
        ("broken", "failed"),
        ("slow", "failed"),
        ("misconfigured", "failed"),
    ]
    assert "no audience data for broken" in run["clients"][1]["error"]


# -- the HTML page ----------------------------------------------------------------------------


def test_page_has_no_code(page: str) -> None:
    assert "show_figure(" not in page
    assert "import pandas" not in page
    assert "interactive = " not in page
    assert "In&nbsp;[" not in page


def test_the_reports_of_a_folder_share_one_plotlyjs_beside_them(batch: dict, page: str) -> None:
    [script] = re.findall(r'<script[^>]+id="ronr-plotlyjs"[^>]*src="([^"]+)"', page)
    assert re.fullmatch(r"plotly-\d+\.\d+\.\d+\.min\.js", script)
    folder = batch["by"]["acme"].html.parent
    assert [p.name for p in folder.glob("plotly-*.js")] == [script]
    assert (folder / script).read_text(encoding="utf-8").count("* plotly.js v") == 1
    assert "* plotly.js v" not in page  # not inlined as well
    assert 'class="plotly-graph-div"' in page
    assert "Plotly.newPlot(" in page
    # the page is the report, not the chart library: 4.8 MB of plotly.js are not in it
    assert len(page.encode("utf-8")) < 1_000_000


def test_a_self_contained_page_inlines_plotlyjs_once(batch: dict) -> None:
    notebook = batch["by"]["acme"].notebook
    page = report.export_html(notebook, client="acme")
    assert page.count("* plotly.js v") == 1
    assert len(re.findall(r'id="ronr-plotlyjs"', page)) == 1
    assert not re.search(r'<script[^>]+id="ronr-plotlyjs"[^>]*src=', page)


def test_plotlyjs_is_written_once_per_folder(tmp_path: Path) -> None:
    name = report.write_plotly_script(tmp_path)
    written = (tmp_path / name).stat()
    assert report.write_plotly_script(tmp_path) == name
    assert (tmp_path / name).stat().st_mtime_ns == written.st_mtime_ns  # kept, not rewritten
    (tmp_path / name).write_text("half a script", encoding="utf-8")
    report.write_plotly_script(tmp_path)  # a damaged copy is replaced
    assert (tmp_path / name).read_text(encoding="utf-8") == report.plotly_js()


def test_page_escapes_untrusted_text(page: str) -> None:
    assert SCRIPT not in page
    # a table puts break points (<wbr>) in long words such as this one
    assert ESCAPED_SCRIPT in re.sub(r"<wbr\s*/?>", "", page)  # nbconvert writes <wbr/>
    assert "alert(1)</script" not in page


def test_page_loads_nothing_from_the_network(page: str) -> None:
    # plotly.js itself names tile and topojson servers, used only by map traces.
    rest = without_plotlyjs(page)
    assert not re.search(r"<script[^>]+src=", rest)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", rest)
    assert "@import" not in rest and "url(http" not in rest
    for loader in (
        "cdn.",
        "cdnjs",
        "unpkg",
        "jsdelivr",
        "require.min.js",
        "MathJax.Hub",
        "mermaid",
    ):
        assert loader not in rest, loader


def test_page_has_header_toc_and_anchors(page: str) -> None:
    assert '<h1 class="ronr-title">acme</h1>' in page
    for anchor, title in (
        ("section-cover", "Cover"),
        ("section-01-listen", "Listen"),
        ("section-02-audience", "Audience"),
    ):
        assert f'<a href="#{anchor}">{title}</a>' in page
        assert f'id="{anchor}"' in page
    assert "as configured" in page
    assert "Client: acme" in page


def test_page_drops_stderr_and_styles_notes(page: str) -> None:
    assert "a warning for the analyst" not in page
    assert "ronr-note ronr-warning" in page
    assert 'class="dataframe ronr-table"' in page or "ronr-table" in page
    assert ".ronr-table" in page and ".ronr-warning" in page and ".ronr-missing" in page


# -- building the combined notebook (no kernel) -----------------------------------------------


@pytest.fixture(scope="module")
def toy_notebooks(batch: dict) -> Path:
    return batch["root"] / "notebooks"


def test_combined_notebook_keeps_one_parameters_cell(toy_notebooks: Path) -> None:
    nb = report.build_report_notebook(notebooks_dir=toy_notebooks, sections=SECTIONS)
    nbformat.validate(nb)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].metadata["ronr"] == {"notebook": "cover.ipynb", "cell": 2}
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    assert [s["title"] for s in nb.metadata["ronr"]["sections"]] == ["Cover", "Listen", "Audience"]
    anchors = [c for c in nb.cells if "ronr-anchor" in c.metadata.get("tags", [])]
    assert [c.source for c in anchors] == [
        '<a id="section-cover"></a>',
        '<a id="section-01-listen"></a>',
        '<a id="section-02-audience"></a>',
    ]


def test_combined_notebook_refuses_a_missing_section(toy_notebooks: Path) -> None:
    with pytest.raises(RenderError, match=r"nope\.ipynb"):
        report.build_report_notebook(notebooks_dir=toy_notebooks, sections=("nope.ipynb",))


def test_combined_notebook_refuses_diverging_parameters(tmp_path: Path) -> None:
    write_section(tmp_path / "a.ipynb", "A")
    write_section(tmp_path / "b.ipynb", "B", parameters=PARAMETERS + "\nextra = 1")
    with pytest.raises(RenderError, match=r"b.ipynb declares parameters \['extra'\]"):
        report.build_report_notebook(notebooks_dir=tmp_path, sections=("a.ipynb", "b.ipynb"))


# -- parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"clinet": "acme"}, "unknown parameter 'clinet'"),
        ({"interactive": "no"}, "'interactive' must be bool"),
        ({"client": 3}, "'client' must be str"),
        ({"period": Path("x")}, "'period' must be a plain JSON value"),
    ],
)
def test_parameters_are_checked_by_name_and_type(
    toy_notebooks: Path, parameters: dict, message: str
) -> None:
    with pytest.raises(RenderError, match=re.escape(message)):
        validate_parameters(toy_notebooks / "cover.ipynb", parameters)


def test_execute_refuses_bad_parameters_before_starting_a_kernel(
    toy_notebooks: Path, tmp_path: Path
) -> None:
    with pytest.raises(RenderError, match="unknown parameter 'clinet'"):
        execute.execute_notebook(
            toy_notebooks / "cover.ipynb", tmp_path / "out.ipynb", parameters={"clinet": "x"}
        )
    assert not (tmp_path / "out.ipynb").exists()


def test_valid_parameters_pass(toy_notebooks: Path) -> None:
    parameters = {"client": "acme", "period": "", "data_dir": "/d", "interactive": False}
    assert validate_parameters(toy_notebooks / "cover.ipynb", parameters) == parameters


def test_execute_main_prints_one_line_and_exits_1(
    toy_notebooks: Path, tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    code = execute.main(
        [str(toy_notebooks / "cover.ipynb"), str(tmp_path / "o.ipynb"), "--parameters", '{"x": 1}']
    )
    err = capfd.readouterr().err
    assert code == 1
    assert err.strip().count("\n") == 0 and "unknown parameter 'x'" in err


# -- subprocess, retry and helpers ------------------------------------------------------------


def test_hung_subprocess_is_killed_and_transient() -> None:
    with pytest.raises(isolate.TransientError, match=r"no result within 0\.5 s"):
        isolate.run_execute([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)


def test_exit_codes_decide_what_is_retried() -> None:
    tempfail = (
        f"import sys; print('kernel failed to start', file=sys.stderr); sys.exit({EXIT_TEMPFAIL})"
    )
    with pytest.raises(isolate.TransientError, match="kernel failed to start"):
        isolate.run_execute([sys.executable, "-c", tempfail], timeout=30)
    failed = "import sys; print('noise\\ncell 3 failed: KeyError', file=sys.stderr); sys.exit(1)"
    with pytest.raises(RenderError, match=r"^cell 3 failed: KeyError$") as info:
        isolate.run_execute([sys.executable, "-c", failed], timeout=30)
    assert not isinstance(info.value, isolate.TransientError)


def test_one_retry_after_a_transient_failure(
    monkeypatch: pytest.MonkeyPatch, toy_notebooks: Path, tmp_path: Path
) -> None:
    calls = []

    def flaky(command: list[str], *, timeout: float) -> None:
        calls.append(command)
        if len(calls) < 3:
            raise isolate.TransientError(f"hang {len(calls)}")

    monkeypatch.setattr(isolate, "run_execute", flaky)
    nb = report.build_report_notebook(notebooks_dir=toy_notebooks, sections=SECTIONS)
    params = {"client": "acme", "period": "", "data_dir": "", "interactive": False}
    run = dict(parameters=params, cwd=tmp_path, cell_timeout=5, timeout=5)
    with pytest.raises(RenderError, match=re.escape("hang 2 (also on the first try: hang 1)")):
        isolate.execute_isolated(nb, tmp_path / "x.ipynb", **run)
    assert len(calls) == 2
    isolate.execute_isolated(nb, tmp_path / "x.ipynb", **run)
    assert len(calls) == 3


def test_report_names_include_the_period() -> None:
    assert report.report_stem("acme") == "acme"
    days = Period.parse("2025-01-01..2025-06-30")
    assert report.report_stem("acme", days) == "acme__2025-01-01_2025-06-30"
    # one period, one file name, however it was written
    assert report.report_stem("acme", Period.parse("2025-01..2025-06")) == (
        "acme__2025-01-01_2025-06-30"
    )


def test_bad_client_name_fails_without_running(tmp_path: Path) -> None:
    options = RenderOptions(out_dir=tmp_path, warm_up=no_warm_up)
    result = report.render_client("../etc", options)
    assert result.status == "failed" and "not a client folder name" in result.error


# -- options: parsed once, frozen, plain values for the kernel --------------------------------


def test_render_options_normalise_once_and_stay_frozen(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    options = RenderOptions(data_dir="data", out_dir="out", notebooks_dir="nb", sections=["a"])
    assert options.data_dir == tmp_path.resolve() / "data"
    assert options.out_dir == Path("out") and options.notebooks_dir == Path("nb")
    assert options.sections == ("a",)
    assert options.period is None and options.period_text == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 3  # type: ignore[misc]
    # without a data folder: $RONR_DATA_DIR, read once when the options are made
    assert RenderOptions().data_dir == resolve_data_dir()


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"period": "2025-01..2025-06"}, TypeError, "read text with Period.parse"),
        ({"jobs": 0}, ValueError, "jobs must be at least 1, not 0"),
        ({"cell_timeout": 0}, ValueError, "cell_timeout must be positive seconds, not 0"),
        ({"timeout": -1}, ValueError, "timeout must be positive seconds, not -1"),
        ({"sections": ()}, ValueError, "sections must be notebook file names"),
        ({"sections": "cover.ipynb"}, ValueError, "sections must be notebook file names"),
    ],
)
def test_render_options_refuse_unparsed_or_impossible_values(
    values: dict, error: type, message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        RenderOptions(**values)


def test_the_kernel_gets_the_period_as_plain_text_that_parses_back(
    toy_notebooks: Path, tmp_path: Path
) -> None:
    period = Period.parse("2025-01..2025-03")
    options = RenderOptions(period=period, data_dir=tmp_path)
    parameters = report.notebook_parameters("acme", options)
    assert parameters == {
        "client": "acme",
        "period": "2025-01-01..2025-03-31",
        "data_dir": str(tmp_path.resolve()),
        "interactive": False,
        "compare": "",
    }
    assert Period.parse(parameters["period"]) == period
    assert validate_parameters(toy_notebooks / "cover.ipynb", parameters) == parameters
    configured = report.notebook_parameters("acme", RenderOptions(data_dir=tmp_path))
    assert configured["period"] == ""


def test_header_labels_the_period_as_the_sections_do(tmp_path: Path) -> None:
    from ronr.config import load_config
    from ronr.paths import client_dir
    from ronr.store import load_workspace

    config = load_config(client_dir("demo-coffee") / "client.yaml")
    configured = render_module._header("demo-coffee", RenderOptions())
    # the configured period, labelled as the report's sections label it
    assert configured == (config.display_name, load_workspace("demo-coffee").period_label)
    assert configured[1] == "01 Jan 2025 – 31 Dec 2025"  # the demo config: all of 2025
    asked = RenderOptions(period=Period.parse("2025-03..2025-04"))
    assert render_module._header("demo-coffee", asked) == (
        config.display_name,
        "01 Mar 2025 – 30 Apr 2025",
    )
    # a folder without a readable config: its name, and the period asked for if any
    empty = RenderOptions(data_dir=tmp_path)
    assert render_module._header("nobody", empty) == ("nobody", "as configured")
    asked = RenderOptions(data_dir=tmp_path, period=Period.parse("2025-03..2025-04"))
    assert render_module._header("nobody", asked) == ("nobody", "01 Mar 2025 – 30 Apr 2025")


def test_a_failed_result_keeps_the_period_the_warm_up_found(tmp_path: Path) -> None:
    covered = Period.parse("2024-02..2024-03")

    def warm_up(client: str, *, data_dir: Path, period: Period | None) -> Period:
        assert (data_dir, period) == (tmp_path.resolve(), None)  # plain, already resolved
        return covered

    options = RenderOptions(
        data_dir=tmp_path, out_dir=tmp_path / "out", sections=("nope.ipynb",), warm_up=warm_up
    )
    result = report.render_client("acme", options)
    assert result.status == "failed" and "nope.ipynb" in result.error
    assert result.period is None
    assert result.period_label == "01 Feb 2024 – 31 Mar 2024"


def test_table_escapes_names_and_errors(tmp_path: Path) -> None:
    results = [
        RenderResult("<b>evil</b>", "failed", error="<script>x</script> [red]boom[/red]"),
        RenderResult("ok-client", "ok", html=tmp_path / "ok client.html", size=2_500_000),
    ]
    # the index page's escaping: tests/test_index.py
    console = Console(file=io.StringIO(), width=200)
    console.print(report.summarise_results(results))
    text = console.file.getvalue()
    assert "[red]boom[/red]" in text and "<b>evil</b>" in text and "failed" in text


def test_widgets_and_their_state_load_nothing() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"version_major": 2, "state": {}}
    }
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    cell = nbformat.v4.new_code_cell("slider")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": view, "text/plain": "IntSlider()"},
        )
    ]
    nb.cells = [cell]
    page = without_plotlyjs(report.export_html(nb, client="acme"))
    assert "Interactive control left out" in page
    assert "widget-state" not in page and "embed-amd" not in page
    assert "unpkg" not in page and "jsdelivr" not in page


def test_plotly_json_only_outputs_still_show() -> None:
    import plotly.graph_objects as go

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("fig.show()")
    figure = go.Figure(go.Bar(x=["a"], y=[1])).to_plotly_json()
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"application/vnd.plotly.v1+json": figure, "text/plain": "Fig"}
        )
    ]
    nb.cells = [cell]
    page = report.export_html(nb, client="acme")
    assert 'class="plotly-graph-div"' in page


def test_execute_runs_as_a_module_and_says_one_line(toy_notebooks: Path, tmp_path: Path) -> None:
    # The command the report builds; runpy would warn if the package imported it first.
    command = [sys.executable, "-m", isolate.EXECUTE_MODULE, str(toy_notebooks / "cover.ipynb")]
    command += [str(tmp_path / "o.ipynb"), "--parameters", '{"x": 1}']
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr == (
        "cover.ipynb: unknown parameter 'x' "
        "(declared: client, period, data_dir, interactive, compare)\n"
    )


def test_results_table_has_one_row_per_client(tmp_path: Path) -> None:
    results = [
        RenderResult("acme", "ok", html=tmp_path / "acme.html", size=999, seconds=1.26),
        RenderResult(
            "beta",
            "failed",
            error="cell 2 of cover.ipynb failed",
            period=Period.parse("2025-01..2025-02"),
            period_label="01 Jan 2025 – 28 Feb 2025",
        ),
    ]
    # the index page: tests/test_index.py (it lists reports, not a run's results)
    console = Console(file=io.StringIO(), width=200)
    console.print(report.summarise_results(results))
    table = console.file.getvalue()
    assert "│ acme   │ as configured             │ ok " in table
    assert "│ beta   │ 01 Jan 2025 – 28 Feb 2025 │ failed " in table


def test_format_size_steps_by_thousands() -> None:
    sizes = [999, 1_500, 2_500_000, 5_000_000_000]
    assert [report.format_size(s) for s in sizes] == ["999 B", "1.5 kB", "2.5 MB", "5000.0 MB"]


def test_report_modules_keep_no_html_in_strings() -> None:
    tag = re.compile(r"<(a|div|p|span|table|tr|td|th|html|style|h\d)[\s>]")
    package = Path(report.__file__).parent
    found = []
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{module.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and tag.search(node.value)
        ]
    assert found == []


def _table_text(table) -> str:
    stream = io.StringIO()
    Console(file=stream, width=160).print(table)
    return stream.getvalue()


def test_an_unchanged_client_keeps_its_report_and_any_change_renders_it_again(
    tmp_path: Path,
) -> None:
    from tests.cases import copy_case_client

    data = copy_case_client("mini-posts", tmp_path / "data")
    options = RenderOptions(
        data_dir=data,
        out_dir=tmp_path / "reports",
        notebooks_dir=write_toy_sections(tmp_path / "notebooks"),
        sections=SECTIONS,
        cell_timeout=CELL_TIMEOUT,
        timeout=120,
        warm_up=no_warm_up,
    )
    first = report.render_client("mini-posts", options)
    assert first.ok and not first.reused, first.error
    page = first.html.read_bytes()
    assert b'name="ronr-render-key"' in page[: report.reuse.HEAD_BYTES]
    second = report.render_client("mini-posts", options)
    assert second.ok and second.reused
    assert second.html.read_bytes() == page  # the same file, not written again
    assert (second.period_label, second.size) == (first.period_label, first.size)
    # the summary table says so
    assert "unchanged" in _table_text(report.summarise_results([second]))
    # another option, a changed export or --force: rendered again
    assert not report.render_client("mini-posts", replace(options, compare="previous")).reused
    exports = data / "clients" / "mini-posts" / "exports" / "posts.csv"
    exports.write_text(exports.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not report.render_client("mini-posts", options).reused
    assert report.render_client("mini-posts", options).reused
    assert not report.render_client("mini-posts", replace(options, force=True)).reused
    # labels people gave change the report too
    (data / "clients" / "mini-posts" / "labels.csv").write_text(
        "mention_id,label,labelled_at,text\n", encoding="utf-8"
    )
    assert not report.render_client("mini-posts", options).reused


def test_a_report_is_kept_only_with_its_key_and_the_pdf_asked_for(tmp_path: Path) -> None:
    page = tmp_path / "acme.html"
    key = "0123456789abcdef0123456789abcdef"
    # the exporter writes the tag's attributes in its own order
    page.write_text(
        '<html><head><meta content="0123456789abcdef0123456789abcdef" '
        'data-period="01 Mar 2025 – 31 Mar 2025" name="ronr-render-key"/></head></html>',
        encoding="utf-8",
    )
    reuse = report.reuse
    assert reuse.reusable_period(page, key, pdf=False) == "01 Mar 2025 – 31 Mar 2025"
    assert reuse.reusable_period(page, "f" * 32, pdf=False) is None
    assert reuse.reusable_period(page, None, pdf=False) is None
    assert reuse.reusable_period(page, key, pdf=True) is None  # no PDF beside it
    printed = page.with_suffix(".pdf")
    printed.write_bytes(b"%PDF-1.7")
    os.utime(printed, (page.stat().st_mtime + 5, page.stat().st_mtime + 5))
    assert reuse.reusable_period(page, key, pdf=True) == "01 Mar 2025 – 31 Mar 2025"
