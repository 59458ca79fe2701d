"""The reports folder's index page, catalogue and run log (ronr.report.batch.write_index).

Fake reports only: a small HTML file with the title a real report has, and its RenderResult.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ronr.periods import Period
from ronr.report import RenderOptions, RenderResult, archive, report_stem, write_index

H1 = Period.parse("2025-01..2025-06")
H2 = Period.parse("2025-07..2025-12")
HOSTILE = '<script>alert("x")</script> & Sons'


def fake_report(
    out: Path,
    client: str,
    display_name: str,
    *,
    period: Period | None = None,
    size: int = 1_000,
    pdf: bool = False,
    seconds: float = 1.5,
) -> RenderResult:
    """A report as render_client leaves it: the HTML (``size`` bytes) and its result."""
    out.mkdir(parents=True, exist_ok=True)
    stem = report_stem(client, period)
    head = (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>\n"
        f"<title>{html.escape(display_name)} – Return on Relationship report</title>"
        "</head><body>"
    )
    tail = "</body></html>\n"
    page = out / f"{stem}.html"
    page.write_bytes((head + "x" * (size - len((head + tail).encode())) + tail).encode())
    assert page.stat().st_size == size
    if pdf:
        page.with_suffix(".pdf").write_bytes(b"%PDF-1.7\n")
    return RenderResult(
        client,
        "ok",
        html=page,
        seconds=seconds,
        size=size,
        period=period,
        period_label=period.label() if period else "as configured",
    )


def failed(
    client: str, error: str = "cell 3 of 02_audience.ipynb failed: KeyError"
) -> RenderResult:
    return RenderResult(client, "failed", seconds=0.25, error=error, period_label="as configured")


def rows(index: Path) -> list[list[str]]:
    """The index's body rows, each a list of its cells' inner HTML."""
    body = re.search(r"<tbody>(.*)</tbody>", index.read_text(encoding="utf-8"), flags=re.S)
    assert body
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", body[1], flags=re.S)
    ]


def names(index: Path) -> list[str]:
    return [cells[0] for cells in rows(index)]


def catalogue(out: Path) -> dict:
    return json.loads((out / "reports.json").read_text(encoding="utf-8"))["reports"]


def runs(out: Path) -> list[dict]:
    return json.loads((out / "runs.json").read_text(encoding="utf-8"))


# -- the index page ---------------------------------------------------------------------------


def test_a_row_shows_name_period_time_size_and_links(tmp_path: Path) -> None:
    result = fake_report(tmp_path, "acme", "Acme Coffee", period=H1, size=2_500_000, pdf=True)
    index = write_index([result], out_dir=tmp_path)
    assert index == tmp_path / "index.html"
    [[name, period, rendered, size, links]] = rows(index)
    assert (name, period, size) == ("Acme Coffee", "01 Jan 2025 – 30 Jun 2025", "2.5 MB")
    stamp = dt.datetime.fromtimestamp(result.html.stat().st_mtime, dt.UTC).astimezone()
    iso = stamp.isoformat(timespec="seconds")
    assert rendered == f'<time datetime="{iso}">{stamp:%d %b %Y %H:%M %Z}</time>'
    assert links == (
        '<a href="acme__2025-01-01_2025-06-30.html">HTML</a>'
        ' · <a href="acme__2025-01-01_2025-06-30.pdf">PDF</a>'
    )


def test_the_pdf_link_is_there_only_where_the_pdf_is(tmp_path: Path) -> None:
    results = [
        fake_report(tmp_path, "acme", "Acme", pdf=True),
        fake_report(tmp_path, "beta", "Beta"),
    ]
    index = write_index(results, out_dir=tmp_path)
    assert [cells[-1] for cells in rows(index)] == [
        '<a href="acme.html">HTML</a> · <a href="acme.pdf">PDF</a>',
        '<a href="beta.html">HTML</a>',
    ]
    # a PDF written after the HTML is linked at the next update
    (tmp_path / "beta.pdf").write_bytes(b"%PDF")
    index = write_index([], out_dir=tmp_path)
    assert rows(index)[1][-1] == '<a href="beta.html">HTML</a> · <a href="beta.pdf">PDF</a>'
    assert catalogue(tmp_path)["beta.html"]["pdf"] == "beta.pdf"


def test_the_index_has_no_operations_detail_or_machine_paths(tmp_path: Path) -> None:
    results = [
        fake_report(tmp_path, "acme", "Acme", seconds=12.34),
        failed("beta", error="KeyError: 'followers' in /home/someone/data"),
    ]
    page = write_index(results, out_dir=tmp_path).read_text(encoding="utf-8")
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", page)
    assert headers == ["Client", "Period", "Rendered", "Size", "Report"]
    for operations in ("failed", "Status", "Error", "KeyError", "12.3", "beta", "/home/"):
        assert operations not in page, operations
    assert str(tmp_path) not in page and "file:" not in page
    assert "1 report · updated " in page


def test_a_hostile_display_name_and_file_name_are_escaped(tmp_path: Path) -> None:
    fake_report(tmp_path, "evil", HOSTILE)
    copied = tmp_path / 'a "b" <i>.html'
    copied.write_text("<p>no title</p>", encoding="utf-8")
    page = write_index([], out_dir=tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Sons" in page
    assert 'href="a%20%22b%22%20%3Ci%3E.html"' in page
    assert "<td>a &#34;b&#34; &lt;i&gt;</td>" in page
    assert catalogue(tmp_path) == {}  # nothing rendered in this run: nothing catalogued


def test_rows_are_sorted_by_display_name_then_period(tmp_path: Path) -> None:
    results = [
        fake_report(tmp_path, "zeta", "beta Roasters", period=H2),
        fake_report(tmp_path, "zeta", "beta Roasters", period=H1),
        fake_report(tmp_path, "acme", "Acme"),
        fake_report(tmp_path, "cafe", "Café Crème"),
    ]
    index = write_index(results, out_dir=tmp_path)
    assert [(cells[0], cells[1]) for cells in rows(index)] == [
        ("Acme", "as configured"),
        ("beta Roasters", "01 Jan 2025 – 30 Jun 2025"),
        ("beta Roasters", "01 Jul 2025 – 31 Dec 2025"),
        ("Café Crème", "as configured"),
    ]


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    page = write_index([failed("acme")], out_dir=tmp_path / "new").read_text(encoding="utf-8")
    assert '<td colspan="5" class="empty">No reports yet.</td>' in page
    assert "0 reports · updated" in page


# -- the catalogue: updated, not overwritten --------------------------------------------------


def test_a_second_render_of_another_client_keeps_the_first(tmp_path: Path) -> None:
    write_index([fake_report(tmp_path, "acme", "Acme", period=H1)], out_dir=tmp_path)
    index = write_index([fake_report(tmp_path, "beta", "Beta", size=1_500)], out_dir=tmp_path)
    assert [cells[:2] + cells[3:4] for cells in rows(index)] == [
        ["Acme", "01 Jan 2025 – 30 Jun 2025", "1.0 kB"],
        ["Beta", "as configured", "1.5 kB"],
    ]
    entries = catalogue(tmp_path)
    assert sorted(entries) == ["acme__2025-01-01_2025-06-30.html", "beta.html"]
    acme = entries["acme__2025-01-01_2025-06-30.html"]
    assert {k: v for k, v in acme.items() if k != "rendered_at"} == {
        "file": "acme__2025-01-01_2025-06-30.html",
        "client": "acme",
        "display_name": "Acme",
        "period": "01 Jan 2025 – 30 Jun 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "size": 1_000,
        "pdf": None,
    }
    assert dt.datetime.fromisoformat(acme["rendered_at"]).utcoffset() is not None
    assert entries["beta.html"]["period_start"] is None


def test_a_failed_render_keeps_the_previous_entry(tmp_path: Path) -> None:
    write_index([fake_report(tmp_path, "acme", "Acme", period=H1)], out_dir=tmp_path)
    before = catalogue(tmp_path)
    failure = RenderResult("acme", "failed", error="boom", period=H1, period_label=H1.label())
    index = write_index([failure], out_dir=tmp_path)
    assert catalogue(tmp_path) == before
    assert [cells[:2] for cells in rows(index)] == [["Acme", "01 Jan 2025 – 30 Jun 2025"]]


def test_a_new_html_whose_pdf_failed_replaces_the_previous_entry(tmp_path: Path) -> None:
    write_index([fake_report(tmp_path, "acme", "Old Name", size=1_000)], out_dir=tmp_path)
    written = fake_report(tmp_path, "acme", "New Name", size=3_000)
    pdf_failed = dataclasses.replace(written, status="failed", error="PDF not written: ...")
    index = write_index([pdf_failed], out_dir=tmp_path)
    assert [(cells[0], cells[3]) for cells in rows(index)] == [("New Name", "3.0 kB")]
    assert runs(tmp_path)[-1]["clients"][0]["status"] == "failed"


def test_a_deleted_report_drops_out(tmp_path: Path) -> None:
    acme = fake_report(tmp_path, "acme", "Acme", pdf=True)
    write_index([acme], out_dir=tmp_path)
    acme.html.unlink()
    index = write_index([fake_report(tmp_path, "beta", "Beta")], out_dir=tmp_path)
    assert names(index) == ["Beta"]
    assert sorted(catalogue(tmp_path)) == ["beta.html"]


def test_a_re_render_replaces_its_entry(tmp_path: Path) -> None:
    write_index([fake_report(tmp_path, "acme", "Old Name", size=1_000)], out_dir=tmp_path)
    index = write_index([fake_report(tmp_path, "acme", "New Name", size=3_000)], out_dir=tmp_path)
    assert [(cells[0], cells[3]) for cells in rows(index)] == [("New Name", "3.0 kB")]


def test_reports_ronr_did_not_catalogue_are_listed_from_their_files(tmp_path: Path) -> None:
    older = fake_report(tmp_path, "old", "Old & Co", period=H2, size=2_000)
    (tmp_path / "notes.html").write_text("<h2>no title here</h2>", encoding="utf-8")
    (tmp_path / ".hidden.html").write_text("<p>a partial file</p>", encoding="utf-8")
    index = write_index([fake_report(tmp_path, "acme", "Acme")], out_dir=tmp_path)
    found = {cells[0]: cells for cells in rows(index)}
    assert list(found) == ["Acme", "notes", "Old &amp; Co"]  # by name, case aside
    assert found["Old &amp; Co"][1:2] + found["Old &amp; Co"][3:] == [
        "01 Jul 2025 – 31 Dec 2025",
        "2.0 kB",
        f'<a href="{older.html.name}">HTML</a>',
    ]
    assert found["notes"][1] == "–"
    stamp = dt.datetime.fromtimestamp((tmp_path / "notes.html").stat().st_mtime, dt.UTC)
    assert f"{stamp.astimezone():%d %b %Y %H:%M %Z}</time>" in found["notes"][2]
    assert sorted(catalogue(tmp_path)) == ["acme.html"]  # listed, not catalogued


def test_a_result_whose_html_is_elsewhere_or_missing_is_not_listed(tmp_path: Path) -> None:
    elsewhere = fake_report(tmp_path / "other", "acme", "Acme")
    missing = RenderResult("beta", "ok", html=tmp_path / "out" / "beta.html", size=10)
    index = write_index([elsewhere, missing], out_dir=tmp_path / "out")
    assert rows(index) == [["No reports yet."]]
    assert catalogue(tmp_path / "out") == {}


def test_an_unreadable_catalogue_is_kept_aside_and_the_folder_still_listed(tmp_path: Path) -> None:
    write_index([fake_report(tmp_path, "acme", "Acme", period=H1)], out_dir=tmp_path)
    (tmp_path / "reports.json").write_text("{ half a fi", encoding="utf-8")
    (tmp_path / "runs.json").write_text("[{", encoding="utf-8")
    index = write_index([fake_report(tmp_path, "beta", "Beta")], out_dir=tmp_path)
    # acme is described from its file now: the same name and period
    assert [cells[:2] for cells in rows(index)] == [
        ["Acme", "01 Jan 2025 – 30 Jun 2025"],
        ["Beta", "as configured"],
    ]
    assert (tmp_path / "reports.json.unreadable").read_text(encoding="utf-8") == "{ half a fi"
    assert (tmp_path / "runs.json.unreadable").read_text(encoding="utf-8") == "[{"
    assert sorted(catalogue(tmp_path)) == ["beta.html"]
    assert [run["clients"][0]["client"] for run in runs(tmp_path)] == ["beta"]


# -- runs.json: the operations summary --------------------------------------------------------


def test_runs_json_records_each_runs_statuses_errors_and_timings(tmp_path: Path) -> None:
    options = RenderOptions(data_dir=tmp_path, out_dir=tmp_path, period=H1, jobs=3)
    started = dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    ok = fake_report(tmp_path, "acme", "Acme", period=H1, size=1_234, seconds=12.345, pdf=True)
    write_index([ok, failed("beta")], out_dir=tmp_path, options=options, started=started)
    write_index([failed("acme", error="boom")], out_dir=tmp_path)
    first, second = runs(tmp_path)
    assert first["started"] == "2025-07-01T09:00:00+02:00"
    assert dt.datetime.fromisoformat(first["finished"]) > started
    assert first["options"] == {
        "period": "2025-01-01..2025-06-30",
        "jobs": 3,
        "cell_timeout": 300,
        "timeout": 1200,
    }
    assert (first["ok"], first["failed"]) == (1, 1)
    assert first["clients"] == [
        {
            "client": "acme",
            "status": "ok",
            "error": "",
            "seconds": 12.35,
            "period": "01 Jan 2025 – 30 Jun 2025",
            "size": 1_234,
            "html": "acme__2025-01-01_2025-06-30.html",
            "pdf": "acme__2025-01-01_2025-06-30.pdf",
        },
        {
            "client": "beta",
            "status": "failed",
            "error": "cell 3 of 02_audience.ipynb failed: KeyError",
            "seconds": 0.25,
            "period": "as configured",
            "size": 0,
            "html": None,
            "pdf": None,
        },
    ]
    assert second["options"] is None and (second["ok"], second["failed"]) == (0, 1)
    assert [(c["client"], c["status"], c["error"]) for c in second["clients"]] == [
        ("acme", "failed", "boom")
    ]
    # without a start time, the run began at the latest when its longest render did
    begun = dt.datetime.fromisoformat(second["started"])
    assert dt.datetime.fromisoformat(second["finished"]) - begun == pytest.approx(
        dt.timedelta(seconds=0.25), abs=dt.timedelta(seconds=1)
    )


def test_runs_json_keeps_the_last_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_RUNS", 3)
    for number in range(5):
        write_index([failed(f"client-{number}")], out_dir=tmp_path)
    assert [run["clients"][0]["client"] for run in runs(tmp_path)] == [
        "client-2",
        "client-3",
        "client-4",
    ]


# -- concurrent renders into one folder -------------------------------------------------------


def test_concurrent_updates_all_land(tmp_path: Path) -> None:
    results = [fake_report(tmp_path, f"client-{n}", f"Client {n:02d}") for n in range(12)]
    barrier = threading.Barrier(len(results))
    errors: list[BaseException] = []

    def update(result: RenderResult) -> None:
        try:
            barrier.wait()
            write_index([result], out_dir=tmp_path)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=update, args=(result,)) for result in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert names(tmp_path / "index.html") == [f"Client {n:02d}" for n in range(12)]
    assert sorted(catalogue(tmp_path)) == sorted(f"client-{n}.html" for n in range(12))
    assert sorted(run["clients"][0]["client"] for run in runs(tmp_path)) == sorted(
        f"client-{n}" for n in range(12)
    )
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") or ".json." in p.name]


WRITE_ONE = """
import sys
from pathlib import Path
from ronr.report import RenderResult, write_index

