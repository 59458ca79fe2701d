"""The project's own error types: every failure a user can cause is one of these."""


class RonrError(Exception):
    """Base class of every error ronr raises on purpose."""


class ConfigError(RonrError):
    """A client config is missing or wrong."""


class InputError(RonrError):
    """An export file cannot be read at all (the message names the file and what was expected)."""


class RenderError(RonrError):
    """A report could not be rendered."""
