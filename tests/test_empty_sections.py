"""A section without content keeps its title and one line; a stage without any keeps one line."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from ronr.report import report_view

MISSING = "<div class='ronr-note ronr-missing'>No posts data for this period. Add the posts.</div>"
CONTEXT = "<div class='ronr-note ronr-context'>Acme · Mar 2025 · 0 posts</div>"
TABLE = "<table class='ronr-table'><tr><td>1</td></tr></table>"


def _code(*htmls: str) -> nbformat.NotebookNode:
    cell = new_code_cell("show.show_blocks(...)")
    cell.outputs = [new_output("display_data", data={"text/html": h}) for h in htmls]
    return cell


def _anchor(name: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(f'<a id="section-{name}"></a>')
    cell.metadata["tags"] = ["ronr-anchor"]
    return cell


def _shown(view) -> list[str]:
    """Each cell as its markdown, or the HTML of its outputs joined."""
    return [
        c.source
        if c.cell_type == "markdown"
        else " + ".join(o.data["text/html"] for o in c.outputs)
        for c in view.cells
    ]


def test_empty_sections_keep_title_and_one_note_and_full_ones_stay_whole() -> None:
    nb = new_notebook()
    nb.cells = [
        _anchor("listen"),
        new_markdown_cell("# 1 · Listen\n\nWhat people say."),
        _code(CONTEXT),
        new_markdown_cell("## Volume\n\nMentions per week."),
        _code(TABLE),
        new_markdown_cell("## Posts by type\n\nWhich post types work."),
        _code(MISSING),
        _code(MISSING),
    ]
    assert _shown(report_view(nb)) == [
        '<a id="section-listen"></a>',
        "# 1 · Listen\n\nWhat people say.",
        CONTEXT,
        "## Volume\n\nMentions per week.",
        TABLE,
        "## Posts by type",
        MISSING,
    ]


def test_a_stage_whose_sections_are_all_empty_keeps_its_title_and_one_note() -> None:
    nb = new_notebook()
    nb.cells = [
        _anchor("measure"),
        new_markdown_cell("# 4 · Measure\n\nConversation, amplification, applause."),
        _code(CONTEXT),
        new_markdown_cell("## Per channel"),
        _code(MISSING),
        new_markdown_cell("## Month by month\n\nTrends."),
        _code(MISSING, MISSING),
        _anchor("tweak"),
        new_markdown_cell("# 5 · Tweak"),
        new_markdown_cell("## Post types"),
        _code(TABLE),
    ]
    assert _shown(report_view(nb)) == [
        '<a id="section-measure"></a>',
        "# 4 · Measure\n\nConversation, amplification, applause.",
        CONTEXT,
        MISSING,
        '<a id="section-tweak"></a>',
        "# 5 · Tweak",
        "## Post types",
        TABLE,
    ]


def test_a_section_that_showed_and_said_nothing_gets_the_general_line() -> None:
    nb = new_notebook()
    nb.cells = [
        _anchor("tweak"),
        new_markdown_cell("# 5 · Tweak"),
        _code(CONTEXT),
        new_markdown_cell("## Post types"),
        _code(TABLE),
        new_markdown_cell("## Hashtags on Facebook\n\nWith and without."),
        _code(),  # the block returned nothing: an X-only client
    ]
    shown = _shown(report_view(nb))
    assert shown[-2] == "## Hashtags on Facebook"
    assert "Nothing to show here" in shown[-1] and "ronr-missing" in shown[-1]


def test_a_stage_whose_head_says_what_is_missing_drops_its_silent_sections() -> None:
    nb = new_notebook()
    nb.cells = [
        _anchor("listen"),
        new_markdown_cell("# 1 · Listen"),
        _code(CONTEXT, MISSING),
        new_markdown_cell("## Mention volume\n\nPer week."),
        _code(),
        new_markdown_cell("## Sentiment"),
        _code(),
    ]
    assert _shown(report_view(nb)) == [
        '<a id="section-listen"></a>',
        "# 1 · Listen",
        CONTEXT + " + " + MISSING,
    ]
