"""The ``ronr`` command line: argument handling and exit codes (rendering toy notebooks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ronr.cli
import ronr.demo
import ronr.report
import ronr.store
from ronr.cli import app
from ronr.periods import Period
from ronr.report import RenderOptions, RenderResult
from ronr.report import render as report  # render_client looks up default_warm_up here
from tests.factories import write_section

runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with two clients, and the standard sections as toy notebooks."""
    root = tmp_path_factory.mktemp("cli")
    for client in ("good", "bad"):
        folder = root / "data" / "clients" / client
        folder.mkdir(parents=True)
        (folder / "client.yaml").write_text("client: unused by the toy notebooks\n")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for number, name in enumerate(ronr.report.REPORT_SECTIONS):
        code = ["print(f'{client} section')"]
        if number == 2:
            code.append("if client == 'bad':\n    raise KeyError('no followers table')")
        write_section(notebooks / name, f"Section {number}", *code)
    return root


@pytest.fixture(autouse=True)
def no_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "default_warm_up", lambda client, *, data_dir, period: None)


PERIOD_ERROR = "period '2025-13..x': expected dates like 2025-01-01 or months like 2025-01"


def test_a_bad_period_is_a_usage_error_before_any_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for client in ("a", "b", "c"):
        (tmp_path / "clients" / client).mkdir(parents=True)
        (tmp_path / "clients" / client / "client.yaml").write_text("client: x\n")

    def no_work(*args, **kwargs):
        raise AssertionError("work started before the period was checked")

    for module, name in (
        (ronr.cli, "_choose_clients"),
        (ronr.demo, "ensure_demo_client"),
        (ronr.report, "render_clients"),
        (ronr.report.batch, "render_client"),
        (report, "default_warm_up"),
        (ronr.store, "load_workspace"),
    ):
        monkeypatch.setattr(module, name, no_work)
    result = invoke("render", "a", "b", "c", "--period", "2025-13..x", "--data-dir", tmp_path)
    assert result.exit_code == 2
    assert result.output.count("2025-13..x") == 1
    assert f"Invalid value for '--period': {PERIOD_ERROR}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "cache").exists()


def test_the_command_line_and_the_report_package_start_without_pandas() -> None:
    # --period is parsed by ronr.periods (pandas) only when given: `ronr --help` stays fast
    code = "import sys, ronr.cli, ronr.report; print(sorted({'pandas'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_bad_period_generates_no_missing_demo_client(tmp_path: Path) -> None:
    result = invoke("render", "demo-coffee", "--period", "2025-06..2025-01", "--data-dir", tmp_path)
    assert result.exit_code == 2
    assert "period '2025-06..2025-01': the end is before the start" in result.output
    assert list(tmp_path.iterdir()) == []


def test_render_builds_one_options_object_with_the_parsed_period(
    monkeypatch: pytest.MonkeyPatch, workspace: Path, tmp_path: Path
) -> None:
    calls = []

    def fake_render_clients(clients, options, *, console):
        calls.append((clients, options))
        return [RenderResult("good", "ok", html=tmp_path / "good.html", size=1)]

    monkeypatch.setattr(ronr.report, "render_clients", fake_render_clients)
    result = invoke(
        "render",
        "good",
        "--period",
        "2025-01..2025-03",
        "--data-dir",
        workspace / "data",
        "--out",
        tmp_path,
        "--notebooks",
        workspace / "notebooks",
        "--jobs",
        "3",
        "--cell-timeout",
        "5",
        "--timeout",
        "60",
    )
    assert result.exit_code == 0, result.output
    assert calls == [
        (
            ["good"],
            RenderOptions(
                period=Period.parse("2025-01-01..2025-03-31"),
                data_dir=workspace / "data",
                out_dir=tmp_path,
                notebooks_dir=workspace / "notebooks",
                jobs=3,
                cell_timeout=5,
                timeout=60,
            ),
        )
    ]


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_clients_lists_known_clients(workspace: Path) -> None:
    result = invoke("clients", "--data-dir", workspace / "data")
    assert result.exit_code == 0
    assert result.stdout.split() == ["bad", "good"]


def test_clients_without_any_says_how_to_get_some(tmp_path: Path) -> None:
    result = invoke("clients", "--data-dir", tmp_path)
    assert result.exit_code == 1
    assert "ronr demo" in result.output


def test_render_needs_clients_or_all(workspace: Path) -> None:
    result = invoke("render", "--data-dir", workspace / "data")
    assert result.exit_code == 2
    assert "name at least one client, or use --all" in result.output


