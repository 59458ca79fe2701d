"""Report blocks: what each part of a report section shows, as notes, tables and charts.

A notebook cell is one call: ``show.show_blocks(blocks.<section>.<block>(ws))``. Each block
function reads the workspace, calls the stage functions and plots, and decides what to say when
its input is missing (the block that first needs a table names the missing export; the blocks
after it then show nothing). Results that a section and the cover share come from
:mod:`ronr.sections`, computed once per report.
"""

from . import appendix, audience, channel_mix, cover, listen, measure, tweak

__all__ = ["appendix", "audience", "channel_mix", "cover", "listen", "measure", "tweak"]
