"""The PAR Index (Chỉ số cải cách hành chính) of a province's own units: criteria sets, scoring, ranking.

A criteria set ("bộ tiêu chí") is data, like the catalogue: areas ("lĩnh vực") of criteria ("tiêu chí") and
sub-criteria ("tiêu chí thành phần"), each leaf with its maximum points and its scoring method:

* ``formula``: the points are a formula over the unit's figures of the year (catalogue row codes), kept
  between 0 and the maximum — e.g. ``6 * BM3-3.1.2 / BM3-3.1.1`` (the on-time rate scaled to 6 points);
* ``steps``: a figure (a formula) read against a step table ("≥ 100 → 3 điểm; ≥ 90 → 2 điểm …");
* ``judgement``: the unit scores itself and must attach evidence ("tài liệu kiểm chứng") for any points;
* ``survey``: the share of satisfied answers to the set's survey questions, scaled to the maximum.

A unit's index is points achieved ÷ maximum applicable × 100 (a criterion that does not apply to the unit
leaves both). `parse_criteria_set` refuses a set whose points do not add up, or whose formula names an
unknown figure, with a Vietnamese message naming the line of the TOML text.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from cchc.core.catalogue import Catalogue, Kind, Level
from cchc.core.formula import Formula, FormulaError, Undefined, parse_formula
from cchc.core.numbers import Cell, CellKind, format_number, round_half_up

__all__ = [
    "Area",
    "AreaTotal",
    "Band",
    "Computed",
    "CriteriaSet",
    "CriteriaSetError",
    "Criterion",
    "Method",
    "Ranked",
    "State",
    "Step",
    "Totals",
    "compute",
    "judgement_problem",
    "parse_criteria_set",
    "rank",
    "survey_points",
    "totals",
]

_CODE = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_QUESTION = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_POINT_DECIMALS = 2
_HUNDRED = Decimal(100)


class CriteriaSetError(ValueError):
    """A criteria set that cannot be used; the message is Vietnamese and names the file and line."""


class Method(StrEnum):
    """How a criterion is scored."""

    FORMULA = "formula"
    STEPS = "steps"
    JUDGEMENT = "judgement"
    SURVEY = "survey"

    @property
    def label(self) -> str:
        """The Vietnamese name shown to users."""
        return _METHOD_LABELS[self]

    @property
    def computed(self) -> bool:
        """Whether cchc computes the points (the unit cannot type them)."""
        return self is not Method.JUDGEMENT


_METHOD_LABELS = {
    Method.FORMULA: "Tính từ số liệu",
    Method.STEPS: "Tính từ số liệu theo mức",
    Method.JUDGEMENT: "Tự chấm, có tài liệu kiểm chứng",
    Method.SURVEY: "Điều tra xã hội học",
}


@dataclass(frozen=True)
class Step:
    """One line of a step table: a figure of at least `at_least` earns `points`."""

    at_least: Decimal
    points: Decimal


@dataclass(frozen=True)
class Criterion:
    """A scored leaf of the set: a criterion without sub-criteria, or a sub-criterion."""

    code: str
    name: str
    area: str
    max_points: Decimal
    method: Method
    line: int
    formula: Formula | None = None  # FORMULA: the points; STEPS: the figure read against the steps
    steps: tuple[Step, ...] = ()
    questions: tuple[str, ...] = ()
    evidence: str = ""  # what the evidence must show (judgement)
    guidance: str = ""  # how to score, as the set says
    may_not_apply: bool = False  # a judgement criterion the unit may declare "không áp dụng"
    parent: str = ""  # the criterion a sub-criterion belongs to
    # The coded rows its formula reads, with what each value means (BM1-6: 1 → "Có"), to show the input
    choices: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()


@dataclass(frozen=True)
class Heading:
    """A criterion with sub-criteria: only its sub-criteria are scored."""

    code: str
    name: str
    area: str
    max_points: Decimal


@dataclass(frozen=True)
class Area:
    """A lĩnh vực: its code, name, maximum points and its criteria in printed order."""

    code: str
    name: str
    max_points: Decimal
    items: tuple[Heading | Criterion, ...]

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The scored leaves of the area."""
        return tuple(item for item in self.items if isinstance(item, Criterion))


