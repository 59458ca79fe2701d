"""Fault injection: each fault fails its own client alone, keeps its previous report, and says
why in the summary; the batch still writes its index and records.

One module-scoped batch renders a client per fault (kernel starts cost seconds each) into a
reports folder that already holds a report of every client.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ronr.cli import app
from ronr.errors import RenderError
from ronr.periods import Period
from ronr.report import (
    RenderOptions,
    RenderResult,
    isolate,
    render_clients,
    summarise_results,
    write_index,
)
from ronr.report import render as render_module
from tests.cases import case_path, copy_case_data
from tests.factories import write_section

CELL_TIMEOUT = 5
BOMB_TIMEOUT = 15
FAULT_CELL = (
    "import os, signal, time\n"
    "if client == 'broken':\n    raise ValueError('no audience data for broken')\n"
    "if client == 'slow':\n    time.sleep(60)\n"
    "if client == 'killed':\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    "if client == 'hungry':\n    ballast = bytearray(64 << 30)"
)
FAULTS = {
    "broken": r"cell \d+ of 01_faults\.ipynb failed: ValueError: no audience data for broken",
    "slow": rf"cell \d+ of 01_faults\.ipynb timed out after {CELL_TIMEOUT} s",
    "killed": r"cell \d+ of 01_faults\.ipynb: DeadKernelError: .*",
    "hungry": r"cell \d+ of 01_faults\.ipynb stopped: over the 4 GB memory limit",
    "bomb": r"import stopped: over the 4 GB memory limit",
    "misconfigured": r"client\.yaml: period\.end must not be before start",
    "diskfull": r"report not written: No space left on device \(diskfull\.html\); "
    r"the previous one is kept",
    "deleted": r"posts\.csv: disappeared while the exports were being imported; run again once "
    r"the exports folder is complete",
}
DELETED_CASE = "mini-posts"  # the client "deleted" reads this case's one export, posts.csv
PREVIOUS = "<html><head><title>{0} – Return on Relationship report</title></head>previous</html>"


def fault_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    """Runs in the warm-up subprocess, under the render's (default) memory limit."""
    if client == "bomb":  # like a workbook inflating to gigabytes, a bit at a time
        chunks = [bytearray(256 << 20) for _ in range(64)]
        del chunks
    if client == "misconfigured":
        raise RenderError("client.yaml: period.end must not be before start")
    if client == "deleted":  # the real import, its export deleted once read (as a sync would)
        from ronr import store

        read = store.import_export

        def read_then_delete(path: Path, **options):
            result = read(path, **options)
            path.unlink()
            return result

        store.import_export = read_then_delete  # this subprocess only
        store.load_workspace(client, data_dir=data_dir, period=period)


def full_disk_for(name: str):
    """``os.fsync`` failing with ENOSPC for the temporary file of ``name`` ("": any; Linux)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(f".{name}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    return fsync


def copy_deleted_client(data_dir: Path) -> None:
    """The client "deleted": the case :data:`DELETED_CASE` under that name."""
    folder = shutil.copytree(case_path(DELETED_CASE), data_dir / "clients" / "deleted")
    config = folder / "client.yaml"  # the folder's name is the client's
    config.write_text(config.read_text().replace(f"client: {DELETED_CASE}", "client: deleted"))


def write_previous_reports(out: Path, clients: list[str]) -> None:
    out.mkdir(parents=True)
    results = []
    for client in clients:
        html = out / f"{client}.html"
        html.write_text(PREVIOUS.format(client), encoding="utf-8")
        results.append(RenderResult(client, "ok", html=html, size=html.stat().st_size))
    write_index(results, out_dir=out)


def stray_files(out: Path) -> list[str]:
    """Temporary or partial files left in ``out`` (the folder's lock file is meant to stay)."""
    return sorted(
        p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".ronr.lock"
    )


pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="the full disk is simulated through /proc"
)


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("faults")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    write_section(notebooks / "cover.ipynb", "Cover", "print(f'Client: {client}')")
    write_section(notebooks / "01_faults.ipynb", "Faults", FAULT_CELL, "print('done')")
    copy_deleted_client(root / "data")
    out = root / "reports"
    clients = ["acme", *FAULTS]
    write_previous_reports(out, clients)
    before = {name: (out / name).read_text(encoding="utf-8") for name in ("reports.json",)}
    options = RenderOptions(
        jobs=4,
        data_dir=root / "data",
        out_dir=out,
        notebooks_dir=notebooks,
        sections=("cover.ipynb", "01_faults.ipynb"),
        cell_timeout=CELL_TIMEOUT,
        timeout=120,
        warm_up=fault_warm_up,
    )
    progress = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", full_disk_for("diskfull.html"))
        results = render_clients(clients, options, console=Console(file=progress, width=120))
    summary = io.StringIO()
    Console(file=summary, width=300).print(summarise_results(results))
    return {
        "out": out,
        "results": results,
        "by": {r.client: r for r in results},
        "summary": summary.getvalue(),
        "before": before,
    }


def test_the_healthy_client_renders(faults: dict) -> None:
    acme = faults["by"]["acme"]
    assert acme.ok, acme.error
    assert "Client: acme" in acme.html.read_text(encoding="utf-8")
    assert faults["results"].index_error == ""


