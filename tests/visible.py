"""What a client sees in a report: its visible text, charts included, and the raw words in it.

A report goes to a client: outside the appendix no value may read ``nan``, ``<NA>``, ``None``
or ``inf``, and no developer word (a metric key, a function name, a snake_case column, a
lower-case channel key, a language code) may stand where a client reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup

from ronr.config import CHANNELS
from ronr.metrics import METRICS

APPENDIX = re.compile(r"<h1[^>]*>\s*Appendix\b")
NEW_PLOT = re.compile(r"Plotly\.newPlot\(\s*")
# a value that was missing or infinite, written raw
RAW_VALUE = re.compile(r"(?<![\w-])[+-]?(?:nan|NaN|inf|Infinity)(?![\w-])|<NA>|\bNaT\b")
NONE_CELL = re.compile(r"^(?:None|\(None\)|none)$")
SNAKE = re.compile(r"(?<![@#\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@.-])")
FUNCTION = re.compile(r"\bronr\.[a-z_]+")
CHANNEL_IN_TEXT = re.compile(
    r"\((?:x|other|"
    + "|".join(CHANNELS)
    + r")\)|\b(?:tiktok|linkedin|youtube|facebook|instagram)\b"
)
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
# words of code, not of a client ("day(s)": a sentence that does not know its own number)
DEVELOPER_PHRASES = ("Small sample", "Mean compound", "Theme id", "(s)", "Function:", "dtype")
# the axis and legend texts of a figure a reader sees (hover text is data, checked with cells)
FIGURE_TEXT_KEYS = ("text", "name", "title", "x", "y", "labels", "ticktext", "hovertemplate")


def report_body(html: str) -> str:
    """The report's HTML before its appendix (where keys and function names belong)."""
    match = APPENDIX.search(html)
    return html[: match.start()] if match else html


def _figures(html: str) -> Iterator[tuple[list, dict]]:
    decoder = json.JSONDecoder()
    for match in NEW_PLOT.finditer(html):
        rest = html[match.end() :]
        rest = rest[rest.index(",") + 1 :].lstrip()  # after the div id
        data, end = decoder.raw_decode(rest)
        rest = rest[end:].lstrip()[1:].lstrip()
        layout, _ = decoder.raw_decode(rest) if rest.startswith("{") else ({}, 0)
        yield data, layout


def _strings(value, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key in FIGURE_TEXT_KEYS or key == "":
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in FIGURE_TEXT_KEYS or isinstance(v, dict):
                yield from _strings(v, k if k in FIGURE_TEXT_KEYS else "")


def figure_texts(html: str) -> list[str]:
    """Titles, axis titles, tick and category labels and trace names of every chart in ``html``."""
    texts: list[str] = []
    for data, layout in _figures(html):
        for trace in data:
            texts.extend(_strings(trace))
        texts.extend(_strings(layout))
    return [re.sub(r"<[^>]+>", " ", t).strip() for t in texts if t.strip()]


def visible_texts(html: str) -> list[str]:
    """Every text node a reader sees in ``html`` (scripts and styles left out), charts included."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    nodes = [t.strip() for t in soup.find_all(string=True)]
    return [t for t in nodes if t] + figure_texts(html)


def raw_words(texts: Iterable[str]) -> list[str]:
    """The texts holding a raw value or a developer word, each with what was found."""
    keys = set(METRICS)
    found = []
    for text in texts:
        if text.startswith(("@", "#", "http")):
            continue  # a handle, hashtag or link from the data is the data's own word
        problems = [
            *RAW_VALUE.findall(text),
            *(["None"] if NONE_CELL.match(text) else []),
            *FUNCTION.findall(text),
            *(["metric key"] if text in keys else []),
            *[phrase for phrase in DEVELOPER_PHRASES if phrase in text],
            *SNAKE.findall(text),
            *([text] if text in CHANNELS else CHANNEL_IN_TEXT.findall(text)),
            *([text] if LANGUAGE_CODE.match(text) and text != "no" else []),
        ]
        if problems:
            found.append(f"{text[:120]!r}: {sorted(set(problems))}")
    return found