@dataclass(frozen=True)
class Band:
    """A ranking group ("nhóm", "xếp loại"): an index of at least `min_index`."""

    name: str
    min_index: Decimal


@dataclass(frozen=True)
class CriteriaSet:
    """A versioned criteria set for one type of unit (sở, ban, ngành; UBND cấp xã)."""

    id: str
    version: str
    title: str
    unit_type: Level
    catalogue: str
    first_year: int
    last_year: int | None
    sample: bool
    note: str
    scale: Decimal
    areas: tuple[Area, ...]
    bands: tuple[Band, ...]
    tie_break: tuple[str, ...]
    criteria: Mapping[str, Criterion] = field(default_factory=dict)

    def applies(self, year: int) -> bool:
        """Whether the set is used for the index of `year`."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def area(self, code: str) -> Area:
        """The area with this code."""
        return next(area for area in self.areas if area.code == code)

    @property
    def questions(self) -> tuple[str, ...]:
        """The survey questions the set scores, in order."""
        return tuple(q for c in self.criteria.values() for q in c.questions)


def _points(where: str, raw: object, what: str = "điểm tối đa") -> Decimal:
    text = str(raw).strip() if isinstance(raw, (int, str)) and not isinstance(raw, bool) else None
    if isinstance(raw, float):
        raise CriteriaSetError(f'{where}: {what} phải viết trong ngoặc kép, ví dụ "2.5" (tránh sai số).')
    try:
        value = Decimal(text) if text is not None else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise CriteriaSetError(f"{where}: {what} «{raw}» không phải số không âm.")
    if -value.as_tuple().exponent > _POINT_DECIMALS:  # type: ignore[operator]
        raise CriteriaSetError(f"{where}: {what} «{raw}» có quá {_POINT_DECIMALS} chữ số thập phân.")
    return value


def _show(value: Decimal) -> str:
    return format_number(value, _POINT_DECIMALS)


def _text(where: str, raw: Mapping[str, Any], key: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CriteriaSetError(f"{where}: thiếu «{key}».")
    return " ".join(value.split())


class _Lines:
    """Finds the line of each ``code = "…"`` in the TOML text, in order, for messages."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, list[int]] = {}
        pattern = re.compile(r"^\s*code\s*=\s*[\"']([^\"']*)[\"']")
        for number, line in enumerate(text.splitlines(), start=1):
            if match := pattern.match(line):
                self._lines.setdefault(match.group(1), []).append(number)

    def take(self, code: str) -> int:
        lines = self._lines.get(code)
        return lines.pop(0) if lines else 0


def _formula(where: str, source: object, catalogue: Catalogue, unit_type: Level) -> Formula:
    if not isinstance(source, str) or not source.strip():
        raise CriteriaSetError(f"{where}: thiếu công thức «formula».")
    try:
        formula = parse_formula(source)
    except FormulaError as error:
        raise CriteriaSetError(f"{where}: {error.message}") from None
    for code in formula.references:
        row = catalogue.rows.get(code)
        if row is None or not row.has_value or row.kind is Kind.TEXT:
            raise CriteriaSetError(
                f"{where}: công thức dùng «{code}», không phải chỉ tiêu có số của biểu mẫu {catalogue.id}."
            )
        if unit_type not in row.levels:
            raise CriteriaSetError(
                f"{where}: công thức dùng «{code}» ({row.name}), "
                f"chỉ tiêu mà {_LEVEL_NAMES[unit_type]} không báo cáo."
            )
    return formula


_LEVEL_NAMES = {
    Level.TINH: "cấp tỉnh",
    Level.SO: "sở, ban, ngành",
    Level.HUYEN: "UBND cấp huyện",
    Level.XA: "UBND cấp xã",
}


