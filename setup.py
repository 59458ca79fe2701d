"""Build hook: ship the top-level ``notebooks/`` as ``ronr/notebooks/`` package data.

The notebooks stay at the top of the repository (that is where JupyterLab opens them); an
installed ronr finds its copy through :data:`ronr.paths.NOTEBOOKS_DIR`. Everything else about
the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildWithNotebooks(build_py):
    """``build_py`` that also copies ``notebooks/*.ipynb`` into ``ronr/notebooks``."""

    def run(self) -> None:
        super().run()
        for source, target in self._notebooks():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        copied = [str(target) for _, target in self._notebooks()]
        return [*super().get_outputs(include_bytecode), *copied]

    def _notebooks(self) -> list[tuple[Path, Path]]:
        # An editable install reads the repository's notebooks directly.
        if self.editable_mode:
            return []
        target = Path(self.build_lib) / "ronr" / "notebooks"
        return [(path, target / path.name) for path in sorted(NOTEBOOKS.glob("*.ipynb"))]


setup(cmdclass={"build_py": BuildWithNotebooks})
