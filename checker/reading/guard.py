"""Look at a file before any parser touches it: what it is, and whether it stays within safe limits.

Workbooks come from many offices and tools; some are damaged, some are not workbooks at all, and a
hostile one may be a small zip that expands to gigabytes. Everything here reads only the file's
first bytes and its zip directory (or OLE directory), never the compressed content, so refusing
costs nothing whatever the file claims.
"""

from __future__ import annotations

import io
import math
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from checker.errors import CheckerError

MAX_FILE_BYTES = 50 * 2**20
MAX_ZIP_ENTRIES = 10_000
# Declared sizes bound what zipfile will ever inflate: it stops at the declared size and checks the CRC.
MAX_UNCOMPRESSED_BYTES = 256 * 2**20
# XML in an .xlsx compresses 5–30 times (a 100,000-row sheet: 11 times); deflate bombs reach ~1,000.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 2**20

UNREADABLE = "not a readable .xlsx workbook"
UNREADABLE_ZH = "不是可读取的 .xlsx 工作簿"
SAVE_AS_XLSX = "open it in Excel or WPS and save it as .xlsx (Excel 工作簿)"
SAVE_AS_XLSX_ZH = "请用 Excel 或 WPS 打开，另存为 .xlsx（Excel 工作簿）"
ENCRYPTED = (
    "password-protected (encrypted) workbook: the checker cannot open it; remove the password "
    "(Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密; WPS: 文件 → 文档加密) and save it again"
)
ENCRYPTED_ZH = (
    "工作簿设有密码（已加密），检查程序无法打开；请取消密码"
    "（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密；WPS：文件 → 文档加密）后重新保存"
)
NOT_WORKBOOK_ZH = {
    "a PDF document": "PDF 文档", "a PNG image": "PNG 图片", "a JPEG image": "JPEG 图片", "a GIF image": "GIF 图片",
    "an RTF document": "RTF 文档", "a Word document": "Word 文档", "a PowerPoint presentation": "PowerPoint 演示文稿",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_NOT_WORKBOOKS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)


