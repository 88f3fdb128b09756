"""Hostile users against the PAR Index (/chi-so-cchc/…): other units' sheets and files, odd points and
texts, forged form fields, bombs disguised as survey files, and two pages saving the same sheet.

Every attack asserts what the server answers and that nothing was written.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cchc.web.par.models import Assessment, AssessmentEvent, ParRound, Score, ScoreChange, SurveyAnswer
from cchc.web.registers.models import PlanTask
from cchc.web.reporting.models import Status
from cchc.web.reports.models import UnitEvidence
from web.conftest import make_world
from web.par.sheet_world import YEAR, ParWorld, evidence_of, make_par_world, score_all


@pytest.fixture
def par(db: None) -> ParWorld:
    return make_par_world(make_world())


def other_url(par: ParWorld, tail: str = "") -> str:
    return f"/chi-so-cchc/{YEAR}/don-vi/{par.other_unit.code}/{tail}"


def nothing_written(par: ParWorld) -> bool:
    return not Score.objects.exists() and not ScoreChange.objects.exists() and par.fresh().version == 0


def save(par: ParWorld, data: dict[str, object], user: object = None) -> object:
    client = par.client(user or par.world.reporter_a)
    return client.post(par.url, {"version": par.fresh().version, **data})


def submitted(par: ParWorld) -> Assessment:
    score_all(par)
    client = par.client(par.world.reporter_a)
    client.post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"})
    assert par.fresh().status == Status.SUBMITTED
    return par.fresh()


# --- access -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["", "chuyen/", "tham-dinh/"])
def test_a_reporter_cannot_read_or_write_another_units_sheet_or_its_sub_pages(
    par: ParWorld, tail: str
) -> None:
    client = par.client(par.world.reporter_a)
    assert client.get(other_url(par, tail)).status_code == 404
    answer = client.post(other_url(par, tail), {"version": 0, "p-1.1": "0", "action": "submit"})
    assert answer.status_code == 404
    assert par.other.__class__.objects.get(pk=par.other.pk).status == Status.DRAFT
    assert not Score.objects.exists() and not AssessmentEvent.objects.exists()


def test_a_reporter_citing_another_units_evidence_file_or_register_item_is_refused(par: ParWorld) -> None:
    theirs = evidence_of(par.world, par.other_unit)
    task = PlanTask.objects.create(year=YEAR, title="Kế hoạch của Sở Y tế", unit=par.other_unit)
    by_file = save(par, {"p-1.1": "1", "e-1.1": str(theirs.pk)})
    by_item = save(par, {"p-1.1": "1", "r-1.1": f"ke-hoach:{task.pk}"})
    assert (by_file.status_code, by_item.status_code) == (422, 422)
    assert "không phải của đơn vị trong năm" in by_file.content.decode()
    assert "không phải của đơn vị" in by_item.content.decode()
    assert nothing_written(par)


def test_the_refused_page_never_lists_another_units_file_it_was_asked_to_cite(par: ParWorld) -> None:
    theirs = evidence_of(par.world, par.other_unit, "bi-mat-so-y-te.pdf")
    answer = save(par, {"p-1.1": "1", "e-1.1": str(theirs.pk)})
    assert "bi-mat-so-y-te.pdf" not in answer.content.decode()


def test_a_reporter_cannot_download_another_units_evidence_file(par: ParWorld) -> None:
    theirs = evidence_of(par.world, par.other_unit)
    client = par.client(par.world.reporter_a)
    own_unit_url = f"/bao-cao-don-vi/{theirs.period.code}/{par.world.unit_a.code}/tep/{theirs.pk}/"
    from django.urls import reverse

    for url in (
        reverse("unit-evidence-file", args=[theirs.period.code, par.other_unit.code, theirs.pk]),
        reverse("unit-evidence-file", args=[theirs.period.code, par.world.unit_a.code, theirs.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert own_unit_url  # the address shape is the view's; the reverse above is authoritative


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json"])
def test_a_reporter_cannot_download_the_provinces_ranking(par: ParWorld, fmt: str) -> None:
    answer = par.client(par.world.reporter_a).get(f"/chi-so-cchc/{YEAR}/ket-qua.{fmt}")
    assert answer.status_code == 403
    assert answer.get("Content-Disposition") is None


def test_a_viewer_may_download_the_ranking_but_not_the_survey_sample(par: ParWorld) -> None:
    viewer = par.client(par.world.viewer)
    assert viewer.get(f"/chi-so-cchc/{YEAR}/ket-qua.json").status_code == 200
    assert viewer.get(f"/chi-so-cchc/{YEAR}/dieu-tra/mau.xlsx").status_code == 403
    assert par.client(par.world.reporter_a).get(f"/chi-so-cchc/{YEAR}/dieu-tra/mau.xlsx").status_code == 403
    assert par.client(par.world.reporter_a).get(f"/chi-so-cchc/{YEAR}/dieu-tra/").status_code == 403


def test_a_viewer_cannot_appraise_move_open_close_or_publish(par: ParWorld) -> None:
    assessment = submitted(par)
    viewer = par.client(par.world.viewer)
    answers = [
        viewer.post(par.url + "tham-dinh/", {"version": assessment.version, "a-1.1": "0", "ar-1.1": "x"}),
        viewer.post(par.url + "chuyen/", {"action": "approve"}),
        viewer.post(par.url, {"version": assessment.version, "p-1.1": "0"}),
        viewer.post("/chi-so-cchc/mo/", {"nam": "2026", "han": "15/01/2027"}),
        viewer.post(f"/chi-so-cchc/{YEAR}/dong/", {}),
        viewer.post(f"/chi-so-cchc/{YEAR}/cong-bo/", {"quyet-dinh": "1/QĐ-UBND"}),
    ]
    assert [a.status_code for a in answers[:1]] == [403]
    assert answers[1].status_code in (302, 403)
    assert answers[2].status_code in (403, 422)
    assert [a.status_code for a in answers[3:]] == [403, 403, 403]
    fresh = par.fresh()
    assert (fresh.status, fresh.version) == (Status.SUBMITTED, assessment.version)
    assert not Score.objects.filter(appraised_by__isnull=False).exists()
    round_ = ParRound.objects.get(year=YEAR)
    assert (round_.is_open, round_.published_at) == (True, None)
    assert not ParRound.objects.filter(year=2026).exists()


def test_a_reviewer_cannot_appraise_a_draft(par: ParWorld) -> None:
    answer = par.client(par.world.reviewer).post(par.url + "tham-dinh/", {"version": 0, "a-1.1": "0"})
    assert answer.status_code == 422
    assert "Chỉ thẩm định bản tự đánh giá đơn vị đã gửi" in answer.content.decode()
    assert nothing_written(par)


def test_a_reporter_cannot_approve_their_own_sheet_or_appraise_it(par: ParWorld) -> None:
    assessment = submitted(par)
    client = par.client(par.world.reporter_a)
    client.post(par.url + "chuyen/", {"action": "approve"})
    appraised = client.post(par.url + "tham-dinh/", {"version": assessment.version, "a-1.1": "2"})
    assert appraised.status_code == 403
    assert par.fresh().status == Status.SUBMITTED
    assert not Score.objects.filter(appraised_by__isnull=False).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/chi-so-cchc/",
        f"/chi-so-cchc/{YEAR}/",
        f"/chi-so-cchc/{YEAR}/tu-danh-gia/",
        f"/chi-so-cchc/{YEAR}/don-vi/so-tu-phap/",
        f"/chi-so-cchc/{YEAR}/ket-qua.xlsx",
        f"/chi-so-cchc/{YEAR}/dieu-tra/mau.xlsx",
    ],
)
def test_anonymous_requests_are_sent_to_the_login_page(par: ParWorld, url: str) -> None:
    answer = par.client(None).get(url)
    assert answer.status_code == 302 and answer["Location"].startswith("/dang-nhap/")


def test_anonymous_posts_write_nothing(par: ParWorld) -> None:
    anonymous = par.client(None)
    for url, data in [
        (par.url, {"version": 0, "p-1.1": "0"}),
        (par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"}),
        (par.url + "tham-dinh/", {"version": 0, "a-1.1": "0"}),
        ("/chi-so-cchc/mo/", {"nam": "2026", "han": "15/01/2027"}),
        (f"/chi-so-cchc/{YEAR}/cong-bo/", {"quyet-dinh": "1"}),
    ]:
        assert anonymous.post(url, data).status_code == 302
    assert nothing_written(par) and not AssessmentEvent.objects.exists()


# --- input ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1e9", "NaN", "Infinity", "1,555", "0x1", "0,000000000001", "-1"])
def test_points_that_are_not_a_score_are_refused_naming_the_criterion(par: ParWorld, typed: str) -> None:
    plan = evidence_of(par.world, par.world.unit_a)
    answer = save(par, {"p-1.1": typed, "e-1.1": str(plan.pk)})
    assert answer.status_code == 422
    assert "Tiêu chí 1.1" in answer.content.decode()
    assert nothing_written(par)


@pytest.mark.parametrize("typed", ["-0", "−0"])
def test_minus_zero_is_kept_as_zero_points(par: ParWorld, typed: str) -> None:
    assert save(par, {"p-1.1": typed}).status_code == 302
    assert Score.objects.get(code="1.1").self_points == Decimal(0)
    assert "-0" not in ScoreChange.objects.get().new_text


@pytest.mark.parametrize("field", ["e-1.1", "r-1.1"])
@pytest.mark.parametrize("forged", ["²", "9" * 5000, "-3", "1 "])
def test_a_forged_file_or_register_id_is_refused_not_a_server_error(
    par: ParWorld, field: str, forged: str
) -> None:
    plan = evidence_of(par.world, par.world.unit_a)
    value = forged if field == "e-1.1" else f"ke-hoach:{forged}"
    answer = save(par, {"p-1.1": "1", field: value, **({"e-1.1": str(plan.pk)} if field == "r-1.1" else {})})
    if field == "e-1.1":
        # The forged id is dropped: 1 point without a file is refused for want of evidence.
        assert answer.status_code == 422
        assert "cần tài liệu kiểm chứng" in answer.content.decode()
    else:
        assert answer.status_code == 422
        assert "mục sổ theo dõi đã chọn không hợp lệ" in answer.content.decode()
    assert nothing_written(par)


@pytest.mark.parametrize("version", ["", "abc", "²", "9" * 5000])
def test_a_missing_or_garbage_version_is_refused_and_nothing_is_written(par: ParWorld, version: str) -> None:
    answer = par.client(par.world.reporter_a).post(par.url, {"version": version, "p-1.1": "0"})
    assert answer.status_code == 400
    assert "phiên bản" in answer.content.decode()
    assert nothing_written(par)


def test_a_version_from_nowhere_is_a_conflict_and_nothing_is_written(par: ParWorld) -> None:
    answer = par.client(par.world.reporter_a).post(par.url, {"version": "99999999999999999999", "p-1.1": "0"})
    assert answer.status_code == 422
    assert "vừa được người khác lưu" in answer.content.decode()
    assert nothing_written(par)


def test_a_year_written_in_other_digits_is_refused_not_a_server_error(par: ParWorld) -> None:
    answer = par.client(par.world.reviewer).post(
        "/chi-so-cchc/mo/", {"nam": "²⁰²⁶", "han": "15/01/2027"}, follow=True
    )
    assert answer.status_code == 200
    assert "Ghi năm bằng bốn chữ số" in answer.content.decode()
    assert ParRound.objects.count() == 1


def test_duplicate_fields_count_once_the_last_one_wins(par: ParWorld) -> None:
    version = par.fresh().version
    answer = par.client(par.world.reporter_a).post(
        par.url, {"version": [str(version), "41"], "p-1.1": ["2", "0"], "n-1.1": ["a", "b"]}
    )
    assert answer.status_code == 422  # the last version (41) is not the page's
    assert nothing_written(par)
    answer = par.client(par.world.reporter_a).post(
        par.url, {"version": ["41", str(version)], "p-1.1": ["2", "0"], "n-1.1": ["a", "b"]}
    )
    assert answer.status_code == 302
    score = Score.objects.get()
    assert (score.self_points, score.self_note) == (Decimal(0), "b")
    assert ScoreChange.objects.count() == 1


def test_a_note_longer_than_2000_characters_is_refused_naming_the_criterion(par: ParWorld) -> None:
    answer = save(par, {"p-1.1": "0", "n-1.1": "a" * 2001})
    assert answer.status_code == 422
    assert "Tiêu chí 1.1: giải trình dài quá 2.000 ký tự" in answer.content.decode()
    assert nothing_written(par)


def test_a_reason_longer_than_2000_characters_is_refused(par: ParWorld) -> None:
    assessment = submitted(par)
    answer = par.client(par.world.reviewer).post(
        par.url + "tham-dinh/", {"version": assessment.version, "a-1.1": "1", "ar-1.1": "a" * 2001}
    )
    assert answer.status_code == 422
    assert "lý do dài quá 2.000 ký tự" in answer.content.decode()
    assert not Score.objects.filter(appraised_by__isnull=False).exists()


@pytest.mark.parametrize("field", ["n-1.1", "version", "p-1.1"])
def test_control_characters_in_a_field_are_refused_naming_the_field(par: ParWorld, field: str) -> None:
    data = {"version": "0", "p-1.1": "0", "n-1.1": "giải trình", field: "0\x1b[31m\x07"}
    answer = par.client(par.world.reporter_a).post(par.url, data)
    assert answer.status_code == 400
    assert f"Trường «{field}» chứa ký tự điều khiển" in answer.content.decode()
    assert nothing_written(par)


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_notes_reasons_and_comments_is_shown_escaped(par: ParWorld) -> None:
    plan = evidence_of(par.world, par.world.unit_a)
    assert save(par, {"p-1.1": "1", "e-1.1": str(plan.pk), "n-1.1": SCRIPT}).status_code == 302
    assessment = submitted(par)
    reviewer = par.client(par.world.reviewer)
    appraised = reviewer.post(
        par.url + "tham-dinh/", {"version": assessment.version, "a-1.1": "1", "ar-1.1": SCRIPT}
    )
    assert appraised.status_code == 302
    reviewer.post(par.url + "chuyen/", {"action": "return", "comment": SCRIPT})
    assert par.fresh().status == Status.RETURNED
    pages = [
        par.client(par.world.reporter_a).get(par.url).content.decode(),
        reviewer.get(par.url).content.decode(),
        reviewer.get(f"/chi-so-cchc/{YEAR}/tu-danh-gia/?trang-thai={SCRIPT}").content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
    assert pages[0].count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3  # note, reason, comment


def test_html_in_an_evidence_file_name_is_shown_escaped(par: ParWorld) -> None:
    upload = SimpleUploadedFile("<img src=x onerror=alert(1)>.pdf", b"%PDF-1.4\n")
    answer = par.client(par.world.reporter_a).post(par.url, {"version": 0, "p-1.1": "1", "f-1.1": upload})
    assert answer.status_code == 302
    page = par.client(par.world.reporter_a).get(par.url).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page


def test_a_workflow_comment_longer_than_2000_characters_is_refused(par: ParWorld) -> None:
    score_all(par)
    answer = par.client(par.world.reporter_a).post(
        par.url + "chuyen/", {"action": "submit", "xac-nhan": "1", "comment": "a" * 50_000}, follow=True
    )
    assert "Ý kiến dài quá 2.000 ký tự" in answer.content.decode()
    assert par.fresh().status == Status.DRAFT
    assert not AssessmentEvent.objects.exists()


def test_an_unknown_workflow_action_is_refused_with_a_message(par: ParWorld) -> None:
    answer = par.client(par.world.reviewer).post(par.url + "chuyen/", {"action": "publish"}, follow=True)
    assert "Thao tác «publish» không hợp lệ." in answer.content.decode()
    assert not AssessmentEvent.objects.exists()


# --- files ------------------------------------------------------------------------------------------------

SURVEY = f"/chi-so-cchc/{YEAR}/dieu-tra/"
SURVEY_HEADER = "Mã đơn vị,Câu hỏi,Số phiếu,Số phiếu hài lòng\n"


def upload_survey(par: ParWorld, name: str, data: bytes) -> list[str]:
    answer = par.client(par.world.reviewer).post(
        SURVEY, {"file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert answer.status_code == 200
    return [str(message) for message in answer.context["messages"]]


def test_a_zip_bomb_disguised_as_a_survey_workbook_is_refused_unopened(par: ParWorld) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    assert len(bomb.getvalue()) < 1024 * 1024
    shown = upload_survey(par, "ket-qua-dieu-tra.xlsx", bomb.getvalue())
    assert shown[0] == "Chưa nhập được tệp «ket-qua-dieu-tra.xlsx» (không có dòng nào được ghi):"
    assert "vượt giới hạn" in shown[1]
    assert not SurveyAnswer.objects.exists()


def test_a_survey_csv_of_too_many_lines_or_bytes_is_refused_and_nothing_is_saved(par: ParWorld) -> None:
    lines = (SURVEY_HEADER + "so-tu-phap,KS1,10,5\n" * 20_000).encode()
    assert (
        upload_survey(par, "nhieu-dong.csv", lines)[1] == "Tệp có quá 10.000 dòng; hãy chia thành nhiều tệp."
    )
    heavy = (SURVEY_HEADER + "so-tu-phap,KS1,10,5," + "x" * (6 * 1024 * 1024) + "\n").encode()
    assert upload_survey(par, "nang.csv", heavy) == ["Tệp quá lớn; tối đa 5 MB."]
    assert not SurveyAnswer.objects.exists()


def test_a_survey_csv_with_formulas_and_html_as_unit_names_is_refused_and_shown_escaped(
    par: ParWorld,
) -> None:
    data = (SURVEY_HEADER + "=cmd|' /C calc'!A0,KS1,10,5\n" + "<b>x</b>,KS1,10,5\n").encode()
    answer = par.client(par.world.reviewer).post(
        SURVEY, {"file": SimpleUploadedFile("a.csv", data)}, follow=True
    )
    page = answer.content.decode()
    assert "Dòng 2, cột A (Mã đơn vị): không có đơn vị «=cmd|&#x27; /C calc&#x27;!A0»" in page
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert not SurveyAnswer.objects.exists()


FORMULA = '=HYPERLINK("http://x","Bấm")'


def test_the_excel_downloads_write_a_formula_like_unit_name_as_text(par: ParWorld) -> None:
    par.other_unit.name = FORMULA
    par.other_unit.save()
    reviewer = par.client(par.world.reviewer)
    for url in (f"/chi-so-cchc/{YEAR}/ket-qua.xlsx", f"/chi-so-cchc/{YEAR}/dieu-tra/mau.xlsx"):
        answer = reviewer.get(url)
        assert answer.status_code == 200, url
        workbook = load_workbook(io.BytesIO(answer.content))
        cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value == FORMULA]
        assert cells, url
        assert {c.data_type for c in cells} == {"s"}, url


@pytest.mark.parametrize(
    ("name", "data", "told"),
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "không phải tệp PDF thật"),
        ("ke-hoach.docx", b"%PDF-1.4\n", "không phải tệp DOCX thật"),
        ("ke-hoach.exe", b"MZ\x90\x00", "không nhận được"),
        ("ke-hoach.pdf.html", b"<script>alert(1)</script>", "không nhận được"),
    ],
)
def test_an_evidence_file_of_a_fake_type_is_refused_and_not_kept(
    par: ParWorld, name: str, data: bytes, told: str
) -> None:
    answer = par.client(par.world.reporter_a).post(
        par.url, {"version": 0, "p-1.1": "1", "f-1.1": SimpleUploadedFile(name, data)}
    )
    assert answer.status_code == 422
    assert told in answer.content.decode()
    assert not UnitEvidence.objects.exists()
    assert nothing_written(par)


# --- consistency ------------------------------------------------------------------------------------------


def test_two_browsers_saving_the_same_sheet_the_second_is_refused_and_keeps_what_it_typed(
    par: ParWorld,
) -> None:
    first, second = par.client(par.world.reporter_a), par.client(par.world.reporter_a)
    opened = par.fresh().version
    assert first.post(par.url, {"version": opened, "p-1.7": "0"}).status_code == 302
    late = second.post(par.url, {"version": opened, "p-1.7": "0,5", "n-1.7": "của trình duyệt thứ hai"})
    assert late.status_code == 422
    page = late.content.decode()
    assert "vừa được người khác lưu sau khi bạn mở trang" in page
    assert "của trình duyệt thứ hai" in page
    assert Score.objects.get(code="1.7").self_points == Decimal(0)
    assert ScoreChange.objects.count() == 1


def test_a_unit_saving_from_a_page_opened_before_the_approval_is_refused(par: ParWorld) -> None:
    score_all(par)
    opened = par.fresh().version
    unit = par.client(par.world.reporter_a)
    unit.post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"})
    par.client(par.world.reviewer).post(par.url + "chuyen/", {"action": "approve"})
    assert par.fresh().status == Status.APPROVED
    changes = ScoreChange.objects.count()
    late = unit.post(par.url, {"version": opened, "p-1.7": "1"})
    assert late.status_code in (403, 422)
    assert ScoreChange.objects.count() == changes
    assert Score.objects.get(code="1.7").self_points == Decimal(0)


def test_an_appraisal_from_a_page_opened_before_a_return_and_resend_is_refused(par: ParWorld) -> None:
    assessment = submitted(par)
    reviewer = par.client(par.world.reviewer)
    reviewer.post(par.url + "chuyen/", {"action": "return", "comment": "Bổ sung kế hoạch"})
    par.client(par.world.reporter_a).post(par.url + "chuyen/", {"action": "submit", "xac-nhan": "1"})
    assert par.fresh().status == Status.SUBMITTED
    late = reviewer.post(
        par.url + "tham-dinh/", {"version": assessment.version, "a-1.1": "0", "ar-1.1": "Thiếu"}
    )
    assert late.status_code == 422
    assert "vừa được người khác lưu" in late.content.decode()
    assert not Score.objects.filter(appraised_by__isnull=False).exists()


def published(par: ParWorld) -> ParRound:
    Assessment.objects.update(status=Status.APPROVED)
    reviewer = par.client(par.world.reviewer)
    reviewer.post(f"/chi-so-cchc/{YEAR}/cong-bo/", {"quyet-dinh": "512/QĐ-UBND"})
    round_ = ParRound.objects.get(year=YEAR)
    assert round_.published_at is not None
    return round_


def test_a_published_years_assessments_cannot_be_reopened(par: ParWorld) -> None:
    published(par)
    answer = par.client(par.world.reviewer).post(
        par.url + "chuyen/", {"action": "reopen", "comment": "Sửa sau công bố"}, follow=True
    )
    assert "đã công bố" in answer.content.decode()
    assert par.fresh().status == Status.APPROVED
    assert not AssessmentEvent.objects.exists()


def test_a_published_year_cannot_take_self_assessments_again(par: ParWorld) -> None:
    published(par)
    answer = par.client(par.world.reviewer).post(f"/chi-so-cchc/{YEAR}/dong/", {"mo-lai": "1"}, follow=True)
    assert "đã công bố" in answer.content.decode()
    assert ParRound.objects.get(year=YEAR).is_open is False


def test_a_reporter_sees_only_their_own_units_line_of_the_ranking(par: ParWorld) -> None:
    page = par.client(par.world.reporter_a).get(f"/chi-so-cchc/{YEAR}/").content.decode()
    assert par.world.unit_a.name in page
    assert par.other_unit.name not in page


def test_a_published_years_sheet_offers_no_workflow_step(par: ParWorld) -> None:
    published(par)
    page = par.client(par.world.reviewer).get(par.url).content.decode()
    assert 'value="reopen"' not in page


@pytest.mark.parametrize(
    "tail", ["", "don-vi/so-tu-phap/", "tu-danh-gia/", "ket-qua.json", "dieu-tra/", "dieu-tra/mau.xlsx"]
)
def test_a_year_beyond_any_integer_column_is_a_404(par: ParWorld, tail: str) -> None:
    assert par.client(par.world.reviewer).get(f"/chi-so-cchc/{'9' * 30}/{tail}").status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("tail", ["", "chuyen/", "tham-dinh/"])
def test_other_methods_on_a_sheet_are_refused(par: ParWorld, method: str, tail: str) -> None:
    assert getattr(par.client(par.world.reviewer), method)(par.url + tail).status_code == 405
    assert nothing_written(par)


def test_a_reporter_sees_neither_the_queue_nor_the_survey_import(par: ParWorld) -> None:
    client = par.client(par.world.reporter_a)
    assert client.get(f"/chi-so-cchc/{YEAR}/tu-danh-gia/").status_code == 403
    data = (SURVEY_HEADER + "so-tu-phap,KS1,10,10\n").encode()
    assert client.post(SURVEY, {"file": SimpleUploadedFile("a.csv", data)}).status_code == 403
    assert not SurveyAnswer.objects.exists()
