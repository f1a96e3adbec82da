"""The one way the text formats make a rich console.

Workbook labels, cell text and target-file quotes reach the terminal report; "90[/]" or "[data!E5]"
in them is text, never rich markup, so markup is off for every string the console is given.
"""

from __future__ import annotations

import io

from rich.console import Console


def text_console(buffer: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False, markup=False)
