"""A unit's own report is read against the forms it entered, and the messages say so (not «phụ lục»)."""

from __future__ import annotations

from cchc.catalogues import default_catalogue
from cchc.core.aggregation import with_computed
from cchc.core.narrative import ENTERED_FORMS, check_narrative
from cchc.core.numbers import parse_cell
from cchc.core.validation import effective_values

ENTERED = {"BM3-3.1.1": "1.250", "BM3-3.1.2": "1.240"}  # 99,20 % on time


def _messages(sentence: str, against: str | None = None) -> list[str]:
    catalogue = default_catalogue()
    cells = with_computed(catalogue, {code: parse_cell(text)[0] for code, text in ENTERED.items()})
    effective = effective_values(catalogue, cells)
    passages = [(sentence, "đoạn 1")]
    if against is None:
        return [f.message for f in check_narrative(catalogue, passages, cells, effective)]
    return [f.message for f in check_narrative(catalogue, passages, cells, effective, against=against)]


def test_a_figure_of_a_units_narrative_is_said_to_disagree_with_its_entered_forms() -> None:
    assert _messages("Các sở, ngành tiếp nhận hồ sơ, giải quyết đúng hạn đạt 99,60%.", ENTERED_FORMS) == [
        "Thuyết minh ghi 99,60% cho tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn, "
        "nhưng biểu mẫu đơn vị đã nhập ghi 99,20%; hai nơi phải cùng một số."
    ]


def test_a_figure_the_forms_leave_blank_is_said_to_be_missing_from_the_entered_forms() -> None:
    assert _messages("Toàn tỉnh có 125 TTHC.", ENTERED_FORMS) == [
        "Thuyết minh nêu 125 cho tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương nhưng biểu mẫu "
        "đơn vị đã nhập để trống: điền số vào biểu mẫu đơn vị đã nhập hoặc bỏ số trong thuyết minh."
    ]


def test_a_provinces_report_is_still_read_against_its_appendix() -> None:
    (message,) = _messages("Các sở, ngành tiếp nhận hồ sơ, giải quyết đúng hạn đạt 99,60%.")
    assert message.endswith("nhưng phụ lục ghi 99,20%; hai nơi phải cùng một số.")
