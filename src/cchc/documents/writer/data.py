"""What a report is written from: the values of the seven forms, the province's texts and the document
settings, plus the values file (JSON) that carries them without the web application.

The values file (format "cchc-report-values/1", see docs/report.md):

    {
      "format": "cchc-report-values/1",
      "template": "bnv-581",                 catalogue id
      "period": "2023Q1",
      "issuer": ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"],
      "province": "Thanh Hóa",
      "unit_name": "",                        a unit's own report: its name ("Sở Tư pháp")
      "values": {"BM3-3.1.1": "45.700", "BM1-3.1": "-", ...},   as written on the form ("" = blank)
      "notes": {"BM3-1.3": "51 bãi bỏ, 168 sửa đổi"},
      "texts": {"chi_dao": "đoạn 1\\n\\nđoạn 2", ...},          see SECTIONS
      "settings": {"number": "", "place": "Thanh Hóa", "date": "2023-03-05", "signer_mode": "KT",
                   "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "...",
                   "recipients": ["Bộ Nội vụ (để b/c)", ..., "Lưu: VT, THKH"],
                   "number_suffix": "BC-UBND", "head_title": "CHỦ TỊCH"},
      "trend": [{"period": "2022Q4", "on_time": "97,10", "online": "95,00"}, ...],
      "target": "98",
      "cung_ky": {"period": "2022Q1", "values": {"BM3-3.1.1": "41.200", ...}}   optional: the same
    }                                                                           period last year
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc.core.catalogue import Catalogue, Level, Severity
from cchc.core.numbers import (
    BLANK,
    Cell,
    CellKind,
    NumberFormatError,
    format_number,
    parse_cell,
    parse_number,
)
from cchc.core.periods import Period, PeriodKind, parse_period
from cchc.core.validation import BLOCKING_RULES, Finding, validate

__all__ = [
    "ASSESSMENT",
    "FORMAT_ID",
    "PLACEHOLDER",
    "PLACEHOLDER_START",
    "SECTIONS",
    "UNWRITTEN_RULE",
    "WRITTEN_ONLY",
    "Comparison",
    "ReportData",
    "ReportSettings",
    "TrendPoint",
    "ValuesFileError",
    "default_recipients",
    "dump_values",
    "load_values",
    "outline",
    "read_values_file",
    "section_number",
    "unwritten_finding",
    "unwritten_sections",
]

FORMAT_ID = "cchc-report-values/1"

# The outline of the sample report: key of the province's text, heading shown on the edit page.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("chi_dao", "I.1. Về tổ chức chỉ đạo, điều hành cải cách hành chính"),
    ("kiem_tra", "I.2. Về kiểm tra công tác cải cách hành chính, thực hiện kỷ luật, kỷ cương hành chính"),
    ("tuyen_truyen", "I.3. Về công tác tuyên truyền cải cách hành chính"),
    ("ke_hoach", "I.4. Kết quả thực hiện các nhiệm vụ theo Kế hoạch CCHC năm"),
    ("the_che", "II.1. Cải cách thể chế"),
    ("kiem_soat_tthc", "II.2.1. Công tác kiểm soát thủ tục hành chính"),
    ("mot_cua", "II.2.2. Tình hình thực hiện cơ chế một cửa, cơ chế một cửa liên thông"),
    ("bo_may", "II.3. Cải cách tổ chức bộ máy hành chính"),
    ("cong_vu", "II.4. Cải cách chế độ công vụ"),
    ("tai_chinh", "II.5. Cải cách tài chính công"),
    ("chinh_quyen_so", "II.6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ("uu_diem", "III.1. Đánh giá chung: ưu điểm (báo cáo 6 tháng, 9 tháng, năm)"),
    ("ton_tai", "III.2. Đánh giá chung: tồn tại, hạn chế (báo cáo 6 tháng, 9 tháng, năm)"),
    ("nguyen_nhan", "III.3. Đánh giá chung: nguyên nhân (báo cáo 6 tháng, 9 tháng, năm)"),
    ("nhiem_vu", "III (IV). Một số nhiệm vụ, giải pháp trọng tâm kỳ tới"),
)
SECTION_KEYS = frozenset(key for key, _ in SECTIONS)
# The sections only a 6-month, 9-month or annual report has: its assessment (đánh giá chung).
ASSESSMENT = ("uu_diem", "ton_tai", "nguyen_nhan")


def outline(period: Period) -> tuple[tuple[str, str], ...]:
    """The sections of a period's report: a quarter's (I, II, III nhiệm vụ), or a longer report's with its
    assessment (III. Đánh giá chung: ưu điểm, tồn tại, nguyên nhân; IV. phương hướng, nhiệm vụ)."""
    if period.kind is PeriodKind.QUARTER:
        return tuple(
            (key, "III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới" if key == "nhiem_vu" else label)
            for key, label in SECTIONS
            if key not in ASSESSMENT
        )
    labels = {
        "uu_diem": "III.1. Đánh giá chung: ưu điểm",
        "ton_tai": "III.2. Đánh giá chung: tồn tại, hạn chế",
        "nguyen_nhan": "III.3. Đánh giá chung: nguyên nhân",
        "nhiem_vu": "IV. Phương hướng, nhiệm vụ trọng tâm kỳ tới",
    }
    return tuple((key, labels.get(key, label)) for key, label in SECTIONS)


# The sections no figure speaks for: until the province writes them the report prints PLACEHOLDER there.
WRITTEN_ONLY = frozenset({"tuyen_truyen", "uu_diem", "ton_tai", "nguyen_nhan", "nhiem_vu"})
# What the province's report prints for an unwritten section: no address or instruction, the web page
# names where to write it. A unit's own draft adds that the unit writes it in the file; `cchc check`
# finds a leftover one (and one of an older draft, which named the web page) by PLACEHOLDER_START.
PLACEHOLDER = "[Chưa soạn nội dung mục này]"
PLACEHOLDER_START = PLACEHOLDER.removesuffix("]")
UNWRITTEN_RULE = "section-unwritten"


def section_number(heading: str) -> str:
    """ "I.3" of "I.3. Về công tác tuyên truyền …", "IV" of "IV. Phương hướng …"."""
    return heading.split(" ", 1)[0].rstrip(".")


def unwritten_sections(period: Period, texts: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The sections of the period's outline that no figure speaks for and the province has not written
    yet, as (key, heading): the report would print the placeholder there."""
    return tuple(
        (key, heading)
        for key, heading in outline(period)
        if key in WRITTEN_ONLY and not str(texts.get(key, "")).strip()
    )