def _steps(where: str, raw: object, max_points: Decimal) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not raw:
        raise CriteriaSetError(f"{where}: phương pháp «steps» cần bảng mức «steps».")
    steps: list[Step] = []
    for index, item in enumerate(raw, start=1):
        here = f"{where}, mức {index}"
        if not isinstance(item, dict) or "at_least" not in item or "points" not in item:
            raise CriteriaSetError(f"{here}: mỗi mức cần «at_least» và «points».")
        at_least = _points(here, item["at_least"], "ngưỡng «at_least»")
        points = _points(here, item["points"], "điểm «points»")
        if points > max_points:
            raise CriteriaSetError(f"{here}: {_show(points)} điểm, quá điểm tối đa {_show(max_points)}.")
        if steps and not (at_least < steps[-1].at_least and points < steps[-1].points):
            raise CriteriaSetError(
                f"{here}: các mức phải xếp từ cao xuống thấp, ngưỡng và điểm đều giảm dần."
            )
        steps.append(Step(at_least, points))
    return tuple(steps)


def _criterion(
    where: str,
    raw: Mapping[str, Any],
    area: str,
    line: int,
    catalogue: Catalogue,
    unit_type: Level,
    parent: str,
) -> Criterion:
    code, name = _text(where, raw, "code"), _text(where, raw, "name")
    max_points = _points(where, raw.get("max"))
    try:
        method = Method(raw.get("method", ""))
    except ValueError:
        known = ", ".join(m.value for m in Method)
        raise CriteriaSetError(
            f"{where}: phương pháp «{raw.get('method', '')}» không có (dùng một trong: {known})."
        ) from None
    formula = None
    steps: tuple[Step, ...] = ()
    questions: tuple[str, ...] = ()
    if method in (Method.FORMULA, Method.STEPS):
        formula = _formula(where, raw.get("formula"), catalogue, unit_type)
    if method is Method.STEPS:
        steps = _steps(where, raw.get("steps"), max_points)
    if method is Method.SURVEY:
        listed = raw.get("questions")
        if not isinstance(listed, list) or not listed or not all(isinstance(q, str) for q in listed):
            raise CriteriaSetError(f"{where}: phương pháp «survey» cần danh sách câu hỏi «questions».")
        bad = [q for q in listed if not _QUESTION.fullmatch(q)]
        if bad:
            raise CriteriaSetError(f"{where}: mã câu hỏi «{bad[0]}» không hợp lệ (chữ, số, dấu chấm, gạch).")
        questions = tuple(listed)
    evidence = _text(where, raw, "evidence", required=method is Method.JUDGEMENT)
    read = () if formula is None else tuple(dict.fromkeys(formula.references))
    choices = tuple(
        (code, tuple((option.value, option.label) for option in catalogue.rows[code].options))
        for code in read
        if catalogue.rows[code].options
    )
    return Criterion(
        code=code,
        name=name,
        area=area,
        max_points=max_points,
        method=method,
        line=line,
        formula=formula,
        steps=steps,
        questions=questions,
        evidence=evidence,
        guidance=_text(where, raw, "guidance", required=False),
        may_not_apply=bool(raw.get("may_not_apply", False)),
        parent=parent,
        choices=choices,
    )


def _add_up(where: str, what: str, total: Decimal, parts: Iterable[Decimal], part_name: str) -> None:
    summed = sum(parts, Decimal(0))
    if summed != total:
        raise CriteriaSetError(
            f"{where}: {what} {_show(total)} điểm, nhưng các {part_name} cộng lại {_show(summed)} điểm."
        )


