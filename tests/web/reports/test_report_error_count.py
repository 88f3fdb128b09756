"""The province report's «còn N lỗi» is the report's own: what `cchc check` finds in the file downloaded;
the contradictions inside a unit's own Word report are named apart and not asked about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc import cli
from cchc.checker import check_file
from cchc.web.reports.models import ReportText
from web.conftest import World
from web.reports.conftest import READY_TEXTS, confirmed_download
from web.reports.test_unit_reports import enter, send, the_report

pytestmark = pytest.mark.django_db

UNIT_LINE = (
    "Báo cáo Word của 1 đơn vị còn mâu thuẫn với biểu mẫu của đơn vị (không có trong báo cáo của tỉnh)."
)


def page_text(world: World, path: str) -> str:
    return " ".join(world.client(world.reviewer).get(path).content.decode().split())


def test_the_pages_count_the_errors_the_downloaded_report_carries_and_name_the_units_apart(
    world: World, tmp_path: Path
) -> None:
    # Sở Tư pháp's forms say 1.240 on time, its own Word report 1.245: contradictions in its report only.
    enter(world, on_time="1.240")
    send(world, the_report(tmp_path))
    findings = page_text(world, "/ky/2023Q1/kiem-tra/")
    unit_errors = findings.count("Báo cáo Word của đơn vị: ")
    assert unit_errors >= 2
    # The province writes one figure the appendix contradicts (BM1 1 is 5): the report's one error.
    ReportText.objects.create(
        period=world.period,
        texts={**READY_TEXTS, "chi_dao": "Trong quý, UBND tỉnh đã ban hành 15 văn bản chỉ đạo CCHC."},
        signer_name="Nguyễn Văn Thi",
    )
    downloaded = tmp_path / "bao-cao-cchc-2023Q1.docx"
    downloaded.write_bytes(confirmed_download(world.client(world.reviewer), "2023Q1").content)
    checked = check_file(downloaded)
    assert checked.errors == 1
    assert [f.rule for f in checked.findings if f.severity.value == "error"] == ["narrative-vs-table"]
    for path in ("/ky/2023Q1/", "/ky/2023Q1/bao-cao/"):
        html = page_text(world, path)
        assert "Báo cáo còn 1 lỗi: bản tải về sẽ mang theo các mâu thuẫn đó." in html
        assert UNIT_LINE in html
        assert 'href="/ky/2023Q1/kiem-tra/?muc-do=error">Xem lỗi của từng đơn vị</a>' in html
    confirmation = page_text(world, "/ky/2023Q1/bao-cao/xac-nhan/docx/")
    assert "Báo cáo Quý I năm 2023 còn 1 lỗi số liệu" in confirmation
    assert re.search(r'name="so-loi" value="(\d+)"', confirmation).group(1) == "1"  # type: ignore[union-attr]
    listed = re.search(r'<ol class="confirm-errors">(.*?)</ol>', confirmation).group(1)  # type: ignore[union-attr]
    assert listed.count("<li>") == 1 and "Thuyết minh ghi 15 văn bản" in listed
    assert "Báo cáo Word của đơn vị" not in listed
    assert UNIT_LINE in confirmation
    # The findings page keeps listing everything: the unit's contradictions and the report's error.
    assert findings.count("Báo cáo Word của đơn vị: ") == unit_errors
    assert "Thuyết minh ghi 15 văn bản" in page_text(world, "/ky/2023Q1/kiem-tra/")


def test_with_only_a_units_report_contradicting_its_forms_the_report_downloads_without_a_question(
    world: World, tmp_path: Path
) -> None:
    enter(world, on_time="1.240")
    send(world, the_report(tmp_path))
    ReportText.objects.create(period=world.period, texts=READY_TEXTS, signer_name="Nguyễn Văn Thi")
    response = world.client(world.reviewer).get("/ky/2023Q1/bao-cao/tai-ve.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    downloaded = tmp_path / "bao-cao.docx"
    downloaded.write_bytes(response.content)
    assert check_file(downloaded).errors == 0
    html = page_text(world, "/ky/2023Q1/")
    assert "report-problems" not in html and UNIT_LINE in html


def test_cchc_report_says_the_same_and_names_the_units_apart(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_migrate", lambda verbosity=1: None)  # the test database is migrated
    enter(world, on_time="1.240")
    send(world, the_report(tmp_path))
    ReportText.objects.create(
        period=world.period,
        texts={**READY_TEXTS, "chi_dao": "Trong quý, UBND tỉnh đã ban hành 15 văn bản chỉ đạo CCHC."},
        signer_name="Nguyễn Văn Thi",
    )
    out = tmp_path / "bao-cao.docx"
    assert cli.main(["report", "--period", "2023Q1", "--out", str(out), "--no-charts"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Lưu ý: báo cáo còn 1 lỗi và 0 cảnh báo")
    assert err[-1] == (
        "Lưu ý: 1 đơn vị có báo cáo Word còn mâu thuẫn với biểu mẫu của đơn vị (không có trong báo cáo của "
        "tỉnh): Sở Tư pháp."
    )
    assert check_file(out).errors == 1


def test_the_excel_file_asks_only_about_the_figures_it_holds(world: World) -> None:
    """The Excel report is the seven forms: a wrong figure in a paragraph, an unwritten section or a signer
    without a name are the Word file's, and its download asks about none of them."""
    ReportText.objects.create(
        period=world.period,
        texts={"chi_dao": "Trong quý, UBND tỉnh đã ban hành 15 văn bản chỉ đạo CCHC."},  # BM1 1 is blank
    )
    client = world.client(world.reviewer)
    word = client.get("/ky/2023Q1/bao-cao/tai-ve.docx")
    assert word.status_code == 302 and "/xac-nhan/docx/" in word["Location"]
    excel = client.get("/ky/2023Q1/bao-cao/tai-ve.xlsx")
    assert excel.status_code == 200
    assert excel["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