def unwritten_finding(heading: str, *, placeholder: bool = True, location: str = "") -> Finding:
    """The error of a section a signed report cannot leave unwritten: its placeholder is still there
    (or, in a report read back, its heading has nothing under it). One message for the period's findings,
    the download's confirmation and `cchc check`."""
    shown = f"in dòng «{PLACEHOLDER}»" if placeholder else "không có nội dung nào dưới đề mục"
    return Finding(
        UNWRITTEN_RULE,
        Severity.ERROR,
        f"Mục {heading}: chưa soạn nội dung (báo cáo {shown}). Soạn mục này rồi lập lại báo cáo.",
        location=location,
    )


DEFAULT_RECIPIENTS: tuple[str, ...] = (
    "Bộ Nội vụ (để b/c)",
    "Chủ tịch, các PCT UBND tỉnh",
    "Các sở, ban, ngành cấp tỉnh",
    "UBND các huyện, thị xã, thành phố",
    "Lưu: VT, THKH",
)
# Since 1/7/2025 (two-level local government) the province's report goes to its communes instead.
TWO_LEVEL_RECIPIENTS: tuple[str, ...] = tuple(
    "UBND các xã, phường" if line.startswith("UBND các huyện") else line for line in DEFAULT_RECIPIENTS
)


def default_recipients(catalogue: Catalogue) -> tuple[str, ...]:
    """The Nơi nhận a province's report starts with under the template's structure."""
    return DEFAULT_RECIPIENTS if Level.HUYEN in catalogue.levels else TWO_LEVEL_RECIPIENTS


class ValuesFileError(ValueError):
    """A values file that cannot be used; the message is Vietnamese and names the field."""


