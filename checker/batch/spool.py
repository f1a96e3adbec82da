"""A batch's results as they come, in flat memory: per-file documents on disk, the matrix in compact rows.

The parent of a batch never holds the per-file results documents: each worker sends its file's
document already encoded (JSON, compressed) with the few facts the consolidated matrix needs
(`packed`); the parent appends the bytes to an anonymous temporary file (deleted by the system
even if the process is killed) and keeps a compact row. `Collected.document()` then gives the
batch document of checker.batch (README "Several files at once") whose `files` and
`matrix.rows` are sequences read back one entry at a time: renderers iterate them as lists, and
the JSON writer streams them (checker.reports.streaming), so memory stays flat however many files
there are.

Results may arrive in any order (several workers); each is kept at its place in the sorted file
list, so the document is the same whatever the number of processes. An interrupted batch gives the
files that were done, in order.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from array import array
from collections.abc import Sequence
from typing import Any, Callable, Iterator

SCHEMA_VERSION = 1
MATRIX_STATUSES = ("pass", "warn", "fail", "not_reported", "info", "waived")


def packed(document: dict) -> tuple[bytes, tuple]:
    """What a worker sends for one file: its document as compressed JSON, and its matrix row facts."""
    return packed_text(document)[:2]


def packed_text(document: dict) -> tuple[bytes, tuple, str]:
    """packed(document) and the JSON text compressed in it (what the batch reads back as the document)."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1), row_facts(document), text


def row_facts(document: dict) -> tuple:
    """(file, error) of a file that could not be checked; else (file, year, ((id, status), …) of its
    targets, ((key, count), …) of its summary, data findings, (plan title, English title), columns)."""
    if "error" in document:
        return (document["file"], document["error"])
    statuses: dict[str, str] = {}
    columns: dict[str, tuple] = {}
    data_problems = 0
    for result in document["results"]:
        if result["kind"] == "target":
            statuses[result["id"]] = result["status"]
            columns.setdefault(result["id"], (result["id"], result["name"], result["name_en"], result["attribute"]))
        elif result["kind"] == "data":
            data_problems += 1
    return (
        document["file"], document["year"], tuple(statuses.items()), tuple(document["summary"].items()), data_problems,
        (document["plan_title"], document["plan_title_en"], document["plan"]), tuple(columns.values()),
    )


