"""Formulas whose saved result is missing or stale: computed where they are plain arithmetic on cells.

A program that does not calculate (openpyxl, a business system's export) saves formulas without a
result, or with a placeholder 0 and a request that Excel recalculate on opening (calcPr
fullCalcOnLoad). Such a cell is never read as 0 or as missing. Where its formula is plain arithmetic
on this sheet's cells — + - * /, SUM, ROUND, parentheses, numbers — the checker computes it the way
Excel would and says so; any other formula is left for workbook.py to refuse, naming the cells.

The parser accepts nothing else: no other functions, no other sheets, no names, no text, so no
formula can make it do more than a few additions.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.reading.sheets import Sheet

MAX_DEPTH = 8  # formulas computed through other stale formulas, at most this deep
MAX_LENGTH = 500  # a longer formula is no plain arithmetic
MAX_RANGE_CELLS = 10_000

_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|(?P<cell>\$?[A-Z]{1,3}\$?\d+)(?![\w(])"
    r"|(?P<function>[A-Z][A-Z0-9.]*)\s*\(|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<op>[-+*/(),%]))"
)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


class _NotPlain(Exception):
    """The formula is not plain arithmetic on numbers of this sheet, or cannot be computed (÷0, a text cell)."""


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.strip().removeprefix("=").upper()
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            if text[position:].strip():
                raise _NotPlain
            break
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class Stale:
    """The formula cells of one sheet whose saved results cannot be trusted, and their computed results."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.formulas: dict[tuple[int, int], str] = getattr(sheet, "formulas", None) or {}
        stale = set(sheet.uncached_formulas)
        if getattr(sheet, "full_calc_on_load", False):
            stale |= set(self.formulas)
        elif len(self.formulas) >= 2 and all(_placeholder(sheet.value(*cell)) for cell in self.formulas):
            stale |= set(self.formulas)  # every formula saved as 0 or empty: written by a program that does not calculate
        self.cells = stale
        self._computed: dict[tuple[int, int], float | None] = {}

    def result(self, row: int, column: int, raw: Any, uncomputed: list[str]) -> tuple[Any, str | None]:
        """(the value to read, the formula it was computed from or None); a cell left uncomputed is listed."""
        if (row, column) not in self.cells:
            return raw, None
        formula = self.formulas.get((row, column))
        value = self.compute(row, column) if formula else None
        if value is None:
            if _placeholder(raw) or (row, column) in self.sheet.uncached_formulas:
                from checker.reading.sheets import get_column_letter

                uncomputed.append(f"{self.sheet.title}!{get_column_letter(column)}{row}")
                return None, None
            return raw, None  # a saved result other than 0 that the checker cannot recompute: Excel's own
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw) == value:
            return raw, None
        return (int(value) if float(value).is_integer() else value), "=" + formula.strip().removeprefix("=")

    def compute(self, row: int, column: int, depth: int = 0) -> float | None:
        key = (row, column)
        if key in self._computed:
            return self._computed[key]
        self._computed[key] = None  # a formula that refers to itself, directly or not, computes nothing
        formula = self.formulas.get(key, "")
        try:
            if depth > MAX_DEPTH or len(formula) > MAX_LENGTH:
                raise _NotPlain
            parser = _Parser(_tokens(formula), self, depth)
            value = parser.expression()
            if parser.position != len(parser.tokens):
                raise _NotPlain
        except (_NotPlain, ZeroDivisionError, OverflowError, ArithmeticError, ValueError):
            value = None
        self._computed[key] = value
        return value

    def number(self, row: int, column: int, depth: int, in_range: bool = False) -> float | None:
        """A referenced cell's number; None for an empty or text cell inside SUM's range (SUM skips them)."""
        if (row, column) in self.cells and (row, column) in self.formulas:
            value = self.compute(row, column, depth + 1)
            if value is None:
                raise _NotPlain
            return value
        if (row, column) in self.sheet.uncached_formulas:
            raise _NotPlain
        value = self.sheet.value(row, column)
        if value is None:
            return None if in_range else 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if in_range:
                return None
            raise _NotPlain
        return float(value)


def _placeholder(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0)


class _Parser:
    """expression := term (("+"|"-") term)*; term := unary (("*"|"/") unary)*; unary := ("-"|"+") unary | atom "%"?"""

    def __init__(self, tokens: list[tuple[str, str]], stale: Stale, depth: int):
        self.tokens, self.stale, self.depth, self.position = tokens, stale, depth, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str, text: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (text is not None and token[1] != text):
            raise _NotPlain
        self.position += 1
        return token[1]

    def expression(self) -> float:
        value = self.term()
        while (token := self.peek()) and token in (("op", "+"), ("op", "-")):
            self.position += 1
            value = value + self.term() if token[1] == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while (token := self.peek()) and token in (("op", "*"), ("op", "/")):
            self.position += 1
            value = value * self.unary() if token[1] == "*" else value / self.unary()
        return value

    def unary(self) -> float:
        token = self.peek()
        if token in (("op", "-"), ("op", "+")):
            self.position += 1
            value = self.unary()
            return -value if token[1] == "-" else value
        value = self.atom()
        if self.peek() == ("op", "%"):
            self.position += 1
            value /= 100
        return value

    def atom(self) -> float:
        token = self.peek()
        if token is None:
            raise _NotPlain
        kind, text = token
        if kind == "number":
            self.position += 1
            return float(text)
        if kind == "cell":
            self.position += 1
            letters, digits = _CELL.fullmatch(text).groups()
            return self.stale.number(int(digits), _column(letters), self.depth)
        if kind == "op" and text == "(":
            self.position += 1
            value = self.expression()
            self.take("op", ")")
            return value
        if kind == "function":
            self.position += 1
            return self.function(text)
        raise _NotPlain

    def function(self, name: str) -> float:
        if name == "SUM":
            total = 0.0
            while True:
                token = self.peek()
                if token is not None and token[0] == "range":
                    self.position += 1
                    total += self.range_sum(token[1])
                else:
                    total += self.expression()
                if self.peek() == ("op", ","):
                    self.position += 1
                    continue
                self.take("op", ")")
                return total
        if name == "ROUND":
            value = self.expression()
            self.take("op", ",")
            digits = self.expression()
            self.take("op", ")")
            if not float(digits).is_integer():
                raise _NotPlain
            exponent = Decimal(1).scaleb(-int(digits))
            return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))  # Excel: half away from zero
        raise _NotPlain

    def range_sum(self, reference: str) -> float:
        first, last = reference.split(":")
        (c1, r1), (c2, r2) = (_CELL.fullmatch(part).groups() for part in (first, last))
        rows = range(min(int(r1), int(r2)), max(int(r1), int(r2)) + 1)
        columns = range(min(_column(c1), _column(c2)), max(_column(c1), _column(c2)) + 1)
        if len(rows) * len(columns) > MAX_RANGE_CELLS:
            raise _NotPlain
        total = 0.0
        for row in rows:
            for column in columns:
                value = self.stale.number(row, column, self.depth, in_range=True)
                total += value or 0.0
        return total