@dataclass(frozen=True)
class ReportSettings:
    """The document settings: số hiệu, place and date, signer (KT./TM.), Nơi nhận."""

    number: str = ""
    place: str = ""
    date: dt.date | None = None
    # "TM-KT" (a deputy for the head of a collective: a committee's report), "KT" (a deputy for the head of a
    # body that is not a collective: a Sở), "TM" (the head for the collective) or "" (no authority line).
    signer_mode: str = "TM-KT"
    signer_title: str = "PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: tuple[str, ...] = DEFAULT_RECIPIENTS
    number_suffix: str = "BC-UBND"  # after "Số: 125/": "BC-UBND" for a committee, "BC-STP" for Sở Tư pháp
    head_title: str = "CHỦ TỊCH"  # the head the deputy signs for: "KT. CHỦ TỊCH", "KT. GIÁM ĐỐC"


@dataclass(frozen=True)
class TrendPoint:
    """A quarter's province-wide on-time and online-receipt rates, for the trend chart."""

    period: str
    on_time: Decimal | None
    online: Decimal | None


@dataclass(frozen=True)
class Comparison:
    """The same period of the previous year (cùng kỳ): its period and its cells as the forms hold them."""

    period: Period
    cells: Mapping[str, Cell]


@dataclass(frozen=True)
class ReportData:
    """Everything a report is written from."""

    catalogue: Catalogue
    period: Period
    cells: Mapping[str, Cell]
    issuer: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA")
    province: str = "Thanh Hóa"
    unit_name: str = ""  # the reporting unit when the report is one unit's own ("Sở Tư pháp")
    notes: Mapping[str, str] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    settings: ReportSettings = ReportSettings()
    trend: tuple[TrendPoint, ...] = ()
    target: Decimal | None = None
    previous: Comparison | None = None

    def cell(self, code: str) -> Cell:
        """The cell of a row code (blank when absent)."""
        return self.cells.get(code, BLANK)


def _text(raw: object, where: str) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValuesFileError(f"Trường «{where}» phải là chuỗi ký tự.")
    return raw


def _cell(raw: object, code: str) -> Cell:
    """A value as written on the form; JSON integers are taken, fractions must be written as text."""
    if raw is None:
        return BLANK
    if isinstance(raw, (bool, float)):
        raise ValuesFileError(
            f'Trường «values.{code}»: hãy ghi số dạng chuỗi theo kiểu Việt Nam (ví dụ "96,60"), '
            "không ghi số thập phân JSON."
        )
    if isinstance(raw, int):
        return Cell.of(raw)
    cell, notices = parse_cell(_text(raw, f"values.{code}"))
    if notices:
        # An ambiguous numeral ("45.7") is refused rather than guessed: the report is signed.
        raise ValuesFileError(f"Trường «values.{code}»: {notices[0].message}")
    return cell


def _mapping(raw: object, where: str, what: str) -> dict[str, Any]:
    """A JSON object field (absent = empty); anything else is refused naming the field."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValuesFileError(f"Trường «{where}» phải là một bảng {what}.")
    return raw


def _list(raw: object, where: str, what: str) -> list[Any]:
    """A JSON array field (absent = empty); anything else is refused naming the field."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValuesFileError(f"Trường «{where}» phải là danh sách {what}.")
    return raw


def _rate(raw: object, where: str) -> Decimal | None:
    text = _text(raw, where).strip()
    if not text:
        return None
    try:
        return parse_number(text)[0]
    except NumberFormatError as error:
        raise ValuesFileError(f"Trường «{where}»: {error}") from error


def _date(raw: object) -> dt.date | None:
    text = _text(raw, "settings.date").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValuesFileError(f"Trường «settings.date»: «{text}» không phải ngày dạng NNNN-TT-NN.") from error


def _cells(raw: object, where: str, catalogue: Catalogue) -> dict[str, Cell]:
    """A values table (row code → the figure as written on the form), each code and figure checked."""
    cells: dict[str, Cell] = {}
    for code, value in _mapping(raw, where, "mã dòng → số liệu").items():
        if code not in catalogue.rows:
            raise ValuesFileError(f"Trường «{where}»: mã dòng «{code}» không có trong biểu mẫu.")
        cell = _cell(value, code)
        if cell.kind is CellKind.TEXT and catalogue.rows[code].has_value:
            raise ValuesFileError(f"Trường «{where}.{code}»: «{cell.text}» không phải là số.")
        cells[code] = cell
    return cells


