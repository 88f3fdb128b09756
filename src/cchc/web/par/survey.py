"""Survey results (kết quả điều tra xã hội học) imported from the file a survey tool exports: one line per
unit and question, with the number of answers and of satisfied answers.

The file is Excel (.xlsx) or CSV. Headers are found among the top lines and matched without regard to
case, accents or spacing («Mã đơn vị», «ma don vi», «MÃ ĐƠN VỊ»), with a few synonyms. The file is
bounded before it is read (size, zip package, lines, columns), as the registers' and forms' uploads are.
Every bad line is named with its row and column; one problem and nothing is saved. A good file replaces,
in one transaction, the year's answers for the units and questions it holds, recorded as a SurveyImport.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from xlsxwriter.utility import xl_col_to_name

from cchc.core.par import CriteriaSet
from cchc.documents.xlsx_form import MAX_FILE_BYTES, XLSX_CONTENT_TYPE, XlsxFormError, open_workbook
from cchc.web.org.access import runs_province
from cchc.web.org.models import OrgUnit
from cchc.web.par.models import Assessment, ParRound, SurveyAnswer, SurveyImport
from cchc.web.par.scoring import criteria_set_of

MAX_LINES = 10_000  # 181 units × a handful of questions is about a thousand lines
MAX_COLUMNS = 40
MAX_COUNT = 10_000_000  # answers per unit and question; anything above is a typing slip
HEADER_SEARCH = 10  # top lines searched for the header line
MAX_SHOWN = 50  # problems listed on the page

UNIT_CODE, UNIT_NAME, QUESTION, RESPONDENTS, SATISFIED = (
    "unit_code",
    "unit_name",
    "question",
    "respondents",
    "satisfied",
)
# The header as printed in the template, then what else a survey tool may call the column.
HEADERS: dict[str, tuple[str, ...]] = {
    UNIT_CODE: ("Mã đơn vị", "Mã cơ quan", "Mã ĐV", "Unit code"),
    UNIT_NAME: ("Tên đơn vị", "Đơn vị", "Tên cơ quan", "Cơ quan", "Đơn vị được đánh giá"),
    QUESTION: ("Câu hỏi", "Mã câu hỏi", "Câu", "Question"),
    RESPONDENTS: ("Số phiếu", "Tổng số phiếu", "Số phiếu khảo sát", "Số phiếu hợp lệ", "Số người trả lời"),
    SATISFIED: ("Số phiếu hài lòng", "Hài lòng", "Số người hài lòng", "Số phiếu trả lời hài lòng"),
}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")


class SurveyImportError(ValueError):
    """A survey file refused; `problems` are Vietnamese sentences naming the row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def normalise(text: str) -> str:
    """A header or name as compared: no accents (đ as d), lower case, single spaces, no punctuation."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare.lower()).split())


_SYNONYMS = {normalise(name): key for key, names in HEADERS.items() for name in names}


@dataclass(frozen=True)
class SurveyLine:
    """One good line of the file: the unit, the question, the answers and where it was in the file."""

    unit: OrgUnit
    question: str
    respondents: int
    satisfied: int
    line: int


@dataclass(frozen=True)
class SurveyFile:
    """A file read and checked: its good lines and how many lines had no figures (left out)."""

    lines: tuple[SurveyLine, ...]
    skipped: int


# ------------------------------------------------------------------ reading


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _csv_text(data: bytes) -> str:
    """The CSV as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (old Excel)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _read_csv(data: bytes) -> list[tuple[object, ...]]:
    text = unicodedata.normalize("NFC", _csv_text(data))
    if "\x00" in text:
        raise SurveyImportError(["Tệp không phải tệp CSV hay Excel (.xlsx)."])
    head = text[:4096]
    delimiter = max((";", ",", "\t"), key=head.count)
    rows: list[tuple[object, ...]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(tuple(row[:MAX_COLUMNS]))
            if len(rows) > MAX_LINES + 1:
                break
    except csv.Error:
        raise SurveyImportError(
            [f"Dòng {len(rows) + 1}: không đọc được dòng CSV (dấu ngoặc kép lệch)."]
        ) from None
    return rows


def _read_xlsx(data: bytes) -> list[tuple[object, ...]]:
    try:
        workbook = open_workbook(data)  # size, zip bomb, old .xls, defusedxml: as every Excel upload
    except XlsxFormError as error:
        raise SurveyImportError(error.problems) from None
    try:
        sheet = workbook.worksheets[0]
        # Bounded both ways: a cell far to the right must not make every line 16.384 cells long.
        return list(sheet.iter_rows(values_only=True, max_row=MAX_LINES + 2, max_col=MAX_COLUMNS))
    finally:
        workbook.close()


def read_lines(data: bytes) -> list[tuple[object, ...]]:
    """The file's lines (Excel's first sheet or the CSV), bounded in size and count."""
    if len(data) > MAX_FILE_BYTES:
        raise SurveyImportError([f"Tệp quá lớn; tối đa {MAX_FILE_BYTES // 1024 // 1024} MB."])
    if not data.strip():
        raise SurveyImportError(["Tệp trống."])
    excel = data.startswith((b"PK", _OLE2_MAGIC))  # .xlsx is a zip; an old .xls is refused by its reader
    lines = _read_xlsx(data) if excel else _read_csv(data)
    if len(lines) > MAX_LINES + 1:
        raise SurveyImportError(
            [f"Tệp có quá {MAX_LINES:,} dòng; hãy chia thành nhiều tệp.".replace(",", ".")]
        )
    return lines


def _header(lines: Sequence[tuple[object, ...]]) -> tuple[int, dict[str, int]]:
    """The header line (the top line naming most columns) and the column of each known header."""
    best: tuple[int, dict[str, int]] = (0, {})
    for index, line in enumerate(lines[:HEADER_SEARCH]):
        found: dict[str, int] = {}
        for column, value in enumerate(line):
            key = _SYNONYMS.get(normalise(_cell_text(value)))
            if key is not None and key not in found:
                found[key] = column
        if len(found) > len(best[1]):
            best = (index, found)
    index, columns = best
    missing = []
    if UNIT_CODE not in columns and UNIT_NAME not in columns:
        missing.append("«Mã đơn vị» (hoặc «Tên đơn vị»)")
    missing += [f"«{HEADERS[key][0]}»" for key in (QUESTION, RESPONDENTS, SATISFIED) if key not in columns]
    if missing:
        raise SurveyImportError(
            [
                f"Không thấy cột {', '.join(missing)} ở dòng tiêu đề (dòng {index + 1}). "
                "Hãy dùng tệp mẫu hoặc đặt đúng tên cột."
            ]
        )
    return index, columns


def _count(text: str) -> int | None:
    """A count of answers as typed: 120, 120.0 from Excel, or grouped thousands (1.200)."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    if cleaned.endswith((".0", ",0")):
        cleaned = cleaned[:-2]
    return int(cleaned) if cleaned.isdigit() and cleaned.isascii() else None


class _Units:
    """The year's assessed units, found by code or by name (case and accents aside)."""

    def __init__(self, assessments: Iterable[Assessment]) -> None:
        self.sets: dict[int, CriteriaSet] = {}
        self.by_code: dict[str, OrgUnit] = {}
        self.by_name: dict[str, list[OrgUnit]] = {}
        for assessment in assessments:
            unit = assessment.unit
            self.sets[unit.pk] = criteria_set_of(assessment)
            self.by_code[unit.code.casefold()] = unit
            for name in {unit.name, unit.short_name} - {""}:
                self.by_name.setdefault(normalise(name), []).append(unit)

    def find(self, code: str, name: str) -> tuple[OrgUnit | None, str]:
        """The unit named on a line, or None with why."""
        if code:
            unit = self.by_code.get(code.casefold())
            if unit is None:
                named = self.by_name.get(normalise(code), [])  # a name typed in the code column
                unit = named[0] if len(named) == 1 else None
            return unit, "" if unit else "not-found"
        named = self.by_name.get(normalise(name), [])
        if len(named) > 1:
            return None, "many:" + ", ".join(u.code for u in named)
        return (named[0], "") if named else (None, "not-found")


def check_file(round_: ParRound, data: bytes) -> SurveyFile:
    """The file's good lines, or SurveyImportError listing every bad one by row and column."""
    lines = read_lines(data)
    if not lines:
        raise SurveyImportError(["Tệp không có dòng tiêu đề."])
    header_index, columns = _header(lines)
    units = _Units(Assessment.objects.filter(round=round_).select_related("unit"))
    titles = {key: _cell_text(lines[header_index][column]) for key, column in columns.items()}

    def where(line: int, key: str) -> str:
        return f"Dòng {line}, cột {xl_col_to_name(columns[key])} ({titles[key]})"

    problems: list[str] = []
    good: list[SurveyLine] = []
    seen: dict[tuple[int, str], int] = {}
    skipped = 0
    for line, cells in enumerate(lines[header_index + 1 :], start=header_index + 2):
        texts = {key: _cell_text(cells[i]) if i < len(cells) else "" for key, i in columns.items()}
        if not any(texts.values()):
            continue
        if not texts[RESPONDENTS] and not texts[SATISFIED]:
            skipped += 1  # a template line not filled in
            continue
        unit_key = UNIT_CODE if texts.get(UNIT_CODE) or UNIT_NAME not in columns else UNIT_NAME
        typed = texts.get(unit_key, "")
        unit, why = units.find(texts.get(UNIT_CODE, ""), texts.get(UNIT_NAME, ""))
        bad = False
        if not typed:
            problems.append(f"{where(line, unit_key)}: chưa ghi đơn vị.")
            bad = True
        elif unit is None:
            if why.startswith("many:"):
                problems.append(
                    f"{where(line, unit_key)}: tên «{typed}» khớp nhiều đơn vị ({why[5:]}); "
                    "hãy ghi mã đơn vị."
                )
            else:
                problems.append(
                    f"{where(line, unit_key)}: không có đơn vị «{typed}» trong Chỉ số CCHC "
                    f"năm {round_.year}; hãy ghi mã đơn vị như trong tệp mẫu."
                )
            bad = True
        question = texts[QUESTION].upper()
        if not question:
            problems.append(f"{where(line, QUESTION)}: chưa ghi mã câu hỏi.")
            bad = True
        elif unit is not None:
            asked = units.sets[unit.pk].questions
            if question not in asked:
                problems.append(
                    f"{where(line, QUESTION)}: câu hỏi «{texts[QUESTION]}» không có trong bộ tiêu chí của "
                    f"{unit.name} (các câu hỏi: {', '.join(asked)})."
                )
                bad = True
        counts: dict[str, int] = {}
        for key, what in ((RESPONDENTS, "số phiếu"), (SATISFIED, "số phiếu hài lòng")):
            text = texts[key]
            number = _count(text) if text else None
            if not text:
                problems.append(f"{where(line, key)}: chưa ghi {what}.")
            elif number is None:
                problems.append(f"{where(line, key)}: «{text}» không phải số nguyên không âm.")
            elif number > MAX_COUNT:
                problems.append(f"{where(line, key)}: {text} phiếu, quá lớn; hãy kiểm tra lại.")
            else:
                counts[key] = number
                continue
            bad = True
        if len(counts) == 2 and counts[SATISFIED] > counts[RESPONDENTS]:
            problems.append(
                f"{where(line, SATISFIED)}: {counts[SATISFIED]} phiếu hài lòng, nhiều hơn số phiếu "
                f"({counts[RESPONDENTS]})."
            )
            bad = True
        if unit is not None and question:
            earlier = seen.get((unit.pk, question))
            if earlier is not None:
                problems.append(f"Dòng {line}: {unit.name}, câu hỏi {question} đã có ở dòng {earlier}.")
                bad = True
            else:
                seen[(unit.pk, question)] = line
        if not bad and unit is not None:
            good.append(SurveyLine(unit, question, counts[RESPONDENTS], counts[SATISFIED], line))
    if problems:
        raise SurveyImportError(problems)
    if not good:
        raise SurveyImportError(["Tệp không có dòng nào có số phiếu (dưới dòng tiêu đề)."])
    return SurveyFile(tuple(good), skipped)


# ------------------------------------------------------------------ saving


def import_survey(round_: ParRound, name: str, data: bytes, *, user: Any) -> tuple[SurveyImport, SurveyFile]:
    """Check the file, then in one transaction replace the year's answers for the units and questions it
    holds and record the import. Nothing is written when any line is refused."""
    if round_.published_at is not None:
        raise SurveyImportError(
            [f"Chỉ số CCHC năm {round_.year} đã công bố; không nhập thêm kết quả điều tra."]
        )
    checked = check_file(round_, data)
    keys = {(line.unit.pk, line.question) for line in checked.lines}
    with transaction.atomic():
        record = SurveyImport.objects.create(
            round=round_,
            name=name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(checked.lines),
            imported_by=user if getattr(user, "pk", None) else None,
        )
        existing = SurveyAnswer.objects.filter(
            round=round_, unit__in={line.unit.pk for line in checked.lines}
        )
        replaced = [
            pk
            for pk, unit, question in existing.values_list("pk", "unit_id", "question")
            if (unit, question) in keys
        ]
        SurveyAnswer.objects.filter(pk__in=replaced).delete()
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(
                round=round_,
                unit=line.unit,
                question=line.question,
                respondents=line.respondents,
                satisfied=line.satisfied,
                source=record,
            )
            for line in checked.lines
        )
    return record, checked


