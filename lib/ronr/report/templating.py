"""ronr's own Jinja2 templates: the batch index page and the fragments put into report cells.

The report page itself is an nbconvert template (``templates/ronr``, see
:mod:`ronr.report.html`). Every value is HTML-escaped unless a template says otherwise.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment over :data:`TEMPLATE_DIR`, autoescaping and strict."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        # Untrusted text (client names, error messages) reaches these pages.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` (a path under :data:`TEMPLATE_DIR`) with ``context``."""
    return environment().get_template(name).render(**context)