def inspect(path: Path) -> str:
    """The format to read `path` as: "xlsx" (also .xlsm), "xls" or "csv"; CheckerError for anything else."""
    file = str(path)
    size = _regular_file_size(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
            if head.startswith(_ZIP_MAGICS):
                return _inspect_zip(handle, size, file)
    except PermissionError:
        raise CheckerError("permission denied: the file cannot be read", zh="没有权限：无法读取该文件", file=file) from None
    except OSError as error:
        raise CheckerError(f"cannot read: {error.strerror or error}", zh=f"无法读取：{error.strerror or error}", file=file) from None
    if head.startswith(_OLE_MAGIC):
        return _inspect_ole(path, file)
    for magic, kind in _NOT_WORKBOOKS:
        if head.startswith(magic):
            raise CheckerError(f"{UNREADABLE}: it is {kind}; ask for the Excel file itself",
                               zh=f"{UNREADABLE_ZH}：这是{NOT_WORKBOOK_ZH[kind]}；请索要 Excel 文件本身", file=file)
    if path.suffix.lower() == ".csv":
        return "csv"
    text = _as_text(head)
    if text is not None:
        lowered = text.lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            raise CheckerError(f"an Excel 2003 XML spreadsheet, which the checker does not read: {SAVE_AS_XLSX}",
                               zh=f"这是 Excel 2003 XML 表格，检查程序不能读取：{SAVE_AS_XLSX_ZH}", file=file)
        if "<html" in lowered or "<table" in lowered:
            # Web systems often export a table as an HTML page named .xls.
            raise CheckerError(f"{UNREADABLE}: it is a web page (HTML) with a workbook's name; {SAVE_AS_XLSX}",
                               zh=f"{UNREADABLE_ZH}：这是网页（HTML），只是用了工作簿的文件名；{SAVE_AS_XLSX_ZH}", file=file)
        raise CheckerError(f"{UNREADABLE}: it is plain text (a comma-separated table must be named .csv)",
                           zh=f"{UNREADABLE_ZH}：这是纯文本（逗号分隔的表格文件名应以 .csv 结尾）", file=file)
    raise CheckerError(
        f"{UNREADABLE}: it is neither an .xlsx (zip) nor an Excel 97–2003 .xls file; was it damaged in transfer?",
        zh=f"{UNREADABLE_ZH}：既不是 .xlsx（zip）文件，也不是 Excel 97–2003 .xls 文件；是否在传输中损坏？",
        file=file,
    )


def _regular_file_size(path: Path) -> int:
    file = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CheckerError("file not found", zh="找不到文件", file=file) from None
    except PermissionError:
        raise CheckerError("permission denied: the file cannot be read", zh="没有权限：无法读取该文件", file=file) from None
    except OSError as error:
        raise CheckerError(f"cannot read: {error.strerror or error}", zh=f"无法读取：{error.strerror or error}", file=file) from None
    if stat.S_ISDIR(info.st_mode):
        raise CheckerError("is a folder, expected a workbook (.xlsx)", zh="这是一个文件夹（应为工作簿 .xlsx）", file=file)
    if not stat.S_ISREG(info.st_mode):
        # A pipe or device could block forever or never end.
        raise CheckerError("not a regular file, expected a workbook (.xlsx)", zh="不是普通文件（应为工作簿 .xlsx）", file=file)
    if info.st_size == 0:
        raise CheckerError("empty file (0 bytes): nothing to check; was a copy or download interrupted?",
                           zh="空文件（0 字节），没有可检查的内容；复制或下载是否中断了？", file=file)
    if info.st_size > MAX_FILE_BYTES:
        raise CheckerError(
            f"file of {_size(info.st_size)} exceeds the limit of {_size(MAX_FILE_BYTES)}; "
            "an indicator workbook is far smaller: remove other data and save again",
            zh=f"文件大小 {_size(info.st_size)}，超过上限 {_size(MAX_FILE_BYTES)}；指标工作簿远比这小：请删去其他数据后重新保存",
            file=file,
        )
    return info.st_size


def _inspect_zip(handle, size: int, file: str) -> str:
    declared = _declared_entry_count(handle, size)
    if declared is not None and declared > MAX_ZIP_ENTRIES:
        raise CheckerError(f"refused: the zip archive declares {declared:,} parts, more than the limit of {MAX_ZIP_ENTRIES:,}",
                           zh=f"拒绝读取：该 zip 压缩包声明有 {declared:,} 个部件，超过上限 {MAX_ZIP_ENTRIES:,}", file=file)
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            _check_entries(entries, file)
            names = {entry.filename for entry in entries}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError, struct.error) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise CheckerError(
            f"{UNREADABLE}: the zip archive is damaged or incomplete (an interrupted download or copy?); {detail}",
            zh=f"{UNREADABLE_ZH}：zip 压缩包已损坏或不完整（下载或复制中断？）；{detail}",
            file=file,
        ) from None
    if b"opendocument.spreadsheet" in mimetype or "content.xml" in names:
        raise CheckerError(
            "an OpenDocument spreadsheet (.ods), which the checker does not read: open it in LibreOffice Calc, WPS "
            "or Excel and save it as .xlsx (Excel 2007–365)",
            zh="这是 OpenDocument 表格（.ods），检查程序不能读取：请用 LibreOffice Calc、WPS 或 Excel 打开，另存为 .xlsx（Excel 2007–365）",
            file=file,
        )
    if any(name.endswith("workbook.bin") for name in names):
        raise CheckerError(f"an Excel binary workbook (.xlsb), which the checker does not read: {SAVE_AS_XLSX}",
                           zh=f"这是 Excel 二进制工作簿（.xlsb），检查程序不能读取：{SAVE_AS_XLSX_ZH}", file=file)
    for folder, kind in (("word/", "a Word document"), ("ppt/", "a PowerPoint presentation")):
        if any(name.startswith(folder) for name in names):
            raise CheckerError(f"{UNREADABLE}: it is {kind}", zh=f"{UNREADABLE_ZH}：这是{NOT_WORKBOOK_ZH[kind]}", file=file)
    if "[Content_Types].xml" not in names:
        raise CheckerError(f"{UNREADABLE}: a zip archive, but no Office document inside",
                           zh=f"{UNREADABLE_ZH}：是 zip 压缩包，但里面没有 Office 文档", file=file)
    return "xlsx"