# ------------------------------------------------------------------ the template


def template_file(round_: ParRound) -> bytes:
    """The sample file: the header line, then one line per assessed unit and question of its set, with
    the answers already imported (blank where none); a second sheet says what each question scores."""
    assessments = list(
        Assessment.objects.filter(round=round_)
        .select_related("unit")
        .order_by("unit__level", "unit__order", "unit__name")
    )
    answers = {(a.unit_id, a.question): a for a in SurveyAnswer.objects.filter(round=round_)}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("Kết quả điều tra")
    heads = [
        HEADERS[UNIT_CODE][0],
        HEADERS[UNIT_NAME][0],
        HEADERS[QUESTION][0],
        HEADERS[RESPONDENTS][0],
        HEADERS[SATISFIED][0],
    ]
    for column, title in enumerate(heads):
        sheet.write_string(0, column, title, bold)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 4, 16)
    sheet.freeze_panes(1, 0)
    sets: dict[str, CriteriaSet] = {}
    line = 1
    for assessment in assessments:
        criteria_set = criteria_set_of(assessment)
        sets[criteria_set.id] = criteria_set
        for question in criteria_set.questions:
            sheet.write_string(line, 0, assessment.unit.code)
            sheet.write_string(line, 1, assessment.unit.name)
            sheet.write_string(line, 2, question)
            answer = answers.get((assessment.unit_id, question))
            if answer is not None:
                sheet.write_number(line, 3, answer.respondents)
                sheet.write_number(line, 4, answer.satisfied)
            line += 1
    guide = workbook.add_worksheet("Câu hỏi")
    for column, title in enumerate(
        ("Bộ tiêu chí", "Câu hỏi", "Tiêu chí", "Nội dung tiêu chí", "Điểm tối đa")
    ):
        guide.write_string(0, column, title, bold)
    guide.set_column(0, 0, 40)
    guide.set_column(3, 3, 60)
    row = 1
    for criteria_set in sets.values():
        for criterion in criteria_set.criteria.values():
            for question in criterion.questions:
                guide.write_string(row, 0, criteria_set.title)
                guide.write_string(row, 1, question)
                guide.write_string(row, 2, criterion.code)
                guide.write_string(row, 3, criterion.name)
                guide.write_number(row, 4, criterion.max_points)
                row += 1
    workbook.close()
    return buffer.getvalue()