def parse_criteria_set(name: str, text: str, catalogue: Catalogue) -> CriteriaSet:
    """Build a criteria set from its TOML text; refuse it, naming `name` and the line, when it is broken.

    `catalogue` is the template whose row codes the formulas name (the set's «catalogue»).
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CriteriaSetError(f"{name}: không đọc được TOML ({error}).") from None
    lines = _Lines(text)
    head = f"{name}, phần đầu"
    if raw.get("schema") != "cchc-par-criteria-set/1":
        raise CriteriaSetError(f'{head}: «schema» phải là "cchc-par-criteria-set/1".')
    if raw.get("catalogue") != catalogue.id:
        raise CriteriaSetError(f'{head}: «catalogue» phải là "{catalogue.id}", biểu mẫu mà công thức dùng.')
    try:
        unit_type = Level(raw.get("unit_type", ""))
    except ValueError:
        raise CriteriaSetError(f'{head}: «unit_type» phải là "so" hoặc "xa".') from None
    first_year, last_year = raw.get("first_year"), raw.get("last_year")
    if not isinstance(first_year, int) or (last_year is not None and not isinstance(last_year, int)):
        raise CriteriaSetError(f"{head}: «first_year» (và «last_year» nếu có) phải là năm, ví dụ 2025.")
    scale = _points(head, raw.get("scale", "100"), "thang điểm «scale»")
    areas: list[Area] = []
    criteria: dict[str, Criterion] = {}
    seen: set[str] = set()

    def unique(where: str, code: str) -> None:
        if not _CODE.fullmatch(code):
            raise CriteriaSetError(f"{where}: mã «{code}» không hợp lệ (ví dụ 3 hoặc 3.1.2).")
        if code in seen:
            raise CriteriaSetError(f"{where}: mã «{code}» đã dùng ở trên.")
        seen.add(code)

    raw_areas = raw.get("area")
    if not isinstance(raw_areas, list) or not raw_areas:
        raise CriteriaSetError(f"{head}: bộ tiêu chí chưa có lĩnh vực nào («[[area]]»).")
    for raw_area in raw_areas:
        area_code = str(raw_area.get("code", ""))
        line = lines.take(area_code)
        where = f"{name}, dòng {line} (lĩnh vực {area_code or '?'})"
        unique(where, area_code)
        area_name, area_max = _text(where, raw_area, "name"), _points(where, raw_area.get("max"))
        items: list[Heading | Criterion] = []
        raw_criteria = raw_area.get("criterion")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            raise CriteriaSetError(f"{where}: lĩnh vực chưa có tiêu chí nào («[[area.criterion]]»).")
        for raw_criterion in raw_criteria:
            code = str(raw_criterion.get("code", ""))
            line = lines.take(code)
            here = f"{name}, dòng {line} (tiêu chí {code or '?'})"
            unique(here, code)
            subs = raw_criterion.get("sub")
            if subs:
                heading = Heading(
                    code,
                    _text(here, raw_criterion, "name"),
                    area_code,
                    _points(here, raw_criterion.get("max")),
                )
                items.append(heading)
                leaves = []
                for raw_sub in subs:
                    sub_code = str(raw_sub.get("code", ""))
                    sub_line = lines.take(sub_code)
                    there = f"{name}, dòng {sub_line} (tiêu chí thành phần {sub_code or '?'})"
                    unique(there, sub_code)
                    if not sub_code.startswith(code + "."):
                        raise CriteriaSetError(
                            f"{there}: mã tiêu chí thành phần phải bắt đầu bằng «{code}.»."
                        )
                    leaves.append(_criterion(there, raw_sub, area_code, sub_line, catalogue, unit_type, code))
                _add_up(
                    here,
                    "tiêu chí có",
                    heading.max_points,
                    (c.max_points for c in leaves),
                    "tiêu chí thành phần",
                )
                items.extend(leaves)
            else:
                items.append(_criterion(here, raw_criterion, area_code, line, catalogue, unit_type, ""))
        area = Area(area_code, area_name, area_max, tuple(items))
        tops = [item.max_points for item in items if not (isinstance(item, Criterion) and item.parent)]
        _add_up(where, "lĩnh vực có", area_max, tops, "tiêu chí")
        areas.append(area)
        criteria.update({c.code: c for c in area.criteria})
    _add_up(f"{name}, phần đầu", "thang điểm", scale, (a.max_points for a in areas), "lĩnh vực")
    bands = []
    for index, raw_band in enumerate(raw.get("band", []), start=1):
        where = f"{name}, nhóm xếp loại thứ {index}"
        bands.append(
            Band(_text(where, raw_band, "name"), _points(where, raw_band.get("min_index"), "«min_index»"))
        )
    if any(later.min_index >= earlier.min_index for earlier, later in itertools.pairwise(bands)):
        raise CriteriaSetError(f"{name}: các nhóm xếp loại phải xếp từ cao xuống thấp theo «min_index».")
    tie_break = tuple(str(code) for code in raw.get("tie_break", []))
    for code in tie_break:
        if code not in {area.code for area in areas}:
            raise CriteriaSetError(f"{name}, «tie_break»: không có lĩnh vực «{code}».")
    return CriteriaSet(
        id=_text(head, raw, "id"),
        version=_text(head, raw, "version"),
        title=_text(head, raw, "title"),
        unit_type=unit_type,
        catalogue=catalogue.id,
        first_year=first_year,
        last_year=last_year,
        sample=bool(raw.get("sample", False)),
        note=str(raw.get("note", "")).strip(),
        scale=scale,
        areas=tuple(areas),
        bands=tuple(bands),
        tie_break=tie_break,
        criteria=criteria,
    )


# ------------------------------------------------------------------ scoring


class State(StrEnum):
    """What came of computing a criterion."""

    SCORED = "scored"
    NOT_APPLICABLE = (
        "not-applicable"  # the figure is "-" or its divisor is 0: the criterion leaves the maximum
    )
    MISSING = "missing"  # a figure the criterion needs is not entered: 0 points until it is


@dataclass(frozen=True)
class Computed:
    """A computed criterion: its points (None when it does not apply), the figures behind them and a
    Vietnamese sentence that shows the arithmetic."""

    state: State
    points: Decimal | None
    value: Decimal | None
    inputs: tuple[tuple[str, Cell | None], ...]
    explanation: str


def _clip(value: Decimal, criterion: Criterion) -> Decimal:
    return round_half_up(min(max(value, Decimal(0)), criterion.max_points), _POINT_DECIMALS)


def _cell_text(cell: Cell | None) -> str:
    if cell is None or cell.kind is CellKind.BLANK:
        return "chưa nhập"
    if cell.kind is CellKind.NUMBER and cell.number is not None:
        return format_number(cell.number)
    return cell.text or "-"


def _input_text(cell: Cell | None, meanings: Mapping[int, str]) -> str:
    """A figure a formula reads, a coded one by its meaning ("Có"), as the sheet shows it."""
    number = cell.number if cell is not None and cell.kind is CellKind.NUMBER else None
    if number is not None and number == number.to_integral_value() and int(number) in meanings:
        return meanings[int(number)]
    return _cell_text(cell)


_ROW_CODE = re.compile(r"BM(\d+)-(.+)")


def _row_words(code: str) -> str:
    """A row code as the sheet names it: "BM1-1" → "Biểu mẫu 1, mục 1" (another code as it is)."""
    match = _ROW_CODE.fullmatch(code)
    return f"Biểu mẫu {match[1]}, mục {match[2]}" if match else code


def _worked(formula: Formula, cells: Mapping[str, Cell | None]) -> str:
    """The formula with its figures in place ("6 × 12.937 ÷ 13.171 = "), or "" for a conditional one."""
    if "if(" in formula.source.replace(" ", ""):
        return ""
    text = formula.source
    for code in sorted(formula.references, key=len, reverse=True):
        text = text.replace(code, _cell_text(cells.get(code)))
    return text.replace("*", "×").replace("/", "÷") + " = "


def compute(criterion: Criterion, lookup: Callable[[str], Cell | None]) -> Computed:
    """Score a formula or steps criterion from the unit's figures of the year (`lookup`: a row's cell)."""
    formula = criterion.formula
    if formula is None:
        raise ValueError(f"criterion {criterion.code} is not computed from figures")
    inputs = tuple((code, lookup(code)) for code in dict.fromkeys(formula.references))
    meanings = {code: dict(options) for code, options in criterion.choices}
    shown = "; ".join(
        f"{_row_words(code)} = {_input_text(cell, meanings.get(code, {}))}" for code, cell in inputs
    )
    if any(cell is not None and cell.kind is CellKind.DASH for _, cell in inputs):
        return Computed(
            State.NOT_APPLICABLE, None, None, inputs, f"{shown}: không phát sinh, tiêu chí không áp dụng."
        )
    cells = dict(inputs)

    def number(code: str) -> Decimal | None:
        cell = cells.get(code)
        return cell.number if cell is not None and cell.kind is CellKind.NUMBER else None

    result = formula.evaluate(number)
    if isinstance(result, Undefined):
        if result.reason == "division-by-zero":
            return Computed(
                State.NOT_APPLICABLE, None, None, inputs, f"{shown}: mẫu số bằng 0, tiêu chí không áp dụng."
            )
        missing = "; ".join(_row_words(code) for code in result.codes)
        return Computed(
            State.MISSING, Decimal(0), None, inputs, f"Chưa có số liệu {missing}: 0 điểm cho đến khi nhập."
        )
    if criterion.method is Method.FORMULA:
        points = _clip(result, criterion)
        return Computed(
            State.SCORED, points, result, inputs, f"{shown}: {_worked(formula, cells)}{_show(points)} điểm."
        )
    figure = round_half_up(result, _POINT_DECIMALS)
    reached = next((step for step in criterion.steps if figure >= step.at_least), None)
    points = reached.points if reached else Decimal(0)
    level = f"đạt mức ≥ {format_number(reached.at_least)}" if reached else "dưới mức thấp nhất"
    return Computed(
        State.SCORED, points, figure, inputs, f"{shown}: {_show(figure)}, {level}: {_show(points)} điểm."
    )


def survey_points(criterion: Criterion, answers: Mapping[str, tuple[int, int]]) -> Computed:
    """Score a survey criterion from (respondents, satisfied) per question: the satisfied share × maximum."""
    asked = sum(answers.get(q, (0, 0))[0] for q in criterion.questions)
    satisfied = sum(answers.get(q, (0, 0))[1] for q in criterion.questions)
    shown = "; ".join(
        f"{q}: {format_number(answers[q][1])}/{format_number(answers[q][0])} phiếu hài lòng"
        for q in criterion.questions
        if q in answers
    )
    if asked == 0:
        listed = ", ".join(criterion.questions)
        return Computed(
            State.MISSING, Decimal(0), None, (), f"Chưa có kết quả điều tra cho câu hỏi {listed}: 0 điểm."
        )
    share = Decimal(satisfied) * _HUNDRED / Decimal(asked)
    points = _clip(criterion.max_points * Decimal(satisfied) / Decimal(asked), criterion)
    return Computed(
        State.SCORED,
        points,
        round_half_up(share, _POINT_DECIMALS),
        (),
        f"{shown}: {_show(share)}% hài lòng × {_show(criterion.max_points)} = {_show(points)} điểm.",
    )


def judgement_problem(
    criterion: Criterion, points: Decimal | None, *, has_evidence: bool, reason: str = ""
) -> str | None:
    """Why a self-scored (or appraised) judgement is refused, in Vietnamese, or None when it stands.

    `points` None means "không áp dụng"; it needs the set's leave and a reason.
    """
    label = f"Tiêu chí {criterion.code}"
    if points is None:
        if not criterion.may_not_apply:
            upto = _show(criterion.max_points)
            return f"{label}: bộ tiêu chí không cho phép «không áp dụng»; hãy chấm điểm từ 0 đến {upto}."
        if not reason.strip():
            return f"{label}: ghi lý do không áp dụng."
        return None
    if points < 0 or points > criterion.max_points:
        return f"{label}: {_show(points)} điểm, ngoài khoảng 0 đến {_show(criterion.max_points)} điểm."
    if round_half_up(points, _POINT_DECIMALS) != points:
        return f"{label}: điểm chỉ lấy đến {_POINT_DECIMALS} chữ số thập phân."
    if points > 0 and not has_evidence:
        return (
            f"{label}: {_show(points)} điểm cần tài liệu kiểm chứng ({criterion.evidence}); "
            "tải tệp lên hoặc chọn mục sổ theo dõi."
        )
    return None


# ------------------------------------------------------------------ totals and ranking


@dataclass(frozen=True)
class AreaTotal:
    """An area's points achieved and its maximum applicable to the unit."""

    code: str
    name: str
    points: Decimal
    max_applicable: Decimal

    @property
    def index(self) -> Decimal | None:
        """The area's index: points ÷ maximum applicable × 100, two decimals (None when nothing applies)."""
        return _index(self.points, self.max_applicable)


