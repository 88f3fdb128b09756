"""`cchc report` from the database: the province report, one unit's report, and the values file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc import cli
from cchc.checker import check_file
from cchc.core.numbers import Cell
from cchc.web.reporting.services import save_values, submission_for
from cchc.web.reports.models import ReportText, UnitReport
from web.conftest import World
from web.reports.conftest import READY_TEXTS
from web.reports.test_unit_reports_read_again import sent_then_corrected

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test database is already migrated; the command's own setup must not touch it.
    monkeypatch.setattr(cli, "_migrate", lambda verbosity=1: None)


def _figures(world: World) -> None:
    submission = submission_for(world.unit_a, world.period, 3)
    save_values(submission, world.reporter_a, {"BM3-3.1.1": ("200", None), "BM3-3.1.2": ("190", None)})


def test_it_writes_the_province_report_from_the_database(world: World, tmp_path: Path) -> None:
    _figures(world)
    out = tmp_path / "bao-cao.docx"
    assert (
        cli.main(["report", "--period", "2023Q1", "--format", "docx", "--out", str(out), "--no-charts"]) == 0
    )
    result = check_file(out)
    assert result.values["BM3-3.1.1"] == Cell.of(200)
    assert str(result.values["BM3-3.1"].number) == "95.00"


def test_it_writes_one_units_report(world: World, tmp_path: Path) -> None:
    _figures(world)
    out = tmp_path / "so-tu-phap.json"
    code = cli.main(
        ["report", "--period", "2023Q1", "--unit", "so-tu-phap", "--format", "values", "--out", str(out)]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["issuer"] == ["UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP"]
    assert data["unit_name"] == "Sở Tư pháp"
    assert data["values"]["BM3-3.1"] == "95,00"


def test_an_unknown_period_or_unit_is_named(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.docx")
    assert cli.main(["report", "--period", "2030Q1", "--out", out]) == 2
    assert "Chưa có kỳ báo cáo 2030Q1" in capsys.readouterr().err
    assert cli.main(["report", "--period", "2023Q1", "--unit", "khong-co", "--out", out]) == 2
    assert "Không có đơn vị «khong-co» trong kỳ 2023Q1" in capsys.readouterr().err


def test_the_provincial_committee_chosen_as_unit_gives_the_province_report(
    world: World, tmp_path: Path
) -> None:
    _figures(world)
    out = tmp_path / "ubnd-tinh.json"
    code = cli.main(
        ["report", "--period", "2023Q1", "--unit", "ubnd-tinh", "--format", "values", "--out", str(out)]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unit_name"] == ""
    assert data["values"]["BM3-3.1.1"] == "200"


def test_it_says_what_the_periods_figures_still_contradict(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _figures(world)
    out = tmp_path / "bao-cao.docx"
    cli.main(["report", "--period", "2023Q1", "--out", str(out), "--no-charts"])
    # Nothing written yet: the two sections no figure speaks for, and the signer without a name.
    assert capsys.readouterr().err.splitlines() == [
        "Lưu ý: báo cáo còn 2 mục chưa soạn nội dung (in «[Chưa soạn nội dung mục này]»; soạn ở trang "
        "«Báo cáo CCHC của tỉnh» của kỳ):",
        "- Mục I.3. Về công tác tuyên truyền cải cách hành chính",
        "- Mục III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới",
        "Lưu ý: Chưa ghi họ tên người ký: khối chữ ký để trống dòng tên dưới «PHÓ CHỦ TỊCH». Ghi ở ô "
        "«Họ tên người ký».",
    ]
    ReportText.objects.create(period=world.period, texts=READY_TEXTS, signer_name="Nguyễn Văn Thi")
    cli.main(["report", "--period", "2023Q1", "--out", str(out), "--no-charts"])
    assert "Lưu ý" not in capsys.readouterr().err
    save_values(
        submission_for(world.province, world.period, 1), world.reviewer, {"BM1-4.1": ("3", "Quý I năm 2022")}
    )
    assert cli.main(["report", "--period", "2023Q1", "--out", str(out), "--no-charts"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Lưu ý: báo cáo còn 1 lỗi và 0 cảnh báo")
    assert "ghi chú nêu «Quý I năm 2022», không thuộc kỳ báo cáo (Quý I năm 2023); kiểm tra" in err


def test_it_reads_a_units_stale_report_again_before_listing_the_periods_findings(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = sent_then_corrected(world, tmp_path)  # the forms now agree with the report, read before
    ReportText.objects.create(period=world.period, texts=READY_TEXTS, signer_name="Nguyễn Văn Thi")
    assert cli.main(["report", "--period", "2023Q1", "--out", str(tmp_path / "bc.docx"), "--no-charts"]) == 0
    # Not «1 cảnh báo» for a report still to be read: the command read it, and it agrees now.
    assert "Lưu ý" not in capsys.readouterr().err
    assert UnitReport.objects.get(pk=report.pk).checked_figures != report.checked_figures
