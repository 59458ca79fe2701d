"""The command line turns config and path problems into one clear error line, no traceback.

Each problem of the issue "Reliability" as a user meets it: ``ronr validate`` of a broken
client.yaml, ``ronr render --period ..``, ``--out`` inside a client's folder, and messages
that quote a file's control bytes.
"""

from __future__ import annotations

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
from ronr.config import MAX_DEPTH

runner = CliRunner()

BASE = "client: acme\ndisplay_name: Acme Coffee\nbrand: {name: Acme}\n"
POSTS = "post_id,published_at,channel,brand,text,likes\n1,2025-01-01,facebook,Acme,hi,3\n"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def assert_clean_failure(result, code: int) -> str:
    """The command exited with ``code`` on purpose: no exception, no traceback, no control
    byte on the terminal. Returns the output with its lines joined (a usage panel wraps)."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert not any((ord(c) < 0x20 and c != "\n") or c == "\x7f" for c in result.output)
    return " ".join(result.output.split())


def make_client(data_dir: Path, config: str | bytes, *, client: str = "acme") -> Path:
    folder = data_dir / "clients" / client
    (folder / "exports").mkdir(parents=True, exist_ok=True)
    (folder / "exports" / "posts.csv").write_text(POSTS)
    if isinstance(config, bytes):
        (folder / "client.yaml").write_bytes(config)
    else:
        (folder / "client.yaml").write_text(config, encoding="utf-8")
    return folder


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any render, demo generation or data load fails the test: errors come first."""

    def fail(*args, **kwargs):
        raise AssertionError("work started before the arguments were checked")

    for module, name in (
        (ronr.cli, "_choose_clients"),
        (ronr.demo, "ensure_demo_client"),
        (ronr.demo, "generate_demo"),
        (ronr.report, "render_clients"),
        (ronr.store, "load_workspace"),
    ):
        monkeypatch.setattr(module, name, fail)


# -- ronr validate: the config file -----------------------------------------------------------


def test_validate_a_latin1_config(tmp_path: Path) -> None:
    make_client(tmp_path, (BASE + "currency: 'Café'\n").encode("latin-1"))
    output = assert_clean_failure(invoke("validate", "acme", "--data-dir", tmp_path), 1)
    assert (
        "client.yaml: not UTF-8 text: byte 0xe9 at line 4, column 15 (it looks saved as "
        "Latin-1 or Windows-1252); save the file as UTF-8"
    ) in output


def test_validate_a_folder_named_client_yaml(tmp_path: Path) -> None:
    (tmp_path / "clients" / "acme" / "client.yaml").mkdir(parents=True)
    result = invoke("validate", "acme", "--data-dir", tmp_path)
    output = assert_clean_failure(result, 1)
    assert "client.yaml: is a folder, not a file" in output
    assert result.output.count("\n") == 1  # one line


def test_validate_deeply_nested_yaml(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + "currency: " + "[" * 10_000 + "]" * 10_000 + "\n")
    result = invoke("validate", "acme", "--data-dir", tmp_path)
    output = assert_clean_failure(result, 1)
    assert f"client.yaml: nested more than {MAX_DEPTH} levels deep (at line 4)" in output
    assert result.output.count("\n") == 1


def test_deeply_nested_yaml_prints_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + "currency: " + "[" * 10_000 + "]" * 10_000 + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "ronr.cli", "validate", "acme", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert "nested more than" in done.stderr


def test_validate_an_infinite_number_names_the_key(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + "effort: {facebook: .inf, x: 1}\n")
    output = assert_clean_failure(invoke("validate", "acme", "--data-dir", tmp_path), 1)
    assert "- effort.facebook: must be a finite number, not inf" in output


def test_validate_an_impossible_date_says_where(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + "period: {start: 2025-02-30, end: 2025-03-31}\n")
    output = assert_clean_failure(invoke("validate", "acme", "--data-dir", tmp_path), 1)
    assert "not valid YAML at line 4, column 17: '2025-02-30' is not a valid timestamp" in output


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/etc/passwd", "is absolute"),
        ("../../../../etc/passwd", "leads outside the data folder"),
        ("../../other/exports/posts.csv", "into the clients folder or another client's"),
        ('"a\\0b.csv"', "holds a control character"),
    ],
)
def test_validate_an_export_path_leading_out(tmp_path: Path, path: str, problem: str) -> None:
    make_client(tmp_path, BASE + f"exports: [{{path: {path}, format: generic-posts}}]\n")
    output = assert_clean_failure(invoke("validate", "acme", "--data-dir", tmp_path), 1)
    assert "- exports.0.path: path " in output and problem in output


def test_validate_a_listed_export_that_is_missing(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + "exports: [{path: sub/gone.csv, format: generic-posts}]\n")
    output = assert_clean_failure(invoke("validate", "acme", "--data-dir", tmp_path), 1)
    assert "gone.csv: not found in exports/" in output
    assert "1 of 2 files of acme failed the check: gone.csv" in output


def test_ingest_for_a_client_with_a_broken_config(tmp_path: Path) -> None:
    folder = make_client(tmp_path, BASE + "effort: {x: .nan}\n")
    result = invoke(
        "ingest", folder / "exports" / "posts.csv", "--client", "acme", "--data-dir", tmp_path
    )
    output = assert_clean_failure(result, 1)
    assert "- effort.x: must be a finite number, not nan" in output


# -- control bytes and long values from files -------------------------------------------------