def _comparison(raw: object, catalogue: Catalogue, period: Period) -> Comparison | None:
    """«cung_ky»: {"period": "2025Y", "values": {...}}, the same period of the previous year."""
    if raw is None:
        return None
    given = _mapping(raw, "cung_ky", "{period, values}")
    try:
        earlier = parse_period(_text(given.get("period"), "cung_ky.period"))
    except ValueError as error:
        raise ValuesFileError(f"Trường «cung_ky.period»: {error}") from error
    expected = dataclasses.replace(period, year=period.year - 1)
    if earlier != expected:
        raise ValuesFileError(
            f"Trường «cung_ky.period»: cùng kỳ của {period.label} là {expected.label}, "
            f"không phải {earlier.label}."
        )
    return Comparison(earlier, _cells(given.get("values"), "cung_ky.values", catalogue))


def load_values(data: Mapping[str, Any], catalogue: Catalogue) -> ReportData:
    """Read a parsed values file against the catalogue; ValuesFileError names the first bad field."""
    if data.get("format") != FORMAT_ID:
        raise ValuesFileError(f"Trường «format» phải là «{FORMAT_ID}».")
    if data.get("template", catalogue.id) != catalogue.id:
        raise ValuesFileError(
            f"Trường «template»: tệp dùng mẫu «{data.get('template')}», hệ thống dùng «{catalogue.id}»."
        )
    try:
        period = parse_period(_text(data.get("period"), "period"))
    except ValueError as error:
        raise ValuesFileError(f"Trường «period»: {error}") from error
    if "values" not in data:
        raise ValuesFileError("Thiếu trường «values» (bảng mã dòng → số liệu).")
    cells = _cells(data["values"], "values", catalogue)
    for finding in validate(catalogue, cells):
        if finding.rule in BLOCKING_RULES:
            where = f"values.{finding.codes[0]}" if finding.codes else "values"
            raise ValuesFileError(f"Trường «{where}»: {finding.message}")
    raw_notes = _mapping(data.get("notes"), "notes", "mã dòng → ghi chú")
    notes = {code: _text(note, f"notes.{code}") for code, note in raw_notes.items()}
    unknown = [code for code in notes if code not in catalogue.rows]
    if unknown:
        raise ValuesFileError(f"Trường «notes»: mã dòng «{unknown[0]}» không có trong biểu mẫu.")
    raw_texts = _mapping(data.get("texts"), "texts", "mục đề cương → nội dung")
    texts = {key: _text(text, f"texts.{key}") for key, text in raw_texts.items()}
    extra = sorted(set(texts) - SECTION_KEYS)
    if extra:
        raise ValuesFileError(
            f"Trường «texts»: mục «{extra[0]}» không có trong đề cương "
            f"(dùng: {', '.join(sorted(SECTION_KEYS))})."
        )
    raw_settings = _mapping(data.get("settings"), "settings", "thiết lập văn bản")
    head = _text(raw_settings.get("head_title"), "settings.head_title").strip().upper() or "CHỦ TỊCH"
    # Without a mode, a deputy signs: for the committee (TM. + KT.) or for the head of a Sở (KT.).
    default_mode = "TM-KT" if head == "CHỦ TỊCH" else "KT"
    raw_mode = _text(raw_settings.get("signer_mode", default_mode), "settings.signer_mode")
    mode = raw_mode.strip().upper().rstrip(".")
    if mode not in ("KT", "TM", "TM-KT", ""):
        raise ValuesFileError("Trường «settings.signer_mode» phải là «KT», «TM», «TM-KT» hoặc để trống.")
    recipients = _list(
        raw_settings.get("recipients", list(DEFAULT_RECIPIENTS)), "settings.recipients", "nơi nhận"
    )
    settings = ReportSettings(
        number=_text(raw_settings.get("number"), "settings.number").strip(),
        place=_text(raw_settings.get("place"), "settings.place").strip()
        or _text(data.get("province"), "province"),
        date=_date(raw_settings.get("date")),
        signer_mode=mode,
        signer_title=_text(raw_settings.get("signer_title", "PHÓ CHỦ TỊCH"), "settings.signer_title").strip(),
        signer_name=_text(raw_settings.get("signer_name"), "settings.signer_name").strip(),
        recipients=tuple(
            _text(item, f"settings.recipients[{index}]").strip() for index, item in enumerate(recipients)
        ),
        number_suffix=_text(raw_settings.get("number_suffix"), "settings.number_suffix").strip() or "BC-UBND",
        head_title=head,
    )
    points = [
        _mapping(point, f"trend[{index}]", "{period, on_time, online}")
        for index, point in enumerate(_list(data.get("trend"), "trend", "các quý"))
    ]
    trend = tuple(
        TrendPoint(
            _text(point.get("period"), f"trend[{index}].period"),
            _rate(point.get("on_time"), f"trend[{index}].on_time"),
            _rate(point.get("online"), f"trend[{index}].online"),
        )
        for index, point in enumerate(points)
    )
    issuer = data.get("issuer", ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"])
    if not isinstance(issuer, list) or not issuer:
        raise ValuesFileError("Trường «issuer» phải là danh sách các dòng tên cơ quan ban hành.")
    return ReportData(
        catalogue=catalogue,
        period=period,
        cells=cells,
        issuer=tuple(_text(line, "issuer") for line in issuer),
        province=_text(data.get("province", "Thanh Hóa"), "province"),
        unit_name=_text(data.get("unit_name", ""), "unit_name"),
        notes=notes,
        texts=texts,
        settings=settings,
        trend=trend,
        target=_rate(data.get("target"), "target"),
        previous=_comparison(data.get("cung_ky"), catalogue, period),
    )


def read_values_file(path: str | Path, catalogue: Catalogue) -> ReportData:
    """Read a values file from disk."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ValuesFileError(f"Không tìm thấy tệp số liệu «{file.name}».") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ValuesFileError(f"Không đọc được tệp số liệu «{file.name}»: {error}.") from error
    except json.JSONDecodeError as error:
        raise ValuesFileError(
            f"Tệp «{file.name}» không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno})."
        ) from error
    if not isinstance(data, dict):
        raise ValuesFileError(f"Tệp «{file.name}» phải chứa một đối tượng JSON.")
    return load_values(data, catalogue)


def _written(cell: Cell, decimals: int) -> str:
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        return format_number(cell.number, decimals if decimals else None)
    return cell.text if cell.kind is not CellKind.BLANK else ""


def _rate_text(rate: Decimal | None) -> str:
    return "" if rate is None else format_number(rate, 2)


def dump_values(report: ReportData) -> dict[str, Any]:
    """The report's data as a values file (the inverse of load_values)."""
    catalogue = report.catalogue
    settings = report.settings
    return {
        "format": FORMAT_ID,
        "template": catalogue.id,
        "period": report.period.code,
        "issuer": list(report.issuer),
        "province": report.province,
        "unit_name": report.unit_name,
        "values": {
            code: _written(report.cell(code), row.decimals)
            for code, row in catalogue.rows.items()
            if row.has_value
        },
        "notes": {code: note for code, note in report.notes.items() if note},
        "texts": dict(report.texts),
        "settings": {
            "number": settings.number,
            "place": settings.place,
            "date": settings.date.isoformat() if settings.date else "",
            "signer_mode": settings.signer_mode,
            "signer_title": settings.signer_title,
            "signer_name": settings.signer_name,
            "recipients": list(settings.recipients),
            "number_suffix": settings.number_suffix,
            "head_title": settings.head_title,
        },
        "trend": [
            {"period": point.period, "on_time": _rate_text(point.on_time), "online": _rate_text(point.online)}
            for point in report.trend
        ],
        "target": "" if report.target is None else format_number(report.target),
        **(
            {
                "cung_ky": {
                    "period": report.previous.period.code,
                    "values": {
                        code: _written(report.previous.cells.get(code, BLANK), row.decimals)
                        for code, row in catalogue.rows.items()
                        if row.has_value
                    },
                }
            }
            if report.previous
            else {}
        ),
    }
