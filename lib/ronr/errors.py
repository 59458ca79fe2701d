"""The project's own error types: every failure a user can cause is one of these."""


class RonrError(Exception):
    """Base class of every error ronr raises on purpose."""


class ConfigError(RonrError):
    """A client config is missing or wrong."""


class InputError(RonrError):
    """An export file cannot be read at all (the message names the file and what was expected)."""


class RenderError(RonrError):
    """A report could not be rendered."""


CONTENT_LIMIT = 200
"""The most characters of a file's content an error message shows (escapes counted)."""

# Characters that move the cursor, change colours or reorder text on a terminal: every C0 and C1
# control, DEL, the bidirectional overrides, line and paragraph separators and lone surrogates
# (bytes a lenient decoding kept).
_ALWAYS_ESCAPED = frozenset(
    "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return _NAMED_ESCAPES.get(char, f"\\x{code:02x}")
    if char in _ALWAYS_ESCAPED or 0xD800 <= code < 0xE000:
        return f"\\u{code:04x}"
    return char


def escape_control(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x00``, ``\\x1b``,
    ``\\n``, ``\\u202e``), so nothing a file holds can drive the terminal or break the line.

    Backslashes are kept as they are (a Windows path stays readable).
    """
    return "".join(_escaped(char) for char in str(text))


def quote_content(content: str | bytes, *, limit: int = CONTENT_LIMIT) -> str:
    """Untrusted content (a file's bytes, a cell, a key) as an error message may show it.

    Control characters are escaped (:func:`escape_control`), bytes that are not UTF-8 shown as
    ``\\xe9``, and at most ``limit`` characters of the escaped text kept (an escape is never
    cut), followed by ``… (N more characters)`` when some were left out.

    Examples
    --------
    >>> quote_content("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    >>> quote_content("x" * 300, limit=5)
    'xxxxx… (295 more characters)'
    """
    if isinstance(content, bytes | bytearray):
        text = bytes(content).decode("utf-8", errors="backslashreplace")
    else:
        text = str(content)
    shown: list[str] = []
    used = 0
    for index, char in enumerate(text):
        piece = _escaped(char)
        if used + len(piece) > limit:
            return "".join(shown) + f"… ({len(text) - index:,} more characters)"
        shown.append(piece)
        used += len(piece)
    return "".join(shown)


def quoted(content: str | bytes, *, limit: int = CONTENT_LIMIT) -> str:
    """:func:`quote_content` of ``content`` between single quotes: how a message names a cell,
    a header or a sheet a file holds (where ``{value!r}`` would let the file drive the terminal).

    Examples
    --------
    >>> quoted("a\\x1b[31mb")
    "'a\\\\x1b[31mb'"
    """
    return f"'{quote_content(content, limit=limit)}'"


class CacheError(RonrError):
    """A cache could not be written (a full disk, a read-only folder); the message is one line."""


class CacheWarning(UserWarning):
    """A cache could not be read: it is discarded and rebuilt from the exports."""
