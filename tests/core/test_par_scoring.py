"""Scoring a PAR Index criterion from figures, steps, survey answers and judgement; totals; ranking."""

from __future__ import annotations

from decimal import Decimal

from cchc.catalogues import criteria_set_for
from cchc.core.catalogue import Level
from cchc.core.numbers import Cell, CellKind
from cchc.core.par import State, compute, judgement_problem, rank, survey_points, totals

SO = criteria_set_for(Level.SO, 2025)


def _cells(**values: str) -> dict[str, Cell]:
    cells = {}
    for code, text in values.items():
        code = code.replace("_", ".").replace("BM3.", "BM3-").replace("BM1.", "BM1-").replace("BM6.", "BM6-")
        cells[code] = Cell(CellKind.DASH, None, "-") if text == "-" else Cell.of(Decimal(text))
    return cells


def test_the_on_time_rate_is_scaled_to_its_points_with_the_figures_shown() -> None:
    cells = _cells(BM3_3_1_2="12937", BM3_3_1_1="13171")
    result = compute(SO.criteria["3.1"], cells.get)
    assert result.state is State.SCORED
    assert result.points == Decimal("5.89")  # 6 × 12 937 ÷ 13 171 = 5,8934…
    assert result.explanation == (
        "Biểu mẫu 3, mục 3.1.2 = 12.937; Biểu mẫu 3, mục 3.1.1 = 13.171: 6 × 12.937 ÷ 13.171 = 5,89 điểm."
    )
    assert [code for code, _ in result.inputs] == ["BM3-3.1.2", "BM3-3.1.1"]


def test_a_coded_figure_is_shown_by_its_meaning() -> None:
    held = compute(SO.criteria["1.5"], _cells(BM1_6="1").get)  # Khảo sát sự hài lòng: 1 = Có
    assert held.points == Decimal(1)
    assert held.explanation.startswith("Biểu mẫu 1, mục 6 = Có: ")
    assert compute(SO.criteria["1.5"], _cells(BM1_6="0").get).explanation.startswith(
        "Biểu mẫu 1, mục 6 = Không: "
    )


def test_a_step_table_gives_the_points_of_the_highest_step_reached() -> None:
    criterion = SO.criteria["6.1"]  # giải ngân: ≥ 95 → 3, ≥ 80 → 2, ≥ 60 → 1
    assert compute(criterion, _cells(BM6_1_2="929978", BM6_1_1="1081370").get).points == Decimal(2)  # 86,00%
    assert compute(criterion, _cells(BM6_1_2="95", BM6_1_1="100").get).points == Decimal(3)
    assert compute(criterion, _cells(BM6_1_2="59.99", BM6_1_1="100").get).points == Decimal(0)
    # The rate is read as the form prints it, to two decimals half up: 59,995% is 60,00%.
    assert compute(criterion, _cells(BM6_1_2="59.995", BM6_1_1="100").get).points == Decimal(1)
    assert compute(criterion, _cells(BM6_1_2="599995", BM6_1_1="1000000").get).value == Decimal("60.00")


def test_a_zero_divisor_or_a_dash_makes_the_criterion_not_apply() -> None:
    none_received = compute(SO.criteria["3.2"], _cells(BM3_3_4_2="0", BM3_3_4_1="0").get)
    assert (none_received.state, none_received.points) == (State.NOT_APPLICABLE, None)
    no_plan = compute(SO.criteria["6.1"], _cells(BM6_1_2="-", BM6_1_1="-").get)
    assert no_plan.state is State.NOT_APPLICABLE
    assert "không phát sinh" in no_plan.explanation


def test_a_figure_not_entered_scores_zero_and_says_which() -> None:
    result = compute(SO.criteria["3.1"], _cells(BM3_3_1_2="10").get)
    assert (result.state, result.points) == (State.MISSING, Decimal(0))
    assert result.explanation == "Chưa có số liệu Biểu mẫu 3, mục 3.1.1: 0 điểm cho đến khi nhập."