class Collected:
    """The results of one batch (one plan) so far, each at its index in the batch's file list."""

    def __init__(self, total: int, store: Store | None = None):
        self.total = total
        self.store = store if store is not None else DiskStore(total)
        self.rows: list[tuple | None] = [None] * total
        self.done = 0
        self._columns: dict[str, int] = {}  # id → position in the registry
        self._column_facts: list[tuple[int, tuple]] = []  # (index of the first file giving it, (id, name, name_en, attribute))
        self._statuses: dict[str, int] = {}
        self._summary_keys: dict[tuple, int] = {}
        self._titles: tuple[int, tuple[str, str]] | None = None
        self.plan_ids: dict[str, None] = {}  # the plans of the files checked, in the order first met
        self._named: tuple[tuple[int, int, int], tuple[list, list, list]] | None = None

    def add(self, index: int, payload: Any, facts: tuple, pieces: dict | None = None) -> None:
        """`pieces`: key → a text of the file already made for a report (compressed UTF-8), e.g. its
        entry of the JSON report made by the worker (checker.batch); read back by Files.pieces."""
        if self.rows[index] is not None:
            raise ValueError(f"file {index} of the batch has a result already")
        self.store.put(index, payload)
        for key, piece in (pieces or {}).items():
            self.store.put_piece(index, key, piece)
        self.done += 1
        if len(facts) == 2:
            self.rows[index] = facts
            return
        file, year, statuses, summary, data_problems, titles, columns = facts
        for column in columns:
            position = self._columns.get(column[0])
            if position is None:
                self._columns[column[0]] = len(self._column_facts)
                self._column_facts.append((index, column))
            elif index < self._column_facts[position][0]:
                self._column_facts[position] = (index, column)
        identifiers, values = zip(*statuses) if statuses else ((), ())
        ids = array("H", map(self._columns.__getitem__, identifiers)).tobytes()
        known = self._statuses
        codes = array("H", [known[status] if status in known else self._status(status) for status in values]).tobytes()
        keys, counts = zip(*summary) if summary else ((), ())
        key_id = self._summary_keys.setdefault(keys, len(self._summary_keys))
        self.rows[index] = (file, year, ids, codes, key_id, counts, data_problems)
        if self._titles is None or index < self._titles[0]:
            self._titles = (index, titles)
        if len(titles) > 2:
            self.plan_ids.setdefault(titles[2])

    def _status(self, status: str) -> int:
        return self._statuses.setdefault(status, len(self._statuses))

    # --- reading back ------------------------------------------------------------------------------

    def indices(self) -> list[int]:
        return [index for index, row in enumerate(self.rows) if row is not None]

    def row(self, index: int) -> dict:
        """The matrix row of one file, as batch_document has always given it."""
        row = self.rows[index]
        if len(row) == 2:
            return {"file": row[0], "error": row[1], "statuses": {}}
        file, year, ids, codes, key_id, counts, data_problems = row
        names, status_names, key_names = self._names()
        return {
            "file": file,
            "year": year,
            "statuses": dict(zip(map(names.__getitem__, array("H", ids)), map(status_names.__getitem__, array("H", codes)))),
            "summary": dict(zip(key_names[key_id], counts)),
            "data_problems": data_problems,
        }

    def _names(self) -> tuple[list[str], list[str], list[tuple]]:
        """Column ids, statuses and summary keys by their numbers (made again only when a file added one)."""
        sizes = (len(self._columns), len(self._statuses), len(self._summary_keys))
        if self._named is None or self._named[0] != sizes:
            self._named = (sizes, (list(self._columns), list(self._statuses), list(self._summary_keys)))
        return self._named[1]

    def _column_names(self) -> list[str]:
        return self._names()[0]

    def _summary_key_names(self) -> list[tuple]:
        return self._names()[2]

    def document(self, plan_id: str, incomplete: dict | None = None) -> dict:
        """The batch document of the files done so far; `incomplete` (when the batch was interrupted)
        says how many of how many, and is shown by every format."""
        indices = self.indices()
        names = self._column_names()
        facts = {column[0]: column for _index, column in self._column_facts}
        order: dict[int, None] = {}
        for index in indices:
            row = self.rows[index]
            if len(row) != 2:
                order.update(dict.fromkeys(array("H", row[2])))
        columns = [dict(zip(("id", "name", "name_en", "attribute"), facts[names[i]])) for i in order]
        status_names = list(self._statuses)
        totals = {column["id"]: dict.fromkeys(MATRIX_STATUSES, 0) for column in columns}
        counts = {"files": len(indices), "errors": 0, "failed": 0, "warned": 0, "passed": 0}
        key_names = self._summary_key_names()
        for index in indices:
            row = self.rows[index]
            if len(row) == 2:
                counts["errors"] += 1
                continue
            for i, c in zip(array("H", row[2]), array("H", row[3])):
                status = status_names[c]
                if status in MATRIX_STATUSES:
                    totals[names[i]][status] += 1
            summary = dict(zip(key_names[row[4]], row[5]))
            if summary["fail"]:
                counts["failed"] += 1
            elif summary["warn"]:
                counts["warned"] += 1
            else:
                counts["passed"] += 1
        titles = self._titles[1][:2] if self._titles else (plan_id, plan_id)
        if len(self.plan_ids) > 1:  # plans inferred file by file (no --plan): the matrix's columns are catalogue ids
            listed = sorted(self.plan_ids)
            titles = (f"多个规划：{'、'.join(listed)}", f"Several plans: {', '.join(listed)}")
        document = {"schema_version": SCHEMA_VERSION, "kind": "batch", "plan": plan_id, "plan_title": titles[0], "plan_title_en": titles[1]}
        if incomplete is not None:
            document["incomplete"] = incomplete
        document |= {
            "summary": counts,
            "matrix": {"indicators": columns, "rows": Stored(indices, self.row, self.store), "totals": totals},
            "files": Stored(indices, self.store.get, self.store),
        }
        return document

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Collected:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class Lazy(Sequence):
    """A read-only list whose entries are made when they are read (from the spool, from compact rows).

    Not a list, so the streaming JSON writer knows to write it entry by entry."""

    def __init__(self, indices: list[int], get: Callable[[int], Any]):
        self._indices = indices
        self._get = get

    def __len__(self) -> int:
        return len(self._indices)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._get(index) for index in self._indices[position]]
        return self._get(self._indices[position])

    def __iter__(self) -> Iterator:
        for index in self._indices:
            yield self._get(index)

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, tuple, Lazy)) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"Lazy({len(self)} entries)"