# ------------------------------------------------------------------ pages


def _round_for_reviewer(request: HttpRequest, year: int) -> ParRound:
    if not runs_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ nhập kết quả điều tra xã hội học.")
    return get_object_or_404(ParRound, year=year)


def _questions(round_: ParRound) -> list[tuple[CriteriaSet, list[tuple[str, str]]]]:
    """Each set in use this year with its questions and the criterion each scores."""
    seen: dict[tuple[str, str], CriteriaSet] = {}
    for assessment in Assessment.objects.filter(round=round_).select_related("unit"):
        key = (assessment.set_id, assessment.set_version)
        if key not in seen:
            seen[key] = criteria_set_of(assessment)
    return [
        (s, [(q, f"{c.code}. {c.name}") for c in s.criteria.values() for q in c.questions])
        for s in seen.values()
    ]


def _counts(round_: ParRound) -> Mapping[str, int]:
    answers = SurveyAnswer.objects.filter(round=round_)
    return {"answers": answers.count(), "units": answers.values("unit").distinct().count()}


def units_without_answers(round_: ParRound) -> list[OrgUnit]:
    """The year's assessed units with no survey result yet (their survey criteria score 0)."""
    answered = SurveyAnswer.objects.filter(round=round_).values("unit")
    return [
        a.unit
        for a in Assessment.objects.filter(round=round_)
        .exclude(unit__in=answered)
        .select_related("unit")
        .order_by("unit__level", "unit__order", "unit__name")
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request: HttpRequest, year: int) -> HttpResponse:
    """The year's survey results: what is imported, the sample file, and a file to import."""
    round_ = _round_for_reviewer(request, year)
    if request.method == "POST":
        upload = request.FILES.get("file")
        back = reverse("par-survey", args=[year])
        if upload is None:
            messages.error(request, "Chưa chọn tệp kết quả điều tra (Excel .xlsx hoặc CSV).")
            return redirect(back)
        if (upload.size or 0) > MAX_FILE_BYTES:
            messages.error(request, f"Tệp quá lớn; tối đa {MAX_FILE_BYTES // 1024 // 1024} MB.")
            return redirect(back)
        try:
            record, checked = import_survey(round_, upload.name or "", upload.read(), user=request.user)
        except SurveyImportError as error:
            messages.error(request, f"Chưa nhập được tệp «{upload.name}» (không có dòng nào được ghi):")
            for text in error.problems[:MAX_SHOWN]:
                messages.error(request, text)
            if len(error.problems) > MAX_SHOWN:
                messages.error(request, f"… và {len(error.problems) - MAX_SHOWN} lỗi khác.")
            return redirect(back)
        units = len({line.unit.pk for line in checked.lines})
        text = f"Đã nhập tệp «{record.name}»: {record.rows} dòng của {units} đơn vị."
        if checked.skipped:
            text += f" Bỏ qua {checked.skipped} dòng chưa ghi số phiếu."
        messages.success(request, text)
        return redirect(back)
    return render(
        request,
        "par/survey.html",
        {
            "round": round_,
            "imports": round_.survey_imports.select_related("imported_by")[:20],
            "counts": _counts(round_),
            "missing": units_without_answers(round_),
            "sets": _questions(round_),
            "max_mb": MAX_FILE_BYTES // 1024 // 1024,
        },
    )


@login_required
@require_GET
def survey_template(request: HttpRequest, year: int) -> HttpResponse:
    """The sample survey file of the year (.xlsx): headers, units and their questions."""
    round_ = _round_for_reviewer(request, year)
    response = HttpResponse(template_file(round_), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="dieu-tra-xa-hoi-hoc-{year}.xlsx"'
    return response
