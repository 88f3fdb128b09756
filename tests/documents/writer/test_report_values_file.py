"""The values file: what `cchc report --values` reads and `--format values` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cchc.catalogues import default_catalogue
from cchc.core.catalogue import Catalogue
from cchc.documents.writer import ReportData, ValuesFileError, dump_values, load_values, read_values_file
from documents.writer.conftest import VALUES_FILE


def _data() -> dict[str, Any]:
    return json.loads(VALUES_FILE.read_text(encoding="utf-8"))


def test_writing_and_reading_a_values_file_keeps_everything(report: ReportData, catalogue: Catalogue) -> None:
    again = load_values(json.loads(json.dumps(dump_values(report))), catalogue)
    assert again == report


def test_values_are_read_the_vietnamese_way(report: ReportData) -> None:
    assert report.cell("BM3-3.3.1").number == 65995
    assert str(report.cell("BM3-3.1").number) == "94.92"
    assert report.cell("BM1-3.1").text == "-"
    assert report.settings.date is not None and report.settings.date.isoformat() == "2023-03-05"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "khác"}, "Trường «format»"),
        ({"period": "2023Q5"}, "Trường «period»"),
        ({"values": {"BM9-1": "1"}}, "mã dòng «BM9-1»"),
        ({"values": {"BM3-3.1": 94.92}}, "Trường «values.BM3-3.1»"),
        ({"values": {"BM3-3.1.1": "nhiều"}}, "«nhiều» không phải là số"),
        ({"texts": {"loi_mo_dau": "x"}}, "mục «loi_mo_dau»"),
        ({"settings": {"date": "05/03/2023"}}, "Trường «settings.date»"),
        ({"settings": {"signer_mode": "XX"}}, "Trường «settings.signer_mode»"),
    ],
)
def test_a_bad_field_is_named_in_vietnamese(change: dict[str, Any], message: str) -> None:
    data = _data()
    data.update(change)
    with pytest.raises(ValuesFileError, match=message):
        load_values(data, default_catalogue())


def test_a_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "so-lieu.json"
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(ValuesFileError, match="không phải JSON hợp lệ \\(dòng 1"):
        read_values_file(path, default_catalogue())