class Stored(Lazy):
    """A batch's per-file documents (or matrix rows), read from the spool; and the pieces of reports made
    for each file (Collected.add)."""

    def __init__(self, indices: list[int], get: Callable[[int], Any], store: Store):
        super().__init__(indices, get)
        self._store = store

    def pieces(self, key) -> Lazy | None:
        """Each file's piece under `key` (None for a file that has none); None when no file has one."""
        if not self._store.has_pieces(key):
            return None
        return Lazy(self._indices, lambda index: self._store.piece(index, key))


def mapped(entries: Sequence, function: Callable[[Any], Any]) -> Lazy:
    """`function` of each entry, made as it is read."""
    return Lazy(list(range(len(entries))), lambda position: function(entries[position]))


# --- where per-file documents wait -----------------------------------------------------------------


class Store:
    def put(self, index: int, payload: Any) -> None:
        raise NotImplementedError

    def get(self, index: int) -> dict:
        raise NotImplementedError

    def put_piece(self, index: int, key, piece: bytes) -> None:
        pass

    def has_pieces(self, key) -> bool:
        return False

    def piece(self, index: int, key) -> str | None:
        return None

    def close(self) -> None:
        pass


class MemoryStore(Store):
    """Documents kept as they are (batch_document of a list already in memory)."""

    def __init__(self, total: int):
        self.documents: list[dict | None] = [None] * total

    def put(self, index: int, payload: dict) -> None:
        self.documents[index] = payload

    def get(self, index: int) -> dict:
        return self.documents[index]


_BUFFER = 2**18  # bytes written at a time: dozens of files' results, not one


class DiskStore(Store):
    """Compressed JSON documents in an anonymous temporary file: removed by the system when the file is
    closed or the process ends, however it ends (POSIX unlinks it at once; Windows deletes it on close)."""

    def __init__(self, total: int):
        self._file = tempfile.TemporaryFile(prefix="checker-batch-", buffering=_BUFFER)
        self._at_end = True  # the file's position is its end: appending needs no seek
        self._total = total
        self._where = array("q", [-1]) * total
        self._sizes = array("q", [0]) * total
        self._pieces: dict[Any, tuple[array, array]] = {}  # key → where and how long each file's piece is
        self._end = 0

    def _append(self, data: bytes) -> int:
        if not self._at_end:
            self._file.seek(self._end)
            self._at_end = True
        self._file.write(data)
        self._end += len(data)
        return self._end - len(data)

    def _read(self, where: int, size: int) -> bytes:
        self._at_end = False
        self._file.seek(where)
        return zlib.decompress(self._file.read(size))

    def put(self, index: int, payload: bytes) -> None:
        self._where[index], self._sizes[index] = self._append(payload), len(payload)

    def get(self, index: int) -> dict:
        if self._where[index] < 0:
            raise IndexError(f"file {index} of the batch has no result")
        return json.loads(self._read(self._where[index], self._sizes[index]).decode("utf-8"))

    def put_piece(self, index: int, key, piece: bytes) -> None:
        if key not in self._pieces:
            self._pieces[key] = (array("q", [-1]) * self._total, array("q", [0]) * self._total)
        where, sizes = self._pieces[key]
        where[index], sizes[index] = self._append(piece), len(piece)

    def has_pieces(self, key) -> bool:
        return key in self._pieces

    def piece(self, index: int, key) -> str | None:
        where, sizes = self._pieces[key]
        return self._read(where[index], sizes[index]).decode("utf-8") if where[index] >= 0 else None

    def close(self) -> None:
        self._file.close()
