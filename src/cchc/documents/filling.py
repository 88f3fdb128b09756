"""Filling the Word template with docxtpl: plain data and opaque images, in the narrowed sandbox.

The shipped template is filled in this process. A template a province uploaded is first bounded as a
package (sizes, members, no DOCTYPE), then filled in a confined worker (cchc.untrusted.worker) under
CPU-time and memory limits, so a template built to loop, compute or grow without end stops there
with a Vietnamese reason, and the process serving everyone else never runs it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO, Any

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError

from cchc.documents.sandbox import TemplateEnvironment, TemplateLimit, plain_context
from cchc.untrusted.packages import PackageError, PackageLimits, check_package, env_int
from cchc.untrusted.worker import Confinement, JobRefused, WorkerError, run

__all__ = [
    "CHART_TAGS",
    "TEMPLATE_ERRORS",
    "TEMPLATE_LIMITS",
    "TemplateRefused",
    "fill",
    "fill_bytes",
    "fill_uploaded",
    "template_problem",
]

_MB = 1024 * 1024
TEMPLATE_LIMITS = PackageLimits(
    kind="tài liệu Word (.docx)",
    max_members=1000,
    max_unzipped_bytes=100 * _MB,
    max_part_bytes=20 * _MB,
    external_links=False,
)
# What the worker hands back is parsed here, so it is bounded too (a rendered part may outgrow its tags).
FILLED_LIMITS = PackageLimits(
    kind="tài liệu Word (.docx)",
    max_members=1100,
    max_unzipped_bytes=200 * _MB,
    max_part_bytes=60 * _MB,
    external_links=False,
)
IMAGE_WIDTH = Mm(150)
# The tags that print a chart: an image placeholder when the chart has figures, else "".
CHART_TAGS = frozenset({"bieu_do_dung_han", "bieu_do_truc_tuyen"})


def _confinement() -> Confinement:
    cpu = env_int("CCHC_TEMPLATE_CPU_SECONDS", 20)
    return Confinement(
        cpu_seconds=cpu,
        memory_bytes=env_int("CCHC_TEMPLATE_MEMORY_MB", 1536) * _MB,
        wall_seconds=3 * cpu + 10,
    )


class TemplateRefused(ValueError):
    """An uploaded template that could not be filled; the message is the reason in Vietnamese."""


# What filling and finishing a broken template raises: a tag error, a refusal (sandbox, limits,
# worker), or python-docx's KeyError for a style the appendix needs and the template lacks.
TEMPLATE_ERRORS = (jinja2.TemplateError, TemplateRefused, KeyError)


def image_placeholder(document: DocxTemplate, png: bytes) -> object:
    """An image the template prints with {{ name }}: no attribute, no method a template can reach.

    The document and the picture live in a closure; printing calls __html__, which the sandbox
    never lets a template name.
    """

    def xml() -> str:
        return str(InlineImage(document, io.BytesIO(png), width=IMAGE_WIDTH))

    class Image:
        __slots__ = ()

        def __html__(self) -> str:
            return xml()

        def __str__(self) -> str:
            return xml()

    return Image()


def fill(
    template: str | Path | IO[bytes],
    context: dict[str, Any],
    charts: dict[str, bytes],
    *,
    read_first: bool = True,
) -> DocxTemplate:
    """The template filled with `context` (checked to be plain data) and the chart images.

    `read_first` reads every tag before compiling (reach_problem); only the shipped template, which
    the tests read, skips it.
    """
    document = DocxTemplate(template)
    values = plain_context(context)
    for key, png in charts.items():
        values[key] = image_placeholder(document, png)
    environment = TemplateEnvironment(
        context=values if read_first else None, images=CHART_TAGS | frozenset(charts)
    )
    document.render(values, jinja_env=environment)
    return document


def fill_bytes(template: bytes, context: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    """The worker's job: the filled document's bytes, or JobRefused with the reason."""
    try:
        document = fill(io.BytesIO(template), context, charts)
        out = io.BytesIO()
        document.save(out)
    except Exception as error:
        raise JobRefused([template_problem(error)]) from None
    return out.getvalue()


def fill_uploaded(template: bytes, context: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    """An uploaded template filled in the confined worker; TemplateRefused with the reason."""
    try:
        check_package(template, "Tệp mẫu Word", TEMPLATE_LIMITS)
        filled = run(
            "fill-template",
            template,
            plain_context(context),
            charts,
            limits=_confinement(),
            what="Mẫu Word",
        )
        check_package(filled, "Báo cáo điền từ mẫu", FILLED_LIMITS)
        _refuse_paragraph_flood(filled)
        return filled
    except PackageError as error:
        raise TemplateRefused(str(error)) from None
    except WorkerError as error:
        raise TemplateRefused(" ".join(error.messages)) from None


# A report's narrative is a few hundred paragraphs; reading one back (the upload's check) grows with
# the square of their number, so a template that writes thousands is refused before anything reads it.
MAX_PARAGRAPHS = 5000


_PARAGRAPH = re.compile(rb"<(?:\w+:)?p[\s/>]")


def _refuse_paragraph_flood(filled: bytes) -> None:
    """Count the paragraphs of every part of the document (whatever its name or namespace prefix)."""
    with zipfile.ZipFile(io.BytesIO(filled)) as package:
        count = sum(
            len(_PARAGRAPH.findall(package.read(member)))
            for member in package.infolist()
            if member.filename.lower().endswith(".xml")
        )
    if count > MAX_PARAGRAPHS:
        raise TemplateRefused(
            f"Mẫu sinh ra {count} đoạn văn, quá giới hạn {MAX_PARAGRAPHS} của một báo cáo; hãy xem lại "
            "các vòng lặp {%p for … %} trong mẫu."
        )


def template_problem(error: Exception) -> str:
    """What is wrong with a Word template, in Vietnamese, from the error writing with it raised."""
    if isinstance(error, TemplateRefused):
        return str(error)
    if isinstance(error, jinja2.TemplateSyntaxError):
        return (
            f"Mẫu có chỗ đánh dấu trong ngoặc nhọn bị viết sai ở dòng {error.lineno} của nội dung mẫu. "
            "Hãy sửa lại trong Word: giữ nguyên các chỗ đánh dấu trong ngoặc nhọn như ở mẫu tải về."
        )
    if isinstance(error, TemplateLimit):
        text = str(error)
        return f"{text}." if text.startswith("Mẫu") else f"Mẫu bị từ chối: {text}."
    if isinstance(error, SecurityError):
        return "Mẫu có thẻ gọi tới thứ không phải số liệu của báo cáo; không dùng mẫu này."
    if isinstance(error, jinja2.UndefinedError):
        text = error.message or ""
        name = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)'", text)
        return (
            f"Mẫu có thẻ «{name.group(1) if name else text}» không có trong danh sách thẻ "
            "của báo cáo (xem hướng dẫn «Sửa câu chữ: mẫu Word»)."
        )
    if isinstance(error, KeyError):
        style = re.search(r"'([^']+)'", str(error))
        return (
            f"Mẫu thiếu kiểu định dạng «{style.group(1) if style else error}» mà Phụ lục cần: hãy sửa từ "
            "mẫu đang dùng (tải về ở trang nội dung báo cáo), không dùng một tệp Word khác."
        )
    if isinstance(error, ZeroDivisionError):
        return "Mẫu có phép chia cho 0 trong một thẻ."
    if isinstance(error, RecursionError):
        return "Mẫu có thẻ gọi lồng nhau quá sâu (macro gọi lại chính nó)."
    if isinstance(error, MemoryError):
        raise error
    return f"Mẫu không điền được số liệu (lỗi {type(error).__name__} trong một thẻ)."
