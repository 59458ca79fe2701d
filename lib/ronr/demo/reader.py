"""Checked values from a parsed YAML file: each error names the file and the key's path."""

from __future__ import annotations

import math
from typing import Any

from ..errors import RonrError

__all__ = ["Reader"]


class Reader:
    """Checks and converts the values of one parsed YAML file.

    Parameters
    ----------
    source
        The file's name, which starts every error message; each method takes the value and
        ``where``, the dotted path of its key (``signals.incident.days``).
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> RonrError:
        return RonrError(f"{self.source}: {where}: {problem}")

    def fields(self, value: Any, keys: tuple[str, ...], where: str) -> dict[str, Any]:
        """A mapping with exactly ``keys``."""
        mapping = self.mapping(value, where)
        missing = [k for k in keys if k not in mapping]
        unknown = [k for k in mapping if k not in keys]
        if missing or unknown:
            problems = [f"missing {', '.join(missing)}" if missing else ""]
            problems.append(f"unknown {', '.join(map(str, unknown))}" if unknown else "")
            raise self.fail(where, "; ".join(p for p in problems if p))
        return mapping

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise self.fail(where, f"expected a mapping with text keys, not {value!r}")
        return value

    def sequence(self, value: Any, where: str, length: int | None = None) -> list[Any]:
        if not isinstance(value, list) or (length is not None and len(value) != length):
            size = f" of {length}" if length is not None else ""
            raise self.fail(where, f"expected a list{size}, not {value!r}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(where, f"expected text, not {value!r}")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        items = self.sequence(value, where)
        if not items:
            raise self.fail(where, "expected at least one text")
        return tuple(self.text(v, f"{where}.{i}") for i, v in enumerate(items))

    def integer(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"expected a whole number, not {value!r}")
        return value

    def number(self, value: Any, where: str) -> float:
        # 12 becomes 12.0: client.yaml writes the two differently
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise self.fail(where, f"expected a number, not {value!r}")
        return float(value)

    def share(self, value: Any, where: str) -> float:
        number = self.number(value, where)
        if not 0 <= number <= 1:
            raise self.fail(where, f"expected a share between 0 and 1, not {value!r}")
        return number

    def numbers(self, value: Any, where: str, length: int | None = None) -> tuple[float, ...]:
        items = self.sequence(value, where, length)
        return tuple(self.number(v, f"{where}.{i}") for i, v in enumerate(items))

    def shares(self, value: Any, where: str, *, total: bool = True) -> dict[str, float]:
        """A mapping of shares; with ``total``, they add up to 1."""
        shares = {k: self.share(v, f"{where}.{k}") for k, v in self.mapping(value, where).items()}
        if total and not math.isclose(sum(shares.values()), 1, abs_tol=1e-6):
            raise self.fail(where, f"shares add up to {sum(shares.values()):g}, not 1")
        return shares

    def choice(self, value: Any, where: str, options: tuple[str, ...]) -> str:
        if value not in options:
            raise self.fail(where, f"expected one of {', '.join(options)}, not {value!r}")
        return value