out, client = Path(sys.argv[1]), sys.argv[2]
write_index([RenderResult(client, "ok", html=out / f"{client}.html", size=1)], out_dir=out)
"""


def test_a_process_waits_for_the_folders_lock(tmp_path: Path) -> None:
    # Threads of one process also share an in-process lock: only processes test the file lock.
    fake_report(tmp_path, "acme", "Acme")
    with archive.folder_lock(tmp_path):
        writer = subprocess.Popen([sys.executable, "-c", WRITE_ONE, str(tmp_path), "acme"])
        time.sleep(1.5)
        assert writer.poll() is None and not (tmp_path / "index.html").exists()
    assert writer.wait(timeout=60) == 0
    assert names(tmp_path / "index.html") == ["Acme"]


def test_concurrent_processes_all_land(tmp_path: Path) -> None:
    clients = [f"client-{n}" for n in range(6)]
    for client in clients:
        fake_report(tmp_path, client, client.title())
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITE_ONE, str(tmp_path), client])
        for client in clients
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0] * len(clients)
    assert sorted(catalogue(tmp_path)) == sorted(f"{client}.html" for client in clients)
    assert len(runs(tmp_path)) == len(clients)
    assert names(tmp_path / "index.html") == [client.title() for client in clients]


def test_a_pdf_older_than_its_page_is_not_linked_and_files_are_readable(tmp_path: Path) -> None:
    acme = fake_report(tmp_path, "acme", "Acme", pdf=True)
    pdf = acme.html.with_suffix(".pdf")
    os.utime(pdf, ns=(1_000_000_000, 1_000_000_000))  # printed long before this page
    index = write_index([acme], out_dir=tmp_path)
    assert "acme.pdf" not in index.read_text(encoding="utf-8")
    for name in ("index.html", "reports.json", "runs.json"):
        mode = (tmp_path / name).stat().st_mode & 0o777
        assert mode == 0o666 & ~archive._umask(), (name, oct(mode))
