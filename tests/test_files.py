"""Every file the checker writes is replaced whole or not at all (issue 19); a file read while it changes is refused."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.files
from checker.cli import main
from checker.errors import CheckerError
from checker.files import atomic_file, unchanged_while, write_atomically

OLD = "the report of last year\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(checker.files.TEMP_SUFFIX))


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(OLD, encoding="utf-8")
    return path


def test_text_bytes_pieces_and_a_writer_function_all_replace_the_file(tmp_path):
    write_atomically(tmp_path / "a.txt", "一\n")
    write_atomically(tmp_path / "b.bin", b"\x00\x01")
    write_atomically(tmp_path / "c.txt", (piece for piece in ("a", "b", b"c")))
    write_atomically(tmp_path / "d.bin", lambda handle: handle.write(b"written"))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "一\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.txt").read_bytes() == b"abc"
    assert (tmp_path / "d.bin").read_bytes() == b"written"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_replaced_file_keeps_its_permissions(old_file):
    old_file.chmod(0o640)
    write_atomically(old_file, "new\n")
    assert old_file.stat().st_mode & 0o777 == 0o640


def test_an_error_while_writing_keeps_the_old_file_and_leaves_no_temporary_file(old_file):
    def pieces():
        yield "{\"half\": "
        raise ValueError("a bug half-way")

    with pytest.raises(ValueError):
        write_atomically(old_file, pieces())
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent) == []


def test_an_interrupt_while_writing_keeps_the_old_file(old_file):
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(old_file) as handle:
            handle.write(b"half")
            raise KeyboardInterrupt
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent) == []


def test_a_full_disk_is_a_chinese_error_naming_the_file_and_the_old_file_stays(old_file):
    def fills_the_disk(handle):
        handle.write(b"{\"files\": [")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(CheckerError) as raised:
        write_atomically(old_file, fills_the_disk)
    assert raised.value.text("zh") == f"{old_file}: 磁盘空间不足，无法写入；原有文件未改动"
    assert str(raised.value) == f"{old_file}: no space left on the disk: not written; the file there is unchanged"
    assert raised.value.exit_code == 2
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent) == []


def test_a_full_disk_at_fsync_is_caught_too(old_file, monkeypatch):
    def no_space(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(checker.files.os, "fsync", no_space)
    with pytest.raises(CheckerError) as raised:
        write_atomically(old_file, "new\n")
    assert "磁盘空间不足" in raised.value.zh
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent) == []


def test_permission_denied_is_a_chinese_error(old_file, monkeypatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(checker.files.tempfile, "mkstemp", denied)
    with pytest.raises(CheckerError) as raised:
        write_atomically(old_file, "new\n")
    assert raised.value.text("zh") == f"{old_file}: 没有写入权限，无法写入；原有文件未改动"
    assert old_file.read_text(encoding="utf-8") == OLD


def test_a_missing_folder_is_a_chinese_error(tmp_path):
    with pytest.raises(CheckerError) as raised:
        write_atomically(tmp_path / "missing" / "report.json", "{}\n")
    assert "missing 不存在，无法写入" in raised.value.text("zh")


def test_writing_through_a_symbolic_link_replaces_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("no symbolic links here")
    write_atomically(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from checker.files import write_atomically

    def pieces():
        yield "{\\"files\\": ["
        print("writing", flush=True)
        time.sleep(60)
        yield "]}"

    write_atomically(sys.argv[1], pieces())
""")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_process_killed_mid_write_leaves_the_old_file_whole(old_file):
    process = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(old_file)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "writing\n"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert old_file.read_text(encoding="utf-8") == OLD


# --- the writers of the other commands ------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Every atomic write fails as on a full disk, after the temporary file was begun."""
    real_replace = os.replace

    def no_space(source, destination):
        if str(source).endswith(checker.files.TEMP_SUFFIX):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, destination)

    monkeypatch.setattr(checker.files.os, "replace", no_space)


def test_init_on_a_full_disk_keeps_the_old_configuration(tmp_path, full_disk):
    config = tmp_path / "checker.toml"
    config.write_text("# mine\n", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["init", str(tmp_path), "--force"])
    assert outcome.exit_code == 2
    assert "磁盘空间不足，无法写入；原有文件未改动" in outcome.output
    assert config.read_text(encoding="utf-8") == "# mine\n" and leftovers(tmp_path) == []


def test_template_on_a_full_disk_keeps_the_old_template(tmp_path, full_disk):
    template = tmp_path / "t.xlsx"
    template.write_bytes(b"old workbook")
    outcome = CliRunner().invoke(main, ["template", "--plan", "xinzhou", "-o", str(template), "--force"])
    assert outcome.exit_code == 2 and "磁盘空间不足" in outcome.output
    assert template.read_bytes() == b"old workbook" and leftovers(tmp_path) == []


def test_template_is_written_whole(tmp_path):
    import openpyxl

    template = tmp_path / "t.xlsx"
    outcome = CliRunner().invoke(main, ["template", "--plan", "xinzhou", "-o", str(template)])
    assert outcome.exit_code == 0, outcome.output
    assert openpyxl.load_workbook(template).sheetnames and leftovers(tmp_path) == []


def test_draft_on_a_full_disk_keeps_the_old_target_file(tmp_path, full_disk):
    from checker.drafting import write_draft

    class Stub:
        plan_id = "mine"
        document = type("D", (), {"path": str(tmp_path / "plan.txt")})()

        def text(self):
            return "[plan]\n"

    output = tmp_path / "mine.toml"
    output.write_text("# reviewed by hand\n", encoding="utf-8")
    with pytest.raises(CheckerError) as raised:
        write_draft(Stub(), output, force=True)  # type: ignore[arg-type]
    assert "磁盘空间不足" in raised.value.zh
    assert output.read_text(encoding="utf-8") == "# reviewed by hand\n" and leftovers(tmp_path) == []


# --- reading --------------------------------------------------------------------------------------


def test_a_file_changed_while_it_is_read_is_refused(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"first half")

    def read():
        with open(path, "ab") as handle:  # another program goes on writing meanwhile
            handle.write(b" and the second half")
        return "judged"

    with pytest.raises(CheckerError) as raised:
        unchanged_while(path, read)
    assert "文件在读取期间被修改" in raised.value.zh


def test_a_file_touched_while_it_is_read_is_refused(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"content")
    stamp = path.stat().st_mtime_ns

    def read():
        os.utime(path, ns=(stamp + 10**9, stamp + 10**9))
        return "judged"

    with pytest.raises(CheckerError) as raised:
        unchanged_while(path, read)
    assert "文件在读取期间被修改" in raised.value.zh


def test_a_steady_file_is_read(tmp_path):
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"content")
    time.sleep(0)  # nothing changes it
    assert unchanged_while(path, lambda: "judged") == "judged"
