"""TOML values written by the checker (drafted target files, the starter checker.toml).

Written by hand rather than with a TOML library: those files are for people, so their order and
comments matter more than generality, and their values are only strings, numbers, booleans and lists.
"""

from __future__ import annotations

import json
import math
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} in a target file")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        # A JSON string of printable text is a valid TOML basic string.
        return json.dumps(_CONTROL.sub("", value), ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def comment_text(text: str) -> str:
    """Text for a TOML comment: control characters (a line break among them) would end the comment."""
    return _CONTROL.sub("", text).replace("\n", " ")
