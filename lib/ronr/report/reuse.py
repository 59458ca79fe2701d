"""Reuse an unchanged client's report instead of rendering it again.

A report is a function of the client's inputs (config, exports, sentiment labels), the section
notebooks, the render's parameters and ronr's own code. Their fingerprint, the *render key*,
is written into the page's head; a render that finds a page with the same key (and the PDF it
asks for) keeps it. Anything changed, or ``--force``, renders again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .options import RenderOptions

KEY_META = "ronr-render-key"
HEAD_BYTES = 16_384  # the key is in the page's head, before any inlined script
CODE_SUFFIXES = (".py", ".j2", ".css", ".json", ".yaml")


@functools.cache
def code_fingerprint() -> str:
    """A digest of ronr's installed code and templates (every file that shapes a report)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in CODE_SUFFIXES):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def render_key(client: str, options: RenderOptions) -> str | None:
    """The fingerprint of everything one client's report is made from, or None if unknown.

    Parameters
    ----------
    client
        The client's folder name.
    options
        The render's options: its parameters, notebooks and sections count.

    Returns
    -------
    str or None
        32 hex digits; None when the client's config or exports cannot be read (the render
        then runs and says why).
    """
    from ..paths import client_dir, resolve_data_dir
    from ..store import _inputs_fingerprint
    from .render import notebook_parameters

    data_dir = str(resolve_data_dir(options.data_dir))
    inputs = _inputs_fingerprint(client, data_dir)
    if not inputs:
        return None
    parts = {
        "code": code_fingerprint(),
        "inputs": inputs,
        "labels": _file_digest(client_dir(client, data_dir) / "labels.csv"),
        "notebooks": {
            name: _file_digest(Path(options.notebooks_dir) / f"{name}.ipynb")
            for name in options.sections
        },
        "parameters": notebook_parameters(client, options),
        "self_contained": options.self_contained,
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def key_tag(key: str, *, period: str = "") -> str:
    """The ``<meta>`` tag that carries ``key`` (and the period shown) in a page's head."""
    return f'<meta name="{KEY_META}" content="{key}" data-period="{escape(period)}">'


def reusable_period(html: Path, key: str | None, *, pdf: bool) -> str | None:
    """The period label of the existing report ``html`` if it can be kept, else None.

    It can when its head carries ``key`` and, when ``pdf`` is asked for, its PDF exists and is
    no older than the page.
    """
    if key is None or not html.is_file():
        return None
    with html.open("rb") as handle:
        head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    # the exporter may reorder a tag's attributes: read them one by one
    tag = re.search(rf'<meta[^>]*name="{KEY_META}"[^>]*>', head)
    attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag.group(0))) if tag else {}
    if attributes.get("content") != key:
        return None
    if pdf:
        printed = html.with_suffix(".pdf")
        if not printed.is_file() or printed.stat().st_mtime < html.stat().st_mtime:
            return None
    return unescape(attributes.get("data-period", ""))
