"""A values file is checked like a form: bad figures and bad fields are refused, naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cchc.catalogues import default_catalogue
from cchc.documents.writer import ValuesFileError, load_values
from documents.writer.conftest import VALUES_FILE


def _data(**changes: Any) -> dict[str, Any]:
    data = json.loads(VALUES_FILE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _with_value(code: str, raw: object) -> dict[str, Any]:
    data = _data()
    data["values"][code] = raw
    return data


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("BM3-3.1.1", "45,700", "ghi 45,700: số đếm phải là số nguyên"),
        ("BM3-3.1.1", "45.700,5", "ghi 45.700,5: số đếm phải là số nguyên"),
        ("BM3-3.1.1", "-5", "ghi -5: số liệu không được âm"),
        ("BM3-3.1", "150", "ghi 150%: tỷ lệ không được vượt quá 100%"),
        ("BM7-2", "7", r"ghi 7: chỉ được ghi 0 \(Chưa có\), 1 \(2 cấp\) hoặc 2 \(3 cấp\)"),
        ("BM3-3.1", "94.92", "dấu chấm làm dấu thập phân"),
    ],
)
def test_a_figure_a_form_would_refuse_is_refused_naming_its_row(code: str, raw: str, message: str) -> None:
    with pytest.raises(ValuesFileError, match=f"Trường «values.{code}».*{message}"):
        load_values(_with_value(code, raw), default_catalogue())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"notes": ["BM3-1.3"]}, "Trường «notes» phải là một bảng"),
        ({"texts": "abc"}, "Trường «texts» phải là một bảng"),
        ({"settings": "abc"}, "Trường «settings» phải là một bảng"),
        ({"settings": {"recipients": "Bộ Nội vụ"}}, "Trường «settings.recipients» phải là danh sách"),
        ({"trend": ["abc"]}, "Trường «trend\\[0\\]» phải là một bảng"),
        ({"trend": {"period": "2023Q1"}}, "Trường «trend» phải là danh sách"),
        ({"values": ["BM1-1"]}, "Trường «values» phải là một bảng"),
    ],
)
def test_a_field_of_the_wrong_shape_is_named_in_vietnamese(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValuesFileError, match=message):
        load_values(_data(**change), default_catalogue())


def test_a_file_without_values_is_refused_rather_than_written_empty() -> None:
    data = _data()
    del data["values"]
    with pytest.raises(ValuesFileError, match="Thiếu trường «values»"):
        load_values(data, default_catalogue())
