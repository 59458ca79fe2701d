"""The shape of the library: stages are siblings, and loading data never generates any.

Each stage module (listen, audience, channels, measure, tweak) is a set of pure functions over
the canonical tables; what two stages share lives in a shared module (periods, derive,
engagement, themes, stats, ...). Only the composition layer (the cover's summary and
recommendations, the report, the command line) may use several stages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ronr

PACKAGE = Path(ronr.__file__).parent
STAGES = {"listen", "audience", "channels", "measure", "tweak"}
COMPOSITION = {"summary", "recommend", "sections", "blocks", "cli"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The ronr modules that ``source`` (module ``module``) imports, as dotted names below ronr."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "ronr":
                target = node.module.split(".")[1:]
            else:
                continue
            # "from . import measure" imports the module measure
            names = [".".join([*target, a.name]) for a in node.names] if not node.module else []
            found.update([".".join(target), *names])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("ronr."))
    return {name for name in found if name}


def _edges() -> dict[str, set[str]]:
    return {
        _module_name(p): imported_modules(
            p.read_text(encoding="utf-8"), _module_name(p), is_package=p.name == "__init__.py"
        )
        for p in PACKAGE.rglob("*.py")
    }


def _top(name: str) -> str:
    return name.split(".")[0]


def test_stages_never_import_one_another():
    offending = {
        module: sorted(target for target in targets if _top(target) in STAGES - {_top(module)})
        for module, targets in _edges().items()
        if _top(module) not in COMPOSITION and not module.startswith("report")
    }
    assert {m: t for m, t in offending.items() if t} == {}


def test_loading_data_never_generates_demo_data():
    edges = _edges()
    for module in ("store", "ingest", "validate"):
        for name, targets in edges.items():
            if _top(name) == module:
                assert not {t for t in targets if _top(t) == "demo"}, name


def test_the_import_parser_sees_relative_and_absolute_imports():
    source = (
        "from .listen import count_mentions\nfrom . import measure\nimport ronr.tweak\n"
        "from ..stats import safe_ratio\nimport pandas\n"
    )
    assert imported_modules(source, "ingest.base") == {
        "ingest.listen",
        "ingest",
        "ingest.measure",
        "tweak",
        "stats",
    }
    assert imported_modules(source, "summary") >= {"listen", "measure", "tweak"}


REPORT_NOTEBOOKS = ("cover", "01_listen", "02_audience", "03_channels", "04_measure", "05_tweak")


def test_every_report_cell_is_one_or_two_library_calls():
    import nbformat

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    for name in (*REPORT_NOTEBOOKS, "appendix"):
        nb = nbformat.read(notebooks / f"{name}.ipynb", as_version=4)
        for number, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            body = [
                n
                for n in ast.parse(cell.source).body
                if not isinstance(n, ast.Import | ast.ImportFrom)
            ]
            where = f"{name}.ipynb cell {number}"
            assert len(body) <= 2, where
            # the live explorer is the one guard: it has no place in a rendered report
            if "explore_" not in cell.source:
                assert not any(isinstance(n, ast.If | ast.For) for n in body), where
