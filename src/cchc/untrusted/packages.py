"""Office packages (XLSX, DOCX: zip files) bounded before any parser opens them.

Python's zipfile never inflates a member past its declared size (and fails on a lying CRC), so the
declared sizes bound what the readers built on it can be made to hold. A member that carries a DOCTYPE
is refused: Office never writes one, and it is how XML entity expansion ("billion laughs") starts.
Every member is scanned, whatever its name. A package that must not reach outside itself (a Word
template, whose report LibreOffice converts and every user opens) is also refused when a relationship
points outside the package (TargetMode="External": a linked picture, an attached template, an altChunk),
hyperlinks apart.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PackageError", "PackageLimits", "check_package", "env_int"]

_CHUNK = 1024 * 1024
_DOCTYPE_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_DIMENSION = re.compile(
    rb"""<(?:\w+:)?dimension\s+ref=["']([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?["']"""
)
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


class PackageError(ValueError):
    """An upload refused before parsing; the message says why in Vietnamese."""


def env_int(name: str, default: int) -> int:
    """A positive whole number from the environment (a setting), or the default when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise ValueError(f"{name} phải là một số nguyên dương, không phải «{raw}».")
    return int(raw)


@dataclass(frozen=True)
class PackageLimits:
    """What one kind of upload may hold once unzipped."""

    kind: str  # what the file should be, as a message says it: "tài liệu Word (.docx)"
    max_members: int
    max_unzipped_bytes: int
    max_part_bytes: int
    max_sheet_cells: int = 0  # declared worksheet dimensions (rows × columns); 0: no worksheets expected
    # Parts a reader loads whole whatever it is asked (openpyxl's styles and shared strings): name → bytes.
    part_limits: tuple[tuple[str, int], ...] = ()
    # Whether a relationship may point outside the package (hyperlinks always may).
    external_links: bool = True


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}".replace(".", ",") + " MB"


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _declared_cells(head: bytes) -> tuple[int, str] | None:
    match = _DIMENSION.search(head)
    if match is None:
        return None
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1, match.group(0).decode()
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(_column_number(last_col) - _column_number(first_col)) + 1
    return rows * columns, f"{first_col.decode()}{int(first_row)}:{last_col.decode()}{int(last_row)}"


# The prolog Office writes: an optional byte-order mark and XML declaration, then the root element.
_PLAIN_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^<>?]*\?>)?\s*<[A-Za-z_]")


def _prolog_ends(window: bytes) -> bool:
    """Whether the root element starts in `window` after nothing but an XML declaration (as Office writes).

    XML allows a DOCTYPE only in the prolog, before the root element, so such a part need not be read
    further. Any other prolog — a comment, a processing instruction, another encoding — and any member
    that is not XML is read to its end.
    """
    return _PLAIN_PROLOG.match(window) is not None


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, what: str, limits: PackageLimits) -> None:
    """Refuse a DOCTYPE in an XML member's prolog, and a worksheet declaring too many cells."""
    tail = b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(mark in window for mark in _DOCTYPE_MARKS):
                raise PackageError(
                    f"{what}: phần «{member.filename}» có khai báo DOCTYPE/ENTITY, điều mà Word và Excel "
                    "không bao giờ ghi; không đọc tệp này."
                )
            if first and limits.max_sheet_cells and _SHEET.fullmatch(member.filename):
                declared = _declared_cells(window[:65536])
                if declared is not None and declared[0] > limits.max_sheet_cells:
                    raise PackageError(
                        f"{what}: trang tính «{member.filename}» khai báo vùng {declared[1]} "
                        f"({_count(declared[0])} ô), vượt giới hạn {_count(limits.max_sheet_cells)} ô; "
                        "hãy xóa các ô thừa ở cuối trang rồi lưu lại."
                    )
            if first and _prolog_ends(window):
                return  # a DOCTYPE can only come before the root element, which has begun
            first = False
            tail = window[-32:]


def _refuse_external(rels: bytes, part: str, what: str) -> None:
    """Refuse a relationship pointing outside the package, unless it is a hyperlink."""
    for match in _RELATIONSHIP.finditer(rels):
        attributes = {
            name.decode("ascii", "replace"): (double or single).decode("utf-8", "replace")
            for name, double, single in _ATTRIBUTE.findall(match.group(0))
        }
        if attributes.get("TargetMode", "").lower() != "external":
            continue
        if attributes.get("Type", "").endswith("/hyperlink"):
            continue
        kind = attributes.get("Type", "").rsplit("/", 1)[-1] or "?"
        target = attributes.get("Target", "")[:80]
        raise PackageError(
            f"{what}: phần «{part}» liên kết ra ngoài tệp («{kind}» tới «{target}»); "
            "mẫu chỉ được chứa hình và nội dung nằm trong chính tệp. Hãy chèn hình trực tiếp (không "
            "«Liên kết tới tệp») và bỏ mẫu đính kèm (attached template) rồi lưu lại."
        )


def check_package(source: bytes | Path, what: str, limits: PackageLimits) -> None:
    """Refuse (PackageError) a zip package that is broken or holds more than `limits` allow."""
    try:
        opened = io.BytesIO(source) if isinstance(source, bytes) else source
        with zipfile.ZipFile(opened) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise PackageError(
                    f"{what} có {len(members)} thành phần (tối đa {limits.max_members}); "
                    "đây không phải tệp Office thông thường."
                )
            declared = sum(member.file_size for member in members)
            if declared > limits.max_unzipped_bytes:
                raise PackageError(
                    f"{what} khi giải nén lớn {_mb(declared)}, vượt giới hạn "
                    f"{_mb(limits.max_unzipped_bytes)}; không đọc tệp này."
                )
            for member in members:
                part_limit = dict(limits.part_limits).get(member.filename, limits.max_part_bytes)
                if member.file_size > part_limit:
                    raise PackageError(
                        f"{what}: phần «{member.filename}» khi giải nén lớn {_mb(member.file_size)}, "
                        f"vượt giới hạn {_mb(part_limit)} cho một phần."
                    )
                _scan(archive, member, what, limits)
                if not limits.external_links and member.filename.lower().endswith(".rels"):
                    _refuse_external(archive.read(member), member.filename, what)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise PackageError(f"{what} không phải {limits.kind} hoặc đã bị hỏng.") from None