def test_a_config_key_with_terminal_escapes_is_printed_escaped_and_short(tmp_path: Path) -> None:
    make_client(tmp_path, BASE + '"\\e]0;pwned\\a\\e[2J' + "k" * 500 + '": 1\n')
    result = invoke("validate", "acme", "--data-dir", tmp_path)
    output = assert_clean_failure(result, 1)
    assert "- \\x1b]0;pwned\\x07\\x1b[2Jkkk" in output
    assert "more characters): unknown key" in output
    assert "k" * 300 not in output


def test_a_rejected_cell_is_quoted_escaped(tmp_path: Path) -> None:
    folder = make_client(tmp_path, BASE)
    bad = "\x1b[31m\x07not-a-date" + "x" * 1_000
    with (folder / "exports" / "posts.csv").open("a") as file:
        file.write(f"2,{bad},facebook,Acme,hi,4\n")
    result = invoke("validate", "acme", "--data-dir", tmp_path)
    assert result.exit_code == 0, result.output  # one row kept: the file passes
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("  row 2,"))
    # the reader removes control characters from cells (and says so): the value is shown without
    # them, cut to 200 characters
    assert line.startswith("  row 2, column 'published_at', value '[31mnot-a-datexxx")
    assert len(line) < 400


def test_a_render_failure_line_escapes_control_bytes(monkeypatch, tmp_path: Path) -> None:
    from ronr.report import RenderResult

    def failed(names, options, console=None):
        return [RenderResult(client="acme", status="failed", error="bad value '\x1b[2J'\x00")]

    monkeypatch.setattr(ronr.report, "render_clients", failed)
    make_client(tmp_path, BASE)
    result = invoke("render", "acme", "--data-dir", tmp_path, "--out", tmp_path / "reports")
    output = assert_clean_failure(result, 1)
    assert "failed acme: bad value '\\x1b[2J'\\x00" in output


# -- ronr render: --period and --out ----------------------------------------------------------


@pytest.mark.parametrize("period", ["..", "2025..", "..2025-06", " .. "])
def test_a_period_with_an_empty_side_names_the_form(tmp_path: Path, no_work, period) -> None:
    make_client(tmp_path, BASE)
    result = invoke("render", "acme", "--period", period, "--data-dir", tmp_path)
    output = assert_clean_failure(result, 2)
    assert (
        f"period {period!r}: expected 'START..END' with a day, month or year on each side, "
        "e.g. '2025-01-01..2025-06-30' or '2025-01..2025-06'"
    ) in output


@pytest.mark.parametrize("period", ["NaT..NaT", "nan..2025", "2025..NaT"])
def test_a_period_pandas_reads_as_no_date(tmp_path: Path, no_work, period) -> None:
    make_client(tmp_path, BASE)
    result = invoke("render", "acme", "--period", period, "--data-dir", tmp_path)
    output = assert_clean_failure(result, 2)
    assert f"period {period!r}: expected dates like 2025-01-01 or months like 2025-01" in output


@pytest.mark.parametrize(
    ("out", "where"),
    [
        ("clients/acme/exports", "the folder of client 'acme'"),
        ("clients/acme/exports/reports", "the folder of client 'acme'"),
        ("clients/acme", "the folder of client 'acme'"),
        ("clients", "the clients folder"),
    ],
)
def test_render_out_inside_a_client_folder(tmp_path: Path, no_work, out, where) -> None:
    make_client(tmp_path, BASE)
    result = invoke("render", "acme", "--data-dir", tmp_path, "--out", tmp_path / out)
    output = assert_clean_failure(result, 2)
    assert f"Error: --out {tmp_path / out} is inside {where}" in output
    assert "choose a folder outside the clients folder, e.g. --out reports" in output
    assert not (tmp_path / "clients" / "acme" / "exports" / "reports").exists()


def test_render_all_out_inside_a_client_folder(tmp_path: Path, no_work) -> None:
    make_client(tmp_path, BASE)
    make_client(tmp_path, BASE.replace("acme", "beta"), client="beta")
    out = tmp_path / "clients" / "beta" / "reports"
    result = invoke("render", "--all", "--data-dir", tmp_path, "--out", out)
    output = assert_clean_failure(result, 2)
    assert "is inside the folder of client 'beta'" in output


def test_demo_render_out_inside_a_client_folder_generates_nothing(tmp_path: Path, no_work) -> None:
    make_client(tmp_path, BASE)
    out = tmp_path / "clients" / "acme" / "exports"
    result = invoke("demo", "--render", "--data-dir", tmp_path, "--out", out)
    output = assert_clean_failure(result, 2)
    assert "is inside the folder of client 'acme'" in output


def test_ingest_out_inside_a_client_folder_writes_nothing(tmp_path: Path) -> None:
    folder = make_client(tmp_path, BASE)
    export = folder / "exports" / "posts.csv"
    result = invoke(
        "ingest", export, "--client", "acme", "--data-dir", tmp_path, "--out", folder / "exports"
    )
    output = assert_clean_failure(result, 2)
    assert "is inside the folder of client 'acme'" in output
    assert sorted(p.name for p in (folder / "exports").iterdir()) == ["posts.csv"]


def test_compare_takes_previous_or_a_period_and_says_so_otherwise(tmp_path):
    result = CliRunner().invoke(
        ronr.cli.app, ["render", "demo-coffee", "--compare", "last-year", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "expected 'previous' or a period" in " ".join(result.output.split())
    from ronr.cli import _parse_compare

    assert _parse_compare("previous") == "previous"
    assert _parse_compare("2024-01..2024-06") == "2024-01..2024-06"
