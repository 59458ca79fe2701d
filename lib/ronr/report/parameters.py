"""Check the values injected into a notebook against its ``parameters`` cell.

Papermill only logs unknown names and turns non-JSON values into strings, so both are refused
here, before any kernel starts.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import RenderError

_TYPES = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
    "list": (list,),
    "dict": (dict,),
}
_JSON_TYPES = (str, int, float, bool, list, dict, type(None))


def validate_parameters(notebook_path: str | Path, parameters: Mapping[str, Any]) -> dict:
    """Check ``parameters`` against the notebook's ``parameters`` cell.

    Parameters
    ----------
    notebook_path
        The notebook whose ``parameters`` cell declares the names and default values.
    parameters
        The values to inject.

    Returns
    -------
    dict
        The parameters as a plain dict.

    Raises
    ------
    RenderError
        A name the notebook does not declare, or a value of another type than its default.
    """
    import papermill

    declared = papermill.inspect_notebook(str(notebook_path))
    for name, value in parameters.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise RenderError(
                f"{Path(notebook_path).name}: unknown parameter {name!r} (declared: {known})"
            )
        _check_type(name, value, _declared_type(declared[name]))
    return dict(parameters)


def _declared_type(parameter: Mapping[str, Any]) -> str:
    """The annotated type, else the type of the default value (papermill says 'None' then)."""
    if parameter["inferred_type_name"] not in ("None", ""):
        return parameter["inferred_type_name"]
    try:
        default = ast.literal_eval(parameter["default"])
    except (ValueError, SyntaxError, TypeError):
        return "None"
    return type(default).__name__


def _check_type(name: str, value: Any, declared_type: str) -> None:
    if not _is_json(value):
        raise RenderError(
            f"parameter {name!r} must be a plain JSON value, not {type(value).__name__}"
        )
    expected = _TYPES.get(declared_type)
    # bool is an int in Python, but a notebook default of 3 does not want True.
    wrong_bool = isinstance(value, bool) and declared_type in ("int", "float")
    if expected and (wrong_bool or not isinstance(value, expected)):
        raise RenderError(
            f"parameter {name!r} must be {declared_type}, got {type(value).__name__} {value!r}"
        )


def _is_json(value: Any) -> bool:
    if isinstance(value, list):
        return all(_is_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return isinstance(value, _JSON_TYPES)