def test_render_unknown_client_lists_known_ones(workspace: Path) -> None:
    result = invoke("render", "nobody", "--data-dir", workspace / "data")
    assert result.exit_code == 2
    assert "unknown client 'nobody'" in result.output
    assert "known clients: bad, good" in result.output


@pytest.fixture(scope="module")
def rendered(workspace: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "default_warm_up", lambda client, *, data_dir, period: None)
        out = workspace / "reports"
        result = invoke(
            "render",
            "--all",
            "--data-dir",
            workspace / "data",
            "--out",
            out,
            "--notebooks",
            workspace / "notebooks",
            "--jobs",
            "2",
        )
    return result, out


def test_render_exits_1_when_a_client_fails(rendered) -> None:
    result, out = rendered
    assert result.exit_code == 1
    assert "1 of 2 reports failed: bad" in result.output
    assert "no followers table" in result.output
    assert (out / "good.html").exists() and not (out / "bad.html").exists()
    assert (out / "index.html").exists()


def test_render_lists_the_good_report_and_logs_the_failure(rendered) -> None:
    _, out = rendered
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="good.html">HTML</a>' in page
    assert "bad" not in page and "no followers table" not in page
    [run] = json.loads((out / "runs.json").read_text(encoding="utf-8"))
    assert run["options"]["jobs"] == 2
    assert [(c["client"], c["status"]) for c in run["clients"]] == [
        ("bad", "failed"),
        ("good", "ok"),
    ]
    assert "no followers table" in run["clients"][0]["error"]


def test_render_prints_the_results_table(rendered) -> None:
    result, _ = rendered
    assert "good" in result.stdout and "ok" in result.stdout and "failed" in result.stdout
    assert "index.html" in result.stdout


def test_render_succeeds_with_exit_0(workspace: Path, tmp_path: Path) -> None:
    result = invoke(
        "render",
        "good",
        "--data-dir",
        workspace / "data",
        "--out",
        tmp_path,
        "--notebooks",
        workspace / "notebooks",
        "--period",
        "2025-01-01..2025-03-31",
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "good__2025-01-01_2025-03-31.html").read_text(encoding="utf-8")
    # the header and the index write the period one way (the table: tests/test_report.py)
    assert "<dt>Period</dt><dd>01 Jan 2025 – 31 Mar 2025</dd>" in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<td>01 Jan 2025 – 31 Mar 2025</td>" in index
    assert "2025-01-01..2025-03-31" not in page + index


def test_demo_generates_and_lists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = []

    def fake_generate(name, data_dir, *, seed, scale, texts):
        calls.append((name, Path(data_dir), seed, scale, texts))
        folder = Path(data_dir) / "clients" / f"{name}-x"
        folder.mkdir(parents=True)
        return folder

    import ronr.demo

    monkeypatch.setattr(ronr.demo, "generate_client", fake_generate)
    result = invoke("demo", "--data-dir", tmp_path, "--seed", "7", "--scale", "0.5")
    assert result.exit_code == 0, result.output
    root = tmp_path.resolve()
    assert calls == [(name, root, 7, 0.5, "templates") for name in ronr.demo.DEMO_CLIENTS]
    assert "demo-coffee-x" in result.stdout and "demo-fashion-x" in result.stdout


def test_ingest_client_options_clash_with_the_ones_its_config_gives(tmp_path: Path) -> None:
    path = tmp_path / "mentions.csv"
    path.write_text("mention_id,channel,created_at,kind\n")
    result = invoke("ingest", path, "--client", "acme", "--brand", "Acme", "--timezone", "UTC")
    assert result.exit_code == 2
    assert "--brand, --timezone: with --client these come from the client's client.yaml" in (
        result.output
    )
    result = invoke("ingest", path, "--data-dir", tmp_path)
    assert result.exit_code == 2
    assert "--data-dir only applies with --client" in result.output


def test_render_exits_1_when_the_index_cannot_be_written(tmp_path, monkeypatch) -> None:
    from ronr.report.batch import BatchResults

    html = tmp_path / "reports" / "acme.html"
    html.parent.mkdir()
    html.write_text("<html></html>")
    results = BatchResults([RenderResult("acme", "ok", html=html, size=13)])
    results.index_error = "index not written: [Errno 28] No space left on device"
    monkeypatch.setattr(ronr.report, "render_clients", lambda *a, **k: results)
    (tmp_path / "clients" / "acme").mkdir(parents=True)
    (tmp_path / "clients" / "acme" / "client.yaml").write_text("client: acme\n")
    out = tmp_path / "reports"
    done = runner.invoke(app, ["render", "acme", "--data-dir", str(tmp_path), "--out", str(out)])
    assert done.exit_code == 1, done.output
    assert "No space left on device" in done.output
