"""Stable ids for the chart divs of a report, so the same inputs render the same page.

plotly names each chart's ``<div>`` with a random uuid unless given an id: two renders of the
same data would then differ in every chart. :func:`chart_div_id` derives the id from the
figure itself (a short hash of its JSON: data, layout and titles, which name the client's
brands, the section's metric and the chart), so it is the same in every render. Two charts on
one page never share an id: a figure seen before in the same kernel (one report is one kernel)
gets its order appended (``-2``, ``-3``, ...), which is the same in every render too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import MutableMapping
from typing import Any

__all__ = ["chart_div_id", "figure_digest", "reset_chart_ids"]

_SEEN: dict[str, int] = {}
"""How often each figure was given an id in this process (one report kernel)."""


def figure_digest(figure: str | dict[str, Any], *extra: object) -> str:
    """A short hash of a figure's JSON (a string or a dict), its keys sorted: plotly writes
    the same figure's keys in different orders (a copied figure, a template set later)."""
    data = json.loads(figure) if isinstance(figure, str) else figure
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(text.encode("utf-8"))
    for part in extra:
        digest.update(b"\0" + str(part).encode("utf-8"))
    return digest.hexdigest()[:16]


def chart_div_id(
    figure: str | dict[str, Any],
    *extra: object,
    prefix: str = "ronr-chart",
    seen: MutableMapping[str, int] | None = None,
) -> str:
    """The div id of ``figure``: ``{prefix}-{hash}``, with ``-{n}`` for its n-th repeat.

    ``seen`` counts the ids given so far on the page (this process's counter if not given);
    ``extra`` is anything else that tells the figure apart (mixed into the hash).
    """
    counter = _SEEN if seen is None else seen
    base = f"{prefix}-{figure_digest(figure, *extra)}"
    counter[base] = count = counter.get(base, 0) + 1
    return base if count == 1 else f"{base}-{count}"


def reset_chart_ids() -> None:
    """Forget the ids given so far (a new page; tests)."""
    _SEEN.clear()
