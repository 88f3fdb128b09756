"""Importing survey results: a bad file is refused line by line with nothing saved, a good one changes
the survey criteria's points and replaces only what it holds; headers and units are matched loosely;
only Sở Nội vụ imports; the sample file lists each unit's questions."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cchc.web.par.models import SurveyAnswer, SurveyImport
from cchc.web.par.scoring import sheet
from web.conftest import World
from web.par.par_results_data import ParWorld, make_par_world

pytestmark = pytest.mark.django_db

URL = "/chi-so-cchc/2025/dieu-tra/"


@pytest.fixture
def par(world: World) -> ParWorld:
    return make_par_world(world)


def _xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet_ = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet_.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def _upload(client: Client, name: str, data: bytes) -> list[str]:
    response = client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


HEADER = ["Mã đơn vị", "Câu hỏi", "Số phiếu", "Số phiếu hài lòng"]


def test_a_file_with_bad_lines_is_refused_naming_row_and_column_and_nothing_is_saved(par: ParWorld) -> None:
    data = (
        "Mã đơn vị,Câu hỏi,Số phiếu,Số phiếu hài lòng\n"
        "so-tu-phap,KS1,100,90\n"
        "so-khong-co,KS1,100,90\n"
        "so-tai-chinh,KS2,120,130\n"
        "so-xay-dung,KS9,50,40\n"
        "so-y-te,KS3,12.5,10\n"
    ).encode()
    shown = _upload(par.world.client(par.world.reviewer), "ket-qua.csv", data)
    assert shown[0] == "Chưa nhập được tệp «ket-qua.csv» (không có dòng nào được ghi):"
    assert shown[1:] == [
        "Dòng 3, cột A (Mã đơn vị): không có đơn vị «so-khong-co» trong Chỉ số CCHC năm 2025; "
        "hãy ghi mã đơn vị như trong tệp mẫu.",
        "Dòng 4, cột D (Số phiếu hài lòng): 130 phiếu hài lòng, nhiều hơn số phiếu (120).",
        "Dòng 5, cột B (Câu hỏi): câu hỏi «KS9» không có trong bộ tiêu chí của Sở Xây dựng "
        "(các câu hỏi: KS1, KS2, KS3, KS4, KS5).",
        "Dòng 6, cột C (Số phiếu): «12.5» không phải số nguyên không âm.",
    ]
    assert SurveyAnswer.objects.count() == 0
    assert SurveyImport.objects.count() == 0


def test_a_good_file_changes_the_units_survey_criterion_points(par: ParWorld) -> None:
    assessment = par.assessment(par.world.unit_a)
    assert sheet(assessment).line("8.1").final_points == Decimal(0)
    data = _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90], ["so-tu-phap", "KS2", 100, 80]])
    shown = _upload(par.world.client(par.world.reviewer), "dieu-tra.xlsx", data)
    assert shown == ["Đã nhập tệp «dieu-tra.xlsx»: 2 dòng của 1 đơn vị."]
    # (90 + 80) ÷ (100 + 100) × 5 points.
    assert sheet(assessment).line("8.1").final_points == Decimal("4.25")
    record = SurveyImport.objects.get()
    assert (record.rows, record.imported_by, record.round) == (2, par.world.reviewer, par.round)
    assert set(SurveyAnswer.objects.values_list("source", flat=True)) == {record.pk}


def test_a_later_file_replaces_only_the_units_and_questions_it_holds(par: ParWorld) -> None:
    client = par.world.client(par.world.reviewer)
    _upload(
        client, "lan-1.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90], ["so-tu-phap", "KS2", 100, 80]])
    )
    _upload(client, "lan-2.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 200, 200]]))
    answers = dict(SurveyAnswer.objects.filter(unit=par.world.unit_a).values_list("question", "respondents"))
    assert answers == {"KS1": 200, "KS2": 100}
    # (200 + 80) ÷ (200 + 100) × 5 = 4,67 points.
    assert sheet(par.assessment(par.world.unit_a)).line("8.1").final_points == Decimal("4.67")


def test_headers_are_matched_without_case_or_accents_and_a_unit_by_its_name(par: ParWorld) -> None:
    data = _xlsx(
        [
            ["Kết quả khảo sát năm 2025"],
            ["STT", "TEN DON VI", "cau hoi", "Tổng số phiếu", "Hài lòng"],
            [1, "ubnd xã hoằng hóa", "ks5", "1.200", 1000],
        ]
    )
    shown = _upload(par.world.client(par.world.reviewer), "khao-sat.xlsx", data)
    assert shown == ["Đã nhập tệp «khao-sat.xlsx»: 1 dòng của 1 đơn vị."]
    answer = SurveyAnswer.objects.get()
    assert (answer.unit, answer.question, answer.respondents, answer.satisfied) == (
        par.xa_hoang_hoa,
        "KS5",
        1200,
        1000,
    )


def test_a_file_without_the_needed_columns_names_them(par: ParWorld) -> None:
    shown = _upload(par.world.client(par.world.reviewer), "sai.csv", "Đơn vị;Điểm\nSở Tư pháp;9\n".encode())
    assert shown[1] == (
        "Không thấy cột «Câu hỏi», «Số phiếu», «Số phiếu hài lòng» ở dòng tiêu đề (dòng 1). "
        "Hãy dùng tệp mẫu hoặc đặt đúng tên cột."
    )


def test_an_old_excel_file_is_refused_with_the_fix(par: ParWorld) -> None:
    shown = _upload(
        par.world.client(par.world.reviewer), "cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    )
    assert "hãy lưu lại dạng .xlsx" in shown[1]
    assert SurveyAnswer.objects.count() == 0


def test_only_so_noi_vu_imports_survey_results(par: ParWorld) -> None:
    for user in (par.world.viewer, par.world.reporter_a):
        client = par.world.client(user)
        assert client.get(URL).status_code == 403
        data = _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90]])
        assert client.post(URL, {"file": SimpleUploadedFile("x.xlsx", data)}).status_code == 403
    assert SurveyAnswer.objects.count() == 0


def test_the_sample_file_lists_every_unit_with_its_sets_questions(par: ParWorld) -> None:
    client = par.world.client(par.world.reviewer)
    _upload(client, "lan-1.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90]]))
    response = client.get(URL + "mau.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    lines = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert lines[0] == ("Mã đơn vị", "Tên đơn vị", "Câu hỏi", "Số phiếu", "Số phiếu hài lòng")
    assert len(lines) == 1 + 6 * 5  # six units, five questions each
    assert ("so-tu-phap", "Sở Tư pháp", "KS1", 100, 90) in lines
    assert ("so-tu-phap", "Sở Tư pháp", "KS2", None, None) in lines
    # The file as downloaded imports back: its blank lines are left out.
    shown = _upload(client, "mau.xlsx", response.content)
    assert shown == ["Đã nhập tệp «mau.xlsx»: 1 dòng của 1 đơn vị. Bỏ qua 29 dòng chưa ghi số phiếu."]


def test_the_survey_page_lists_the_imports_and_the_questions(par: ParWorld) -> None:
    client = par.world.client(par.world.reviewer)
    _upload(client, "lan-1.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90]]))
    html = client.get(URL).content.decode()
    assert "lan-1.xlsx" in html
    assert "<strong>KS3</strong>" in html


def test_a_published_year_takes_no_more_survey_results(par: ParWorld) -> None:
    par.round.published_at = timezone.now()
    par.round.save()
    shown = _upload(
        par.world.client(par.world.reviewer), "muon.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 9, 9]])
    )
    assert shown[1] == "Chỉ số CCHC năm 2025 đã công bố; không nhập thêm kết quả điều tra."
    assert SurveyAnswer.objects.count() == 0


def test_the_survey_page_lists_the_units_still_without_results(par: ParWorld) -> None:
    client = par.world.client(par.world.reviewer)
    _upload(client, "lan-1.xlsx", _xlsx([HEADER, ["so-tu-phap", "KS1", 100, 90]]))
    missing = client.get(URL).context["missing"]
    assert [unit.code for unit in missing] == [
        "so-tai-chinh",
        "so-xay-dung",
        "so-y-te",
        "xa-hoang-hoa",
        "phuong-hac-thanh",
    ]


def test_a_published_years_survey_page_offers_no_upload(par: ParWorld) -> None:
    par.round.published_at = timezone.now()
    par.round.save()
    html = par.world.client(par.world.reviewer).get(URL).content.decode()
    assert "đã công bố: không nhập thêm tệp kết quả điều tra" in html
    assert 'type="file"' not in html
