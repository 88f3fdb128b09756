"""The province writes its paragraphs per section and the document settings; the report uses them."""

from __future__ import annotations

import io

import docx
import pytest

from cchc.web.reporting.services import ensure_period
from cchc.web.reports.models import ReportText
from web.conftest import World
from web.reports.conftest import confirmed_download

pytestmark = pytest.mark.django_db

EDIT = "/ky/2023Q1/bao-cao/"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "number": "125",
        "place": "Thanh Hóa",
        "date": "05/03/2023",
        "signer_mode": "TM-KT",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Thi",
        "recipients": "Bộ Nội vụ (để b/c)\nLưu: VT, THKH",
        "muc_chi_dao": "Đoạn thứ nhất về chỉ đạo.\nĐoạn thứ hai về chỉ đạo.",
        "muc_tuyen_truyen": "Công tác tuyên truyền được đẩy mạnh.",
        "muc_nhiem_vu": "1. Tiếp tục cải cách thủ tục hành chính.",
    }
    data.update(changes)
    return data


def test_saving_keeps_each_section_and_the_settings(world: World) -> None:
    response = world.client(world.reviewer).post(EDIT, _form())
    assert response.status_code == 302
    text = ReportText.objects.get(period=world.period)
    assert text.texts["chi_dao"] == "Đoạn thứ nhất về chỉ đạo.\nĐoạn thứ hai về chỉ đạo."
    assert text.number == "125" and text.signer_name == "Nguyễn Văn Thi"
    assert text.updated_by == world.reviewer


def test_the_downloaded_report_carries_the_texts_and_settings(world: World) -> None:
    world.client(world.reviewer).post(EDIT, _form())
    response = world.client(world.viewer).get("/ky/2023Q1/bao-cao/tai-ve.docx")
    document = docx.Document(io.BytesIO(response.content))
    body = [paragraph.text for paragraph in document.paragraphs]
    assert "Đoạn thứ nhất về chỉ đạo." in body and "Đoạn thứ hai về chỉ đạo." in body
    assert "1. Tiếp tục cải cách thủ tục hành chính./." in body  # the closing mark of the body
    header = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "Số: 125/BC-UBND" in header and "Thanh Hóa, ngày 05 tháng 3 năm 2023" in header
    signature = [p.text for cell in document.tables[1].rows[0].cells for p in cell.paragraphs]
    assert "- Lưu: VT, THKH." in signature and "Nguyễn Văn Thi" in signature


@pytest.mark.parametrize("typed", ["31/02/2023", "2023-03-05", "03/15/2023"])
def test_a_date_not_typed_as_day_month_year_is_refused_and_nothing_is_saved(world: World, typed: str) -> None:
    response = world.client(world.reviewer).post(EDIT, _form(date=typed))
    assert response.status_code == 200
    assert (
        "Ngày ban hành: ngày không hợp lệ; ghi dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 14/12/2026."
        in response.content.decode()
    )
    assert not ReportText.objects.filter(period=world.period).exists()


def test_the_issue_date_is_a_day_month_year_text_box_showing_the_saved_date(world: World) -> None:
    client = world.client(world.reviewer)
    client.post(EDIT, _form(date="5/3/2023"))
    assert ReportText.objects.get(period=world.period).date.isoformat() == "2023-03-05"
    page = " ".join(client.get(EDIT).content.decode().split())
    field = next(tag for tag in page.split("<input") if 'name="date"' in tag)
    assert 'type="text"' in field and 'value="05/03/2023"' in field and 'placeholder="dd/mm/yyyy"' in field


def test_the_page_shows_what_was_saved(world: World) -> None:
    client = world.client(world.reviewer)
    client.post(EDIT, _form())
    page = client.get(EDIT).content.decode()
    assert "Đoạn thứ hai về chỉ đạo." in page and 'value="125"' in page


def test_an_annual_report_has_its_assessment_and_the_tasks_last_year_set(world: World) -> None:
    ReportText.objects.create(
        period=ensure_period("2022Y"), texts={"nhiem_vu": "Rà soát thủ tục đất đai.\nSố hóa hồ sơ."}
    )
    ensure_period("2023Y")
    page = world.client(world.reviewer).get("/ky/2023Y/bao-cao/").content.decode()
    # The tasks Năm 2022 set for 2023 are shown for review, and the outline has the assessment (III) and IV.
    assert "Nhiệm vụ trọng tâm đã đề ra trong báo cáo năm 2022" in page
    assert "<p>Rà soát thủ tục đất đai.</p>" in page and "<p>Số hóa hồ sơ.</p>" in page
    assert "III.1. Đánh giá chung: ưu điểm" in page and "IV. Phương hướng, nhiệm vụ trọng tâm kỳ tới" in page
    quarter = world.client(world.reviewer).get(EDIT).content.decode()
    assert "Đánh giá chung" not in quarter and "III. Một số nhiệm vụ, giải pháp trọng tâm kỳ tới" in quarter
    answer = world.client(world.reviewer).post(
        "/ky/2023Y/bao-cao/",
        _form(
            muc_uu_diem="Cải cách thủ tục hành chính có chuyển biến.",
            muc_ton_tai="",
            muc_nguyen_nhan="",
            muc_nhiem_vu="",
        ),
    )
    assert answer.status_code == 302
    # Three sections left unwritten: downloaded through the confirmation that lists them.
    document = docx.Document(io.BytesIO(confirmed_download(world.client(world.viewer), "2023Y").content))
    body = [paragraph.text for paragraph in document.paragraphs]
    assessment = body.index("III. ĐÁNH GIÁ CHUNG")
    assert body[assessment + 1 : assessment + 3] == [
        "1. Ưu điểm",
        "Cải cách thủ tục hành chính có chuyển biến.",
    ]
    assert "2. Tồn tại, hạn chế" in body and "3. Nguyên nhân" in body
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM NĂM 2024" in body
    # No tasks written for next year: the placeholder marks them, as III.2 and III.3, with no address.
    placeholder = "[Chưa soạn nội dung mục này]"
    assert body[body.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM NĂM 2024") + 1] == placeholder
    assert body.count(placeholder) == 3
    assert not [line for line in body if line.startswith("III. MỘT SỐ NHIỆM VỤ")]
    # The quarter's report keeps its three parts.
    quarter_doc = docx.Document(io.BytesIO(confirmed_download(world.client(world.viewer), "2023Q1").content))
    quarter_body = [paragraph.text for paragraph in quarter_doc.paragraphs]
    assert "III. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM QUÝ II NĂM 2023" in quarter_body
    assert "III. ĐÁNH GIÁ CHUNG" not in quarter_body
