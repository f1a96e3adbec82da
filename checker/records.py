"""Frozen dataclasses that are quick to make: the records a check makes by the hundred.

A frozen dataclass's own __init__ stores each field with a call of object.__setattr__ (the "tiny
performance penalty" of frozen=True in Python's documentation): 3.6 µs for a Result's twenty fields
against 0.6 µs for a plain class. A city workbook with fourteen county columns makes some 2,000 such
records (observations, cell references, results, figures), which was a fifth of the work its units
add to a check (benchmarks/units_bench.py).

`@record` is `@dataclass(frozen=True)` with an __init__ of the same signature and defaults that
stores every field at once. Everything else is the dataclass's own: equality, hashing, repr,
`dataclasses.replace`, pickling, and assignment still raising FrozenInstanceError.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T", bound=type)


def record(cls: T) -> T:
    cls = dataclasses.dataclass(frozen=True)(cls)
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or any(not field.init for field in fields) or len(fields) != len(cls.__dataclass_fields__):
        return cls  # the dataclass's own __init__ knows these; none of the records needs them
    namespace: dict = {"_missing": dataclasses.MISSING, "_store": object.__setattr__}
    parameters, lines = [], []
    for field in fields:
        name = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            parameters.append(f"{name}=_missing")
            lines.append(f"    if {name} is _missing: {name} = _factory_{name}()")
        else:
            parameters.append(name)
    stored = ", ".join(f"{field.name!r}: {field.name}" for field in fields)
    lines.append(f"    _store(self, '__dict__', {{{stored}}})")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(lines) + "\n"
    exec(source, namespace)  # noqa: S102 - the source is made above from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls
