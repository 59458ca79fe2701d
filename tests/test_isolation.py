"""Each client's warm-up runs in a subprocess of its own, under memory and time limits.

The warm-ups below are module-level functions, so :func:`ronr.report.isolate.run_warm_up`
imports them by name in the subprocess, as it does :func:`ronr.report.render.default_warm_up`.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from ronr.errors import RenderError
from ronr.periods import Period
from ronr.report import RenderOptions, archive, isolate, render_clients
from ronr.report import render as render_module
from ronr.report.options import DEFAULT_MEMORY_LIMIT
from ronr.report.protocol import format_limit

SMALL_LIMIT = 1 << 30  # 1 GB: a Python with ronr imported fits, a 3 GB buffer does not


def covering_warm_up(client: str, *, data_dir: Path, period: Period | None) -> Period:
    if client == "asked":
        assert period is not None
        return period
    assert data_dir.is_absolute() and period is None
    return Period.parse("2024-02..2024-03")


def failing_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    if client == "misconfigured":
        raise RenderError("client.yaml: period.end must not be before start")
    raise ValueError(f"no data for {client}")


def hungry_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    chunks = []
    for _ in range(64):  # like an inflating workbook: a bit more at a time
        chunks.append(bytearray(256 << 20))


def wrapped_hungry_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    try:
        hungry_warm_up(client, data_dir=data_dir, period=period)
    except MemoryError as exc:  # an importer that words every failure its own way
        raise RenderError("could not read followers.xlsx") from exc


def sleepy_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    if client != "acme":
        time.sleep(60)


def killed_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def aborting_warm_up(client: str, *, data_dir: Path, period: Period | None) -> None:
    import sys

    print("memory allocation of 5368709120 bytes failed", file=sys.stderr, flush=True)
    os.abort()  # as a Rust or C++ reader does when an allocation fails


def warm_up(function, client: str = "acme", *, tmp_path: Path, **limits) -> str | None:
    limits = {"timeout": 60, "memory_limit": SMALL_LIMIT, "period": ""} | limits
    return isolate.run_warm_up(function, client, data_dir=tmp_path.resolve(), **limits)


def test_the_period_comes_back_from_the_subprocess(tmp_path: Path) -> None:
    assert warm_up(covering_warm_up, tmp_path=tmp_path) == "2024-02-01..2024-03-31"
    asked = Period.parse("2025-01..2025-06")
    assert warm_up(covering_warm_up, "asked", tmp_path=tmp_path, period=asked.text()) == (
        asked.text()
    )


def test_a_warm_up_error_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as raised:
        warm_up(failing_warm_up, "misconfigured", tmp_path=tmp_path)
    assert str(raised.value) == "client.yaml: period.end must not be before start"
    with pytest.raises(RenderError, match=r"^ValueError: no data for acme$"):
        warm_up(failing_warm_up, tmp_path=tmp_path)


@pytest.mark.parametrize("function", [hungry_warm_up, wrapped_hungry_warm_up, aborting_warm_up])
def test_an_import_over_the_memory_limit_stops_that_import(function, tmp_path: Path) -> None:
    with pytest.raises(RenderError) as raised:
        warm_up(function, tmp_path=tmp_path)
    assert str(raised.value) == "import stopped: over the 1 GB memory limit"


def test_a_slow_import_is_killed_at_the_timeout(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(RenderError, match=r"^import timed out after 2 s$"):
        warm_up(sleepy_warm_up, "stuck", tmp_path=tmp_path, timeout=2)
    assert time.monotonic() - started < 15


def test_a_killed_import_says_so(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as raised:
        warm_up(killed_warm_up, tmp_path=tmp_path)
    assert str(raised.value) == "import stopped: killed by SIGKILL (over the 1 GB memory limit?)"


def test_only_functions_importable_by_name_run_in_a_subprocess() -> None:
    assert isolate.importable_name(render_module.default_warm_up) == (
        "ronr.report.render:default_warm_up"
    )
    assert isolate.importable_name(hungry_warm_up).endswith("test_isolation:hungry_warm_up")

    def closure(client, *, data_dir, period):
        return None

    assert isolate.importable_name(closure) is None
    assert isolate.importable_name(lambda client, *, data_dir, period: None) is None
    with pytest.raises(ValueError, match="cannot be imported"):
        isolate.run_warm_up(
            closure, "acme", data_dir=Path("."), period="", timeout=1, memory_limit=None
        )


def test_render_client_reports_the_import_over_its_memory_limit(tmp_path: Path) -> None:
    options = RenderOptions(
        data_dir=tmp_path,
        out_dir=tmp_path / "out",
        warm_up=hungry_warm_up,
        memory_limit=SMALL_LIMIT,
    )
    result = render_module.render_client("acme", options)
    assert result.status == "failed"
    assert result.error == "import stopped: over the 1 GB memory limit"
    assert result.html is None and not (tmp_path / "out" / "acme.html").exists()


def test_render_client_keeps_the_period_the_subprocess_found(tmp_path: Path) -> None:
    options = RenderOptions(
        data_dir=tmp_path,
        out_dir=tmp_path / "out",
        sections=("nope.ipynb",),
        warm_up=covering_warm_up,
    )
    result = render_module.render_client("acme", options)
    assert result.status == "failed" and "nope.ipynb" in result.error
    assert result.period_label == "01 Feb 2024 – 31 Mar 2024"


def test_a_client_stops_waiting_for_an_import_stuck_past_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_module, "_WARM_UP_GRACE", 0.5)
    options = RenderOptions(data_dir=tmp_path, out_dir=tmp_path / "out", timeout=1)
    release = threading.Event()
    acquired = threading.Event()

    def hold() -> None:  # an in-process warm-up that never ends
        render_module._WARM_UP_LOCK.acquire()
        render_module._warm_up_since = time.monotonic()
        acquired.set()
        release.wait(30)
        render_module._WARM_UP_LOCK.release()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        acquired.wait(10)
        started = time.monotonic()
        result = render_module.render_client("acme", options)
        assert time.monotonic() - started < 10
    finally:
        release.set()
        holder.join()
    assert result.status == "failed"
    assert re.fullmatch(
        r"import not started: another client's import has run for \d+ s, over the 1 s timeout",
        result.error,
    ), result.error


def test_a_stuck_import_fails_alone_and_the_batch_finishes(tmp_path: Path) -> None:
    options = RenderOptions(
        jobs=2,
        data_dir=tmp_path,
        out_dir=tmp_path / "out",
        sections=("nope.ipynb",),  # no kernel: only the warm-ups matter here
        warm_up=sleepy_warm_up,
        timeout=3,
    )
    started = time.monotonic()
    results = render_clients(["stuck", "acme"], options, progress=False)
    assert time.monotonic() - started < 30
    stuck, acme = results
    assert (stuck.status, stuck.error) == ("failed", "import timed out after 3 s")
    assert acme.status == "failed" and "nope.ipynb" in acme.error  # past its warm-up
    assert (tmp_path / "out" / "index.html").exists() and results.index_error == ""


def test_memory_limit_is_an_option(tmp_path: Path) -> None:
    assert RenderOptions(data_dir=tmp_path).memory_limit == DEFAULT_MEMORY_LIMIT == 4 << 30
    assert RenderOptions(data_dir=tmp_path, memory_limit=None).memory_limit is None
    for bad in (0, -1, 1.5, "4G"):
        with pytest.raises(ValueError, match="memory_limit"):
            RenderOptions(data_dir=tmp_path, memory_limit=bad)
    assert format_limit(4 << 30) == "4 GB"
    assert format_limit(1536 << 20) == "1.5 GB"
    assert format_limit(256 << 20) == "256 MB"


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "index.html"
    target.write_text("previous", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as raised:
        archive.write_text_atomically(target, "new " * 1000)
    assert raised.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
