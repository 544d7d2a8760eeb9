"""What an attachment may be: its type, judged by its content as well as its name, and its size.

Evidence files are opened by reviewers in the lead departments and published on the site, so
only document and image formats an office opens every day are accepted, and a file must be
what its name says: a program renamed to `总结.pdf` is refused. The signatures are those of
the formats themselves (the `filetype` library reads them; OLE compound files and OFD
packages, which it does not tell apart, are checked here).

Limits: GitHub refuses files over 100 MB and warns from 50 MB; an application's evidence is
scans and summaries, so 20 MB per file and 100 MB per applicant folder leave room for a
scanned report while keeping the repository and the published site small.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype

from . import hygiene

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FOLDER_BYTES = 100 * 1024 * 1024
#: source texts in the policy and registry folders (the notice, the division codes)
MAX_SOURCE_BYTES = 5 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class FileType:
    label: str  # how a reader names it
    family: str  # the content signature it must carry


#: Accepted evidence files, by lower-case suffix.
TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF 文档", "pdf"),
    ".ofd": FileType("OFD 版式文档", "ofd"),
    ".jpg": FileType("JPEG 图片", "jpg"),
    ".jpeg": FileType("JPEG 图片", "jpg"),
    ".png": FileType("PNG 图片", "png"),
    ".docx": FileType("Word 文档", "docx"),
    ".xlsx": FileType("Excel 表格", "xlsx"),
    ".pptx": FileType("PowerPoint 演示文稿", "pptx"),
    ".doc": FileType("Word 97-2003 文档", "ole"),
    ".xls": FileType("Excel 97-2003 表格", "ole"),
    ".ppt": FileType("PowerPoint 97-2003 演示文稿", "ole"),
    ".wps": FileType("WPS 文字文档", "ole"),
    ".et": FileType("WPS 表格", "ole"),
    ".dps": FileType("WPS 演示文稿", "ole"),
    ".txt": FileType("UTF-8 文本", "text"),
    ".csv": FileType("CSV 表格（UTF-8）", "text"),
}
#: Source texts kept beside the policy and the registry.
SOURCE_TYPES: dict[str, FileType] = {
    ".txt": TYPES[".txt"],
    ".csv": TYPES[".csv"],
    ".md": FileType("说明文字（UTF-8）", "text"),
}

#: What a detected signature is called when it is not what the name says.
_FOUND = {
    "pdf": "PDF 文档", "jpg": "JPEG 图片", "png": "PNG 图片", "gif": "GIF 图片", "webp": "WebP 图片",
    "bmp": "BMP 图片", "tif": "TIFF 图片", "docx": "Word 文档", "xlsx": "Excel 表格", "pptx": "演示文稿",
    "zip": "ZIP 压缩包", "rar": "RAR 压缩包", "7z": "7z 压缩包", "gz": "gzip 压缩包", "exe": "Windows 可执行程序",
    "elf": "Linux 可执行程序", "ole": "Office 97-2003 或 WPS 文件", "ofd": "OFD 版式文档",
    "mp4": "视频", "mp3": "音频", "text": "文本", "binary": "无法识别的二进制数据",
}


def suffix_of(name: str) -> str:
    """The lower-case suffix of a file name ("总结.PDF" → ".pdf"; none → "")."""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") and dot != -1 else ""


def allowed_text(types: dict[str, FileType] = TYPES) -> str:
    """The accepted suffixes, for messages: “.pdf、.ofd、…”."""
    return "、".join(types)


def family_of(path: Path) -> str:
    """The content signature of the file at `path`: one of the families above, "text" for
    UTF-8 text without NUL bytes, else what `filetype` recognises, else "binary"."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith(_OLE):
        return "ole"
    kind = filetype.guess(head)
    if kind is not None:
        if kind.extension in ("zip", "docx", "xlsx", "pptx"):
            return _zip_family(path, kind.extension)
        return kind.extension
    if b"\0" in head:
        return "binary"
    return "text" if _is_utf8(path) else "binary"


def _zip_family(path: Path, guess: str) -> str:
    """OOXML and OFD are both ZIP packages; their first entries tell them apart."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "binary"
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        for family, folder in (("docx", "word/"), ("xlsx", "xl/"), ("pptx", "ppt/")):
            if any(n.startswith(folder) for n in names):
                return family
    return "zip" if guess == "zip" else guess


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 16):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def found_label(family: str) -> str:
    return _FOUND.get(family, family)


def text_problems(path: Path) -> list[tuple[int, int, str]]:
    """Forbidden characters (see `hygiene`) in a UTF-8 text attachment, where they are."""
    text = path.read_bytes().decode("utf-8-sig", "replace")
    return list(hygiene.positions(text))


def size_text(size: int) -> str:
    """A size as people read it: “21.3 MB”, “850 KB”."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