def test_survey_points_are_the_satisfied_share_of_the_maximum() -> None:
    criterion = SO.criteria["8.2"]  # 5,5 points over KS3 and KS4
    result = survey_points(criterion, {"KS3": (100, 90), "KS4": (60, 57), "KS1": (10, 0)})
    assert result.points == Decimal("5.05")  # 5,5 × 147 ÷ 160 = 5,053…
    assert result.value == Decimal("91.88")
    assert survey_points(criterion, {}).state is State.MISSING


def test_judgement_points_need_evidence_and_stay_within_the_maximum() -> None:
    criterion = SO.criteria["1.1"]  # 1,5 points, evidence: the plan
    assert judgement_problem(criterion, Decimal("1.5"), has_evidence=True) is None
    assert judgement_problem(criterion, Decimal(0), has_evidence=False) is None
    assert judgement_problem(criterion, Decimal("1.5"), has_evidence=False) == (
        "Tiêu chí 1.1: 1,50 điểm cần tài liệu kiểm chứng (Kế hoạch CCHC năm (số, ngày ban hành)); "
        "tải tệp lên hoặc chọn mục sổ theo dõi."
    )
    assert judgement_problem(criterion, Decimal(2), has_evidence=True) == (
        "Tiêu chí 1.1: 2,00 điểm, ngoài khoảng 0 đến 1,50 điểm."
    )
    assert "không cho phép «không áp dụng»" in (judgement_problem(criterion, None, has_evidence=True) or "")
    optional = SO.criteria["4.4"]
    assert judgement_problem(optional, None, has_evidence=False) == "Tiêu chí 4.4: ghi lý do không áp dụng."
    assert judgement_problem(optional, None, has_evidence=False, reason="Không có") is None


def _full(**given: str | None) -> dict[str, Decimal | None]:
    scores: dict[str, Decimal | None] = {code: c.max_points for code, c in SO.criteria.items()}
    for code, points in given.items():
        scores[code.replace("_", ".")] = None if points is None else Decimal(points)
    return scores


def test_the_index_is_points_over_the_maximum_that_applies() -> None:
    result = totals(SO, _full(**{"6_1": None, "3_2": None, "3_1": "5.89"}))
    assert result.max_applicable == Decimal(95)  # 100 − 3 (6.1) − 2 (3.2)
    assert result.points == Decimal("94.89")
    assert result.index == Decimal("99.88")  # 94,89 ÷ 95 × 100 = 99,884…
    assert result.area("6").max_applicable == Decimal(4)
    assert result.area("3").points == Decimal("12.39")  # 5,89 + 2,5 + 2 + 2 of 12,5


def test_units_with_equal_indexes_share_a_rank_after_the_tie_break() -> None:
    a = totals(SO, _full(**{"1_1": "0.5"}))  # 99,00, area 3 full
    b = totals(SO, _full(**{"3_3": "1.5"}))  # 99,00, area 3 lower: ranks after a
    c = totals(SO, _full(**{"1_7": "0"}))  # 99,00, area 3 full: same as a
    d = totals(SO, _full(**{"5_1": "0"}))  # 96,00
    ranked = rank(SO, [("d", d), ("c", c), ("b", b), ("a", a)])
    assert [(r.key, r.rank, r.totals.index) for r in ranked] == [
        ("a", 1, Decimal("99.00")),
        ("c", 1, Decimal("99.00")),
        ("b", 3, Decimal("99.00")),
        ("d", 4, Decimal("96.00")),
    ]
    assert [r.band for r in ranked] == ["Nhóm A"] * 4


def test_bands_follow_the_index() -> None:
    low = totals(SO, _full(**{"5_1": "0", "5_2": "0", "5_3": "0", "5_4": "0", "5_5": "0", "7_5": "2.99"}))
    lower = totals(
        SO,
        _full(
            **{
                "5_1": "0",
                "5_2": "0",
                "5_3": "0",
                "5_4": "0",
                "5_5": "0",
                "7_4": "0",
                "7_5": "0",
                "6_2": "1.99",
                "6_3": "1",
            }
        ),
    )
    assert (low.index, lower.index) == (Decimal("83.99"), Decimal("76.99"))
    assert [r.band for r in rank(SO, [("x", low), ("y", lower)])] == ["Nhóm B", "Nhóm C"]