def _declared_entry_count(handle, size: int) -> int | None:
    """Entries the zip's end record declares, read before zipfile builds an object for each of them."""
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None  # zipfile will say the archive is damaged
    return struct.unpack_from("<H", tail, at + 10)[0]


def _check_entries(entries: list[zipfile.ZipInfo], file: str) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise CheckerError(f"refused: the zip archive holds {len(entries):,} parts, more than the limit of {MAX_ZIP_ENTRIES:,}",
                           zh=f"拒绝读取：该 zip 压缩包有 {len(entries):,} 个部件，超过上限 {MAX_ZIP_ENTRIES:,}", file=file)
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise CheckerError(f"{UNREADABLE}: its parts are zip-encrypted ({entry.filename}); {SAVE_AS_XLSX}",
                               zh=f"{UNREADABLE_ZH}：其部件经 zip 加密（{entry.filename}）；{SAVE_AS_XLSX_ZH}", file=file)
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CheckerError(
                f"{UNREADABLE}: {entry.filename} uses a compression method Excel never writes ({entry.compress_type}); {SAVE_AS_XLSX}",
                zh=f"{UNREADABLE_ZH}：{entry.filename} 使用了 Excel 从不使用的压缩方法（{entry.compress_type}）；{SAVE_AS_XLSX_ZH}",
                file=file,
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_COMPRESSION_RATIO:
            raise CheckerError(
                f"refused: {entry.filename} would expand {ratio:,.0f} times ({_size(entry.compress_size)} to "
                f"{_size(entry.file_size)}), beyond the limit of {MAX_COMPRESSION_RATIO} times: a zip bomb?",
                zh=f"拒绝读取：{entry.filename} 会膨胀 {ratio:,.0f} 倍（{_size(entry.compress_size)} 变为 "
                   f"{_size(entry.file_size)}），超过 {MAX_COMPRESSION_RATIO} 倍的上限：疑似 zip 炸弹",
                file=file,
            )
        total += entry.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise CheckerError(
            f"refused: the workbook expands to {_size(total)}, beyond the limit of {_size(MAX_UNCOMPRESSED_BYTES)}",
            zh=f"拒绝读取：工作簿解压后达 {_size(total)}，超过上限 {_size(MAX_UNCOMPRESSED_BYTES)}",
            file=file,
        )


def _inspect_ole(path: Path, file: str) -> str:
    """An OLE compound file is an Excel 97–2003 workbook, or an encrypted .xlsx in its envelope, or another Office file."""
    from xlrd.compdoc import CompDoc  # imported here so that `checker --help` stays fast

    try:
        document = CompDoc(path.read_bytes(), logfile=io.StringIO())
        streams = {entry.name for entry in document.dirlist}
    except Exception as error:  # xlrd's OLE parser fails on damaged bytes in many ways, all meaning "damaged"
        raise CheckerError(f"{UNREADABLE}: a damaged Office 97–2003 file ({error})",
                           zh=f"{UNREADABLE_ZH}：已损坏的 Office 97–2003 文件（{error}）", file=file) from None
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise CheckerError(ENCRYPTED, zh=ENCRYPTED_ZH, file=file)
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "WordDocument" in streams:
        raise CheckerError(f"{UNREADABLE}: it is a Word 97–2003 document", zh=f"{UNREADABLE_ZH}：这是 Word 97–2003 文档", file=file)
    raise CheckerError(f"{UNREADABLE}: an Office 97–2003 file without a workbook inside",
                       zh=f"{UNREADABLE_ZH}：是 Office 97–2003 文件，但里面没有工作簿", file=file)


def _as_text(head: bytes) -> str | None:
    """The start of the file as text, if it is UTF-8 or GB18030 text (what Chinese Excel writes)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding != "utf-8-sig" or error.start < len(head) - 3:
                continue
            text = head[: error.start].decode(encoding)  # a character cut by the 1,024-byte window
        return None if _CONTROL.search(text) else text
    return None


def _size(count: int) -> str:
    if count < 1024:
        return f"{count:,} bytes"
    exponent = min(int(math.log(count, 1024)), 3)
    return f"{count / 1024**exponent:,.1f} {('KiB', 'MiB', 'GiB')[exponent - 1]}"