@pytest.mark.parametrize("client", list(FAULTS))
def test_each_fault_fails_its_client_alone_and_keeps_its_previous_report(
    faults: dict, client: str
) -> None:
    result = faults["by"][client]
    assert result.status == "failed" and result.html is None and result.size == 0
    assert re.fullmatch(FAULTS[client], result.error), result.error
    assert "\n" not in result.error
    previous = faults["out"] / f"{client}.html"
    assert previous.read_text(encoding="utf-8") == PREVIOUS.format(client)
    assert f'href="{client}.html"' in (faults["out"] / "index.html").read_text(encoding="utf-8")
    assert result.error in faults["summary"]


def test_the_run_records_every_reason_and_leaves_no_partial_file(faults: dict) -> None:
    out = faults["out"]
    runs = json.loads((out / "runs.json").read_text(encoding="utf-8"))
    last = {c["client"]: c for c in runs[-1]["clients"]}
    assert runs[-1]["ok"] == 1 and runs[-1]["failed"] == len(FAULTS)
    for client, pattern in FAULTS.items():
        assert last[client]["status"] == "failed"
        assert re.fullmatch(pattern, last[client]["error"])
    assert stray_files(out) == []
    catalogue = json.loads((out / "reports.json").read_text(encoding="utf-8"))
    assert sorted(entry["client"] for entry in catalogue["reports"].values()) == sorted(last)


def test_a_full_disk_for_the_index_keeps_the_previous_index(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    write_previous_reports(out, ["acme"])
    kept = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    options = RenderOptions(data_dir=tmp_path, out_dir=out, warm_up=lambda *_, **__: 1 / 0)
    progress = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", full_disk_for(""))  # every file of the folder
        results = render_clients(["acme"], options, console=Console(file=progress, width=300))
    assert [(r.client, r.status) for r in results] == [("acme", "failed")]
    assert results.index_error == (
        "index not written: No space left on device; "
        "the previous index.html, reports.json and runs.json are kept"
    )
    assert results.index_error in progress.getvalue()
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == kept
    assert stray_files(out) == []


def test_the_command_line_names_the_failed_import_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for client in ("bomb", "misconfigured"):
        folder = tmp_path / "data" / "clients" / client
        folder.mkdir(parents=True)
        (folder / "client.yaml").write_text("client: unused\n", encoding="utf-8")
    copy_deleted_client(tmp_path / "data")
    monkeypatch.setattr(render_module, "default_warm_up", fault_warm_up)
    result = CliRunner().invoke(
        app,
        ["render", "--all", "--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 1, result.output
    assert "failed bomb: import stopped: over the 4 GB memory limit" in result.output
    assert (
        "failed deleted: posts.csv: disappeared while the exports were being imported"
        in result.output
    )
    assert "3 of 3 reports failed: bomb, deleted, misconfigured" in result.output
    assert (tmp_path / "out" / "index.html").exists()


# -- the real import, in its subprocess --------------------------------------------------------


def support_client(data_dir: Path) -> Path:
    """The conversation-only case's client in ``data_dir``, its exports folder writable."""
    copy_case_data("conversation-only-client", data_dir)
    exports = data_dir / "clients" / "demo-support" / "exports"
    exports.chmod(0o755)
    for file in exports.iterdir():
        file.chmod(0o644)
    return exports


def import_support(data_dir: Path, *, memory_limit: int = 4 << 30) -> str | None:
    return isolate.run_warm_up(
        render_module.default_warm_up,
        "demo-support",
        data_dir=data_dir,
        period="",
        timeout=120,
        memory_limit=memory_limit,
    )


def test_an_xlsx_bomb_stops_its_import_alone_with_one_line(tmp_path: Path) -> None:
    """Whichever stops it first (ingest's size check, the memory limit or the timeout)."""
    exports = support_client(tmp_path / "data")
    for file in exports.iterdir():
        file.unlink()
    # The xlsx-bomb case, smaller (its full 9 GB takes 45 s to compress): ~2 GB inflated.
    script = (case_path("xlsx-bomb") / "make_xlsx_bomb.py").read_text(encoding="utf-8")
    script = script.replace("range(1200)", "range(300)").replace(
        "compresslevel=9", "compresslevel=1"
    )
    bomb = exports / "followers.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["make_xlsx_bomb.py", str(bomb)])
        exec(compile(script, "make_xlsx_bomb.py", "exec"), {"__name__": "__main__"})
    started = time.monotonic()
    with pytest.raises(RenderError) as raised:
        isolate.run_warm_up(
            render_module.default_warm_up,
            "demo-support",
            data_dir=tmp_path / "data",
            period="",
            timeout=BOMB_TIMEOUT,
            memory_limit=1 << 30,
        )
    assert time.monotonic() - started < BOMB_TIMEOUT + 10
    message = str(raised.value)
    assert "\n" not in message and len(message) <= 300
    assert message in (
        "import stopped: over the 1 GB memory limit",
        f"import timed out after {BOMB_TIMEOUT} s",
    ) or ("followers.xlsx" in message), message


def test_a_corrupt_cache_is_rebuilt_by_the_import(tmp_path: Path) -> None:
    support_client(tmp_path / "data")
    assert import_support(tmp_path / "data") == "2017-10-01..2017-12-31"
    cached = [p for p in (tmp_path / "data" / "cache").rglob("*") if p.is_file()]
    assert cached
    for file in cached:
        file.write_bytes(b"\x00garbage")
    assert import_support(tmp_path / "data") == "2017-10-01..2017-12-31"