def _index(points: Decimal, maximum: Decimal) -> Decimal | None:
    if maximum == 0:
        return None
    return round_half_up(points * _HUNDRED / maximum, _POINT_DECIMALS)


@dataclass(frozen=True)
class Totals:
    """A unit's result: points achieved, maximum applicable, index, and the same per area."""

    points: Decimal
    max_applicable: Decimal
    areas: tuple[AreaTotal, ...]

    @property
    def index(self) -> Decimal:
        """Chỉ số: points achieved ÷ maximum applicable × 100, to two decimals."""
        return _index(self.points, self.max_applicable) or Decimal(0)

    def area(self, code: str) -> AreaTotal:
        """The total of one area."""
        return next(area for area in self.areas if area.code == code)


def totals(criteria_set: CriteriaSet, scores: Mapping[str, Decimal | None]) -> Totals:
    """Add up a unit's final points per criterion (None: does not apply; absent: 0 points)."""
    areas = []
    for area in criteria_set.areas:
        points = maximum = Decimal(0)
        for criterion in area.criteria:
            if criterion.code in scores and scores[criterion.code] is None:
                continue
            points += scores.get(criterion.code) or Decimal(0)
            maximum += criterion.max_points
        areas.append(AreaTotal(area.code, area.name, points, maximum))
    return Totals(
        sum((a.points for a in areas), Decimal(0)),
        sum((a.max_applicable for a in areas), Decimal(0)),
        tuple(areas),
    )


@dataclass(frozen=True)
class Ranked:
    """A unit's place: its rank (shared by ties), its band and its totals."""

    key: str
    rank: int
    band: str
    totals: Totals


def _band(criteria_set: CriteriaSet, index: Decimal) -> str:
    return next((band.name for band in criteria_set.bands if index >= band.min_index), "")


def rank(criteria_set: CriteriaSet, results: Sequence[tuple[str, Totals]]) -> list[Ranked]:
    """Rank units by index, highest first; ties broken by the set's «tie_break» areas (their index) in
    order; units still equal share a rank and the next rank skips (1, 2, 2, 4), in key order."""

    def order(item: tuple[str, Totals]) -> tuple[Decimal, ...]:
        _key, result = item
        broken = [result.area(code).index or Decimal(0) for code in criteria_set.tie_break]
        return (result.index, *broken)

    ordered = sorted(results, key=lambda item: item[0])
    ordered.sort(key=order, reverse=True)
    ranked: list[Ranked] = []
    for position, item in enumerate(ordered, start=1):
        same = ranked and order(item) == order(ordered[position - 2])
        place = ranked[-1].rank if same else position
        ranked.append(Ranked(item[0], place, _band(criteria_set, item[1].index), item[1]))
    return ranked
