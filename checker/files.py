"""Files the checker writes and workbooks it reads, safely on every platform.

Every file the checker writes (reports, workbooks, target files, templates, checker.toml) goes
through `write_atomically` or `atomic_file`: the content is written to a temporary file in the
same folder, flushed and fsynced, then renamed over the destination with os.replace. A kill at any
instant leaves either the old file or the complete new one, never a truncated mix; a failed write
(full disk, permission denied, missing folder) removes the temporary file, keeps the old file and
becomes a CheckerError with a Chinese message naming the file (exit code 2).

`unchanged_while` checks that a workbook kept its size and modification time while it was read:
a file still being copied or saved is reported, not judged on half its contents.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, TypeVar, Union

from checker.errors import CheckerError

Content = Union[str, bytes, Iterable[Union[str, bytes]], Callable[[IO[bytes]], None]]
T = TypeVar("T")

TEMP_SUFFIX = ".tmp"
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}


def write_atomically(path: str | Path, content: Content) -> None:
    """Replace `path` with `content` atomically.

    `content` is text (written as UTF-8, with the platform's line endings as Path.write_text
    writes them), bytes, an iterable of text or bytes pieces (streamed, never joined in memory), or
    a function given the open binary file (e.g. `workbook.save`).
    """
    if callable(content):
        with atomic_file(path) as handle:
            content(handle)
        return
    if isinstance(content, bytes):
        with atomic_file(path) as handle:
            handle.write(content)
        return
    pieces = [content] if isinstance(content, str) else content
    with atomic_file(path) as handle:
        for piece in pieces:
            handle.write(piece if isinstance(piece, bytes) else _encoded(piece))


def _encoded(text: str) -> bytes:
    """UTF-8 with the platform's line endings, as Path.write_text and print write text."""
    return (text if os.linesep == "\n" else text.replace("\n", os.linesep)).encode("utf-8")


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary file to write; on leaving the block without an error it replaces `path` whole."""
    path = Path(path)
    destination = Path(os.path.realpath(path)) if path.is_symlink() else path  # write through a link, as open() would
    folder = destination.parent
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as error:
        raise write_error(error, path) from None
    temporary = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(destination))
        os.replace(temporary, destination)
    except BaseException as error:  # a signal, an error of the caller, a full disk: the old file stays
        _remove(temporary)
        if isinstance(error, OSError):
            raise write_error(error, path) from None
        raise
    _sync_folder(folder)


def write_error(error: OSError, path: str | Path) -> CheckerError:
    """The checker's error for a write that failed, in Chinese, naming the file."""
    path = Path(path)
    kept, kept_en = ("；原有文件未改动", "; the file there is unchanged") if path.exists() else ("", "")
    if path.is_dir():
        message, english = "这是一个文件夹，无法作为文件写入", "is a folder: cannot be written as a file"
    elif error.errno in _NO_SPACE:
        message, english = f"磁盘空间不足，无法写入{kept}", f"no space left on the disk: not written{kept_en}"
    elif error.errno in _NO_PERMISSION:
        message, english = f"没有写入权限，无法写入{kept}", f"permission denied: not written{kept_en}"
    elif error.errno == errno.EROFS:
        message, english = f"所在磁盘只读，无法写入{kept}", f"the disk is read-only: not written{kept_en}"
    elif error.errno == errno.ENOENT or not path.parent.is_dir():
        message, english = f"文件夹 {path.parent} 不存在，无法写入", f"cannot write: folder {path.parent} does not exist"
    else:
        message, english = f"无法写入（{error.strerror or error}）{kept}", f"cannot write ({error.strerror or error}){kept_en}"
    return CheckerError(english, zh=message, file=str(path))


def _mode_for(destination: Path) -> int:
    """The permissions the file would have had if written in place: the old file's, else the umask's."""
    try:
        return stat.S_IMODE(destination.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _remove(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder and needs no such step)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- reading --------------------------------------------------------------------------------------


def signature(path: str | Path) -> tuple[int, int, int] | None:
    """(size, modification time in ns, file id) of a file, or None when it cannot be looked at."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


def unchanged_while(path: str | Path, read: Callable[[], T]) -> T:
    """`read()`, provided the file kept its size, modification time and identity meanwhile.

    A file still being copied, synchronised or saved in Excel could otherwise be judged on half its
    contents; it is reported instead, to be checked again once it is written.
    """
    before = signature(path)
    result = read()
    after = signature(path)
    if before is not None and after != before:
        raise CheckerError(
            "the file changed while it was read (its size or modification time): not judged; check it again once it is written",
            zh="文件在读取期间被修改（大小或修改时间变了），未作判断；请等文件写完后重新检查",
            file=str(path),
        )
    return result
