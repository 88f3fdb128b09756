"""What the sheet's forms post, read into the services' entries: the unit's own scores (points or
«không áp dụng», note, evidence files picked or uploaded, a register item) and the council's scores.

Field names, per criterion code: ``p-`` points, ``na-`` không áp dụng, ``n-`` note, ``e-`` evidence ids,
``f-`` files, ``r-`` register item ("ke-hoach:12"); for the appraisal ``a-`` points, ``ana-`` không áp
dụng, ``ar-`` reason. A criterion whose field is not posted is left as it is.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from cchc.core.numbers import NumberFormatError, parse_number
from cchc.core.par import CriteriaSet
from cchc.web.par.services import AppraisalEntry, SelfEntry, Upload
from cchc.web.registers.models import RegisterKind
from cchc.web.reports.unit_reports import MAX_EVIDENCE_BYTES

MAX_FILES_PER_CRITERION = 10
MAX_ID_DIGITS = 18  # a database id fits in 64 bits


def record_id(raw: str) -> int | None:
    """A posted record id ("12") as an int; None for anything else ("²", "-1", a 5.000-digit string)."""
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_ID_DIGITS:
        return int(raw)
    return None


def record_ids(raw: list[str]) -> tuple[int, ...]:
    """The posted record ids that are ids; the rest are dropped (a page never posts them)."""
    return tuple(pk for pk in map(record_id, raw) if pk is not None)


def parse_points(code: str, raw: str) -> tuple[Decimal | None, str | None]:
    """Typed points ("1,5", "1.5", "" for none) as a Decimal, or a message naming the criterion."""
    text = raw.strip()
    if not text:
        return None, None
    if len(text) > 12:
        return None, f"Tiêu chí {code}: «{text[:12]}…» không phải số điểm; ghi số, ví dụ 1,5."
    try:
        value, _ = parse_number(text)
    except NumberFormatError:
        return None, f"Tiêu chí {code}: «{text}» không phải số điểm; ghi số, ví dụ 1,5."
    return value, None


def _register(code: str, raw: str) -> tuple[str, int | None, str | None]:
    if not raw:
        return "", None, None
    kind, _, pk = raw.partition(":")
    item = record_id(pk)
    if kind not in RegisterKind.values or item is None:
        return "", None, f"Tiêu chí {code}: mục sổ theo dõi đã chọn không hợp lệ; chọn lại."
    return kind, item, None


def _uploads(code: str, files: list[UploadedFile]) -> tuple[tuple[Upload, ...], str | None]:
    chosen = [f for f in files if f.name]
    if len(chosen) > MAX_FILES_PER_CRITERION:
        return (), f"Tiêu chí {code}: gửi tối đa {MAX_FILES_PER_CRITERION} tệp một lần."
    uploads = []
    for upload in chosen:
        if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
            # Refused before reading: a large file is never held in memory.
            return (), f"Tiêu chí {code}: tệp «{upload.name}» lớn quá {MAX_EVIDENCE_BYTES // 1048576} MB."
        uploads.append(Upload(str(upload.name), upload.read()))
    return tuple(uploads), None


def self_entries(
    criteria_set: CriteriaSet, post: QueryDict, files: MultiValueDict[str, UploadedFile]
) -> tuple[list[SelfEntry], dict[str, str]]:
    """The posted own scores, in the set's order, and the criteria whose input could not be read."""
    entries: list[SelfEntry] = []
    problems: dict[str, str] = {}
    for code in criteria_set.criteria:
        if f"p-{code}" not in post and f"na-{code}" not in post:
            continue
        points, problem = parse_points(code, post.get(f"p-{code}", ""))
        register, item, register_problem = _register(code, post.get(f"r-{code}", ""))
        uploads, upload_problem = _uploads(code, files.getlist(f"f-{code}"))
        evidence = record_ids(post.getlist(f"e-{code}"))
        problem = problem or register_problem or upload_problem
        if problem:
            problems[code] = problem
            continue
        entries.append(
            SelfEntry(
                code=code,
                points=points,
                not_applicable=post.get(f"na-{code}") == "1",
                note=post.get(f"n-{code}", "").strip(),
                evidence=evidence,
                uploads=uploads,
                register=register,
                register_item=item,
            )
        )
    return entries, problems


def appraisal_entries(
    criteria_set: CriteriaSet, post: QueryDict
) -> tuple[list[AppraisalEntry], dict[str, str]]:
    """The posted council scores, in the set's order, and the criteria whose points could not be read."""
    entries: list[AppraisalEntry] = []
    problems: dict[str, str] = {}
    for code in criteria_set.criteria:
        if f"a-{code}" not in post and f"ana-{code}" not in post:
            continue
        points, problem = parse_points(code, post.get(f"a-{code}", ""))
        if problem:
            problems[code] = problem
            continue
        not_applicable = post.get(f"ana-{code}") == "1"
        entries.append(
            AppraisalEntry(
                code, None if not_applicable else points, not_applicable, post.get(f"ar-{code}", "").strip()
            )
        )
    return entries, problems
