"""A non-editable install carries everything a report needs: build the wheel, install it, render.

The wheel is built from a copy of the sources (so no build/ or egg-info lands in the working
tree) without build isolation (no network), installed with ``--target`` into a temporary
folder, and imported from there by a fresh process that renders the small demo client.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from ronr.paths import resolve_data_dir

REPO = Path(__file__).resolve().parents[1]
BUILD_INPUTS = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "LICENSE",
    "lib",
    "notebooks",
)
NOT_SOURCES = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")

RENDER = """
import json, sys
from pathlib import Path

import ronr
from ronr.paths import NOTEBOOKS_DIR
from ronr.report import RenderOptions, render_client, write_index

out = Path(sys.argv[1])
result = render_client("demo-coffee", RenderOptions(out_dir=out))
index = write_index([result], out_dir=out)
print(json.dumps({
    "ronr": ronr.__file__,
    "notebooks": str(NOTEBOOKS_DIR),
    "status": result.status,
    "error": result.error,
    "html": str(result.html),
    "index": str(index),
}))
"""


def _pip(*args: str, cwd: Path) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, sources / name, ignore=NOT_SOURCES)
        else:
            shutil.copy2(REPO / name, sources / name)
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(sources), cwd=out)
    (built,) = out.glob("ronr-*.whl")
    return built


def test_the_wheel_carries_every_notebook_and_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    notebooks = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert "cover.ipynb" in notebooks and "appendix.ipynb" in notebooks
    assert {f"ronr/notebooks/{name}" for name in notebooks} <= names
    templates = REPO / "lib" / "ronr" / "templates"
    shipped = {
        f"ronr/templates/{p.relative_to(templates).as_posix()}"
        for p in templates.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {"ronr/templates/index/page.html.j2", "ronr/templates/ronr/index.html.j2"} <= shipped
    assert shipped - names == set()
    assert "ronr/report/execute.py" in names


def test_the_installed_package_renders_the_demo_client(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel), cwd=tmp_path)
    data_dir = tmp_path / "data"
    shutil.copytree(
        resolve_data_dir() / "clients" / "demo-coffee", data_dir / "clients" / "demo-coffee"
    )
    # PYTHONPATH alone: the repository's ronr (an editable install) must not be the one used.
    env = {**os.environ, "PYTHONPATH": str(target), "RONR_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", RENDER, str(tmp_path / "reports")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(outcome["ronr"]).is_relative_to(target)
    assert outcome["notebooks"] == str(target / "ronr" / "notebooks")
    assert outcome["status"] == "ok", outcome["error"]
    assert outcome["html"] == str(tmp_path / "reports" / "demo-coffee.html")
    page = Path(outcome["html"]).read_text(encoding="utf-8")
    config = yaml.safe_load((data_dir / "clients" / "demo-coffee" / "client.yaml").read_text())
    assert f'<h1 class="ronr-title">{config["display_name"]}</h1>' in page
    assert page.count('id="section-') == 7
    assert '<a href="demo-coffee.html">' in Path(outcome["index"]).read_text(encoding="utf-8")
